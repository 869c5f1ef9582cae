//! One challenge's life, shared by security info and password reset: who owns it, issuing it
//! within the send limits, checking a typed code, using it once, a new code or call, and how its
//! message or call is doing.

use latchkey_api::Problem;
use latchkey_api::types::{Challenge, ChallengeStatus, Channel, DeliveryState, MethodKind};
use latchkey_api::validation::{field_error, normalise_code};

use super::held::{held_code_is_right, is_held};
use crate::delivery::{self, Message};
use crate::http::auth::SignedIn;
use crate::http::error::AppError;
use crate::origin::Origin;
use crate::security_info::codes::{self, Code, LIFETIME, MAX_FAILURES, RESEND_COOLDOWN};
use crate::security_info::masks::{masked_email, masked_phone, phone_in_full};
use crate::security_info::{calls, limits, messages, recovery};
use crate::state::AppState;
use crate::store::{NewChallenge, StoredChallenge, decoy_name_key, new_id};

/// Who a challenge belongs to: a signed-in session, or a password reset in progress.
pub struct Owner<'a> {
    pub user_id: &'a str,
    pub session_hash: &'a str,
}

impl<'a> Owner<'a> {
    pub fn of(signed_in: &'a SignedIn) -> Self {
        Self {
            user_id: &signed_in.user.id,
            session_hash: &signed_in.session_hash,
        }
    }
}

/// Whether a challenge's account is a decoy's stand-in: nothing is ever sent for it.
fn is_decoy(user_id: &str) -> bool {
    decoy_name_key(user_id).is_some()
}

pub(in crate::http) fn refuse(field: &str, label: &str, problem: Problem) -> AppError {
    AppError::Validation(vec![field_error(field, label, problem)])
}

/// Creates a challenge and queues its code, within the send limits.
pub(in crate::http) async fn issue(
    state: &AppState,
    owner: &Owner<'_>,
    client: &Origin,
    purpose: &str,
    kind: MethodKind,
    channel: Channel,
    target: &str,
) -> Result<Challenge, AppError> {
    let now = state.clock.now();
    let send = limits::Send {
        user_id: owner.user_id,
        target,
        network: &client.network,
        is_phone: channel != Channel::Email,
    };
    limits::count(&state.store, &send, now).await?;
    let id = new_id();
    // A call carries no code (the person presses #), but the challenge keeps one that is never
    // told to anybody, so a code typed against a call can never match.
    let code = Code::generate();
    state
        .store
        .autocommit()
        .await?
        .create_challenge(
            NewChallenge {
                id: &id,
                user_id: owner.user_id,
                session_hash: owner.session_hash,
                purpose,
                method_kind: kind,
                channel,
                target,
                code_hash: &codes::hash(&id, code.expose()),
                expires_at: now + LIFETIME,
                resend_after: now + RESEND_COOLDOWN,
                call_started_at: (channel == Channel::Voice).then_some(now),
                passkey_state: None,
            },
            now,
        )
        .await?;
    if !is_decoy(owner.user_id) {
        let delivery = send_code(state, owner.user_id, client, channel, target, &code).await?;
        state
            .store
            .autocommit()
            .await?
            .set_challenge_delivery(&id, &delivery)
            .await?;
    }
    Ok(Challenge {
        id,
        channel,
        destination: shown_destination(purpose, channel, target),
        resend_after_seconds: RESEND_COOLDOWN as u32,
        expires_in_seconds: LIFETIME as u32,
        passkey_request: None,
    })
}

/// Where a code or call went, as the page shows it: in full while enrolling (the person just
/// typed it), masked when verifying with an enrolled method.
fn shown_destination(purpose: &str, channel: Channel, target: &str) -> String {
    match (purpose, channel) {
        ("enroll", Channel::Email) => target.to_string(),
        ("enroll", _) => phone_in_full(target),
        (_, Channel::Email) => masked_email(target),
        _ => masked_phone(target),
    }
}

/// Queues the code's message, or the call that asks for #; returns the delivery's ID. Emails
/// and texts are in the language the person picked, else their page's; calls in the
/// organisation's, which is the language the gateway's voice speaks.
async fn send_code(
    state: &AppState,
    user_id: &str,
    client: &Origin,
    channel: Channel,
    to: &str,
    code: &Code,
) -> Result<String, AppError> {
    let organisation = &state.config.organisation_name;
    let language = match (channel, state.store.user(user_id).await?) {
        (Channel::Voice, _) | (_, None) => state.config.message_language,
        (_, Some(user)) => state.config.language_for(&user, client.language),
    };
    let ((subject, body), code) = match channel {
        Channel::Voice => (messages::call_script(language, organisation), None),
        Channel::Email => (
            messages::code_message(language, organisation, code.expose(), true),
            Some(code.expose()),
        ),
        _ => (
            messages::code_message(language, organisation, code.expose(), false),
            Some(code.expose()),
        ),
    };
    let message = Message {
        channel,
        to,
        subject: &subject,
        body: &body,
        code,
    };
    Ok(delivery::enqueue(state, message).await?)
}

/// This session's challenge, or 404 (another user's or session's challenge does not exist).
pub(in crate::http) async fn own_challenge(
    state: &AppState,
    owner: &Owner<'_>,
    id: &str,
) -> Result<StoredChallenge, AppError> {
    state
        .store
        .challenge(id)
        .await?
        .filter(|c| c.user_id == owner.user_id && c.session_hash == owner.session_hash)
        .ok_or(AppError::NotFound)
}

/// Checks a typed code against a challenge, counting a wrong one; a right one is not used yet.
pub(in crate::http) async fn check_code(
    state: &AppState,
    challenge: &StoredChallenge,
    typed: &str,
) -> Result<(), AppError> {
    let id = &challenge.id;
    let now = state.clock.now();
    let problem = |p| refuse("code", "code", p);
    let is_recovery_code = challenge.channel == Channel::RecoveryCode;
    let empty = if is_recovery_code {
        recovery::normalise(typed).is_empty()
    } else {
        normalise_code(typed).is_empty()
    };
    if empty {
        return Err(problem(Problem::Required));
    }
    if challenge.channel == Channel::Voice {
        return Err(refuse("call", "call", Problem::CallNotConfirmed));
    }
    if challenge.channel == Channel::Passkey {
        return Err(refuse("passkey", "passkey", Problem::PasskeyFailed));
    }
    refuse_if_closed(challenge, now, "code")?;
    let right = if is_held(challenge) {
        held_code_is_right(state, challenge, typed).await?
    } else {
        codes::matches(id, &normalise_code(typed), &challenge.code_hash)
    };
    if !right {
        let failures = state.store.autocommit().await?.challenge_failed(id).await?;
        return Err(problem(if failures >= MAX_FAILURES {
            Problem::TooManyTries
        } else {
            Problem::WrongCode
        }));
    }
    Ok(())
}

/// Refuses a challenge that can no longer be answered: used, voided by wrong tries, or expired;
/// the refusal names `field` (the code, or the passkey).
pub(in crate::http) fn refuse_if_closed(
    challenge: &StoredChallenge,
    now: crate::clock::Timestamp,
    field: &str,
) -> Result<(), AppError> {
    let problem = if challenge.used_at.is_some() {
        Problem::CodeUsed
    } else if challenge.failures >= MAX_FAILURES {
        Problem::TooManyTries
    } else if now >= challenge.expires_at {
        Problem::CodeExpired
    } else {
        return Ok(());
    };
    Err(refuse(field, field, problem))
}

/// Uses a proven challenge (right code, or a call answered with #); only one caller succeeds.
pub(in crate::http) async fn use_once(
    state: &AppState,
    challenge: &StoredChallenge,
) -> Result<(), AppError> {
    let now = state.clock.now();
    if state
        .store
        .autocommit()
        .await?
        .use_challenge(&challenge.id, MAX_FAILURES, now)
        .await?
    {
        Ok(())
    } else {
        // Another request used it, or voided it, a moment ago — or it expired.
        Err(refuse("code", "code", Problem::CodeUsed))
    }
}

/// Sends a new code (or places a new call) for a challenge, within the limits.
pub(in crate::http) async fn resend(
    state: &AppState,
    challenge: &StoredChallenge,
    client: &Origin,
) -> Result<Challenge, AppError> {
    let id = challenge.id.clone();
    let now = state.clock.now();
    if challenge.used_at.is_some() {
        return Err(refuse("code", "code", Problem::CodeUsed));
    }
    // Nothing was sent for a code the person holds.
    if is_held(challenge) {
        return Err(refuse("code", "code", Problem::Invalid));
    }
    // A resend keeps the failures, so a voided challenge cannot be revived: start again.
    if challenge.failures >= MAX_FAILURES {
        return Err(refuse("code", "code", Problem::TooManyTries));
    }
    let channel = challenge.channel;
    // A call that ended without # may be placed again at once; codes wait for the cooldown.
    let call_ended = calls::state(challenge, now).is_some_and(|call| call.ended_unconfirmed());
    if now < challenge.resend_after && !call_ended {
        return Err(AppError::RateLimited {
            retry_after: (challenge.resend_after - now) as u64,
        });
    }
    let send = limits::Send {
        user_id: &challenge.user_id,
        target: &challenge.target,
        network: &client.network,
        is_phone: channel != Channel::Email,
    };
    limits::count(&state.store, &send, now).await?;
    let code = Code::generate();
    state
        .store
        .autocommit()
        .await?
        .replace_challenge_code(
            &id,
            &codes::hash(&id, code.expose()),
            now + LIFETIME,
            now + RESEND_COOLDOWN,
            (channel == Channel::Voice).then_some(now),
        )
        .await?;
    if !is_decoy(&challenge.user_id) {
        let delivery = send_code(
            state,
            &challenge.user_id,
            client,
            channel,
            &challenge.target,
            &code,
        )
        .await?;
        state
            .store
            .autocommit()
            .await?
            .set_challenge_delivery(&id, &delivery)
            .await?;
    }
    Ok(Challenge {
        id,
        channel,
        destination: shown_destination(&challenge.purpose, channel, &challenge.target),
        resend_after_seconds: RESEND_COOLDOWN as u32,
        expires_in_seconds: LIFETIME as u32,
        passkey_request: None,
    })
}

/// How a challenge's message or call is doing.
pub(in crate::http) async fn status_of(
    state: &AppState,
    challenge: &StoredChallenge,
) -> Result<ChallengeStatus, AppError> {
    let progress = match &challenge.delivery_id {
        Some(delivery) => state.store.delivery_progress(delivery).await?,
        None => None,
    };
    let delivery = match progress {
        // Nothing is sent for a code the person holds: it is there already. A decoy's code
        // "went" at once.
        None if is_held(challenge) || is_decoy(&challenge.user_id) => DeliveryState::Sent,
        Some((status, _)) if status == "sent" => DeliveryState::Sent,
        Some((status, _)) if status == "failed" => DeliveryState::Failed,
        Some((_, attempts)) if attempts > 0 => DeliveryState::Retrying,
        _ => DeliveryState::Sending,
    };
    Ok(ChallengeStatus {
        delivery,
        call: calls::state(challenge, state.clock.now()),
    })
}
