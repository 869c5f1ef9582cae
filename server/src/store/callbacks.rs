//! Signed gateway callbacks already acted on: a replayed one finds its fingerprint here.

use super::Store;
use crate::clock::Timestamp;

impl Store {
    /// Notes a callback's fingerprint; `false` if it was seen before. Fingerprints older than
    /// `forget_before` are dropped, since their timestamps are refused anyway.
    pub async fn note_gateway_callback(
        &self,
        fingerprint: &str,
        now: Timestamp,
        forget_before: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query("DELETE FROM gateway_callbacks WHERE seen_at < $1")
            .bind(forget_before)
            .execute(self.pool())
            .await?;
        let noted = sqlx::query(
            "INSERT INTO gateway_callbacks (signature, seen_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING",
        )
        .bind(fingerprint)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(noted.rows_affected() == 1)
    }
}
