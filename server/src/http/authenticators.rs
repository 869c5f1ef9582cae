//! Adding an authenticator app: `POST /api/v1/authenticators` makes a seed and shows it (QR code
//! and key); `POST /api/v1/authenticators/{id}/code` registers the app once it shows a right
//! code (security.md 29–33).

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{AuthenticatorSetup, CodeSubmission, MethodInfo, NewNamedMethod};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::error::AppError;
use super::json::Json;
use super::security_info::method_info;
use super::step_up::{renewed_session, session_of};
use crate::enrollment;
use crate::origin::Origin;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_authenticator))
        .routes(routes!(confirm_authenticator))
}

/// Makes a new seed for an app and shows it; nothing is registered until a code proves it.
#[utoipa::path(
    post, path = "/api/v1/authenticators", tag = "security info",
    request_body = NewNamedMethod,
    responses(
        (status = 200, description = "Scan or type this into the app", body = AuthenticatorSetup),
        (status = 403, description = "Sign in or verify again first", body = ApiError),
        (status = 422, description = "Name refused, or five apps already", body = ApiError),
    )
)]
pub async fn start_authenticator(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Json(request): Json<NewNamedMethod>,
) -> Result<Json<AuthenticatorSetup>, AppError> {
    let cx = state.context(&client);
    let session = session_of(&signed_in);
    let started = enrollment::start_app(
        &state.store,
        &state.sealing_key,
        &cx,
        session,
        &request.name,
    );
    Ok(Json(started.await?))
}

/// Registers the app if the code is one it shows now (or showed a moment ago).
#[utoipa::path(
    post, path = "/api/v1/authenticators/{id}/code", tag = "security info",
    params(("id" = String, Path, description = "The app being added")),
    request_body = CodeSubmission,
    responses(
        (status = 200, description = "Registered", body = MethodInfo),
        (status = 404, description = "No such app being added in this session", body = ApiError),
        (status = 422, description = "Wrong or expired code, or too many tries", body = ApiError),
    )
)]
pub async fn confirm_authenticator(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Path(id): Path<String>,
    Json(submission): Json<CodeSubmission>,
) -> Result<(CookieJar, Json<MethodInfo>), AppError> {
    let cx = state.context(&client);
    let (renewed_hash, renewed) = renewed_session(&state.config);
    let (store, key, typed) = (&state.store, &state.sealing_key, &submission.code);
    let session = session_of(&signed_in);
    let method = enrollment::confirm_app(store, key, &cx, session, &id, typed, &renewed_hash);
    Ok((renewed, Json(method_info(&method.await?))))
}
