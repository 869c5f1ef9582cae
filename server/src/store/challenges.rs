//! One-time-code challenges. Every check and count is a single conditional statement, so wrong
//! codes sent to different replicas add up and a code is accepted at most once.

use latchkey_api::types::{Channel, MethodKind};
use sqlx::Row;

use super::names::{
    StoredName, channel_in, channel_name, kind_in, kind_name, name_in, optional_name_in,
};
use super::{Store, Tx};
use crate::clock::Timestamp;

/// What a challenge was issued for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A signed-in person verifying with a method they have.
    Verify,
    /// A signed-in person proving a phone or email they are adding.
    Enroll,
    /// A password reset's verification.
    Reset,
    /// IT support verifying a caller.
    Caller,
}

impl StoredName for Purpose {
    const ALL: &'static [Self] = &[Self::Verify, Self::Enroll, Self::Reset, Self::Caller];

    fn stored_name(self) -> &'static str {
        match self {
            Self::Verify => "verify",
            Self::Enroll => "enroll",
            Self::Reset => "reset",
            Self::Caller => "caller",
        }
    }
}

/// How a call ended, as a gateway reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallOutcome {
    /// Answered, and # pressed.
    Confirmed,
    /// Declined, busy, or answered and ended without #.
    Declined,
    /// Rang out, or could not be connected.
    NotAnswered,
}

impl StoredName for CallOutcome {
    const ALL: &'static [Self] = &[Self::Confirmed, Self::Declined, Self::NotAnswered];

    fn stored_name(self) -> &'static str {
        match self {
            Self::Confirmed => "confirmed",
            Self::Declined => "declined",
            Self::NotAnswered => "not_answered",
        }
    }
}

/// A challenge as stored; the code itself is only ever kept as a hash.
#[derive(Clone, Debug)]
pub struct StoredChallenge {
    pub id: String,
    pub user_id: String,
    pub session_hash: String,
    pub purpose: Purpose,
    pub method_kind: MethodKind,
    pub channel: Channel,
    pub target: String,
    pub code_hash: String,
    pub failures: i64,
    pub expires_at: Timestamp,
    pub resend_after: Timestamp,
    pub used_at: Option<Timestamp>,
    pub delivery_id: Option<String>,
    /// For a call: when the current call was placed, and how it ended (NULL while it rings).
    pub call_started_at: Option<Timestamp>,
    pub call_result: Option<CallOutcome>,
    /// For a passkey: the ceremony's state, kept until the browser answers.
    pub passkey_state: Option<String>,
}

/// What to store for a new challenge.
pub struct NewChallenge<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub session_hash: &'a str,
    pub purpose: Purpose,
    pub method_kind: MethodKind,
    pub channel: Channel,
    pub target: &'a str,
    pub code_hash: &'a str,
    pub expires_at: Timestamp,
    pub resend_after: Timestamp,
    /// Set for a call: when it was placed.
    pub call_started_at: Option<Timestamp>,
    /// Set for a passkey: the ceremony's state.
    pub passkey_state: Option<&'a str>,
}

impl Store {
    pub async fn challenge(&self, id: &str) -> Result<Option<StoredChallenge>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, user_id, session_hash, purpose, method_kind, channel, target, code_hash, failures, expires_at, resend_after, used_at, delivery_id, call_started_at, call_result, passkey_state
             FROM challenges WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(StoredChallenge {
                id: row.try_get("id")?,
                user_id: row.try_get("user_id")?,
                session_hash: row.try_get("session_hash")?,
                purpose: name_in(&row, "purpose")?,
                method_kind: kind_in(&row, "method_kind")?,
                channel: channel_in(&row, "channel")?,
                target: row.try_get("target")?,
                code_hash: row.try_get("code_hash")?,
                failures: row.try_get("failures")?,
                expires_at: row.try_get("expires_at")?,
                resend_after: row.try_get("resend_after")?,
                used_at: row.try_get("used_at")?,
                delivery_id: row.try_get("delivery_id")?,
                call_started_at: row.try_get("call_started_at")?,
                call_result: optional_name_in(&row, "call_result")?,
                passkey_state: row.try_get("passkey_state")?,
            })
        })
        .transpose()
    }
}

impl Store {
    /// The user whose challenge's current message is `delivery_id`, if it carries one.
    pub async fn user_awaiting_delivery(
        &self,
        delivery_id: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        sqlx::query("SELECT user_id FROM challenges WHERE delivery_id = $1")
            .bind(delivery_id)
            .fetch_optional(self.pool())
            .await?
            .map(|row| row.try_get("user_id"))
            .transpose()
    }
}

impl Tx {
    pub async fn create_challenge(
        &mut self,
        challenge: NewChallenge<'_>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO challenges (id, user_id, session_hash, purpose, method_kind, channel, target, code_hash, created_at, expires_at, resend_after, call_started_at, passkey_state)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(challenge.id)
        .bind(challenge.user_id)
        .bind(challenge.session_hash)
        .bind(challenge.purpose.stored_name())
        .bind(kind_name(challenge.method_kind))
        .bind(channel_name(challenge.channel))
        .bind(challenge.target)
        .bind(challenge.code_hash)
        .bind(now)
        .bind(challenge.expires_at)
        .bind(challenge.resend_after)
        .bind(challenge.call_started_at)
        .bind(challenge.passkey_state)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records which queued message carries the challenge's current code.
    pub async fn set_challenge_delivery(
        &mut self,
        id: &str,
        delivery_id: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE challenges SET delivery_id = $1 WHERE id = $2")
            .bind(delivery_id)
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Counts a wrong code; returns the failures so far.
    pub async fn challenge_failed(&mut self, id: &str) -> Result<i64, sqlx::Error> {
        let row = sqlx::query(
            "UPDATE challenges SET failures = failures + 1 WHERE id = $1 RETURNING failures",
        )
        .bind(id)
        .fetch_one(self.conn())
        .await?;
        row.try_get("failures")
    }

    /// Marks the challenge used if it still may be: unused, unexpired, under `max_failures`.
    /// Only one caller ever gets `true`.
    pub async fn use_challenge(
        &mut self,
        id: &str,
        max_failures: i64,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE challenges SET used_at = $1
             WHERE id = $2 AND used_at IS NULL AND expires_at > $1 AND failures < $3",
        )
        .bind(now)
        .bind(id)
        .bind(max_failures)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Replaces the code (a resend, or a new call): the old code stops working, the failures
    /// stay counted, and a call starts again from ringing.
    pub async fn replace_challenge_code(
        &mut self,
        id: &str,
        code_hash: &str,
        expires_at: Timestamp,
        resend_after: Timestamp,
        call_started_at: Option<Timestamp>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE challenges SET code_hash = $1, expires_at = $2, resend_after = $3, call_started_at = $4, call_result = NULL
             WHERE id = $5 AND used_at IS NULL",
        )
        .bind(code_hash)
        .bind(expires_at)
        .bind(resend_after)
        .bind(call_started_at)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records how the call carried by `delivery_id` ended, if it is the challenge's current call,
    /// still unused, without a result, and placed after `placed_after` (older calls have timed
    /// out). Only the first result counts; returns whether this one did.
    pub async fn record_call_result(
        &mut self,
        delivery_id: &str,
        result: CallOutcome,
        placed_after: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE challenges SET call_result = $1
             WHERE delivery_id = $2 AND channel = 'voice' AND used_at IS NULL AND call_result IS NULL
               AND call_started_at > $3",
        )
        .bind(result.stored_name())
        .bind(delivery_id)
        .bind(placed_after)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
