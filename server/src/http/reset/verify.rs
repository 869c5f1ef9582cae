//! The reset's verifications: a code or call for one option (a phone typed in full first), the
//! code, the call answered with #, a new code, and how a code or call is doing.

use axum::extract::{Path, State};
use axum_extra::extract::CookieJar;
use latchkey_api::types::{
    CallState, Challenge, ChallengeStatus, Channel, DeliveryState, MethodKind, ResetChallenge,
    ResetCode, ResetOption, ResetStatus, ResetVerification,
};
use latchkey_api::{ApiError, Problem};

use super::super::challenges::{
    Owner, check_code, issue, issue_held, own_challenge, refuse, resend, status_of, use_once,
};
use super::super::client::Client;
use super::super::error::AppError;
use super::super::json::Json;
use super::super::security_info::kind_name;
use super::{current_flow, open_options, owner_of, status};
use crate::reset::options::decoy_options;
use crate::security_info::codes::{LIFETIME as CODE_LIFETIME, MAX_FAILURES, RESEND_COOLDOWN};
use crate::security_info::phone::is_same_number;
use crate::security_info::{calls, limits};
use crate::state::AppState;
use crate::store::{ResetFlow, StoredChallenge, new_id};

/// A challenge that exists only on screen: a decoy's code never matches.
fn decoy_challenge(id: String, option: &ResetOption) -> Challenge {
    let sent = option.channel.is_sent();
    Challenge {
        id,
        channel: option.channel,
        destination: option.hint.clone(),
        resend_after_seconds: if sent { RESEND_COOLDOWN as u32 } else { 0 },
        expires_in_seconds: CODE_LIFETIME as u32,
        passkey_request: None,
    }
}

/// Sends a code (or places a call) for one option. A phone must be typed in full first, and
/// must match the registered number before anything is sent (security.md 12).
#[utoipa::path(
    post, path = "/api/v1/reset/verifications", tag = "reset",
    request_body = ResetVerification,
    responses(
        (status = 200, description = "A code or call is on its way", body = Challenge),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
        (status = 422, description = "Unknown option, a method already used, or a number that does not match", body = ApiError),
        (status = 429, description = "Too many codes; see Retry-After", body = ApiError),
    )
)]
pub async fn start_reset_verification(
    State(state): State<AppState>,
    client: Client,
    jar: CookieJar,
    Json(request): Json<ResetVerification>,
) -> Result<Json<Challenge>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    if flow.proven.len() as i64 >= flow.steps_required {
        return Err(AppError::Conflict(
            "Every step is proven: choose your new password.",
        ));
    }
    let options = open_options(&state, &flow).await?;
    let Some(option) = options.iter().find(|o| o.id == request.option) else {
        let used = flow
            .proven
            .iter()
            .any(|kind| request.option.starts_with(&format!("{kind}:")));
        let problem = if used {
            Problem::MethodAlreadyUsed
        } else {
            Problem::Invalid
        };
        return Err(refuse("option", "way to verify", problem));
    };
    let typed = request.number.as_deref().unwrap_or_default();
    let is_phone = matches!(option.kind, MethodKind::Phone | MethodKind::AlternatePhone);
    let now = state.clock.now();
    if is_phone && typed.trim().is_empty() {
        return Err(refuse("number", "phone number", Problem::Required));
    }
    let Some((user_id, session_hash)) = owner_of(&flow) else {
        // A decoy: the same checks and limits, and nothing sent.
        if is_phone {
            return Err(refuse("number", "phone number", Problem::NumberMismatch));
        }
        if option.channel.is_sent() {
            let send = limits::Send {
                user_id: &format!("decoy:{}", flow.name_key),
                target: &format!("decoy:{}:{}", flow.name_key, option.id),
                ip: &client.ip,
                is_phone,
            };
            limits::count(&state.store, &send, now).await?;
        } else {
            let decoy = format!("decoy:{}", flow.name_key);
            limits::count_held(&state.store, &decoy, &client.ip, now).await?;
        }
        state.store.new_decoy_code(&flow.id_hash).await?;
        return Ok(Json(decoy_challenge(new_id(), option)));
    };
    let methods = state.store.methods(&user_id).await?;
    let method = methods
        .iter()
        .find(|m| m.kind == kind_name(option.kind))
        .ok_or(AppError::ResetExpired)?;
    if is_phone && !is_same_number(typed, &method.target) {
        return Err(refuse("number", "phone number", Problem::NumberMismatch));
    }
    let owner = Owner {
        user_id: &user_id,
        session_hash: &session_hash,
    };
    if !option.channel.is_sent() {
        let challenge = issue_held(&state, &owner, &client.ip, "reset", option.channel, method);
        return Ok(Json(challenge.await?));
    }
    let challenge = issue(
        &state,
        &owner,
        &client,
        "reset",
        option.kind,
        option.channel,
        &method.target,
    )
    .await?;
    Ok(Json(challenge))
}

/// The reset's challenge `id`, or `None` for a decoy (whose challenges exist only on screen).
pub(super) async fn reset_challenge(
    state: &AppState,
    flow: &ResetFlow,
    id: &str,
) -> Result<Option<StoredChallenge>, AppError> {
    let Some((user_id, session_hash)) = owner_of(flow) else {
        return Ok(None);
    };
    let owner = Owner {
        user_id: &user_id,
        session_hash: &session_hash,
    };
    Ok(Some(own_challenge(state, &owner, id).await?))
}

/// Records the step a proven challenge stands for; the next status follows.
pub(super) async fn prove(
    state: &AppState,
    flow: &ResetFlow,
    challenge: &StoredChallenge,
) -> Result<Json<ResetStatus>, AppError> {
    use_once(state, challenge).await?;
    if !state
        .store
        .prove_reset_step(flow, &challenge.method_kind, state.clock.now())
        .await?
    {
        return Err(AppError::ResetExpired);
    }
    let flow = state
        .store
        .reset_flow(&flow.id_hash)
        .await?
        .ok_or(AppError::ResetExpired)?;
    Ok(Json(status(state, &flow).await?))
}

/// Checks the code of one of the reset's challenges.
#[utoipa::path(
    post, path = "/api/v1/reset/code", tag = "reset",
    request_body = ResetCode,
    responses(
        (status = 200, description = "The step is proven", body = ResetStatus),
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
    let Some(challenge) = reset_challenge(&state, &flow, &submission.challenge).await? else {
        // A decoy's code is never right, and gives up after five tries as a real one does.
        let failures = state.store.decoy_failed(&flow.id_hash).await?;
        let problem = if failures >= MAX_FAILURES {
            Problem::TooManyTries
        } else {
            Problem::WrongCode
        };
        return Err(refuse("code", "code", problem));
    };
    check_code(&state, &challenge, &submission.code).await?;
    prove(&state, &flow, &challenge).await
}

/// Finishes one of the reset's challenges whose call was answered with #.
#[utoipa::path(
    post, path = "/api/v1/reset/call", tag = "reset",
    request_body = ResetChallenge,
    responses(
        (status = 200, description = "The step is proven", body = ResetStatus),
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
    let confirmed = challenge
        .as_ref()
        .filter(|c| calls::state(c, state.clock.now()) == Some(CallState::Confirmed));
    let Some(challenge) = confirmed else {
        return Err(refuse("call", "call", Problem::CallNotConfirmed));
    };
    prove(&state, &flow, challenge).await
}

/// A new code (or call) for one of the reset's challenges.
#[utoipa::path(
    post, path = "/api/v1/reset/resend", tag = "reset",
    request_body = ResetChallenge,
    responses(
        (status = 200, description = "A new code or call is on its way", body = Challenge),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
        (status = 429, description = "Too soon or too many; see Retry-After", body = ApiError),
    )
)]
pub async fn resend_reset_code(
    State(state): State<AppState>,
    client: Client,
    jar: CookieJar,
    Json(request): Json<ResetChallenge>,
) -> Result<Json<Challenge>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    match reset_challenge(&state, &flow, &request.challenge).await? {
        Some(challenge) => Ok(Json(resend(&state, &challenge, &client).await?)),
        None => {
            let options = decoy_options(&flow.name_key);
            let email = options
                .iter()
                .find(|o| o.channel == Channel::Email)
                .ok_or(AppError::NotFound)?;
            Ok(Json(decoy_challenge(request.challenge, email)))
        }
    }
}

/// How one of the reset's codes or calls is doing.
#[utoipa::path(
    get, path = "/api/v1/reset/challenges/{id}", tag = "reset",
    params(("id" = String, Path, description = "The challenge")),
    responses(
        (status = 200, description = "The delivery's and call's state", body = ChallengeStatus),
        (status = 409, description = "The reset expired (`reset_expired`)", body = ApiError),
    )
)]
pub async fn reset_challenge_status(
    State(state): State<AppState>,
    jar: CookieJar,
    Path(id): Path<String>,
) -> Result<Json<ChallengeStatus>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    match reset_challenge(&state, &flow, &id).await? {
        Some(challenge) => Ok(Json(status_of(&state, &challenge).await?)),
        None => Ok(Json(ChallengeStatus {
            delivery: DeliveryState::Sent,
            call: None,
        })),
    }
}
