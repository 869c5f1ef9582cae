//! Adding an authenticator app: `POST /api/v1/authenticators` makes a seed and shows it (QR code
//! and key); `POST /api/v1/authenticators/{id}/code` registers the app once it shows a right
//! code (security.md 29–33).

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::types::{
    AuthenticatorSetup, Channel, CodeSubmission, MethodInfo, MethodKind, NewNamedMethod,
};
use latchkey_api::validation::normalise_code;
use latchkey_api::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::challenges::refuse;
use super::error::AppError;
use super::json::Json;
use super::named_methods::{begin, keep_pending, own_pending, register};
use crate::origin::Origin;
use crate::security_info::codes::{LIFETIME, MAX_FAILURES};
use crate::security_info::totp;
use crate::state::AppState;
use crate::store::NewHeldMethod;

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
    let now = state.clock.now();
    let kind = MethodKind::AuthenticatorApp;
    let name = begin(&state, &signed_in, &client, kind, &request.name).await?;
    let seed = totp::new_seed();
    let key = totp::base32(&seed);
    let issuer = state.config.organisation_name.clone();
    let account = signed_in.user.email.clone();
    let uri = totp::otpauth_uri(&issuer, &account, &key);
    let sealed = state.sealing_key.seal(&signed_in.user.id, &seed);
    let id = keep_pending(&state, &signed_in, kind, name, sealed, now + LIFETIME).await?;
    Ok(Json(AuthenticatorSetup {
        id,
        key: totp::grouped(&key),
        qr_svg: totp::qr_svg(&uri),
        uri,
        account,
        issuer,
        expires_in_seconds: LIFETIME as u32,
    }))
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
    let now = state.clock.now();
    let problem = |p| refuse("code", "code", p);
    let pending = own_pending(&state, &signed_in, &id, MethodKind::AuthenticatorApp).await?;
    let typed = normalise_code(&submission.code);
    if typed.is_empty() {
        return Err(problem(Problem::Required));
    }
    if pending.failures >= MAX_FAILURES {
        return Err(problem(Problem::TooManyTries));
    }
    if now >= pending.expires_at {
        return Err(problem(Problem::CodeExpired));
    }
    let seed = state
        .sealing_key
        .open(&signed_in.user.id, &pending.state)
        .ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!("a pending app's key cannot be opened"))
        })?;
    let Some(step) = totp::accepted_step(&seed, &typed, now, None) else {
        let failures = state
            .store
            .autocommit()
            .await?
            .pending_method_failed(&id)
            .await?;
        return Err(problem(if failures >= MAX_FAILURES {
            Problem::TooManyTries
        } else {
            Problem::WrongCode
        }));
    };
    if !state
        .store
        .autocommit()
        .await?
        .take_pending_method(&id)
        .await?
    {
        return Err(problem(Problem::CodeUsed));
    }
    let method = NewHeldMethod {
        user_id: &signed_in.user.id,
        kind: MethodKind::AuthenticatorApp,
        name: &pending.name,
        sealed_seed: Some(&pending.state),
        passkey: None,
        credential_id: None,
        // The code just typed is spent: it cannot verify again.
        last_step: Some(step),
    };
    register(&state, &signed_in, &client, method, Channel::App).await
}
