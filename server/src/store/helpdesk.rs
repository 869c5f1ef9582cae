//! What IT support reads and keeps: people found by name, a person's sessions, and which
//! callers a staff member verified when.

use super::users::{COLUMNS, from_row};
use super::{Store, Tx, User};
use crate::clock::Timestamp;

/// How many people a search lists at most.
pub const FOUND_AT_MOST: i64 = 20;

impl Store {
    /// People whose username, work email or display name contains `query` (ignoring case).
    pub async fn search_people(&self, query: &str) -> Result<Vec<User>, sqlx::Error> {
        // `%` and `_` typed in a name are looked for as themselves.
        let escaped: String = query
            .trim()
            .to_lowercase()
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users
             WHERE LOWER(username) LIKE $1 ESCAPE '\\' OR LOWER(email) LIKE $1 ESCAPE '\\'
                OR LOWER(display_name) LIKE $1 ESCAPE '\\'
             ORDER BY display_name, username LIMIT $2"
        ))
        .bind(format!("%{escaped}%"))
        .bind(FOUND_AT_MOST)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// How many sessions the person has open.
    pub async fn count_sessions(&self, user_id: &str) -> Result<u64, sqlx::Error> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(self.pool())
            .await?;
        Ok(count.max(0) as u64)
    }

    /// When `staff_id` last verified the caller for `person_id`, if ever.
    pub async fn caller_verified_at(
        &self,
        staff_id: &str,
        person_id: &str,
    ) -> Result<Option<Timestamp>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT verified_at FROM caller_verifications WHERE staff_id = $1 AND person_id = $2",
        )
        .bind(staff_id)
        .bind(person_id)
        .fetch_optional(self.pool())
        .await
    }
}

impl Tx {
    /// Notes that `staff_id` verified the caller claiming to be `person_id`, `how`.
    pub async fn note_caller_verified(
        &mut self,
        staff_id: &str,
        person_id: &str,
        how: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO caller_verifications (staff_id, person_id, verified_at, how)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (staff_id, person_id) DO UPDATE
             SET verified_at = excluded.verified_at, how = excluded.how",
        )
        .bind(staff_id)
        .bind(person_id)
        .bind(now)
        .bind(how)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
