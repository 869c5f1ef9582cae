//! Server-side sessions, referenced by the hash of the cookie's value.

use sqlx::Row;

use super::{Store, Tx};
use crate::clock::Timestamp;

/// A session as stored.
#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub user_id: String,
    /// When the password was given (sign-in).
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    /// When the owner last proved themselves with a method, if ever in this session.
    pub verified_at: Option<Timestamp>,
    /// A session begun with a Temporary Access Pass: until when the pass lasts.
    pub access_pass_until: Option<Timestamp>,
}

impl Store {
    /// Looks a session up by the hash of its ID.
    pub async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT user_id, created_at, last_seen_at, verified_at, access_pass_until
             FROM sessions WHERE id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(SessionRecord {
                user_id: row.try_get("user_id")?,
                created_at: row.try_get("created_at")?,
                last_seen_at: row.try_get("last_seen_at")?,
                verified_at: row.try_get("verified_at")?,
                access_pass_until: row.try_get("access_pass_until")?,
            })
        })
        .transpose()
    }
}

impl Tx {
    /// Records a new session under the hash of its ID.
    pub async fn create_session(
        &mut self,
        id_hash: &str,
        user_id: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
        )
        .bind(id_hash)
        .bind(user_id)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records a session begun with a Temporary Access Pass lasting `until`: verified now (the
    /// pass is IT support's verification), and reaching security info only.
    pub async fn create_access_pass_session(
        &mut self,
        id_hash: &str,
        user_id: &str,
        now: Timestamp,
        until: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, verified_at,
                                   access_pass_until)
             VALUES ($1, $2, $3, $3, $3, $4)",
        )
        .bind(id_hash)
        .bind(user_id)
        .bind(now)
        .bind(until)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Marks a session as used now (the idle timeout counts from here).
    pub async fn touch_session(
        &mut self,
        id_hash: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
            .bind(now)
            .bind(id_hash)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Records that the session's owner just proved themselves with a method, under a new ID
    /// (security.md 18): the session, its open challenges and its half-added methods move to
    /// `new_hash` together, and the old ID stops working.
    pub async fn verify_session(
        &mut self,
        old_hash: &str,
        new_hash: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let mut transaction = self.all_or_nothing().await?;
        sqlx::query("UPDATE sessions SET id_hash = $1, verified_at = $2 WHERE id_hash = $3")
            .bind(new_hash)
            .bind(now)
            .bind(old_hash)
            .execute(&mut *transaction)
            .await?;
        for table in ["challenges", "pending_methods"] {
            sqlx::query(&format!(
                "UPDATE {table} SET session_hash = $1 WHERE session_hash = $2"
            ))
            .bind(new_hash)
            .bind(old_hash)
            .execute(&mut *transaction)
            .await?;
        }
        transaction.commit().await
    }

    /// Ends one session.
    pub async fn delete_session(&mut self, id_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Ends every session of one user.
    pub async fn delete_sessions_of(&mut self, user_id: &str) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected())
    }
}
