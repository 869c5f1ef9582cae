//! The console's "Texts and calls" (#30), admins only: today's figures, caps, budget and pauses;
//! resuming a paused country; the safe list. Each change is one transaction with its audit entry
//! (`crate::messaging`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use latchkey_api::ApiError;
use latchkey_api::messaging::{MessagingOverview, MessagingResume, NewSafeNumber, SafeNumber};

use super::Staff;
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::messaging::error::MessagingError;
use crate::messaging::{overview, pauses, safe_list};
use crate::state::AppState;

impl From<MessagingError> for AppError {
    fn from(error: MessagingError) -> Self {
        match error {
            MessagingError::Refused(field) => Self::Validation(vec![field]),
            MessagingError::NotFound => Self::NotFound,
            MessagingError::Database(error) => error.into(),
        }
    }
}

/// Today's texts and calls per country and channel, the caps, the budget, pauses and the safe
/// list.
#[utoipa::path(
    get, path = "/api/v1/admin/messaging", tag = "IT support",
    responses(
        (status = 200, description = "Texts and calls today", body = MessagingOverview),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
    )
)]
pub async fn messaging(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<MessagingOverview>, AppError> {
    staff.admin_only()?;
    let cx = state.context(&staff.origin);
    Ok(Json(overview::overview(&state.store, &cx).await?))
}

/// Sends to a paused country on a channel again; its pause window starts afresh.
#[utoipa::path(
    post, path = "/api/v1/admin/messaging/resume", tag = "IT support",
    request_body = MessagingResume,
    responses(
        (status = 204, description = "Resumed and audited"),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
        (status = 404, description = "The country isn't paused for that channel", body = ApiError),
        (status = 422, description = "Not a country with phone numbers, or not texts or calls", body = ApiError),
    )
)]
pub async fn resume_messaging(
    State(state): State<AppState>,
    staff: Staff,
    Json(request): Json<MessagingResume>,
) -> Result<StatusCode, AppError> {
    staff.admin_only()?;
    pauses::resume(&state.store, &staff, &request, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts a number on the safe list: never capped or paused.
#[utoipa::path(
    post, path = "/api/v1/admin/messaging/safe-numbers", tag = "IT support",
    request_body = NewSafeNumber,
    responses(
        (status = 201, description = "On the safe list, audited", body = SafeNumber),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
        (status = 422, description = "Not a valid number for the country, or on the list already", body = ApiError),
    )
)]
pub async fn add_safe_number(
    State(state): State<AppState>,
    staff: Staff,
    Json(request): Json<NewSafeNumber>,
) -> Result<(StatusCode, Json<SafeNumber>), AppError> {
    staff.admin_only()?;
    let added = safe_list::add(&state.store, &staff, &request, state.clock.now()).await?;
    Ok((StatusCode::CREATED, Json(added)))
}

/// Takes a number off the safe list.
#[utoipa::path(
    delete, path = "/api/v1/admin/messaging/safe-numbers/{id}", tag = "IT support",
    params(("id" = String, Path, description = "The safe number's ID")),
    responses(
        (status = 204, description = "Off the safe list, audited"),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
        (status = 404, description = "No such safe number", body = ApiError),
    )
)]
pub async fn remove_safe_number(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    staff.admin_only()?;
    safe_list::remove(&state.store, &staff, &id, state.clock.now()).await?;
    Ok(StatusCode::NO_CONTENT)
}
