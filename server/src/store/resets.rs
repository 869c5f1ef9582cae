//! Password-reset flows, spent puzzles and the installation's own keys. Each step is one
//! conditional statement, so two requests racing on a flow cannot both prove the same step.

use sqlx::Row;

use super::Store;
use crate::clock::Timestamp;

/// A reset as stored.
#[derive(Clone, Debug)]
pub struct ResetFlow {
    pub id_hash: String,
    /// `None` for a decoy.
    pub user_id: Option<String>,
    pub name_key: String,
    pub steps_required: i64,
    /// Method kinds proven so far, in order.
    pub proven: Vec<String>,
    pub expires_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

/// What to store for a new reset.
pub struct NewResetFlow<'a> {
    pub id_hash: &'a str,
    pub user_id: Option<&'a str>,
    pub name_key: &'a str,
    pub steps_required: i64,
    pub expires_at: Timestamp,
}

impl Store {
    pub async fn create_reset_flow(
        &self,
        flow: NewResetFlow<'_>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO reset_flows (id_hash, user_id, name_key, steps_required, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(flow.id_hash)
        .bind(flow.user_id)
        .bind(flow.name_key)
        .bind(flow.steps_required)
        .bind(now)
        .bind(flow.expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn reset_flow(&self, id_hash: &str) -> Result<Option<ResetFlow>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id_hash, user_id, name_key, steps_required, proven_kinds, expires_at, finished_at
             FROM reset_flows WHERE id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            let proven: String = row.try_get("proven_kinds")?;
            Ok(ResetFlow {
                id_hash: row.try_get("id_hash")?,
                user_id: row.try_get("user_id")?,
                name_key: row.try_get("name_key")?,
                steps_required: row.try_get("steps_required")?,
                proven: proven
                    .split(',')
                    .filter(|k| !k.is_empty())
                    .map(str::to_string)
                    .collect(),
                expires_at: row.try_get("expires_at")?,
                finished_at: row.try_get("finished_at")?,
            })
        })
        .transpose()
    }

    /// Records that `kind` proved the next step, if the flow is still where `flow` saw it.
    pub async fn prove_reset_step(
        &self,
        flow: &ResetFlow,
        kind: &str,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let before = flow.proven.join(",");
        let after = if before.is_empty() {
            kind.to_string()
        } else {
            format!("{before},{kind}")
        };
        let done = sqlx::query(
            "UPDATE reset_flows SET proven_kinds = $1
             WHERE id_hash = $2 AND proven_kinds = $3 AND finished_at IS NULL AND expires_at > $4",
        )
        .bind(after)
        .bind(&flow.id_hash)
        .bind(before)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Counts a wrong code typed against a decoy; returns the count so far.
    pub async fn decoy_failed(&self, id_hash: &str) -> Result<i64, sqlx::Error> {
        sqlx::query(
            "UPDATE reset_flows SET decoy_failures = decoy_failures + 1 WHERE id_hash = $1 RETURNING decoy_failures",
        )
        .bind(id_hash)
        .fetch_one(self.pool())
        .await?
        .try_get("decoy_failures")
    }

    /// A decoy's new code starts its count of wrong tries afresh, as a real new challenge does.
    pub async fn new_decoy_code(&self, id_hash: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE reset_flows SET decoy_failures = 0 WHERE id_hash = $1")
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends every open reset of a user (one finished, or the password changed another way).
    pub async fn finish_resets_of(&self, user_id: &str, now: Timestamp) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE reset_flows SET finished_at = $1 WHERE user_id = $2 AND finished_at IS NULL",
        )
        .bind(now)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Marks a puzzle used; `false` if it was used before. Old ones are forgotten, since their
    /// time is refused anyway.
    pub async fn spend_puzzle(
        &self,
        puzzle_hash: &str,
        now: Timestamp,
        forget_before: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query("DELETE FROM spent_puzzles WHERE spent_at < $1")
            .bind(forget_before)
            .execute(self.pool())
            .await?;
        let spent = sqlx::query(
            "INSERT INTO spent_puzzles (puzzle_hash, spent_at) VALUES ($1, $2) ON CONFLICT (puzzle_hash) DO NOTHING",
        )
        .bind(puzzle_hash)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(spent.rows_affected() == 1)
    }

    /// The installation's key called `name`, made (as hex) by the first replica that asks.
    pub async fn server_key(&self, name: &str, fresh: &str) -> Result<String, sqlx::Error> {
        sqlx::query(
            "INSERT INTO server_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(fresh)
        .execute(self.pool())
        .await?;
        sqlx::query("SELECT value FROM server_keys WHERE name = $1")
            .bind(name)
            .fetch_one(self.pool())
            .await?
            .try_get("value")
    }

    /// Voids every open challenge of a user (after a reset).
    pub async fn void_challenges_of(
        &self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE challenges SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
