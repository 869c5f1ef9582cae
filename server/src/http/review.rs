//! "Are your security info details still current?": after `reconfirm_days` without a review or
//! a change, the page asks; `POST /api/v1/review` ("Looks good") answers it.

use axum::extract::State;
use axum::http::StatusCode;
use latchkey_api::ApiError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::error::AppError;
use crate::origin::Origin;
use crate::state::AppState;
use crate::store::{AuditEntry, StoredMethod};

const DAY: i64 = 24 * 60 * 60;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(reviewed))
}

/// Whether the person should be asked to review: they have methods, and neither a review nor a
/// new method happened in the last `reconfirm_days` (0: never ask).
pub async fn is_due(
    state: &AppState,
    user_id: &str,
    methods: &[StoredMethod],
) -> Result<bool, AppError> {
    let days = i64::from(state.config.reconfirm_days);
    let Some(newest) = methods.iter().map(|m| m.created_at).max() else {
        return Ok(false);
    };
    if days == 0 {
        return Ok(false);
    }
    let reviewed = state.store.reviewed_at(user_id).await?.unwrap_or(newest);
    Ok(state.clock.now() - reviewed.max(newest) >= days * DAY)
}

/// "Looks good": the security info is still current; asked again after `reconfirm_days`.
#[utoipa::path(
    post, path = "/api/v1/review", tag = "security info",
    responses(
        (status = 204, description = "Noted"),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Verify your identity first", body = ApiError),
    )
)]
pub async fn reviewed(
    State(state): State<AppState>,
    signed_in: SignedIn,
    client: Origin,
) -> Result<StatusCode, AppError> {
    if signed_in.session.verified_at.is_none() {
        return Err(AppError::VerificationRequired);
    }
    let now = state.clock.now();
    state
        .store
        .autocommit()
        .await?
        .set_reviewed(&signed_in.user.id, now)
        .await?;
    let entry = AuditEntry {
        user_id: &signed_in.user.id,
        action: "security_info_reviewed",
        detail: "Confirmed the security info is still current.",
        ip: &client.ip,
        user_agent: &client.user_agent,
    };
    state.store.autocommit().await?.audit(entry, now).await?;
    Ok(StatusCode::NO_CONTENT)
}
