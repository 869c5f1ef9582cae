//! The audit log: who changed what, when, from where.

use super::{Store, new_id};
use crate::clock::Timestamp;

/// One audited event.
pub struct AuditEntry<'a> {
    pub user_id: &'a str,
    pub action: &'a str,
    pub detail: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
}

/// Writes one entry through `executor`: the pool, or a transaction it belongs to.
pub(super) async fn write<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    entry: AuditEntry<'_>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (id, user_id, action, detail, ip, user_agent, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(entry.user_id)
    .bind(entry.action)
    .bind(entry.detail)
    .bind(entry.ip)
    .bind(entry.user_agent)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// One entry as exported: when, whose account (username, or the ID of one since deleted), what,
/// and from where.
#[derive(Debug)]
pub struct AuditRecord {
    pub created_at: Timestamp,
    pub username: String,
    pub action: String,
    pub detail: String,
    pub ip: String,
    pub user_agent: String,
}

impl Store {
    /// Every entry written at or after `since`, oldest first.
    pub async fn audit_since(&self, since: Timestamp) -> Result<Vec<AuditRecord>, sqlx::Error> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT audit_log.created_at, COALESCE(users.username, audit_log.user_id) AS username,
                    audit_log.action, audit_log.detail, audit_log.ip, audit_log.user_agent
             FROM audit_log LEFT JOIN users ON users.id = audit_log.user_id
             WHERE audit_log.created_at >= $1
             ORDER BY audit_log.created_at, audit_log.id",
        )
        .bind(since)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditRecord {
                    created_at: row.try_get("created_at")?,
                    username: row.try_get("username")?,
                    action: row.try_get("action")?,
                    detail: row.try_get("detail")?,
                    ip: row.try_get("ip")?,
                    user_agent: row.try_get("user_agent")?,
                })
            })
            .collect()
    }

    pub async fn audit(&self, entry: AuditEntry<'_>, now: Timestamp) -> Result<(), sqlx::Error> {
        write(self.pool(), entry, now).await
    }

    /// A user's audit entries, newest first, as (action, detail).
    pub async fn audit_of(&self, user_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT action, detail FROM audit_log WHERE user_id = $1 ORDER BY created_at DESC, id",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("action")?, row.try_get("detail")?)))
            .collect()
    }
}
