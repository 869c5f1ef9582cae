//! A reset's verification steps as the reset keeps them: a phone's number typed in full before
//! anything is sent (security.md 12), wrong ones counted like wrong codes, five per reset; and the
//! answer to a challenge checked, the challenge used and the step recorded — once per kind of
//! method — with its tally, together.

use super::error::ResetError;
use crate::clock::Timestamp;
use crate::proof::{self, PasskeyUse};
use crate::sealing::SealingKey;
use crate::security_info::codes::MAX_FAILURES;
use crate::security_info::phone::is_same_number;
use crate::store::{ResetFlow, StepRecorded, Store, StoredChallenge};

/// Whether `typed` is the registered phone's number; a wrong one is counted (and kept) before
/// the refusal. A decoy's never match.
pub async fn check_number(
    store: &Store,
    flow: &ResetFlow,
    typed: Option<&str>,
    registered: &str,
) -> Result<(), ResetError> {
    let typed = typed.unwrap_or_default();
    if typed.trim().is_empty() {
        return Err(ResetError::NumberMissing);
    }
    let refused = |failures: i64| {
        if failures >= MAX_FAILURES {
            ResetError::TooManyNumbers
        } else {
            ResetError::NumberMismatch
        }
    };
    if flow.number_failures >= MAX_FAILURES {
        return Err(refused(flow.number_failures));
    }
    if flow.user_id.is_none() || !is_same_number(typed, registered) {
        let mut tx = store.transaction().await?;
        let failures = tx.reset_number_failed(&flow.id_hash).await?;
        tx.commit().await?;
        return Err(refused(failures));
    }
    // Read again: wrong numbers typed at the same moment count too.
    let now_failed = store.reset_flow(&flow.id_hash).await?;
    match now_failed {
        Some(flow) if flow.number_failures >= MAX_FAILURES => Err(refused(flow.number_failures)),
        Some(_) => Ok(()),
        None => Err(ResetError::Expired),
    }
}

/// How the person answered one of the reset's challenges.
pub enum Answer<'a> {
    /// A code they typed (a recovery code, or an app's code, is spent with the step).
    Code(&'a str),
    /// A passkey whose signature was checked: its use is noted with the step.
    Passkey(&'a [PasskeyUse]),
    /// A call answered with #.
    Call,
}

/// Proves a step with the answer to one of the reset's challenges, in one transaction: the
/// answer checked (a wrong code counted, and kept), the challenge used once, the step recorded
/// once per kind of method, and its tally. Returns the reset as it now stands.
pub async fn prove(
    store: &Store,
    sealing_key: &SealingKey,
    flow: &ResetFlow,
    challenge: &StoredChallenge,
    answer: Answer<'_>,
    now: Timestamp,
) -> Result<ResetFlow, ResetError> {
    let (kind, channel) = (challenge.method_kind, challenge.channel);
    let mut tx = store.transaction().await?;
    match answer {
        Answer::Code(typed) => {
            if let Err(refusal) =
                proof::check_code(&mut tx, sealing_key, challenge, typed, now).await
            {
                return Err(proof::kept(tx, refusal).await.into());
            }
        }
        Answer::Passkey(used) => proof::passkey_used(&mut tx, used, now).await?,
        Answer::Call => {}
    }
    proof::use_once(&mut tx, challenge, now).await?;
    let recorded = tx.prove_reset_step(flow, kind, now).await?;
    if recorded == StepRecorded::Recorded {
        let way = crate::store::channel_name(channel);
        tx.tally(&format!("reset_proved_{way}"), now).await?;
        tx.commit().await?;
    } else {
        drop(tx);
    }
    let now_proven = store.reset_flow(&flow.id_hash).await?;
    match (recorded, now_proven) {
        (StepRecorded::Recorded, Some(flow)) => Ok(flow),
        (StepRecorded::KindAlreadyUsed, _) => Err(ResetError::KindAlreadyUsed),
        // Another request proved a step a moment ago: say which way, if it was this kind.
        (StepRecorded::Closed, Some(flow)) if flow.proven.contains(&kind) => {
            Err(ResetError::KindAlreadyUsed)
        }
        _ => Err(ResetError::Expired),
    }
}
