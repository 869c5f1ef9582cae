//! The delivery queue. Workers on any replica claim a due message with a lease; the claim is one
//! conditional UPDATE, atomic on SQLite and PostgreSQL alike, so two workers never hold the same
//! message, and a message whose worker died is claimed again when its lease runs out.

use sqlx::Row;
use sqlx::any::AnyRow;

use latchkey_api::types::Channel;

use super::names::{StoredName, channel_in, channel_name, name_in};
use super::{Store, Tx, new_id};
use crate::clock::Timestamp;

/// A message waiting to be delivered, or being delivered.
#[derive(Clone)]
pub struct Delivery {
    pub id: String,
    pub channel: Channel,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub code: Option<String>,
    pub attempts: i64,
}

impl std::fmt::Debug for Delivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Delivery")
            .field("id", &self.id)
            .field("channel", &self.channel)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// A message to queue.
pub struct NewDelivery<'a> {
    pub channel: Channel,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub code: Option<&'a str>,
}

/// Where a message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Waiting, being sent, or to be tried again.
    Queued,
    Sent,
    /// Given up.
    Failed,
}

impl StoredName for DeliveryStatus {
    const ALL: &'static [Self] = &[Self::Queued, Self::Sent, Self::Failed];

    fn stored_name(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Failed => "failed",
        }
    }
}

/// What waits in the queue: how many messages, and how long the oldest has waited (seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlog {
    pub waiting: i64,
    pub oldest_age: i64,
}

fn from_row(row: &AnyRow) -> Result<Delivery, sqlx::Error> {
    Ok(Delivery {
        id: row.try_get("id")?,
        channel: channel_in(row, "channel")?,
        recipient: row.try_get("recipient")?,
        subject: row.try_get("subject")?,
        body: row.try_get("body")?,
        code: row.try_get("code")?,
        attempts: row.try_get("attempts")?,
    })
}

impl Store {
    /// The messages still to deliver, for the metrics.
    pub async fn delivery_backlog(&self, now: Timestamp) -> Result<Backlog, sqlx::Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS waiting, MIN(created_at) AS oldest FROM deliveries WHERE status = 'queued'",
        )
        .fetch_one(self.pool())
        .await?;
        let oldest: Option<i64> = row.try_get("oldest")?;
        Ok(Backlog {
            waiting: row.try_get("waiting")?,
            oldest_age: oldest.map_or(0, |created| (now - created).max(0)),
        })
    }

    /// A message's status by its stored name: `queued`, `sent` or `failed`.
    pub async fn delivery_status(&self, id: &str) -> Result<Option<String>, sqlx::Error> {
        Ok(self.delivery_progress(id).await?.map(|(status, _)| status))
    }

    /// A message's status by its stored name, and how many attempts were made.
    pub async fn delivery_progress(&self, id: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
        let state = self.delivery_state(id).await?;
        Ok(state.map(|(status, attempts)| (status.stored_name().to_string(), attempts)))
    }

    /// A message's status and how many attempts were made.
    pub async fn delivery_state(
        &self,
        id: &str,
    ) -> Result<Option<(DeliveryStatus, i64)>, sqlx::Error> {
        let row = sqlx::query("SELECT status, attempts FROM deliveries WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            let status = name_in(&row, "status")?;
            Ok((status, row.try_get("attempts")?))
        })
        .transpose()
    }
}

impl Tx {
    /// Queues a message for the delivery workers; returns its ID. It is sent once kept.
    pub async fn enqueue(
        &mut self,
        message: NewDelivery<'_>,
        now: Timestamp,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO deliveries (id, channel, recipient, subject, body, code, status, next_attempt_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $7)",
        )
        .bind(&id)
        .bind(channel_name(message.channel))
        .bind(message.recipient)
        .bind(message.subject)
        .bind(message.body)
        .bind(message.code)
        .bind(now)
        .execute(self.conn())
        .await?;
        self.message_queued();
        Ok(id)
    }

    /// Claims the oldest due message for `lease` seconds, if any is free.
    pub async fn claim_delivery(
        &mut self,
        now: Timestamp,
        lease: i64,
    ) -> Result<Option<Delivery>, sqlx::Error> {
        let candidates = sqlx::query(
            "SELECT id FROM deliveries
             WHERE status = 'queued' AND next_attempt_at <= $1 AND lease_until <= $1
             ORDER BY created_at LIMIT 8",
        )
        .bind(now)
        .fetch_all(self.conn())
        .await?;
        for candidate in candidates {
            let id: String = candidate.try_get("id")?;
            // Another worker may have claimed it since the SELECT: then no row matches.
            let claimed = sqlx::query(
                "UPDATE deliveries SET lease_until = $1, attempts = attempts + 1
                 WHERE id = $2 AND status = 'queued' AND lease_until <= $3",
            )
            .bind(now + lease)
            .bind(&id)
            .bind(now)
            .execute(self.conn())
            .await?;
            if claimed.rows_affected() == 1 {
                let row = sqlx::query(
                    "SELECT id, channel, recipient, subject, body, code, attempts FROM deliveries WHERE id = $1",
                )
                .bind(&id)
                .fetch_one(self.conn())
                .await?;
                return from_row(&row).map(Some);
            }
        }
        Ok(None)
    }

    /// Gives back a claimed message unsent: free to claim again at once, the try not counted.
    pub async fn release_delivery(&mut self, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE deliveries SET lease_until = 0, attempts = attempts - 1
             WHERE id = $1 AND status = 'queued'",
        )
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Marks a message delivered and forgets what it said: its body holds the code
    /// (security.md 4), and only its recipient and state are kept.
    pub async fn delivery_sent(&mut self, id: &str, now: Timestamp) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE deliveries SET status = 'sent', sent_at = $1, code = NULL, body = '', lease_until = 0
             WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records a failed attempt: retried at `retry_at`, or given up when `retry_at` is `None` —
    /// and then what it said (with its code) is forgotten too.
    pub async fn delivery_failed(
        &mut self,
        id: &str,
        error: &str,
        retry_at: Option<Timestamp>,
    ) -> Result<(), sqlx::Error> {
        let (status, next) = match retry_at {
            Some(at) => (DeliveryStatus::Queued, at),
            None => (DeliveryStatus::Failed, 0),
        };
        sqlx::query(
            "UPDATE deliveries SET status = $1, next_attempt_at = $2, last_error = $3, lease_until = 0,
                 code = CASE WHEN $1 = 'failed' THEN NULL ELSE code END,
                 body = CASE WHEN $1 = 'failed' THEN '' ELSE body END
             WHERE id = $4",
        )
        .bind(status.stored_name())
        .bind(next)
        .bind(error)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
