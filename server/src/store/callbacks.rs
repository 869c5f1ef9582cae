//! Signed gateway callbacks already acted on: a replayed one finds its fingerprint here.

use super::Tx;
use crate::clock::Timestamp;

impl Tx {
    /// Notes a callback's fingerprint; `false` if it was seen before. Fingerprints older than
    /// `forget_before` are dropped, since their timestamps are refused anyway.
    pub async fn note_gateway_callback(
        &mut self,
        fingerprint: &str,
        now: Timestamp,
        forget_before: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query("DELETE FROM gateway_callbacks WHERE seen_at < $1")
            .bind(forget_before)
            .execute(self.conn())
            .await?;
        let noted = sqlx::query(
            "INSERT INTO gateway_callbacks (signature, seen_at) VALUES ($1, $2) ON CONFLICT (signature) DO NOTHING",
        )
        .bind(fingerprint)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(noted.rows_affected() == 1)
    }
}
