//! Send limits: a counter per scope (`account:…`, `target:…`, `ip:…`, `global:sms`) in an hourly
//! window, updated in one atomic upsert so replicas share it.

use sqlx::Row;

use super::Tx;
use crate::clock::Timestamp;

/// One scope's state after counting a send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted {
    pub sends: i64,
    pub window_start: Timestamp,
    pub blocked_until: Timestamp,
}

impl Tx {
    /// Counts one send in `scope`'s window of `window` seconds (starting a new window when the
    /// old one is over) and returns the state.
    pub async fn count_send(
        &mut self,
        scope: &str,
        window: i64,
        now: Timestamp,
    ) -> Result<Counted, sqlx::Error> {
        let row = sqlx::query(
            "INSERT INTO send_limits (scope, window_start, sends, blocked_until) VALUES ($1, $2, 1, 0)
             ON CONFLICT (scope) DO UPDATE SET
                 sends = CASE WHEN send_limits.window_start + $3 <= $2 THEN 1 ELSE send_limits.sends + 1 END,
                 window_start = CASE WHEN send_limits.window_start + $3 <= $2 THEN $2 ELSE send_limits.window_start END
             RETURNING sends, window_start, blocked_until",
        )
        .bind(scope)
        .bind(now)
        .bind(window)
        .fetch_one(self.conn())
        .await?;
        Ok(Counted {
            sends: row.try_get("sends")?,
            window_start: row.try_get("window_start")?,
            blocked_until: row.try_get("blocked_until")?,
        })
    }

    /// Blocks a scope until `until`.
    pub async fn block_sends(&mut self, scope: &str, until: Timestamp) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE send_limits SET blocked_until = $1 WHERE scope = $2")
            .bind(until)
            .bind(scope)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
