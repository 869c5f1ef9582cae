//! Codes sent by email or text, and calls answered with #: issuing one within the send limits,
//! a new code or call, and how its message or call is doing. The challenge and its message are
//! written in one transaction, with the text or call checked and counted against the day's caps
//! and budget (`crate::messaging::caps`).

use latchkey_api::Problem;
use latchkey_api::types::{Challenge, ChallengeStatus, Channel, DeliveryState, MethodKind};

use super::challenge::{Owner, is_decoy, is_held};
use crate::messaging::reach::refuse_unreachable;
use crate::messaging::{caps, pauses};
use crate::origin::Context;
use crate::security_info::codes::{self, Code, LIFETIME, MAX_FAILURES, RESEND_COOLDOWN};
use crate::security_info::error::SecurityInfoError;
use crate::security_info::masks::{masked_email, masked_phone, phone_in_full};
use crate::security_info::{calls, limits, messages};
use crate::store::{
    DeliveryStatus, NewChallenge, NewDelivery, Purpose, Store, StoredChallenge, Tx, new_id,
};

/// Creates a challenge and queues its code (or call), within the send limits.
pub async fn issue(
    store: &Store,
    cx: &Context<'_>,
    owner: &Owner<'_>,
    purpose: Purpose,
    kind: MethodKind,
    channel: Channel,
    target: &str,
) -> Result<Challenge, SecurityInfoError> {
    let now = cx.now;
    refuse_unreachable(cx.config, channel, target)?;
    let send = limits::Send {
        user_id: owner.user_id,
        target,
        network: &cx.origin.network,
        is_phone: channel != Channel::Email,
    };
    limits::count(store, &send, now).await?;
    pauses::judge(store, cx, channel, target).await?;
    let id = new_id();
    // A call carries no code (the person presses #), but the challenge keeps one that is never
    // told to anybody, so a code typed against a call can never match.
    let code = Code::generate();
    let language = language_of(store, cx, owner.user_id, channel).await?;
    let mut tx = store.transaction().await?;
    // A decoy's text counts as if it were sent, so the caps answer alike.
    let send = caps::Send {
        challenge_id: &id,
        purpose,
        channel,
        target,
        expires_at: now + LIFETIME,
    };
    let counted = caps::count(&mut tx, cx, &send).await?;
    tx.create_challenge(
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
        let delivery = send_code(&mut tx, cx, language, channel, target, &code).await?;
        tx.set_challenge_delivery(&id, &delivery).await?;
    }
    tx.commit().await?;
    if let Some(counted) = counted {
        counted.kept();
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
fn shown_destination(purpose: Purpose, channel: Channel, target: &str) -> String {
    match (purpose, channel) {
        (Purpose::Enroll, Channel::Email) => target.to_string(),
        (Purpose::Enroll, _) => phone_in_full(target),
        (_, Channel::Email) => masked_email(target),
        _ => masked_phone(target),
    }
}

/// The language to send a code in: the one the person picked, else their page's; calls in the
/// organisation's, which is the language the gateway's voice speaks.
async fn language_of(
    store: &Store,
    cx: &Context<'_>,
    user_id: &str,
    channel: Channel,
) -> Result<messages::Language, sqlx::Error> {
    Ok(match (channel, store.user(user_id).await?) {
        (Channel::Voice, _) | (_, None) => cx.config.message_language,
        (_, Some(user)) => cx.language_for(&user),
    })
}

/// Queues the code's message, or the call that asks for #, in `tx`; returns the delivery's ID.
async fn send_code(
    tx: &mut Tx,
    cx: &Context<'_>,
    language: messages::Language,
    channel: Channel,
    to: &str,
    code: &Code,
) -> Result<String, sqlx::Error> {
    let organisation = &cx.config.organisation_name;
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
    let message = NewDelivery {
        channel,
        recipient: to,
        subject: &subject,
        body: &body,
        code,
    };
    tx.enqueue(message, cx.now).await
}

/// Sends a new code (or places a new call) for a challenge, within the limits; wrong tries so
/// far still count.
pub async fn resend(
    store: &Store,
    cx: &Context<'_>,
    challenge: &StoredChallenge,
) -> Result<Challenge, SecurityInfoError> {
    let refused = |problem| SecurityInfoError::refused("code", "code", problem);
    let id = challenge.id.clone();
    let now = cx.now;
    if challenge.used_at.is_some() {
        return Err(refused(Problem::CodeUsed));
    }
    // Nothing was sent for a code the person holds.
    if is_held(challenge) {
        return Err(refused(Problem::Invalid));
    }
    // A resend keeps the failures, so a voided challenge cannot be revived: start again.
    if challenge.failures >= MAX_FAILURES {
        return Err(refused(Problem::TooManyTries));
    }
    let channel = challenge.channel;
    // A call that ended without # may be placed again at once; codes wait for the cooldown.
    let call_ended = calls::state(challenge, now).is_some_and(|call| call.ended_unconfirmed());
    if now < challenge.resend_after && !call_ended {
        return Err(SecurityInfoError::TooMany {
            retry_after: (challenge.resend_after - now) as u64,
        });
    }
    refuse_unreachable(cx.config, channel, &challenge.target)?;
    let send = limits::Send {
        user_id: &challenge.user_id,
        target: &challenge.target,
        network: &cx.origin.network,
        is_phone: channel != Channel::Email,
    };
    limits::count(store, &send, now).await?;
    pauses::judge(store, cx, channel, &challenge.target).await?;
    let code = Code::generate();
    let language = language_of(store, cx, &challenge.user_id, channel).await?;
    let mut tx = store.transaction().await?;
    let send = caps::Send {
        challenge_id: &id,
        purpose: challenge.purpose,
        channel,
        target: &challenge.target,
        expires_at: now + LIFETIME,
    };
    let counted = caps::count(&mut tx, cx, &send).await?;
    tx.replace_challenge_code(
        &id,
        &codes::hash(&id, code.expose()),
        now + LIFETIME,
        now + RESEND_COOLDOWN,
        (channel == Channel::Voice).then_some(now),
    )
    .await?;
    if !is_decoy(&challenge.user_id) {
        let delivery = send_code(&mut tx, cx, language, channel, &challenge.target, &code).await?;
        tx.set_challenge_delivery(&id, &delivery).await?;
    }
    tx.commit().await?;
    if let Some(counted) = counted {
        counted.kept();
    }
    Ok(Challenge {
        id,
        channel,
        destination: shown_destination(challenge.purpose, channel, &challenge.target),
        resend_after_seconds: RESEND_COOLDOWN as u32,
        expires_in_seconds: LIFETIME as u32,
        passkey_request: None,
    })
}

/// How a challenge's message or call is doing.
pub async fn status_of(
    store: &Store,
    challenge: &StoredChallenge,
    now: crate::clock::Timestamp,
) -> Result<ChallengeStatus, sqlx::Error> {
    let progress = match &challenge.delivery_id {
        Some(delivery) => store.delivery_state(delivery).await?,
        None => None,
    };
    let delivery = match progress {
        // Nothing is sent for a code the person holds: it is there already. A decoy's code
        // "went" at once.
        None if is_held(challenge) || is_decoy(&challenge.user_id) => DeliveryState::Sent,
        Some((DeliveryStatus::Sent, _)) => DeliveryState::Sent,
        Some((DeliveryStatus::Failed, _)) => DeliveryState::Failed,
        Some((DeliveryStatus::Queued, attempts)) if attempts > 0 => DeliveryState::Retrying,
        _ => DeliveryState::Sending,
    };
    Ok(ChallengeStatus {
        delivery,
        call: calls::state(challenge, now),
    })
}
