//! IT support's actions on a verified caller's account (security.md 48): delete one method,
//! require re-registration (every method and recovery code gone, every session ended), sign out
//! everywhere, unlock (Latchkey's wait, and the directory's lockout). Each is audited with the
//! staff member and ticket, and told to the person at every address they had, in one
//! transaction (`crate::staff::actions`).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use latchkey_api::ApiError;
use latchkey_api::types::StaffAction;

use super::{Staff, on_account, ticket};
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::http::password::not_set;
use crate::state::AppState;

/// Removes one of the person's methods (a lost phone, say).
#[utoipa::path(
    delete, path = "/api/v1/admin/people/{id}/methods/{method}", tag = "IT support",
    params(
        ("id" = String, Path, description = "The person's ID"),
        ("method" = String, Path, description = "The method's ID"),
        StaffAction,
    ),
    responses(
        (status = 204, description = "Removed, audited and told"),
        (status = 403, description = "Verify the caller first, or not staff", body = ApiError),
        (status = 404, description = "No such person or method", body = ApiError),
    )
)]
pub async fn delete_method(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, method)): Path<(String, String)>,
    Query(action): Query<StaffAction>,
) -> Result<StatusCode, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&action.ticket)?;
    on_account(&state, &staff, &person, ticket)
        .delete_method(&method)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes every method and recovery code and ends every session: the person registers again
/// at their next sign-in (or with a Temporary Access Pass).
#[utoipa::path(
    post, path = "/api/v1/admin/people/{id}/re-registration", tag = "IT support",
    params(("id" = String, Path, description = "The person's ID")),
    request_body = StaffAction,
    responses(
        (status = 204, description = "Done, audited and told"),
        (status = 403, description = "Verify the caller first, or not staff", body = ApiError),
        (status = 404, description = "No such person", body = ApiError),
    )
)]
pub async fn require_re_registration(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Json(action): Json<StaffAction>,
) -> Result<StatusCode, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&action.ticket)?;
    on_account(&state, &staff, &person, ticket)
        .require_re_registration()
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ends every session of the person (a stolen laptop, say).
#[utoipa::path(
    post, path = "/api/v1/admin/people/{id}/sign-out-everywhere", tag = "IT support",
    params(("id" = String, Path, description = "The person's ID")),
    request_body = StaffAction,
    responses(
        (status = 204, description = "Done, audited and told"),
        (status = 403, description = "Verify the caller first, or not staff", body = ApiError),
        (status = 404, description = "No such person", body = ApiError),
    )
)]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Json(action): Json<StaffAction>,
) -> Result<StatusCode, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&action.ticket)?;
    on_account(&state, &staff, &person, ticket)
        .sign_out_everywhere()
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lifts Latchkey's wait after wrong passwords and, with a directory, its lockout.
#[utoipa::path(
    post, path = "/api/v1/admin/people/{id}/unlock", tag = "IT support",
    params(("id" = String, Path, description = "The person's ID")),
    request_body = StaffAction,
    responses(
        (status = 204, description = "Unlocked, audited and told"),
        (status = 403, description = "Verify the caller first, or not staff", body = ApiError),
        (status = 404, description = "No such person", body = ApiError),
        (status = 503, description = "The directory can't be reached, or would not unlock", body = ApiError),
    )
)]
pub async fn unlock(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Json(action): Json<StaffAction>,
) -> Result<StatusCode, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&action.ticket)?;
    // The directory first: its lockout is lifted before Latchkey's transaction opens.
    if let Err(refused) = state.directory.unlock(&person).await {
        let origin = &staff.origin;
        return Err(not_set(&state, &person, origin, refused, "account_unlock_failed").await);
    }
    on_account(&state, &staff, &person, ticket)
        .unlocked()
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
