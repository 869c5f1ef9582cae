//! Checking what the person answers a challenge with, in the action's transaction: a typed code
//! (counted when wrong), and using a proven challenge once.

use latchkey_api::Problem;
use latchkey_api::types::Channel;
use latchkey_api::validation::normalise_code;

use super::challenge::{is_held, refuse_if_closed};
use super::held::held_code_is_right;
use crate::clock::Timestamp;
use crate::messaging::pauses;
use crate::sealing::SealingKey;
use crate::security_info::codes::{self, MAX_FAILURES};
use crate::security_info::error::SecurityInfoError;
use crate::security_info::recovery;
use crate::store::{StoredChallenge, Tx};

/// Checks a typed code against a challenge; a right one is not used yet (an app's step or a
/// recovery code is spent in `tx`). A wrong one is counted in `tx` and refused: the caller keeps
/// the count with [`kept`] whatever it does next.
pub async fn check_code(
    tx: &mut Tx,
    sealing_key: &SealingKey,
    challenge: &StoredChallenge,
    typed: &str,
    now: Timestamp,
) -> Result<(), SecurityInfoError> {
    let refused = |problem| SecurityInfoError::refused("code", "code", problem);
    let empty = if challenge.channel == Channel::RecoveryCode {
        recovery::normalise(typed).is_empty()
    } else {
        normalise_code(typed).is_empty()
    };
    if empty {
        return Err(refused(Problem::Required));
    }
    if challenge.channel == Channel::Voice {
        return Err(SecurityInfoError::refused(
            "call",
            "call",
            Problem::CallNotConfirmed,
        ));
    }
    if challenge.channel == Channel::Passkey {
        return Err(SecurityInfoError::refused(
            "passkey",
            "passkey",
            Problem::PasskeyFailed,
        ));
    }
    refuse_if_closed(challenge, now, "code")?;
    let right = if is_held(challenge) {
        held_code_is_right(tx, sealing_key, challenge, typed, now).await?
    } else {
        codes::matches(&challenge.id, &normalise_code(typed), &challenge.code_hash)
    };
    if !right {
        let failures = tx.challenge_failed(&challenge.id).await?;
        return Err(refused(if failures >= MAX_FAILURES {
            Problem::TooManyTries
        } else {
            Problem::WrongCode
        }));
    }
    Ok(())
}

/// Keeps what a refused answer counted (`tx` committed), then gives the refusal.
pub async fn kept(tx: Tx, refusal: SecurityInfoError) -> SecurityInfoError {
    match tx.commit().await {
        Ok(()) => refusal,
        Err(error) => error.into(),
    }
}

/// Uses a proven challenge (right code, passkey, or a call answered with #) in `tx`; only one
/// caller succeeds.
pub async fn use_once(
    tx: &mut Tx,
    challenge: &StoredChallenge,
    now: Timestamp,
) -> Result<(), SecurityInfoError> {
    if tx.use_challenge(&challenge.id, MAX_FAILURES, now).await? {
        // Its text or call was proven: the automatic pause counts it.
        pauses::proven(tx, &challenge.id, now).await?;
        Ok(())
    } else {
        // Another request used it, or voided it, a moment ago — or it expired.
        Err(SecurityInfoError::refused(
            "code",
            "code",
            Problem::CodeUsed,
        ))
    }
}
