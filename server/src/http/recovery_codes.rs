//! `POST /api/v1/recovery-codes`: a new set of ten recovery codes, shown this once; the old set
//! stops working and the person is told.

use axum::extract::State;
use latchkey_api::ApiError;
use latchkey_api::types::{Channel, MethodKind, RecoveryCodes};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{SignedIn, step_up};
use super::challenges::registered;
use super::error::AppError;
use super::json::Json;
use super::step_up::require_fresh;
use crate::origin::Origin;
use crate::security_info::changes;
use crate::security_info::messages::Change;
use crate::security_info::recovery::{self, SET_SIZE};
use crate::state::AppState;
use axum_extra::extract::CookieJar;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(new_recovery_codes))
}

/// Makes ten new codes, voiding any earlier set.
#[utoipa::path(
    post, path = "/api/v1/recovery-codes", tag = "security info",
    responses(
        (status = 200, description = "The new codes: show them once", body = RecoveryCodes),
        (status = 403, description = "Sign in or verify again first", body = ApiError),
    )
)]
pub async fn new_recovery_codes(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
) -> Result<(CookieJar, Json<RecoveryCodes>), AppError> {
    let now = state.clock.now();
    let user_id = &signed_in.user.id;
    let before = state.store.methods(user_id).await?;
    require_fresh(&signed_in, !before.is_empty(), now)?;
    let codes: Vec<String> = (0..SET_SIZE).map(|_| recovery::new_code()).collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|code| recovery::hash(user_id, code))
        .collect();
    state
        .store
        .autocommit()
        .await?
        .replace_recovery_codes(user_id, &hashes)
        .await?;
    let kind = MethodKind::RecoveryCodes;
    let renewed = before.iter().any(|m| m.kind == kind);
    let method = state
        .store
        .autocommit()
        .await?
        .put_method(user_id, kind, "", now)
        .await?;
    // The person holds the codes now: they could verify with one at once.
    let session = step_up(&state, &signed_in).await?;
    if renewed {
        changes::record(
            &mut state.store.autocommit().await?,
            &state.context(&client),
            &signed_in.user,
            &before,
            "recovery_codes_renewed",
            &Change::RecoveryCodesRenewed,
        )
        .await?;
    } else {
        registered(
            &state,
            &signed_in,
            &client,
            &before,
            &method,
            Channel::RecoveryCode,
            false,
        )
        .await?;
    }
    Ok((session, Json(RecoveryCodes { codes })))
}
