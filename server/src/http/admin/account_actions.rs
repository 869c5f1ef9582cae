//! IT support's actions on a verified caller's account (security.md 48): delete one method,
//! require re-registration (every method and recovery code gone, every session ended), sign out
//! everywhere, unlock (Latchkey's wait, and the directory's lockout). Each is audited with the
//! staff member and ticket, and told to the person at every address they had.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use latchkey_api::ApiError;
use latchkey_api::types::StaffAction;

use super::{Staff, ticket};
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::http::password::not_set;
use crate::http::security_info::remove_method;
use crate::origin::Origin;
use crate::security_info::changes;
use crate::security_info::messages::Change;
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
    client: Origin,
    Path((id, method)): Path<(String, String)>,
    Query(action): Query<StaffAction>,
) -> Result<StatusCode, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&action.ticket)?;
    remove_method(&state, &person, &method, &client, "method_deleted").await?;
    let what = "A method was removed";
    staff
        .acted(&state, &person, "staff_method_deleted", what, ticket)
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
    client: Origin,
    Path(id): Path<String>,
    Json(action): Json<StaffAction>,
) -> Result<StatusCode, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&action.ticket)?;
    let store = &state.store;
    let before = store.methods(&person.id).await?;
    for method in &before {
        store
            .autocommit()
            .await?
            .delete_method(&person.id, &method.id)
            .await?;
    }
    store
        .autocommit()
        .await?
        .replace_recovery_codes(&person.id, &[])
        .await?;
    store
        .autocommit()
        .await?
        .forget_pending_methods_of(&person.id)
        .await?;
    store
        .autocommit()
        .await?
        .delete_sessions_of(&person.id)
        .await?;
    let change = Change::ReRegistrationRequired;
    changes::record(
        &mut state.store.autocommit().await?,
        &state.context(&client),
        &person,
        &before,
        "re_registration_required",
        &change,
    )
    .await?;
    let what = "Re-registration was required";
    staff
        .acted(&state, &person, "staff_re_registration", what, ticket)
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
    client: Origin,
    Path(id): Path<String>,
    Json(action): Json<StaffAction>,
) -> Result<StatusCode, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&action.ticket)?;
    let ended = state
        .store
        .autocommit()
        .await?
        .delete_sessions_of(&person.id)
        .await?;
    let methods = state.store.methods(&person.id).await?;
    let change = Change::SignedOutEverywhere(ended);
    changes::record(
        &mut state.store.autocommit().await?,
        &state.context(&client),
        &person,
        &methods,
        "signed_out_everywhere",
        &change,
    )
    .await?;
    let what = format!("{ended} session(s) were ended");
    staff
        .acted(
            &state,
            &person,
            "staff_signed_out_everywhere",
            &what,
            ticket,
        )
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
    client: Origin,
    Path(id): Path<String>,
    Json(action): Json<StaffAction>,
) -> Result<StatusCode, AppError> {
    let person = staff.verified_person(&state, &id).await?;
    let ticket = ticket(&action.ticket)?;
    if let Err(refused) = state.directory.unlock(&person).await {
        return Err(not_set(&state, &person, &client, refused, "account_unlock_failed").await);
    }
    for scope in person.sign_in_scopes() {
        state
            .store
            .autocommit()
            .await?
            .clear_sign_in_failures(&scope)
            .await?;
    }
    let methods = state.store.methods(&person.id).await?;
    changes::record(
        &mut state.store.autocommit().await?,
        &state.context(&client),
        &person,
        &methods,
        "account_unlocked",
        &Change::UnlockedByIt,
    )
    .await?;
    staff
        .acted(
            &state,
            &person,
            "staff_unlocked",
            "The account was unlocked",
            ticket,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
