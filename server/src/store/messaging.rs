//! Texts and calls per country (#30): today's counts by scope (a country and channel, a number
//! prefix, the budget), every send with whether its code was proven, and paused countries.

use latchkey_api::types::Channel;
use sqlx::Row;

use super::names::{channel_in, channel_name};
use super::tallies::day_of;
use super::{Store, Tx, new_id};
use crate::clock::Timestamp;

/// A country paused for a channel: since when, and the sends that paused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPause {
    pub country: String,
    pub channel: Channel,
    pub since: Timestamp,
    pub sends: u32,
    pub proven_percent: u32,
}

/// One send to a country, for the pause's window.
pub struct MessagingSend<'a> {
    pub challenge_id: &'a str,
    pub country: &'a str,
    pub channel: Channel,
    pub expires_at: Timestamp,
}

impl Store {
    /// Today's counts (the day of `now`), by scope.
    pub async fn messaging_counts(
        &self,
        now: Timestamp,
    ) -> Result<Vec<(String, u64)>, sqlx::Error> {
        let rows = sqlx::query("SELECT scope, count FROM messaging_counts WHERE day = $1")
            .bind(day_of(now))
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("scope")?,
                    row.try_get::<i64, _>("count")? as u64,
                ))
            })
            .collect()
    }

    /// Every country paused now.
    pub async fn messaging_pauses(&self) -> Result<Vec<StoredPause>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT country, channel, paused_since, sends, proven_percent FROM messaging_pauses
             WHERE paused_since IS NOT NULL ORDER BY country, channel",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredPause {
                    country: row.try_get("country")?,
                    channel: channel_in(row, "channel")?,
                    since: row.try_get("paused_since")?,
                    sends: row.try_get::<i64, _>("sends")? as u32,
                    proven_percent: row.try_get::<i64, _>("proven_percent")? as u32,
                })
            })
            .collect()
    }
}

impl Store {
    /// Every country and channel ever paused, and whether it is paused now.
    pub async fn messaging_pause_flags(&self) -> Result<Vec<(String, Channel, bool)>, sqlx::Error> {
        let rows = sqlx::query("SELECT country, channel, paused_since FROM messaging_pauses")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    row.try_get("country")?,
                    channel_in(row, "channel")?,
                    row.try_get::<Option<i64>, _>("paused_since")?.is_some(),
                ))
            })
            .collect()
    }
}

impl Tx {
    /// Adds `by` to `scope`'s count for the day of `now`; returns the new count.
    pub async fn add_to_messaging_count(
        &mut self,
        scope: &str,
        by: u64,
        now: Timestamp,
    ) -> Result<u64, sqlx::Error> {
        let row = sqlx::query(
            "INSERT INTO messaging_counts (day, scope, count) VALUES ($1, $2, $3)
             ON CONFLICT (day, scope) DO UPDATE SET count = messaging_counts.count + $3
             RETURNING count",
        )
        .bind(day_of(now))
        .bind(scope)
        .bind(by as i64)
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get::<i64, _>("count")? as u64)
    }

    /// Notes a send, whose code is not yet proven.
    pub async fn note_messaging_send(
        &mut self,
        send: &MessagingSend<'_>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO messaging_sends (id, challenge_id, country, channel, sent_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(send.challenge_id)
        .bind(send.country)
        .bind(channel_name(send.channel))
        .bind(now)
        .bind(send.expires_at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Marks the challenge's latest send proven; returns its country and channel, if it had one.
    pub async fn note_messaging_proven(
        &mut self,
        challenge_id: &str,
        now: Timestamp,
    ) -> Result<Option<(String, Channel)>, sqlx::Error> {
        let row = sqlx::query(
            "UPDATE messaging_sends SET proven_at = $1 WHERE id = (
                 SELECT id FROM messaging_sends WHERE challenge_id = $2
                 ORDER BY sent_at DESC LIMIT 1)
             RETURNING country, channel",
        )
        .bind(now)
        .bind(challenge_id)
        .fetch_optional(self.conn())
        .await?;
        row.map(|row| Ok((row.try_get("country")?, channel_in(&row, "channel")?)))
            .transpose()
    }

    /// Whether the country is paused for the channel now.
    pub async fn is_messaging_paused(
        &mut self,
        country: &str,
        channel: Channel,
    ) -> Result<bool, sqlx::Error> {
        let row = sqlx::query(
            "SELECT 1 AS paused FROM messaging_pauses
             WHERE country = $1 AND channel = $2 AND paused_since IS NOT NULL",
        )
        .bind(country)
        .bind(channel_name(channel))
        .fetch_optional(self.conn())
        .await?;
        Ok(row.is_some())
    }

    /// The last `limit` settled sends (proven, or expired by `now`) to the country on the
    /// channel since `from` and since the last resume: whether each was proven.
    pub async fn settled_messaging_sends(
        &mut self,
        country: &str,
        channel: Channel,
        from: Timestamp,
        limit: u32,
        now: Timestamp,
    ) -> Result<Vec<bool>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT proven_at FROM messaging_sends
             WHERE country = $1 AND channel = $2 AND sent_at >= $3
               AND sent_at >= COALESCE((SELECT window_from FROM messaging_pauses
                                        WHERE country = $1 AND channel = $2), 0)
               AND (proven_at IS NOT NULL OR expires_at <= $4)
             ORDER BY sent_at DESC LIMIT $5",
        )
        .bind(country)
        .bind(channel_name(channel))
        .bind(from)
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|row| Ok(row.try_get::<Option<i64>, _>("proven_at")?.is_some()))
            .collect()
    }

    /// Pauses the country for the channel unless it is paused already; whether this paused it.
    pub async fn pause_messaging(&mut self, pause: &StoredPause) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "INSERT INTO messaging_pauses
                 (country, channel, paused_since, sends, proven_percent, window_from)
             VALUES ($1, $2, $3, $4, $5, 0)
             ON CONFLICT (country, channel) DO UPDATE SET
                 paused_since = $3, sends = $4, proven_percent = $5
             WHERE messaging_pauses.paused_since IS NULL",
        )
        .bind(&pause.country)
        .bind(channel_name(pause.channel))
        .bind(pause.since)
        .bind(i64::from(pause.sends))
        .bind(i64::from(pause.proven_percent))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Resumes a paused country for the channel: its window starts afresh at `now`. Whether it
    /// was paused.
    pub async fn resume_messaging(
        &mut self,
        country: &str,
        channel: Channel,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE messaging_pauses SET paused_since = NULL, window_from = $1
             WHERE country = $2 AND channel = $3 AND paused_since IS NOT NULL",
        )
        .bind(now)
        .bind(country)
        .bind(channel_name(channel))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
