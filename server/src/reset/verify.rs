//! A reset's verification steps as the reset keeps them: a phone's number typed in full before
//! anything is sent (security.md 12), wrong ones counted like wrong codes, five per reset; and a
//! proven challenge recorded as a step — once per kind of method — with its tally, together.

use latchkey_api::types::{Channel, MethodKind};

use super::error::ResetError;
use crate::clock::Timestamp;
use crate::security_info::codes::MAX_FAILURES;
use crate::security_info::phone::is_same_number;
use crate::store::{ResetFlow, StepRecorded, Store};

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
    Ok(())
}

/// Records the step a challenge of `kind`, answered over `channel`, proved; returns the reset
/// as it now stands.
pub async fn record_step(
    store: &Store,
    flow: &ResetFlow,
    kind: MethodKind,
    channel: Channel,
    now: Timestamp,
) -> Result<ResetFlow, ResetError> {
    let mut tx = store.transaction().await?;
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
