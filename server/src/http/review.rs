//! "Are your security info details still current?": after `reconfirm_days` without a review or
//! a change, the page asks; `POST /api/v1/review` ("Looks good") answers it.

use axum::extract::State;
use axum::http::StatusCode;
use latchkey_api::ApiError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::SignedIn;
use super::error::AppError;
use super::step_up::session_of;
use crate::origin::Origin;
use crate::security_info::review;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(reviewed))
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
    let cx = state.context(&client);
    review::confirm(&state.store, &cx, session_of(&signed_in)).await?;
    Ok(StatusCode::NO_CONTENT)
}
