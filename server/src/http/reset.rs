//! "Get back into your account": `/api/v1/reset…`. No session is involved: the reset is a
//! server-side record whose ID lives in its own HttpOnly cookie. The steps: a proof-of-work
//! puzzle, the name, one or two verifications with different methods, the new password.
//! Unknown, disabled and method-less names get decoys that answer the same way (security.md 10).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum_extra::extract::CookieJar;
use latchkey_api::types::{
    Challenge, ChallengeStatus, Channel, DeliveryState, MethodKind, NewPassword, PasswordCheck,
    ResetChallenge, ResetCode, ResetOption, ResetPuzzle, ResetStage, ResetStart, ResetStatus,
    ResetVerification,
};
use latchkey_api::validation::{USERNAME_MAX_LENGTH, field_error};
use latchkey_api::{ApiError, Problem};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::auth::{private_cookie, removal_cookie};
use super::challenges::{Owner, check_code, issue, refuse, resend, status_of, use_once};
use super::client::Client;
use super::error::AppError;
use super::json::Json;
use super::security_info::kind_name;
use crate::delivery::{self, Message};
use crate::directory::PasswordRefused;
use crate::password::{Context, check_new_password};
use crate::reset::options::{decoy_options, real_options};
use crate::reset::{LIFETIME, puzzle};
use crate::security_info::codes::{LIFETIME as CODE_LIFETIME, MAX_FAILURES, RESEND_COOLDOWN};
use crate::security_info::messages::reset_notice;
use crate::security_info::phone::is_same_number;
use crate::security_info::{calls, limits};
use crate::sessions::{SessionToken, hash_token};
use crate::state::AppState;
use crate::store::{AuditEntry, NewResetFlow, ResetFlow, StoredChallenge, User, new_id};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(reset_puzzle))
        .routes(routes!(start_reset, reset_status))
        .routes(routes!(start_reset_verification))
        .routes(routes!(submit_reset_code))
        .routes(routes!(complete_reset_call))
        .routes(routes!(resend_reset_code))
        .routes(routes!(reset_challenge_status))
        .routes(routes!(check_reset_password))
        .routes(routes!(set_reset_password))
}

/// The reset cookie's name: with the `__Host-` prefix over HTTPS.
fn cookie_name(state: &AppState) -> &'static str {
    if state.config.is_https() {
        "__Host-latchkey_reset"
    } else {
        "latchkey_reset"
    }
}

/// The reset this browser has under way, if it is still open.
async fn current_flow(state: &AppState, jar: &CookieJar) -> Result<ResetFlow, AppError> {
    let cookie = jar.get(cookie_name(state)).ok_or(AppError::ResetExpired)?;
    let flow = state
        .store
        .reset_flow(&hash_token(cookie.value()))
        .await?
        .ok_or(AppError::ResetExpired)?;
    if flow.finished_at.is_some() || state.clock.now() >= flow.expires_at {
        return Err(AppError::ResetExpired);
    }
    Ok(flow)
}

/// Challenges of a reset belong to its account and to the reset itself.
fn owner_of(flow: &ResetFlow) -> Option<(String, String)> {
    let user = flow.user_id.clone()?;
    Some((user, format!("reset:{}", flow.id_hash)))
}

/// The ways to prove the next step: the account's methods, or the name's decoys; a method
/// already proven is not offered again (security.md 13).
async fn open_options(state: &AppState, flow: &ResetFlow) -> Result<Vec<ResetOption>, AppError> {
    // A decoy asks the database too, so that both take the same time.
    let methods = state
        .store
        .methods(flow.user_id.as_deref().unwrap_or_default())
        .await?;
    let all = match &flow.user_id {
        Some(_) => real_options(&methods),
        None => decoy_options(&flow.name_key),
    };
    Ok(all
        .into_iter()
        .filter(|option| {
            !flow
                .proven
                .iter()
                .any(|kind| kind == kind_name(option.kind))
        })
        .collect())
}

async fn status(state: &AppState, flow: &ResetFlow) -> Result<ResetStatus, AppError> {
    let proven = flow.proven.len() as u32;
    let required = flow.steps_required as u32;
    Ok(ResetStatus {
        stage: if proven >= required {
            ResetStage::NewPassword
        } else {
            ResetStage::Verify
        },
        step: (proven + 1).min(required),
        steps_required: required,
        options: open_options(state, flow).await?,
    })
}

/// A puzzle to solve before starting.
#[utoipa::path(
    get, path = "/api/v1/reset/puzzle", tag = "reset",
    responses((status = 200, description = "A signed puzzle, good for five minutes", body = ResetPuzzle))
)]
pub async fn reset_puzzle(State(state): State<AppState>) -> Json<ResetPuzzle> {
    let difficulty = state.config.reset_puzzle_difficulty;
    Json(ResetPuzzle {
        puzzle: puzzle::issue(&state.reset_key, state.clock.now(), difficulty),
        difficulty,
    })
}

/// Starts a reset for a name, after the puzzle. Answers the same for every name.
#[utoipa::path(
    post, path = "/api/v1/reset", tag = "reset",
    request_body = ResetStart,
    responses(
        (status = 200, description = "The reset's first step; its cookie is set", body = ResetStatus),
        (status = 422, description = "No name, or the puzzle failed (`puzzle_failed`)", body = ApiError),
        (status = 429, description = "Too many resets for this name or address; see Retry-After", body = ApiError),
    )
)]
pub async fn start_reset(
    State(state): State<AppState>,
    client: Client,
    jar: CookieJar,
    Json(start): Json<ResetStart>,
) -> Result<(CookieJar, Json<ResetStatus>), AppError> {
    let name = start.username.trim();
    if name.is_empty() {
        return Err(refuse("username", "username", Problem::Required));
    }
    if name.chars().count() > USERNAME_MAX_LENGTH {
        return Err(refuse("username", "username", Problem::TooLong));
    }
    let now = state.clock.now();
    let failed = || refuse("puzzle", "check", Problem::PuzzleFailed);
    puzzle::check(&state.reset_key, &start.puzzle, start.solution, now).map_err(|_| failed())?;
    let spent = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
        start.puzzle.as_bytes(),
    ));
    if !state
        .store
        .spend_puzzle(&spent, now, now - 2 * puzzle::PUZZLE_LIFETIME)
        .await?
    {
        return Err(failed());
    }
    let name_key = state.reset_key.name_key(name);
    let user = state
        .store
        .find_user_for_sign_in(&name.to_lowercase())
        .await?
        .filter(|user| !user.disabled);
    // Every name does the same work, so that time tells nothing (security.md 10).
    let account = user
        .as_ref()
        .map_or_else(|| format!("decoy:{name_key}"), |user| user.id.clone());
    limits::count_reset(&state.store, &name_key, &account, &client.ip, now).await?;
    let methods = state.store.methods(&account).await?;
    let steps_required = i64::from(state.config.methods_required);
    // Only an account that can finish gets a real reset; every other name gets decoys.
    let usable = user
        .filter(|_| methods.len() as i64 >= steps_required)
        .map(|user| user.id);
    let token = SessionToken::generate();
    let id_hash = hash_token(token.expose());
    state
        .store
        .create_reset_flow(
            NewResetFlow {
                id_hash: &id_hash,
                user_id: usable.as_deref(),
                name_key: &name_key,
                steps_required,
                expires_at: now + LIFETIME,
            },
            now,
        )
        .await?;
    let flow = state
        .store
        .reset_flow(&id_hash)
        .await?
        .ok_or(AppError::ResetExpired)?;
    let jar = jar.add(private_cookie(&state.config, cookie_name(&state), &token));
    Ok((jar, Json(status(&state, &flow).await?)))
}

/// Where this browser's reset stands.
#[utoipa::path(
    get, path = "/api/v1/reset", tag = "reset",
    responses(
        (status = 200, description = "The reset", body = ResetStatus),
        (status = 409, description = "No reset under way, or it expired (`reset_expired`)", body = ApiError),
    )
)]
pub async fn reset_status(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<Json<ResetStatus>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    Ok(Json(status(&state, &flow).await?))
}

/// A challenge that exists only on screen: a decoy's code never matches.
fn decoy_challenge(id: String, option: &ResetOption) -> Challenge {
    Challenge {
        id,
        channel: option.channel,
        destination: option.hint.clone(),
        resend_after_seconds: RESEND_COOLDOWN as u32,
        expires_in_seconds: CODE_LIFETIME as u32,
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
    let is_phone = option.kind != MethodKind::Email;
    if is_phone && typed.trim().is_empty() {
        return Err(refuse("number", "phone number", Problem::Required));
    }
    let Some((user_id, session_hash)) = owner_of(&flow) else {
        // A decoy: the same checks and limits, and nothing sent.
        if is_phone {
            return Err(refuse("number", "phone number", Problem::NumberMismatch));
        }
        let send = limits::Send {
            user_id: &format!("decoy:{}", flow.name_key),
            target: &format!("decoy:{}:{}", flow.name_key, option.id),
            ip: &client.ip,
            is_phone,
        };
        limits::count(&state.store, &send, state.clock.now()).await?;
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
    let challenge = issue(
        &state,
        &owner,
        &client.ip,
        "reset",
        option.kind,
        option.channel,
        &method.target,
    )
    .await?;
    Ok(Json(challenge))
}

/// The reset's challenge `id`, or `None` for a decoy (whose challenges exist only on screen).
async fn reset_challenge(
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
    Ok(Some(
        super::challenges::own_challenge(state, &owner, id).await?,
    ))
}

/// Records the step a proven challenge stands for; the next status follows.
async fn prove(
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
    let confirmed = challenge.as_ref().filter(|c| {
        calls::state(c, state.clock.now()) == Some(latchkey_api::types::CallState::Confirmed)
    });
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
        Some(challenge) => Ok(Json(resend(&state, &challenge, &client.ip).await?)),
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

/// The account whose every step is proven; anything else may not choose a password.
async fn proven_account(state: &AppState, flow: &ResetFlow) -> Result<User, AppError> {
    if (flow.proven.len() as i64) < flow.steps_required {
        return Err(AppError::Conflict("Prove who you are first."));
    }
    let user_id = flow.user_id.as_deref().ok_or(AppError::ResetExpired)?;
    state
        .store
        .user(user_id)
        .await?
        .ok_or(AppError::ResetExpired)
}

/// Whether a new password would be accepted, and why not: the live requirements.
#[utoipa::path(
    post, path = "/api/v1/reset/password-check", tag = "reset",
    request_body = NewPassword,
    responses(
        (status = 200, description = "The verdict", body = PasswordCheck),
        (status = 409, description = "Not proven yet, or the reset expired", body = ApiError),
    )
)]
pub async fn check_reset_password(
    State(state): State<AppState>,
    jar: CookieJar,
    Json(candidate): Json<NewPassword>,
) -> Result<Json<PasswordCheck>, AppError> {
    let flow = current_flow(&state, &jar).await?;
    let user = proven_account(&state, &flow).await?;
    let context = Context {
        username: &user.username,
        display_name: &user.display_name,
        email: &user.email,
        organisation_name: &state.config.organisation_name,
    };
    let verdict = check_new_password(
        &candidate.password,
        state.config.password_min_length,
        &context,
    );
    Ok(Json(PasswordCheck {
        acceptable: verdict.is_ok(),
        problems: verdict
            .err()
            .map(|problem| field_error("password", "password", problem))
            .into_iter()
            .collect(),
    }))
}

/// Sets the new password and finishes: every session ends, every open reset and code is void,
/// the account is unlocked, and the person is told at every address (security.md 14–15).
#[utoipa::path(
    post, path = "/api/v1/reset/password", tag = "reset",
    request_body = NewPassword,
    responses(
        (status = 204, description = "The password is reset; sign in with it"),
        (status = 409, description = "Not proven yet, or the reset expired", body = ApiError),
        (status = 422, description = "The password breaks the policy (see fields)", body = ApiError),
    )
)]
pub async fn set_reset_password(
    State(state): State<AppState>,
    client: Client,
    jar: CookieJar,
    Json(new): Json<NewPassword>,
) -> Result<(StatusCode, CookieJar), AppError> {
    let flow = current_flow(&state, &jar).await?;
    let user = proven_account(&state, &flow).await?;
    match state.directory.set_password(&user, &new.password).await {
        Ok(()) => {}
        Err(PasswordRefused::Policy(problem)) => {
            return Err(refuse("password", "password", problem));
        }
        Err(PasswordRefused::Unavailable(reason)) => {
            return Err(AppError::Internal(anyhow::anyhow!(
                "the directory did not set the password: {reason}"
            )));
        }
    }
    let now = state.clock.now();
    let store = &state.store;
    store.delete_sessions_of(&user.id).await?;
    store.finish_resets_of(&user.id, now).await?;
    store.void_challenges_of(&user.id, now).await?;
    store.clear_sign_in_failures(&user.username).await?;
    store
        .audit(
            AuditEntry {
                user_id: &user.id,
                action: "password_reset",
                detail: "The password was reset with self-service password reset.",
                ip: &client.ip,
                user_agent: &client.user_agent,
            },
            now,
        )
        .await?;
    notify_reset(&state, &user).await?;
    Ok((
        StatusCode::NO_CONTENT,
        jar.add(removal_cookie(&state.config, cookie_name(&state))),
    ))
}

/// Tells the person at the work address, every personal email and every phone (by text).
async fn notify_reset(state: &AppState, user: &User) -> Result<(), sqlx::Error> {
    let config = &state.config;
    let methods = state.store.methods(&user.id).await?;
    let mut recipients = vec![(Channel::Email, user.email.clone())];
    for method in &methods {
        let channel = if method.kind == "email" {
            Channel::Email
        } else {
            Channel::Sms
        };
        if !recipients.iter().any(|(_, to)| *to == method.target) {
            recipients.push((channel, method.target.clone()));
        }
    }
    for (channel, to) in recipients {
        let (subject, body) = reset_notice(
            config.message_language,
            &config.organisation_name,
            &config.helpdesk_url,
            channel == Channel::Email,
        );
        let message = Message {
            channel,
            to: &to,
            subject: &subject,
            body: &body,
            code: None,
        };
        delivery::enqueue(state, message).await?;
    }
    Ok(())
}
