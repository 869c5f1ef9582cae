//! Verifying a caller with a code (security.md 49, PWM's pattern): IT support sends a code to
//! one of the person's methods — a text or an email — or asks for their authenticator app's
//! code; the caller reads it out and IT support types it. Wrong codes count like any other, the
//! send limits apply, and a right one verifies the caller for this staff member for an hour.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use latchkey_api::types::{Challenge, Channel, CodeSubmission, VerificationRequest};
use latchkey_api::{ApiError, Problem};

use super::Staff;
use crate::http::challenges::{Owner, issue, issue_held, own_challenge, refuse};
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::origin::Origin;
use crate::staff::actions::{self, CallerCheck};
use crate::state::AppState;
use crate::store::Purpose;

/// What a caller's codes are issued for.
const PURPOSE: Purpose = Purpose::Caller;

/// Sends a code to one of the person's methods (or, for an authenticator app, asks for its
/// code), for the caller to read out.
#[utoipa::path(
    post, path = "/api/v1/admin/people/{id}/caller-codes", tag = "IT support",
    params(("id" = String, Path, description = "The person's ID")),
    request_body = VerificationRequest,
    responses(
        (status = 200, description = "A code is on its way to the person (or is asked for)", body = Challenge),
        (status = 403, description = "Not staff, or not verified in this session", body = ApiError),
        (status = 404, description = "No such person or method", body = ApiError),
        (status = 422, description = "Not a way a caller can read a code out", body = ApiError),
        (status = 429, description = "Too many codes sent; see Retry-After", body = ApiError),
    )
)]
pub async fn send_caller_code(
    State(state): State<AppState>,
    staff: Staff,
    client: Origin,
    Path(id): Path<String>,
    Json(request): Json<VerificationRequest>,
) -> Result<Json<Challenge>, AppError> {
    let person = staff.person(&state, &id).await?;
    let methods = state.store.methods(&person.id).await?;
    let method = methods
        .iter()
        .find(|m| m.id == request.method_id)
        .ok_or(AppError::NotFound)?;
    let owner = Owner {
        user_id: &person.id,
        session_hash: &staff.session_hash,
    };
    let readable = [Channel::Sms, Channel::Email, Channel::App];
    if !readable.contains(&request.channel) || !method.kind.channels().contains(&request.channel) {
        return Err(refuse(
            "channel",
            "way to receive the code",
            Problem::Invalid,
        ));
    }
    let challenge = if request.channel == Channel::App {
        issue_held(
            &state,
            &owner,
            &client.network,
            PURPOSE,
            Channel::App,
            method,
        )
        .await?
    } else {
        issue(
            &state,
            &owner,
            &client,
            PURPOSE,
            method.kind,
            request.channel,
            &method.target,
        )
        .await?
    };
    Ok(Json(challenge))
}

/// Checks the code the caller read out; a right one verifies the caller for an hour.
#[utoipa::path(
    post, path = "/api/v1/admin/people/{id}/caller-codes/{challenge}", tag = "IT support",
    params(
        ("id" = String, Path, description = "The person's ID"),
        ("challenge" = String, Path, description = "The code's challenge"),
    ),
    request_body = CodeSubmission,
    responses(
        (status = 204, description = "The caller is verified for an hour"),
        (status = 404, description = "No such person or challenge", body = ApiError),
        (status = 422, description = "Wrong, expired or used code", body = ApiError),
    )
)]
pub async fn check_caller_code(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, challenge)): Path<(String, String)>,
    Json(submission): Json<CodeSubmission>,
) -> Result<StatusCode, AppError> {
    let person = staff.person(&state, &id).await?;
    let owner = Owner {
        user_id: &person.id,
        session_hash: &staff.session_hash,
    };
    let challenge = own_challenge(&state, &owner, &challenge).await?;
    if challenge.purpose != PURPOSE {
        return Err(AppError::NotFound);
    }
    let check = CallerCheck::Code {
        challenge: &challenge,
        typed: &submission.code,
        sealing_key: &state.sealing_key,
    };
    let now = state.clock.now();
    actions::caller_verified(&state.store, &staff, &person, check, now).await?;
    Ok(StatusCode::NO_CONTENT)
}
