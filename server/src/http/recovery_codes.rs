//! `POST /api/v1/recovery-codes`: a new set of ten recovery codes, shown this once; the old set
//! stops working and the person is told.

use axum::extract::State;
use axum_extra::extract::CookieJar;
use latchkey_api::ApiError;
use latchkey_api::types::RecoveryCodes;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::error::AppError;
use super::json::Json;
use super::step_up::{renewed_session, session_of};
use crate::enrollment;
use crate::origin::Origin;
use crate::state::AppState;

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
    let cx = state.context(&client);
    let (renewed_hash, renewed) = renewed_session(&state.config);
    let session = session_of(&signed_in);
    let codes = enrollment::new_recovery_codes(&state.store, &cx, session, &renewed_hash);
    Ok((
        renewed,
        Json(RecoveryCodes {
            codes: codes.await?,
        }),
    ))
}
