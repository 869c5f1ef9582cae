//! What apps and passkeys keep beside the common method record: an app's sealed seed and last
//! accepted step, a passkey's public key record; and the ones being added, until proven.

use latchkey_api::types::MethodKind;
use sqlx::Row;

use super::names::{kind_in, kind_name};
use super::{Store, StoredMethod, Tx, new_id};
use crate::clock::Timestamp;

/// A named method to register: an app with its sealed seed, or a passkey with its record.
pub struct NewHeldMethod<'a> {
    pub user_id: &'a str,
    pub kind: MethodKind,
    pub name: &'a str,
    pub sealed_seed: Option<&'a str>,
    pub passkey: Option<&'a str>,
    pub credential_id: Option<&'a str>,
    /// For an app: the step of the code that proved it, spent already.
    pub last_step: Option<i64>,
}

/// An app's seed as stored, with the last step accepted.
pub struct StoredSeed {
    pub method_id: String,
    pub sealed_seed: String,
    pub last_step: Option<i64>,
}

/// An app or passkey being added.
#[derive(Clone, Debug)]
pub struct PendingMethod {
    pub id: String,
    pub user_id: String,
    pub session_hash: String,
    pub kind: MethodKind,
    pub name: String,
    /// The sealed seed, or the passkey ceremony's state.
    pub state: String,
    pub failures: i64,
    pub expires_at: Timestamp,
}

impl Store {
    /// The seeds of a user's apps.
    pub async fn app_seeds(&self, user_id: &str) -> Result<Vec<StoredSeed>, sqlx::Error> {
        app_seeds_of(self.pool(), user_id).await
    }

    /// A user's passkeys: method ID and webauthn-rs's record of each.
    pub async fn passkeys(&self, user_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, passkey FROM methods WHERE user_id = $1 AND passkey IS NOT NULL
             ORDER BY created_at, id",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("passkey")?)))
            .collect()
    }

    /// Whether any account has registered this credential ID.
    pub async fn credential_exists(&self, credential_id: &str) -> Result<bool, sqlx::Error> {
        let row = sqlx::query("SELECT 1 AS found FROM methods WHERE credential_id = $1")
            .bind(credential_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.is_some())
    }

    pub async fn pending_method(&self, id: &str) -> Result<Option<PendingMethod>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id, user_id, session_hash, kind, name, state, failures, expires_at
             FROM pending_methods WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(PendingMethod {
                id: row.try_get("id")?,
                user_id: row.try_get("user_id")?,
                session_hash: row.try_get("session_hash")?,
                kind: kind_in(&row, "kind")?,
                name: row.try_get("name")?,
                state: row.try_get("state")?,
                failures: row.try_get("failures")?,
                expires_at: row.try_get("expires_at")?,
            })
        })
        .transpose()
    }
}

/// The seeds of a user's apps, read through `executor`.
async fn app_seeds_of<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user_id: &str,
) -> Result<Vec<StoredSeed>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, sealed_seed, last_step FROM methods
         WHERE user_id = $1 AND sealed_seed IS NOT NULL ORDER BY created_at, id",
    )
    .bind(user_id)
    .fetch_all(executor)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(StoredSeed {
                method_id: row.try_get("id")?,
                sealed_seed: row.try_get("sealed_seed")?,
                last_step: row.try_get("last_step")?,
            })
        })
        .collect()
}

impl Tx {
    /// The seeds of a user's apps, as this transaction sees them.
    pub async fn app_seeds(&mut self, user_id: &str) -> Result<Vec<StoredSeed>, sqlx::Error> {
        app_seeds_of(self.conn(), user_id).await
    }

    /// Registers an app or passkey; returns it.
    pub async fn add_held_method(
        &mut self,
        method: NewHeldMethod<'_>,
        now: Timestamp,
    ) -> Result<StoredMethod, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO methods (id, user_id, kind, target, created_at, sealed_seed, passkey, credential_id, last_step)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(method.user_id)
        .bind(kind_name(method.kind))
        .bind(method.name)
        .bind(now)
        .bind(method.sealed_seed)
        .bind(method.passkey)
        .bind(method.credential_id)
        .bind(method.last_step)
        .execute(self.conn())
        .await?;
        Ok(StoredMethod {
            id,
            kind: method.kind,
            target: method.name.to_string(),
            created_at: now,
            last_used_at: None,
        })
    }

    /// Accepts a step of an app's codes if it is later than any accepted before: one statement,
    /// so a code raced to two replicas is accepted once.
    pub async fn accept_app_step(
        &mut self,
        method_id: &str,
        step: i64,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE methods SET last_step = $1, last_used_at = $2
             WHERE id = $3 AND (last_step IS NULL OR last_step < $1)",
        )
        .bind(step)
        .bind(now)
        .bind(method_id)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stores a passkey's updated record (its counter) after it was used.
    pub async fn passkey_used(
        &mut self,
        method_id: &str,
        passkey: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE methods SET passkey = $1, last_used_at = $2 WHERE id = $3")
            .bind(passkey)
            .bind(now)
            .bind(method_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Keeps an app or passkey being added until it is proven.
    pub async fn create_pending_method(
        &mut self,
        pending: &PendingMethod,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO pending_methods (id, user_id, session_hash, kind, name, state, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&pending.id)
        .bind(&pending.user_id)
        .bind(&pending.session_hash)
        .bind(kind_name(pending.kind))
        .bind(&pending.name)
        .bind(&pending.state)
        .bind(pending.expires_at)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Counts a wrong code for a pending app; returns the failures so far.
    pub async fn pending_method_failed(&mut self, id: &str) -> Result<i64, sqlx::Error> {
        let row = sqlx::query(
            "UPDATE pending_methods SET failures = failures + 1 WHERE id = $1 RETURNING failures",
        )
        .bind(id)
        .fetch_optional(self.conn())
        .await?;
        row.map_or(Ok(i64::MAX), |row| row.try_get("failures"))
    }

    /// Removes a pending method; true for the one caller that removed it.
    pub async fn take_pending_method(&mut self, id: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM pending_methods WHERE id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Forgets every app or passkey a user was adding ("Sign out everywhere").
    pub async fn forget_pending_methods_of(&mut self, user_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM pending_methods WHERE user_id = $1")
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Forgets pending methods that expired.
    pub async fn forget_expired_pending_methods(
        &mut self,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM pending_methods WHERE expires_at < $1")
            .bind(now)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
