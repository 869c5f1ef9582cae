//! What every challenge shares: whose it is, whether it is answered with something the person
//! holds, whether it stands for a decoy, and whether it may still be answered.

use latchkey_api::Problem;
use latchkey_api::types::{Channel, MethodKind};

use crate::clock::Timestamp;
use crate::security_info::codes::MAX_FAILURES;
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Session;
use crate::store::{Store, StoredChallenge, decoy_name_key};

/// Who a challenge belongs to: a signed-in session, or a password reset in progress.
pub struct Owner<'a> {
    pub user_id: &'a str,
    pub session_hash: &'a str,
}

impl<'a> Owner<'a> {
    /// A signed-in session's challenges.
    pub fn of(session: &Session<'a>) -> Self {
        Self {
            user_id: &session.user.id,
            session_hash: session.hash,
        }
    }
}

/// Which channels reach a kind of method: texts and calls for phones, email for email.
pub fn check_channel(kind: MethodKind, channel: Channel) -> Result<(), SecurityInfoError> {
    if kind.channels().contains(&channel) {
        Ok(())
    } else {
        Err(SecurityInfoError::refused(
            "channel",
            "way to receive the code",
            Problem::Invalid,
        ))
    }
}

/// This owner's challenge; another user's or session's challenge does not exist.
pub async fn own_challenge(
    store: &Store,
    owner: &Owner<'_>,
    id: &str,
) -> Result<StoredChallenge, SecurityInfoError> {
    store
        .challenge(id)
        .await?
        .filter(|c| c.user_id == owner.user_id && c.session_hash == owner.session_hash)
        .ok_or(SecurityInfoError::NotFound)
}

/// Whether a challenge is answered with something held, so nothing was sent for it.
pub fn is_held(challenge: &StoredChallenge) -> bool {
    !challenge.channel.is_sent()
}

/// Whether a challenge's account is a decoy's stand-in: nothing is ever sent for it.
pub fn is_decoy(user_id: &str) -> bool {
    decoy_name_key(user_id).is_some()
}

/// Refuses a challenge that can no longer be answered: used, voided by wrong tries, or expired;
/// the refusal names `field` (the code, or the passkey).
pub fn refuse_if_closed(
    challenge: &StoredChallenge,
    now: Timestamp,
    field: &str,
) -> Result<(), SecurityInfoError> {
    let problem = if challenge.used_at.is_some() {
        Problem::CodeUsed
    } else if challenge.failures >= MAX_FAILURES {
        Problem::TooManyTries
    } else if now >= challenge.expires_at {
        Problem::CodeExpired
    } else {
        return Ok(());
    };
    Err(SecurityInfoError::refused(field, field, problem))
}
