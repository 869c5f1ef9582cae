//! A signed-in person proving themselves: a code sent to one of their methods (or a challenge
//! for what they hold), then the answer — a code, a passkey, or a call answered with #. A proven
//! challenge is used once, the session counts as verified under a new ID, and an enrollment's
//! challenge registers its method: all in one transaction.

use latchkey_api::Problem;
use latchkey_api::types::{CallState, Challenge, ChallengeStatus, Channel};
use webauthn_rs::Webauthn;

use super::answer::{check_code, kept, use_once};
use super::challenge::{Owner, check_channel, own_challenge};
use super::held::{check_passkey, issue_held, passkey_used};
use super::sent::{issue, resend, status_of};
use crate::clock::Timestamp;
use crate::origin::Context;
use crate::sealing::SealingKey;
use crate::security_info::calls;
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Session;
use crate::security_info::registration::registered;
use crate::store::{Purpose, Store, StoredMethod};

/// Sends a code to one of the person's methods after the send limits allow it — or, for an
/// app, recovery codes or a passkey, starts a challenge answered with what they hold.
pub async fn start_verification(
    store: &Store,
    webauthn: &Webauthn,
    cx: &Context<'_>,
    session: Session<'_>,
    method_id: &str,
    channel: Channel,
) -> Result<Challenge, SecurityInfoError> {
    let methods = store.methods(&session.user.id).await?;
    let method = methods
        .iter()
        .find(|m| m.id == method_id)
        .ok_or(SecurityInfoError::NotFound)?;
    check_channel(method.kind, channel)?;
    let owner = Owner::of(&session);
    if !channel.is_sent() {
        let network = &cx.origin.network;
        let purpose = Purpose::Verify;
        return issue_held(
            store, webauthn, &owner, network, purpose, channel, method, cx.now,
        )
        .await;
    }
    issue(
        store,
        cx,
        &owner,
        Purpose::Verify,
        method.kind,
        channel,
        &method.target,
    )
    .await
}

/// What the person answers a challenge with.
#[derive(Clone, Copy)]
pub enum Answer<'a> {
    /// A code they typed.
    Code(&'a str),
    /// The browser's answer to a passkey challenge.
    Passkey(&'a serde_json::Value),
    /// The call was answered with # (the gateway said so).
    Call,
}

/// Proves the session's challenge `id` with `answer`. Right: the challenge is used, the session
/// counts as verified under the ID whose hash is `renewed_hash`, and an enrollment registers its
/// method — if the session is still fresh enough to change security info, as it had to be when
/// the enrollment started (security.md 21); returns that method. Wrong: the try is counted.
#[allow(clippy::too_many_arguments)]
pub async fn prove(
    store: &Store,
    webauthn: &Webauthn,
    sealing_key: &SealingKey,
    cx: &Context<'_>,
    session: Session<'_>,
    id: &str,
    answer: Answer<'_>,
    renewed_hash: &str,
) -> Result<Option<StoredMethod>, SecurityInfoError> {
    let now = cx.now;
    let challenge = own_challenge(store, &Owner::of(&session), id).await?;
    let passkeys = match answer {
        Answer::Passkey(answer) => check_passkey(store, webauthn, cx, &challenge, answer).await?,
        Answer::Code(_) => Vec::new(),
        Answer::Call => {
            if calls::state(&challenge, now) != Some(CallState::Confirmed) {
                return Err(SecurityInfoError::refused(
                    "call",
                    "call",
                    Problem::CallNotConfirmed,
                ));
            }
            Vec::new()
        }
    };
    let mut tx = store.transaction().await?;
    if let Answer::Code(typed) = answer
        && let Err(refusal) = check_code(&mut tx, sealing_key, &challenge, typed, now).await
    {
        return Err(kept(tx, refusal).await);
    }
    let user = session.user;
    let before = tx.methods(&user.id).await?;
    let enrolling = challenge.purpose == Purpose::Enroll;
    if enrolling {
        session.require_fresh(!before.is_empty(), now)?;
    }
    use_once(&mut tx, &challenge, now).await?;
    passkey_used(&mut tx, &passkeys, now).await?;
    tx.verify_session(session.hash, renewed_hash, now).await?;
    let method = if enrolling {
        let kind = challenge.method_kind;
        let method = tx
            .put_method(&user.id, kind, &challenge.target, now)
            .await?;
        let replaced = before.iter().any(|m| m.kind == kind);
        let channel = challenge.channel;
        registered(&mut tx, cx, user, &before, &method, channel, replaced).await?;
        Some(method)
    } else {
        None
    };
    tx.commit().await?;
    Ok(method)
}

/// A new code (or call) for the session's challenge `id`, replacing the old one, within the
/// limits; wrong tries so far still count.
pub async fn new_code(
    store: &Store,
    cx: &Context<'_>,
    session: Session<'_>,
    id: &str,
) -> Result<Challenge, SecurityInfoError> {
    let challenge = own_challenge(store, &Owner::of(&session), id).await?;
    resend(store, cx, &challenge).await
}

/// How the message or call of the session's challenge `id` is doing.
pub async fn progress(
    store: &Store,
    session: Session<'_>,
    id: &str,
    now: Timestamp,
) -> Result<ChallengeStatus, SecurityInfoError> {
    let challenge = own_challenge(store, &Owner::of(&session), id).await?;
    Ok(status_of(store, &challenge, now).await?)
}
