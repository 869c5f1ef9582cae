//! A staff member at work: who they are, the role the directory gives them now, their session and
//! where they act from; and how what they do, or are refused, enters the person's audit trail with
//! their name and the ticket or reason they wrote, kept apart from Latchkey's own words.

use super::Role;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::origin::{Context, Origin};
use crate::store::{AuditEntry, StaffNote, Store, Tx, User};

/// A signed-in staff member, verified within 15 minutes, with the role the directory gives them
/// now.
pub struct Staff {
    pub user: User,
    pub role: Role,
    /// Their session, which owns the codes they send to callers.
    pub session_hash: String,
    /// Where they are, for the entries they leave.
    pub origin: Origin,
    /// What they asked for (`POST /api/v1/admin/people/{id}/unlock`), for a refusal's entry.
    pub request: String,
}

impl Staff {
    /// Their action, now, under `config`.
    pub fn context<'a>(&'a self, config: &'a Config, now: Timestamp) -> Context<'a> {
        Context {
            config,
            origin: &self.origin,
            now,
        }
    }

    /// Audits in `tx` an action on `person`: Latchkey's words for it (`what`), and apart from
    /// them the ticket or reason this staff member wrote.
    pub async fn acted(
        &self,
        tx: &mut Tx,
        person: &User,
        action: &str,
        what: &str,
        note: Option<&str>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let entry = AuditEntry {
            user_id: &person.id,
            action,
            detail: what,
            ip: &self.origin.ip,
            user_agent: &self.origin.user_agent,
        };
        let staff = StaffNote {
            actor_id: &self.user.id,
            note,
        };
        tx.audit_by_staff(entry, staff, now).await
    }

    /// Audits a refused attempt on `person`, and why it was refused: kept at once, as the refusal
    /// itself is the answer.
    pub async fn refused(
        &self,
        store: &Store,
        person: &User,
        why: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let what = format!("Refused, as {why}: {}", self.request);
        self.audited(store, person, "staff_action_refused", &what, now)
            .await
    }

    /// Audits at once what this staff member did to `person` (a view, a refusal), with nothing
    /// of their own words.
    pub async fn audited(
        &self,
        store: &Store,
        person: &User,
        action: &str,
        what: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let mut tx = store.transaction().await?;
        self.acted(&mut tx, person, action, what, None, now).await?;
        tx.commit().await
    }
}
