//! Registered methods: one phone, alternate phone, email and set of recovery codes per user (a
//! new one replaces the old), and any number of named apps and passkeys.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, new_id};
use crate::clock::Timestamp;

/// A method as stored: `kind` is `phone`, `alternate_phone`, `email`, `authenticator_app`,
/// `passkey` or `recovery_codes`; `target` is E.164, an address, or an app's or passkey's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMethod {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// The columns [`from_row`] reads.
const COLUMNS: &str = "id, kind, target, created_at, last_used_at";

fn from_row(row: &AnyRow) -> Result<StoredMethod, sqlx::Error> {
    Ok(StoredMethod {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        target: row.try_get("target")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}

impl Store {
    /// A user's methods, oldest first.
    pub async fn methods(&self, user_id: &str) -> Result<Vec<StoredMethod>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM methods WHERE user_id = $1 ORDER BY created_at, id"
        ))
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Registers a phone, email or set of recovery codes, replacing the user's method of the same
    /// kind; returns it.
    pub async fn put_method(
        &self,
        user_id: &str,
        kind: &str,
        target: &str,
        now: Timestamp,
    ) -> Result<StoredMethod, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO methods (id, user_id, kind, target, created_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (user_id, kind)
                 WHERE kind IN ('phone', 'alternate_phone', 'email', 'recovery_codes')
                 DO UPDATE SET id = $1, target = $4, created_at = $5, last_used_at = NULL",
        )
        .bind(&id)
        .bind(user_id)
        .bind(kind)
        .bind(target)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(StoredMethod {
            id,
            kind: kind.to_string(),
            target: target.to_string(),
            created_at: now,
            last_used_at: None,
        })
    }

    /// Deletes one of a user's methods; returns it if it existed.
    pub async fn delete_method(
        &self,
        user_id: &str,
        method_id: &str,
    ) -> Result<Option<StoredMethod>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "DELETE FROM methods WHERE user_id = $1 AND id = $2 RETURNING {COLUMNS}"
        ))
        .bind(user_id)
        .bind(method_id)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(from_row).transpose()
    }
}

impl Store {
    /// The user's chosen default way to verify: a method kind and a channel name, if set.
    pub async fn default_method(
        &self,
        user_id: &str,
    ) -> Result<Option<(String, String)>, sqlx::Error> {
        let row =
            sqlx::query("SELECT default_method_kind, default_channel FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?;
        let Some(row) = row else { return Ok(None) };
        let kind: Option<String> = row.try_get("default_method_kind")?;
        let channel: Option<String> = row.try_get("default_channel")?;
        Ok(kind.zip(channel))
    }

    /// Chooses the user's default way to verify.
    pub async fn set_default_method(
        &self,
        user_id: &str,
        kind: &str,
        channel: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE users SET default_method_kind = $1, default_channel = $2 WHERE id = $3",
        )
        .bind(kind)
        .bind(channel)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
