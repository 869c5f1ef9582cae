//! Temporary Access Passes as stored: one per person, hashed, with its lifetime and whether it
//! was used; and staff roles.

use super::{Store, Tx};
use crate::clock::Timestamp;
use crate::staff::Role;

/// A pass to keep: whose, its hash, until when, and who made it.
#[derive(Debug)]
pub struct NewAccessPass<'a> {
    pub user_id: &'a str,
    pub pass_hash: &'a str,
    pub expires_at: Timestamp,
    pub one_time: bool,
    /// The staff member's user ID; `None` for the command line.
    pub issued_by: Option<&'a str>,
}

impl Store {
    /// Who made the person's pass: a staff member's user ID (`None` for the command line, or
    /// when they have no pass).
    pub async fn access_pass_issuer(&self, user_id: &str) -> Result<Option<String>, sqlx::Error> {
        let issuer: Option<Option<String>> =
            sqlx::query_scalar("SELECT issued_by FROM access_passes WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(issuer.flatten())
    }
}

impl Tx {
    /// Keeps a new pass for the person; the one they had before stops working.
    pub async fn issue_access_pass(
        &mut self,
        pass: NewAccessPass<'_>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO access_passes (user_id, pass_hash, created_at, expires_at, one_time, issued_by)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (user_id) DO UPDATE
             SET pass_hash = excluded.pass_hash, created_at = excluded.created_at,
                 expires_at = excluded.expires_at, one_time = excluded.one_time,
                 used_at = NULL, issued_by = excluded.issued_by",
        )
        .bind(pass.user_id)
        .bind(pass.pass_hash)
        .bind(now)
        .bind(pass.expires_at)
        .bind(i64::from(pass.one_time))
        .bind(pass.issued_by)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Uses the person's pass if `pass_hash` is it and it is still good (not expired, and not
    /// used if it is one-time); until when it lasts. One statement, so two sign-ins at once
    /// cannot both use a one-time pass.
    pub async fn use_access_pass(
        &mut self,
        user_id: &str,
        pass_hash: &str,
        now: Timestamp,
    ) -> Result<Option<Timestamp>, sqlx::Error> {
        sqlx::query_scalar(
            "UPDATE access_passes SET used_at = $3
             WHERE user_id = $1 AND pass_hash = $2 AND expires_at > $3
               AND (one_time = 0 OR used_at IS NULL)
             RETURNING expires_at",
        )
        .bind(user_id)
        .bind(pass_hash)
        .bind(now)
        .fetch_optional(self.conn())
        .await
    }

    /// Gives the person a staff role, or takes it away (`None`).
    pub async fn set_role(&mut self, user_id: &str, role: Option<Role>) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.map(Role::name))
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
