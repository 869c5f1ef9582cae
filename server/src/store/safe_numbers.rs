//! The safe list: numbers never capped or paused (#30), in E.164.

use sqlx::Row;

use super::{Store, Tx};
use crate::clock::Timestamp;

/// A number on the safe list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSafeNumber {
    pub id: String,
    pub number: String,
    pub note: String,
    pub added_at: Timestamp,
    /// The admin's username.
    pub added_by: String,
}

impl Store {
    /// The safe list, by number.
    pub async fn safe_numbers(&self) -> Result<Vec<StoredSafeNumber>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, number, note, added_at, added_by FROM safe_numbers ORDER BY number",
        )
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(StoredSafeNumber {
                    id: row.try_get("id")?,
                    number: row.try_get("number")?,
                    note: row.try_get("note")?,
                    added_at: row.try_get("added_at")?,
                    added_by: row.try_get("added_by")?,
                })
            })
            .collect()
    }
}

impl Tx {
    /// Whether `number` (E.164) is on the safe list.
    pub async fn is_safe_number(&mut self, number: &str) -> Result<bool, sqlx::Error> {
        let row = sqlx::query("SELECT 1 AS safe FROM safe_numbers WHERE number = $1")
            .bind(number)
            .fetch_optional(self.conn())
            .await?;
        Ok(row.is_some())
    }

    /// Puts a number on the safe list; `false` when it is there already.
    pub async fn add_safe_number(&mut self, safe: &StoredSafeNumber) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "INSERT INTO safe_numbers (id, number, note, added_at, added_by)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (number) DO NOTHING",
        )
        .bind(&safe.id)
        .bind(&safe.number)
        .bind(&safe.note)
        .bind(safe.added_at)
        .bind(&safe.added_by)
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Takes a number off the safe list; the number, if there was one with this ID.
    pub async fn remove_safe_number(&mut self, id: &str) -> Result<Option<String>, sqlx::Error> {
        let row = sqlx::query("DELETE FROM safe_numbers WHERE id = $1 RETURNING number")
            .bind(id)
            .fetch_optional(self.conn())
            .await?;
        row.map(|row| row.try_get("number")).transpose()
    }
}
