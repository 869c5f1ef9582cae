//! What keeps a directory's lockout out of strangers' hands (security.md 52): the wrong
//! passwords Latchkey sent to the directory per person within its observation window, and the
//! browsers people signed in from before. In the database, so every replica shares them.

use super::{Store, Tx};
use crate::clock::Timestamp;

impl Store {
    /// Whether the browser with this cookie hash signed in as `user_id` since `since`.
    pub async fn is_familiar_browser(
        &self,
        token_hash: &str,
        user_id: &str,
        since: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let row = sqlx::query(
            "SELECT 1 AS found FROM familiar_browsers
             WHERE token_hash = $1 AND user_id = $2 AND signed_in_at >= $3",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(since)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }
}

impl Tx {
    /// Takes one try from `scope`'s budget of `budget` before a bind: `false`, and nothing
    /// counted, when the budget is spent. Tries older than `forget_before` (all of them, as the
    /// count restarts only when the last one is that old) are forgotten first. Counting before
    /// the bind, in one statement, keeps requests racing each other within the budget.
    pub async fn take_directory_try(
        &mut self,
        scope: &str,
        budget: u32,
        now: Timestamp,
        forget_before: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        if budget == 0 {
            return Ok(false);
        }
        let row = sqlx::query(
            "INSERT INTO directory_tries (scope, tries, last_try_at) VALUES ($1, 1, $2)
             ON CONFLICT (scope) DO UPDATE
             SET tries = CASE WHEN directory_tries.last_try_at < $3 THEN 1
                              ELSE directory_tries.tries + 1 END,
                 last_try_at = $2
             WHERE directory_tries.last_try_at < $3 OR directory_tries.tries < $4
             RETURNING tries",
        )
        .bind(scope)
        .bind(now)
        .bind(forget_before)
        .bind(i64::from(budget))
        .fetch_optional(self.conn())
        .await?;
        Ok(row.is_some())
    }

    /// Forgets the tries in these scopes: the directory forgets its failures at a successful
    /// sign-in too.
    pub async fn clear_directory_tries(&mut self, scopes: &[&str]) -> Result<(), sqlx::Error> {
        for scope in scopes {
            sqlx::query("DELETE FROM directory_tries WHERE scope = $1")
                .bind(scope)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Remembers that the browser holding the cookie hashed as `token_hash` signed in as `user_id`.
    pub async fn remember_browser(
        &mut self,
        token_hash: &str,
        user_id: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO familiar_browsers (token_hash, user_id, signed_in_at) VALUES ($1, $2, $3)
             ON CONFLICT (token_hash, user_id) DO UPDATE SET signed_in_at = $3",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
