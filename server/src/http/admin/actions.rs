//! What IT support does for a caller: verify them (an admin's "Verified another way", with a
//! reason), then make a Temporary Access Pass — each audited with the staff member and ticket
//! (security.md 48–50), the ticket and reason kept apart from Latchkey's words. A caller's
//! verification lasts an hour for this staff member and person.

use axum::extract::{Path, State};
use latchkey_api::ApiError;
use latchkey_api::types::{AccessPassRequest, CallerVerifiedAnotherWay, IssuedAccessPass};

use super::{Staff, on_account, reason, ticket};
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::staff::actions::{self, CallerCheck};
use crate::state::AppState;

/// An admin vouches for a caller who has nothing left to send a code to, and says how.
#[utoipa::path(
    post, path = "/api/v1/admin/people/{id}/verification", tag = "IT support",
    params(("id" = String, Path, description = "The person's ID")),
    request_body = CallerVerifiedAnotherWay,
    responses(
        (status = 204, description = "The caller counts as verified for an hour"),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
        (status = 404, description = "No such person, or not one this role acts on", body = ApiError),
        (status = 422, description = "The reason is missing, too long or not one line", body = ApiError),
    )
)]
pub async fn verified_another_way(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Json(verified): Json<CallerVerifiedAnotherWay>,
) -> Result<axum::http::StatusCode, AppError> {
    let person = staff.person(&state, &id).await?;
    let now = state.clock.now();
    staff.admin_only_on(&state.store, &person, now).await?;
    let reason = reason(&verified.reason)?;
    let check = CallerCheck::AnotherWay { reason };
    actions::caller_verified(&state.store, &staff, &person, check, now).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Makes a Temporary Access Pass for a verified caller, shown once.
#[utoipa::path(
    post, path = "/api/v1/admin/people/{id}/access-pass", tag = "IT support",
    params(("id" = String, Path, description = "The person's ID")),
    request_body = AccessPassRequest,
    responses(
        (status = 200, description = "The pass, shown once", body = IssuedAccessPass),
        (status = 403, description = "Verify the caller first, or not staff", body = ApiError),
        (status = 404, description = "No such person, or not one this role acts on", body = ApiError),
        (status = 422, description = "A lifetime outside 10 to 480 minutes, or a ticket too long or not one line", body = ApiError),
    )
)]
pub async fn make_access_pass(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    Json(request): Json<AccessPassRequest>,
) -> Result<Json<IssuedAccessPass>, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&request.ticket)?;
    let lifetime = i64::from(request.lifetime_minutes) * 60;
    let on = on_account(&state, &staff, &person, ticket);
    let (pass, expires_at) = on.make_access_pass(lifetime, request.reusable).await?;
    Ok(Json(IssuedAccessPass { pass, expires_at }))
}
