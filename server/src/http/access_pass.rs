//! Signing in with a Temporary Access Pass: `POST /api/v1/session/access-pass` (security.md 50).
//! The pass is checked like a password — the same wait after failures, the same answer for a
//! wrong, used or expired pass as for a wrong password — and the session it opens is verified,
//! reaches security info only, and ends when the pass expires.

use axum::extract::State;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::{Me, SignInRequest};
use latchkey_api::validation::validate_sign_in;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::account::me_of;
use super::error::AppError;
use super::json::Json;
use super::session::{Typed, prove, start_session};
use crate::access_pass;
use crate::directory::standing::Purpose;
use crate::origin::Origin;
use crate::state::AppState;
use crate::store::{AuditEntry, User};
use crate::telemetry::metrics;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sign_in_with_access_pass))
}

/// Refuses the pass of `user` when the staff member who made it no longer has an IT support
/// role (as the directory has it now): one made by someone who has since left, or been moved,
/// does not sign anyone in; the person's audit trail says so, and the answer is a wrong pass's.
async fn refuse_if_issuer_left(
    state: &AppState,
    client: &Origin,
    user: &User,
) -> Result<(), AppError> {
    let store = &state.store;
    let Some(issuer_id) = store.access_pass_issuer(&user.id).await? else {
        return Ok(());
    };
    let now = state.clock.now();
    let issuer = match store.user(&issuer_id).await? {
        Some(issuer) => Some(
            state
                .directory
                .recheck(store, &issuer, now, Purpose::StaffAction)
                .await?,
        ),
        None => None,
    };
    let still_staff = issuer.as_ref().is_some_and(|issuer| {
        issuer.ended.is_none() && state.config.role_of(&issuer.user).is_some()
    });
    if still_staff {
        return Ok(());
    }
    let maker = issuer.map(|issuer| issuer.user.username);
    let cx = state.context(client);
    access_pass::refuse_as_maker_left(store, &cx, user, maker.as_deref()).await?;
    Err(AppError::InvalidCredentials)
}

/// Signs in with a username (or work email) and a Temporary Access Pass, given as the password
/// (with or without its dashes).
#[utoipa::path(
    post, path = "/api/v1/session/access-pass", tag = "session",
    request_body = SignInRequest,
    responses(
        (status = 200, description = "Signed in until the pass expires; the session cookie is set", body = Me),
        (status = 401, description = "Wrong username or pass (or a used or expired pass)", body = ApiError),
        (status = 422, description = "A field is missing or too long", body = ApiError),
    )
)]
pub async fn sign_in_with_access_pass(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
    Json(typed): Json<SignInRequest>,
) -> Result<(CookieJar, Json<Me>), AppError> {
    validate_sign_in(&typed).map_err(AppError::Validation)?;
    let pass = Typed::AccessPass(&typed.password);
    let proven = prove(&state, &client, &jar, &typed.username, pass).await?;
    let now = state.clock.now();
    let until = proven.access_pass_until;
    let user = state
        .directory
        .signed_in(&state.store, proven.found, now)
        .await?;
    refuse_if_issuer_left(&state, &client, &user).await?;
    let jar = start_session(&state, jar, &user, until).await?;
    let entry = AuditEntry {
        user_id: &user.id,
        action: "signed_in_with_access_pass",
        detail: "Signed in with a Temporary Access Pass",
        ip: &client.ip,
        user_agent: &client.user_agent,
    };
    state.store.autocommit().await?.audit(entry, now).await?;
    metrics::sign_in("access_pass");
    Ok((jar, Json(me_of(&state.config, user, until))))
}
