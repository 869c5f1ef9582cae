//! Counts failed sign-ins per scope — an account (`account:ID`), a name nobody has (`name:…`) or
//! a client address (`address:…`) — in the database, so every replica shares them.

use sqlx::Row;

use super::{Store, Tx};
use crate::clock::Timestamp;

impl Store {
    /// How many sign-ins failed in a row in this scope, and when the last one did.
    pub async fn sign_in_failures(
        &self,
        scope: &str,
    ) -> Result<Option<(i64, Timestamp)>, sqlx::Error> {
        let row =
            sqlx::query("SELECT failures, last_failure_at FROM sign_in_failures WHERE scope = $1")
                .bind(scope)
                .fetch_optional(self.pool())
                .await?;
        row.map(|row| Ok((row.try_get("failures")?, row.try_get("last_failure_at")?)))
            .transpose()
    }
}

impl Tx {
    /// Counts one more failure in this scope; a count whose last failure is older than
    /// `forget_before` starts again at one.
    pub async fn record_sign_in_failure(
        &mut self,
        scope: &str,
        now: Timestamp,
        forget_before: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sign_in_failures (scope, failures, last_failure_at) VALUES ($1, 1, $2)
             ON CONFLICT (scope) DO UPDATE
             SET failures = CASE WHEN sign_in_failures.last_failure_at < $3 THEN 1
                                 ELSE sign_in_failures.failures + 1 END,
                 last_failure_at = $2",
        )
        .bind(scope)
        .bind(now)
        .bind(forget_before)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Forgets the failures in this scope (a successful sign-in or reset of the account).
    pub async fn clear_sign_in_failures(&mut self, scope: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sign_in_failures WHERE scope = $1")
            .bind(scope)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
