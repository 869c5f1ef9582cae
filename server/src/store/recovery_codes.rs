//! Recovery codes, stored as hashes; a used one is kept, to count those left.

use sqlx::Row;

use super::{Store, Tx, new_id};
use crate::clock::Timestamp;

impl Store {
    /// How many of the user's recovery codes are unused.
    pub async fn recovery_codes_left(&self, user_id: &str) -> Result<u32, sqlx::Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS left_over FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get::<i64, _>("left_over")?.max(0) as u32)
    }
}

impl Tx {
    /// Replaces the user's recovery codes with these hashes, in one transaction.
    pub async fn replace_recovery_codes(
        &mut self,
        user_id: &str,
        hashes: &[String],
    ) -> Result<(), sqlx::Error> {
        let mut transaction = self.all_or_nothing().await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *transaction)
            .await?;
        for hash in hashes {
            sqlx::query("INSERT INTO recovery_codes (id, user_id, code_hash) VALUES ($1, $2, $3)")
                .bind(new_id())
                .bind(user_id)
                .bind(hash)
                .execute(&mut *transaction)
                .await?;
        }
        transaction.commit().await
    }

    /// Uses one unused recovery code of the user; true if it existed and was unused.
    pub async fn use_recovery_code(
        &mut self,
        user_id: &str,
        hash: &str,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1
             WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .bind(hash)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 1 {
            sqlx::query(
                "UPDATE methods SET last_used_at = $1 WHERE user_id = $2 AND kind = 'recovery_codes'",
            )
            .bind(now)
            .bind(user_id)
            .execute(self.conn())
            .await?;
        }
        Ok(done.rows_affected() == 1)
    }
}
