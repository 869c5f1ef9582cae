//! Adding a passkey: `POST /api/v1/passkeys` starts the browser's ceremony (its options, the
//! state kept here for five minutes, once); `POST /api/v1/passkeys/{id}` checks the browser's
//! answer and registers it (security.md 34–36).

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::types::{
    Channel, MethodInfo, MethodKind, NewNamedMethod, PasskeyCredential, PasskeySetup,
};
use latchkey_api::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::challenges::refuse;
use super::error::AppError;
use super::json::Json;
use super::named_methods::{begin, keep_pending, own_pending, register};
use crate::origin::Origin;
use crate::security_info::passkeys::{self, CEREMONY_LIFETIME};
use crate::state::AppState;
use crate::store::NewHeldMethod;

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
    let now = state.clock.now();
    let user = &signed_in.user;
    let name = begin(
        &state,
        &signed_in,
        &client,
        MethodKind::Passkey,
        &request.name,
    )
    .await?;
    let handle = state
        .store
        .passkey_user_id(&user.id, &passkeys::new_user_handle())
        .await?;
    let existing: Vec<_> = state
        .store
        .passkeys(&user.id)
        .await?
        .iter()
        .filter_map(|(_, record)| passkeys::passkey_of(record))
        .collect();
    let (options, kept) = passkeys::start_registration(
        &state.webauthn,
        &handle,
        &user.email,
        &user.display_name,
        &existing,
    )
    .map_err(|error| AppError::Internal(anyhow::anyhow!("passkey options: {error:?}")))?;
    let expires_at = now + CEREMONY_LIFETIME;
    let kind = MethodKind::Passkey;
    let id = keep_pending(&state, &signed_in, kind, name, kept, expires_at).await?;
    Ok(Json(PasskeySetup { id, options }))
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
    let now = state.clock.now();
    let problem = |p| refuse("passkey", "passkey", p);
    let pending = own_pending(&state, &signed_in, &id, MethodKind::Passkey).await?;
    // A ceremony is answered once, right or wrong.
    if !state
        .store
        .autocommit()
        .await?
        .take_pending_method(&id)
        .await?
    {
        return Err(problem(Problem::CodeUsed));
    }
    if now >= pending.expires_at {
        return Err(problem(Problem::CodeExpired));
    }
    let passkey =
        passkeys::finish_registration(&state.webauthn, &answer.credential, &pending.state)
            .map_err(|_| problem(Problem::PasskeyFailed))?;
    let credential_id = passkeys::accepted_credential_id(passkey.cred_id())
        .ok_or_else(|| problem(Problem::PasskeyFailed))?;
    if state.store.credential_exists(&credential_id).await? {
        return Err(problem(Problem::AlreadyRegistered));
    }
    let record = passkeys::stored(&passkey);
    let method = NewHeldMethod {
        user_id: &signed_in.user.id,
        kind: MethodKind::Passkey,
        name: &pending.name,
        sealed_seed: None,
        passkey: Some(&record),
        credential_id: Some(&credential_id),
        last_step: None,
    };
    register(&state, &signed_in, &client, method, Channel::Passkey).await
}
