//! The audit log: who changed what, when, from where.

use std::sync::atomic::{AtomicU64, Ordering};

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

/// What a staff member wrote beside an entry, and who they are.
pub struct StaffNote<'a> {
    pub actor_id: &'a str,
    /// The ticket or reason as they wrote it, if they wrote one; kept apart from `detail`.
    pub note: Option<&'a str>,
}

/// Writes one entry through `connection`; with `staff`, naming the staff member who acted and
/// keeping what they wrote.
pub(super) async fn write(
    connection: &mut sqlx::AnyConnection,
    entry: AuditEntry<'_>,
    staff: Option<StaffNote<'_>>,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let (actor_id, note) = staff.map_or((None, None), |staff| (Some(staff.actor_id), staff.note));
    sqlx::query(
        "INSERT INTO audit_log (id, user_id, action, detail, ip, user_agent, created_at, actor_id,
                                note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry_id())
    .bind(entry.user_id)
    .bind(entry.action)
    .bind(entry.detail)
    .bind(entry.ip)
    .bind(entry.user_agent)
    .bind(now)
    .bind(actor_id)
    .bind(note)
    .execute(connection)
    .await?;
    Ok(())
}

/// A new entry's ID, which sorts entries written in the same second (`created_at`) in the order
/// they were written: this server's clock in microseconds, kept increasing, then random bits for
/// uniqueness among replicas; 32 hex digits, as [`new_id`].
fn entry_id() -> String {
    static LAST: AtomicU64 = AtomicU64::new(0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_micros() as u64);
    let next = |last: u64| now.max(last + 1);
    let written = LAST
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| {
            Some(next(last))
        })
        .map_or(now, next);
    format!("{written:016x}{}", &new_id()[16..])
}

/// One entry as IT support and auditors read it: when, whose account (username, or the ID of
/// one since deleted), which staff member acted (if one did), what, what they wrote, and from
/// where.
#[derive(Debug)]
pub struct AuditRecord {
    pub created_at: Timestamp,
    /// The person's ID, whose trail it is in.
    pub person_id: String,
    pub username: String,
    /// The staff member who acted: their ID …
    pub staff_id: Option<String>,
    /// … and their username (their ID if they were deleted since).
    pub staff: Option<String>,
    pub action: String,
    pub detail: String,
    /// The ticket or reason the staff member wrote.
    pub note: Option<String>,
    pub ip: String,
    pub user_agent: String,
}

/// Which entries to read: each condition that is set must hold.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// The person's ID.
    pub person_id: Option<String>,
    /// The person's username.
    pub person: Option<String>,
    /// The staff member's username.
    pub staff: Option<String>,
    pub action: Option<String>,
    /// From this moment (inclusive) …
    pub from: Option<Timestamp>,
    /// … until this one (exclusive).
    pub until: Option<Timestamp>,
    /// Newest first (the console), or oldest first (an export).
    pub newest_first: bool,
    pub offset: i64,
    pub limit: i64,
}

impl Store {
    /// The entries `filter` asks for.
    pub async fn audit_entries(
        &self,
        filter: &AuditFilter,
    ) -> Result<Vec<AuditRecord>, sqlx::Error> {
        use sqlx::Row;
        let mut conditions = Vec::new();
        let mut texts = Vec::new();
        if let Some(id) = &filter.person_id {
            texts.push(id.clone());
            conditions.push(format!("audit_log.user_id = ${}", texts.len()));
        }
        for (column, value) in [
            ("person.username", &filter.person),
            ("staff.username", &filter.staff),
            ("audit_log.action", &filter.action),
        ] {
            if let Some(value) = value {
                texts.push(value.trim().to_lowercase());
                conditions.push(format!("LOWER({column}) = ${}", texts.len()));
            }
        }
        let mut times = Vec::new();
        for (comparison, value) in [(">=", filter.from), ("<", filter.until)] {
            if let Some(value) = value {
                times.push(value);
                let n = texts.len() + times.len();
                conditions.push(format!("audit_log.created_at {comparison} ${n}"));
            }
        }
        let limit_at = texts.len() + times.len() + 1;
        let order = if filter.newest_first { "DESC" } else { "ASC" };
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT audit_log.created_at, audit_log.user_id,
                    COALESCE(person.username, audit_log.user_id) AS username, audit_log.actor_id,
                    COALESCE(staff.username, audit_log.actor_id) AS staff, audit_log.action,
                    audit_log.detail, audit_log.note, audit_log.ip, audit_log.user_agent
             FROM audit_log
             LEFT JOIN users person ON person.id = audit_log.user_id
             LEFT JOIN users staff ON staff.id = audit_log.actor_id
             {clause}
             ORDER BY audit_log.created_at {order}, audit_log.id {order}
             LIMIT ${limit_at} OFFSET ${}",
            limit_at + 1
        );
        let mut query = sqlx::query(&sql);
        for text in texts {
            query = query.bind(text);
        }
        for time in times {
            query = query.bind(time);
        }
        let rows = query
            .bind(filter.limit)
            .bind(filter.offset)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditRecord {
                    created_at: row.try_get("created_at")?,
                    person_id: row.try_get("user_id")?,
                    username: row.try_get("username")?,
                    staff_id: row.try_get("actor_id")?,
                    staff: row.try_get("staff")?,
                    action: row.try_get("action")?,
                    detail: row.try_get("detail")?,
                    note: row.try_get("note")?,
                    ip: row.try_get("ip")?,
                    user_agent: row.try_get("user_agent")?,
                })
            })
            .collect()
    }

    /// A user's audit entries, newest first, as (action, detail).
    pub async fn audit_of(&self, user_id: &str) -> Result<Vec<(String, String)>, sqlx::Error> {
        use sqlx::Row;
        let rows = sqlx::query(
            "SELECT action, detail FROM audit_log WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("action")?, row.try_get("detail")?)))
            .collect()
    }
}
