//! The reset's verifications: a code or call for one option (a phone typed in full first), the
//! code, the call answered with #, a new code, and how a code or call is doing. A decoy's
//! challenges are stored and answered by the same code as a real account's; nothing is sent
//! for them and nothing they are given is ever right.

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::types::{
    CallState, Challenge, ChallengeStatus, MethodKind, ResetChallenge, ResetCode, ResetStatus,
    ResetVerification,
};
use latchkey_api::{ApiError, Problem};

use super::super::challenges::{
    Owner, issue, issue_held, own_challenge, refuse, resend, status_of,
};
use super::super::error::AppError;
use super::super::json::Json;
use super::{current_flow, methods_of, open_options, status};
use crate::origin::Origin;
use crate::reset::options::options;
use crate::reset::verify;
use crate::security_info::calls;
use crate::state::AppState;
use crate::store::{Purpose, ResetFlow, StoredChallenge};

/// Sends a code (or places a call) for one option, or starts a challenge answered with what
/// the person holds.
#[utoipa::path(
    post, path = "/api/v1/reset/verifications", tag = "reset",
    request_body = ResetVerification,
    responses(
        (status = 200, description = "A code or call is on its way", body = Challenge),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
        (status = 422, description = "Unknown option, a method already used, a number that does not match, or too many wrong numbers", body = ApiError),
        (status = 429, description = "Too many codes; see Retry-After", body = ApiError),
    )
)]
pub async fn start_reset_verification(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
    Json(request): Json<ResetVerification>,
) -> Result<Json<Challenge>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    if flow.proven.len() as i64 >= flow.steps_required {
        return Err(AppError::Conflict(
            "Every step is proven: choose your new password.",
        ));
    }
    let methods = methods_of(&state, &flow).await?;
    let open = open_options(&flow, &methods);
    let Some(option) = open.iter().find(|o| o.id == request.option) else {
        let used = options(&methods)
            .iter()
            .any(|o| o.id == request.option && flow.proven.contains(&o.kind));
        let problem = if used {
            Problem::MethodAlreadyUsed
        } else {
            Problem::Invalid
        };
        return Err(refuse("option", "way to verify", problem));
    };
    let method = methods
        .iter()
        .find(|m| m.kind == option.kind)
        .ok_or(AppError::ResetExpired)?;
    if matches!(option.kind, MethodKind::Phone | MethodKind::AlternatePhone) {
        let typed = request.number.as_deref();
        verify::check_number(&state.store, &flow, typed, &method.target).await?;
    }
    let (account, session_hash) = (flow.account(), flow.session_hash());
    let owner = Owner {
        user_id: &account,
        session_hash: &session_hash,
    };
    let challenge = if option.channel.is_sent() {
        let target = &method.target;
        issue(
            &state,
            &owner,
            &client,
            Purpose::Reset,
            option.kind,
            option.channel,
            target,
        )
        .await?
    } else {
        issue_held(
            &state,
            &owner,
            &client.network,
            Purpose::Reset,
            option.channel,
            method,
        )
        .await?
    };
    Ok(Json(challenge))
}

/// The reset's challenge `id` (a decoy's too), or 404.
pub(super) async fn reset_challenge(
    state: &AppState,
    flow: &ResetFlow,
    id: &str,
) -> Result<StoredChallenge, AppError> {
    let (account, session_hash) = (flow.account(), flow.session_hash());
    let owner = Owner {
        user_id: &account,
        session_hash: &session_hash,
    };
    own_challenge(state, &owner, id).await
}

/// Proves a step with `answer` to the reset's challenge (checked, used once and recorded in one
/// transaction); the next status follows.
pub(super) async fn prove(
    state: &AppState,
    flow: &ResetFlow,
    challenge: &StoredChallenge,
    answer: verify::Answer<'_>,
) -> Result<Json<ResetStatus>, AppError> {
    let now = state.clock.now();
    let sealing_key = &state.sealing_key;
    let flow = verify::prove(&state.store, sealing_key, flow, challenge, answer, now).await?;
    Ok(Json(status(state, &flow).await?))
}

/// Checks the code of one of the reset's challenges.
#[utoipa::path(
    post, path = "/api/v1/reset/code", tag = "reset",
    request_body = ResetCode,
    responses(
        (status = 200, description = "The step is proven", body = ResetStatus),
        (status = 404, description = "No such challenge in this reset", body = ApiError),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
        (status = 422, description = "Wrong, expired, used or voided code", body = ApiError),
    )
)]
pub async fn submit_reset_code(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(submission): Json<ResetCode>,
) -> Result<Json<ResetStatus>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    let challenge = reset_challenge(&state, &flow, &submission.challenge).await?;
    let answer = verify::Answer::Code(&submission.code);
    prove(&state, &flow, &challenge, answer).await
}

/// Finishes one of the reset's challenges whose call was answered with #.
#[utoipa::path(
    post, path = "/api/v1/reset/call", tag = "reset",
    request_body = ResetChallenge,
    responses(
        (status = 200, description = "The step is proven", body = ResetStatus),
        (status = 404, description = "No such challenge in this reset", body = ApiError),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
        (status = 422, description = "The call was not answered with # (`call_not_confirmed`)", body = ApiError),
    )
)]
pub async fn complete_reset_call(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(call): Json<ResetChallenge>,
) -> Result<Json<ResetStatus>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    let challenge = reset_challenge(&state, &flow, &call.challenge).await?;
    if calls::state(&challenge, state.clock.now()) != Some(CallState::Confirmed) {
        return Err(refuse("call", "call", Problem::CallNotConfirmed));
    }
    prove(&state, &flow, &challenge, verify::Answer::Call).await
}

/// A new code (or call) for one of the reset's challenges.
#[utoipa::path(
    post, path = "/api/v1/reset/resend", tag = "reset",
    request_body = ResetChallenge,
    responses(
        (status = 200, description = "A new code or call is on its way", body = Challenge),
        (status = 404, description = "No such challenge in this reset", body = ApiError),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
        (status = 429, description = "Too soon or too many; see Retry-After", body = ApiError),
    )
)]
pub async fn resend_reset_code(
    State(state): State<AppState>,
    client: Origin,
    jar: CookieJar,
    Json(request): Json<ResetChallenge>,
) -> Result<Json<Challenge>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    let challenge = reset_challenge(&state, &flow, &request.challenge).await?;
    Ok(Json(resend(&state, &challenge, &client).await?))
}

/// How one of the reset's codes or calls is doing.
#[utoipa::path(
    get, path = "/api/v1/reset/challenges/{id}", tag = "reset",
    params(("id" = String, Path, description = "The challenge")),
    responses(
        (status = 200, description = "The delivery's and call's state", body = ChallengeStatus),
        (status = 404, description = "No such challenge in this reset", body = ApiError),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
    )
)]
pub async fn reset_challenge_status(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Json<ChallengeStatus>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    let challenge = reset_challenge(&state, &flow, &id).await?;
    Ok(Json(status_of(&state, &challenge).await?))
}
