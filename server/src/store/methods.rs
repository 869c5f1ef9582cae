//! Registered methods: one phone, alternate phone, email and set of recovery codes per user (a
//! new one replaces the old), and any number of named apps and passkeys.

use latchkey_api::types::{Channel, MethodKind};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::names::{channel_in, channel_name, kind_in, kind_name};
use super::{Store, Tx, new_id};
use crate::clock::Timestamp;

/// A method as stored: `target` is E.164, an address, or an app's or passkey's name (the ID
/// of a set of recovery codes is all they have).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredMethod {
    pub id: String,
    pub kind: MethodKind,
    pub target: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// The columns [`from_row`] reads.
const COLUMNS: &str = "id, kind, target, created_at, last_used_at";

fn from_row(row: &AnyRow) -> Result<StoredMethod, sqlx::Error> {
    Ok(StoredMethod {
        id: row.try_get("id")?,
        kind: kind_in(row, "kind")?,
        target: row.try_get("target")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}

impl Store {
    /// Every method of every user, with its owner's ID (for reports).
    pub async fn every_method(&self) -> Result<Vec<(String, StoredMethod)>, sqlx::Error> {
        let rows = sqlx::query(&format!("SELECT user_id, {COLUMNS} FROM methods"))
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("user_id")?, from_row(row)?)))
            .collect()
    }

    /// A user's methods, oldest first.
    pub async fn methods(&self, user_id: &str) -> Result<Vec<StoredMethod>, sqlx::Error> {
        methods_of(self.pool(), user_id).await
    }
}

impl Tx {
    /// A user's methods, oldest first, as this transaction sees them.
    pub async fn methods(&mut self, user_id: &str) -> Result<Vec<StoredMethod>, sqlx::Error> {
        methods_of(self.conn(), user_id).await
    }
}

/// A user's methods, oldest first, read through `executor`.
async fn methods_of<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user_id: &str,
) -> Result<Vec<StoredMethod>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM methods WHERE user_id = $1 ORDER BY created_at, id"
    ))
    .bind(user_id)
    .fetch_all(executor)
    .await?;
    rows.iter().map(from_row).collect()
}

impl Store {
    /// The user's chosen default way to verify: a kind of method and a channel, if set.
    pub async fn default_method(
        &self,
        user_id: &str,
    ) -> Result<Option<(MethodKind, Channel)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT default_method_kind, default_channel FROM users
             WHERE id = $1 AND default_method_kind IS NOT NULL AND default_channel IS NOT NULL",
        )
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok((
                kind_in(&row, "default_method_kind")?,
                channel_in(&row, "default_channel")?,
            ))
        })
        .transpose()
    }
}

impl Tx {
    /// Registers a phone, email or set of recovery codes, replacing the user's method of the same
    /// kind; returns it.
    pub async fn put_method(
        &mut self,
        user_id: &str,
        kind: MethodKind,
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
        .bind(kind_name(kind))
        .bind(target)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(StoredMethod {
            id,
            kind,
            target: target.to_string(),
            created_at: now,
            last_used_at: None,
        })
    }

    /// Deletes one of a user's methods; returns it if it existed.
    pub async fn delete_method(
        &mut self,
        user_id: &str,
        method_id: &str,
    ) -> Result<Option<StoredMethod>, sqlx::Error> {
        let row = sqlx::query(&format!(
            "DELETE FROM methods WHERE user_id = $1 AND id = $2 RETURNING {COLUMNS}"
        ))
        .bind(user_id)
        .bind(method_id)
        .fetch_optional(self.conn())
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Chooses the user's default way to verify.
    pub async fn set_default_method(
        &mut self,
        user_id: &str,
        kind: MethodKind,
        channel: Channel,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE users SET default_method_kind = $1, default_channel = $2 WHERE id = $3",
        )
        .bind(kind_name(kind))
        .bind(channel_name(channel))
        .bind(user_id)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
