//! Counts failed sign-ins per typed username, in the database so every replica shares them.

use sqlx::Row;

use super::Store;
use crate::clock::Timestamp;

impl Store {
    /// How many sign-ins failed in a row for this name, and when the last one did.
    pub async fn sign_in_failures(
        &self,
        username: &str,
    ) -> Result<Option<(i64, Timestamp)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT failures, last_failure_at FROM sign_in_failures WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| Ok((row.try_get("failures")?, row.try_get("last_failure_at")?)))
            .transpose()
    }

    /// Counts one more failure for this name.
    pub async fn record_sign_in_failure(
        &self,
        username: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sign_in_failures (username, failures, last_failure_at) VALUES ($1, 1, $2)
             ON CONFLICT (username) DO UPDATE
             SET failures = sign_in_failures.failures + 1, last_failure_at = $2",
        )
        .bind(username)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets the failures after a successful sign-in.
    pub async fn clear_sign_in_failures(&self, username: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sign_in_failures WHERE username = $1")
            .bind(username)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
