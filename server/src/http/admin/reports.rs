//! Reports for admins, `/api/v1/admin/reports/...`: registration coverage (with a directory,
//! everyone in it) and activity per day, as `crate::staff::reports` counts them.

use axum::extract::State;
use latchkey_api::ApiError;
use latchkey_api::types::{ActivityReport, CoverageReport};

use super::Staff;
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::staff::reports;
use crate::state::AppState;

/// Registration coverage, from what is registered now.
#[utoipa::path(
    get, path = "/api/v1/admin/reports/coverage", tag = "IT support",
    responses(
        (status = 200, description = "The report", body = CoverageReport),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
        (status = 503, description = "The directory cannot be reached", body = ApiError),
    )
)]
pub async fn coverage(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<CoverageReport>, AppError> {
    staff.admin_only()?;
    let people = state.directory.everyone(&state.store).await?;
    let now = state.clock.now();
    let report = reports::coverage(&state.store, &state.config, people, now).await?;
    Ok(Json(report))
}

/// Resets and messages per day for the last 30 days.
#[utoipa::path(
    get, path = "/api/v1/admin/reports/activity", tag = "IT support",
    responses(
        (status = 200, description = "The report", body = ActivityReport),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
    )
)]
pub async fn activity(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<ActivityReport>, AppError> {
    staff.admin_only()?;
    let report = reports::activity(&state.store, state.clock.now()).await?;
    Ok(Json(report))
}
