//! Adding a passkey: `POST /api/v1/passkeys` starts the browser's ceremony (its options, the
//! state kept here for five minutes, once); `POST /api/v1/passkeys/{id}` checks the browser's
//! answer and registers it (security.md 34–36).

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{MethodInfo, NewNamedMethod, PasskeyCredential, PasskeySetup};
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
        .routes(routes!(start_passkey))
        .routes(routes!(finish_passkey))
}

/// Starts registering a passkey: the options for the browser's prompt.
#[utoipa::path(
    post, path = "/api/v1/passkeys", tag = "security info",
    request_body = NewNamedMethod,
    responses(
        (status = 200, description = "Pass these to navigator.credentials.create", body = PasskeySetup),
        (status = 403, description = "Sign in or verify again first", body = ApiError),
        (status = 422, description = "Name refused, or five passkeys already", body = ApiError),
    )
)]
pub async fn start_passkey(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Json(request): Json<NewNamedMethod>,
) -> Result<Json<PasskeySetup>, AppError> {
    let cx = state.context(&client);
    let session = session_of(&signed_in);
    let started =
        enrollment::start_passkey(&state.store, &state.webauthn, &cx, session, &request.name);
    Ok(Json(started.await?))
}

/// Checks the browser's new credential and registers it.
#[utoipa::path(
    post, path = "/api/v1/passkeys/{id}", tag = "security info",
    params(("id" = String, Path, description = "The passkey being added")),
    request_body = PasskeyCredential,
    responses(
        (status = 200, description = "Registered", body = MethodInfo),
        (status = 404, description = "No such passkey being added in this session", body = ApiError),
        (status = 422, description = "Not accepted, expired, or registered already", body = ApiError),
    )
)]
pub async fn finish_passkey(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
    Path(id): Path<String>,
    Json(answer): Json<PasskeyCredential>,
) -> Result<(CookieJar, Json<MethodInfo>), AppError> {
    let cx = state.context(&client);
    let (renewed_hash, renewed) = renewed_session(&state.config);
    let (store, webauthn, answer) = (&state.store, &state.webauthn, &answer.credential);
    let session = session_of(&signed_in);
    let method =
        enrollment::finish_passkey(store, webauthn, &cx, session, &id, answer, &renewed_hash);
    Ok((renewed, Json(method_info(&method.await?))))
}
