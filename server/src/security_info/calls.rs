//! Verification calls: the phone rings, a voice asks the person to press #, and the gateway (or
//! the dev outbox) reports how the call ended. A call that rings for two minutes without an
//! answer and # has timed out, and a result that arrives after that is ignored.

use latchkey_api::types::CallState;

use crate::clock::Timestamp;
use crate::store::{Store, StoredChallenge};

/// How long a call may ring and wait for # before it counts as timed out.
pub const RING_TIMEOUT: i64 = 120;

pub use crate::store::CallOutcome;

impl CallOutcome {
    /// The outcome of keys pressed during the call: only # confirms.
    pub fn of_keys(digits: &str) -> Self {
        if digits.contains('#') {
            Self::Confirmed
        } else {
            Self::Declined
        }
    }
}

/// Records how the call carried by the delivery `delivery_id` ended. `false` when it is not a
/// current call of an open challenge, already has a result, or has timed out.
pub async fn record(
    store: &Store,
    delivery_id: &str,
    outcome: CallOutcome,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    store
        .autocommit()
        .await?
        .record_call_result(delivery_id, outcome, now - RING_TIMEOUT)
        .await
}

/// Notes a signed gateway report by its `fingerprint`, kept whatever comes of the report;
/// `false` if it was seen before (a replay). Fingerprints older than `forget_before` are
/// dropped: their timestamps are refused anyway.
pub async fn first_sight(
    store: &Store,
    fingerprint: &str,
    now: Timestamp,
    forget_before: Timestamp,
) -> Result<bool, sqlx::Error> {
    store
        .autocommit()
        .await?
        .note_gateway_callback(fingerprint, now, forget_before)
        .await
}

/// Where a challenge's call stands; `None` for a challenge that is not a call.
pub fn state(challenge: &StoredChallenge, now: Timestamp) -> Option<CallState> {
    let started = challenge.call_started_at?;
    Some(match challenge.call_result {
        Some(CallOutcome::Confirmed) => CallState::Confirmed,
        Some(CallOutcome::Declined) => CallState::Declined,
        Some(CallOutcome::NotAnswered) => CallState::NotAnswered,
        None if now - started >= RING_TIMEOUT => CallState::TimedOut,
        None => CallState::Calling,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pound_key_confirms() {
        assert_eq!(CallOutcome::of_keys("#"), CallOutcome::Confirmed);
        assert_eq!(CallOutcome::of_keys("1#"), CallOutcome::Confirmed);
        assert_eq!(CallOutcome::of_keys("1"), CallOutcome::Declined);
        assert_eq!(CallOutcome::of_keys(""), CallOutcome::Declined);
    }
}
