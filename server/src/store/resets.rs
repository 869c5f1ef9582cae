//! Password-reset flows, spent puzzles and the installation's own keys. A step is recorded by
//! one conditional statement in a transaction, so two requests racing on a flow — on two
//! replicas — cannot both prove a step, and the same kind of method never proves two.

use latchkey_api::types::MethodKind;
use sqlx::Row;

use super::names::{kind_called, kind_name};
use super::{AuditEntry, Store, Tx, User};
use crate::clock::Timestamp;

/// What a decoy's stand-in account ID starts with: challenges of a name without a usable
/// account belong to `decoy:` and the name's key.
const DECOY_PREFIX: &str = "decoy:";

/// How a proven reset ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// A new password was set.
    NewPassword,
    /// "I know my password": the account was only unlocked.
    Unlocked,
}

/// The name key behind a decoy's stand-in account ID; `None` for a real account.
pub fn decoy_name_key(account: &str) -> Option<&str> {
    account.strip_prefix(DECOY_PREFIX)
}

/// A reset as stored.
#[derive(Clone, Debug)]
pub struct ResetFlow {
    pub id_hash: String,
    /// `None` for a decoy.
    pub user_id: Option<String>,
    pub name_key: String,
    pub steps_required: i64,
    /// Method kinds proven so far, in order.
    pub proven: Vec<MethodKind>,
    /// Wrong phone numbers typed so far (security.md 12).
    pub number_failures: i64,
    pub expires_at: Timestamp,
    pub finished_at: Option<Timestamp>,
}

impl ResetFlow {
    /// The account its challenges belong to: the user, or the decoy's stand-in.
    pub fn account(&self) -> String {
        match &self.user_id {
            Some(user_id) => user_id.clone(),
            None => format!("{DECOY_PREFIX}{}", self.name_key),
        }
    }

    /// What its challenges have in place of a session.
    pub fn session_hash(&self) -> String {
        format!("reset:{}", self.id_hash)
    }
}

/// What became of a proven step.
#[derive(Debug, PartialEq, Eq)]
pub enum StepRecorded {
    /// The step is recorded, and the reset's other open codes and calls are void.
    Recorded,
    /// That kind of method proved an earlier step: each step takes a different one.
    KindAlreadyUsed,
    /// The reset finished, expired or moved on since it was read.
    Closed,
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
    pub async fn reset_flow(&self, id_hash: &str) -> Result<Option<ResetFlow>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT id_hash, user_id, name_key, steps_required, proven_kinds, number_failures,
                    expires_at, finished_at
             FROM reset_flows WHERE id_hash = $1",
        )
        .bind(id_hash)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            let proven: String = row.try_get("proven_kinds")?;
            let proven = proven
                .split(',')
                .filter(|k| !k.is_empty())
                .map(|name| {
                    kind_called(name).ok_or_else(|| sqlx::Error::ColumnDecode {
                        index: "proven_kinds".into(),
                        source: format!("{name:?} is not a kind of method").into(),
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(ResetFlow {
                id_hash: row.try_get("id_hash")?,
                user_id: row.try_get("user_id")?,
                name_key: row.try_get("name_key")?,
                steps_required: row.try_get("steps_required")?,
                proven,
                number_failures: row.try_get("number_failures")?,
                expires_at: row.try_get("expires_at")?,
                finished_at: row.try_get("finished_at")?,
            })
        })
        .transpose()
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
}

impl Tx {
    pub async fn create_reset_flow(
        &mut self,
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
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records that `kind` proved the next step, if the flow is still where `flow` saw it and
    /// `kind` proved no earlier step; the reset's other open codes and calls become void in the
    /// same transaction, so no second code to the same place can prove a second step.
    pub async fn prove_reset_step(
        &mut self,
        flow: &ResetFlow,
        kind: MethodKind,
        now: Timestamp,
    ) -> Result<StepRecorded, sqlx::Error> {
        if flow.proven.contains(&kind) {
            return Ok(StepRecorded::KindAlreadyUsed);
        }
        let names = |kinds: &[MethodKind]| -> String {
            kinds
                .iter()
                .map(|&k| kind_name(k))
                .collect::<Vec<_>>()
                .join(",")
        };
        let before = names(&flow.proven);
        let after = names(&[flow.proven.as_slice(), &[kind]].concat());
        let mut transaction = self.all_or_nothing().await?;
        let done = sqlx::query(
            "UPDATE reset_flows SET proven_kinds = $1
             WHERE id_hash = $2 AND proven_kinds = $3 AND finished_at IS NULL AND expires_at > $4",
        )
        .bind(after)
        .bind(&flow.id_hash)
        .bind(before)
        .bind(now)
        .execute(&mut *transaction)
        .await?;
        if done.rows_affected() != 1 {
            return Ok(StepRecorded::Closed);
        }
        sqlx::query(
            "UPDATE challenges SET used_at = $1 WHERE session_hash = $2 AND used_at IS NULL",
        )
        .bind(now)
        .bind(flow.session_hash())
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(StepRecorded::Recorded)
    }

    /// Counts a phone number typed that did not match; returns the count so far.
    pub async fn reset_number_failed(&mut self, id_hash: &str) -> Result<i64, sqlx::Error> {
        sqlx::query(
            "UPDATE reset_flows SET number_failures = number_failures + 1 WHERE id_hash = $1
             RETURNING number_failures",
        )
        .bind(id_hash)
        .fetch_one(self.conn())
        .await?
        .try_get("number_failures")
    }

    /// After a reset, all at once or not at all: every open reset, code and call is void,
    /// sign-in failures are cleared, and `entry` is audited; after a new password also every
    /// session of the user ends and half-added apps and passkeys are forgotten (security.md 14).
    pub async fn finish_reset(
        &mut self,
        user: &User,
        ending: Ending,
        entry: AuditEntry<'_>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let user_id = &user.id;
        let mut transaction = self.all_or_nothing().await?;
        // A new password ends every session and half-done registration; an unlock keeps them.
        if ending == Ending::NewPassword {
            for statement in [
                "DELETE FROM sessions WHERE user_id = $1",
                "DELETE FROM pending_methods WHERE user_id = $1",
            ] {
                sqlx::query(statement)
                    .bind(user_id)
                    .execute(&mut *transaction)
                    .await?;
            }
            sqlx::query("UPDATE users SET password_changed_at = $2 WHERE id = $1")
                .bind(user_id)
                .bind(now)
                .execute(&mut *transaction)
                .await?;
        }
        let [strangers, familiar] = user.sign_in_scopes();
        sqlx::query("DELETE FROM sign_in_failures WHERE scope IN ($1, $2)")
            .bind(strangers)
            .bind(familiar)
            .execute(&mut *transaction)
            .await?;
        let voided = [
            "UPDATE reset_flows SET finished_at = $2 WHERE user_id = $1 AND finished_at IS NULL",
            "UPDATE challenges SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
        ];
        for statement in voided {
            sqlx::query(statement)
                .bind(user_id)
                .bind(now)
                .execute(&mut *transaction)
                .await?;
        }
        super::audit::write(&mut transaction, entry, None, now).await?;
        transaction.commit().await
    }

    /// Marks a puzzle used; `false` if it was used before. Old ones are forgotten, since their
    /// time is refused anyway.
    pub async fn spend_puzzle(
        &mut self,
        puzzle_hash: &str,
        now: Timestamp,
        forget_before: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        sqlx::query("DELETE FROM spent_puzzles WHERE spent_at < $1")
            .bind(forget_before)
            .execute(self.conn())
            .await?;
        let spent = sqlx::query(
            "INSERT INTO spent_puzzles (puzzle_hash, spent_at) VALUES ($1, $2) ON CONFLICT (puzzle_hash) DO NOTHING",
        )
        .bind(puzzle_hash)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(spent.rows_affected() == 1)
    }

    /// Voids every open challenge of a user (after a reset).
    pub async fn void_challenges_of(
        &mut self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE challenges SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
