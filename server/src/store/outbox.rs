//! The development outbox: every message the dev-mode channels "send", newest first.

use sqlx::Row;

use super::deliveries::Delivery;
use super::{Store, Tx};
use crate::clock::Timestamp;

/// One message in the outbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxMessage {
    pub id: String,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub code: Option<String>,
    pub created_at: Timestamp,
}

/// Nanoseconds of the wall clock: orders messages within one second of the (injected) clock.
fn arrival_order() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i64)
}

impl Store {
    /// The channel of one outbox message, if it exists.
    pub async fn outbox_channel(&self, id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query("SELECT channel FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .map(|row| row.try_get("channel"))
            .transpose()
    }

    /// Every outbox message, newest first.
    pub async fn outbox(&self) -> Result<Vec<OutboxMessage>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, channel, recipient, subject, body, code, created_at FROM outbox
             ORDER BY created_at DESC, sequence DESC",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(OutboxMessage {
                    id: row.try_get("id")?,
                    channel: row.try_get("channel")?,
                    recipient: row.try_get("recipient")?,
                    subject: row.try_get("subject")?,
                    body: row.try_get("body")?,
                    code: row.try_get("code")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }
}

impl Tx {
    /// Puts a delivery in the outbox under the delivery's own ID, so delivering the same message
    /// twice (a worker that died before marking it sent) still leaves one copy.
    pub async fn put_in_outbox(
        &mut self,
        delivery: &Delivery,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO outbox (id, channel, recipient, subject, body, code, created_at, sequence)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&delivery.id)
        .bind(super::channel_name(delivery.channel))
        .bind(&delivery.recipient)
        .bind(&delivery.subject)
        .bind(&delivery.body)
        .bind(&delivery.code)
        .bind(now)
        .bind(arrival_order())
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
