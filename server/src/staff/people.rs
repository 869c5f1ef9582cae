//! Whom a staff member may act on (security.md 48, 49 and 59): never themselves, helpdesk not on
//! staff, and for an action on an account a caller they verified within the hour. Every refusal is
//! audited before it is answered. The person's role is the directory's, read before these checks.

use super::error::StaffError;
use super::member::Staff;
use super::{CALLER_VERIFIED_FOR, NotAllowed, Role, may_act};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::store::{Store, User};

impl Staff {
    /// Whether this staff member may see and act on `person`.
    pub fn may_act_on(&self, config: &Config, person: &User) -> Result<(), NotAllowed> {
        may_act(self.role, &self.user.id, &person.id, config.role_of(person))
    }

    /// Refuses a person this staff member may not act on as if there were no such person
    /// (helpdesk does not learn who the staff are), and audits the attempt.
    pub async fn may_see(
        &self,
        store: &Store,
        config: &Config,
        person: &User,
        now: Timestamp,
    ) -> Result<(), StaffError> {
        let Err(not_allowed) = self.may_act_on(config, person) else {
            return Ok(());
        };
        let why = match not_allowed {
            NotAllowed::Themselves => "nobody acts on their own account",
            NotAllowed::Staff => "helpdesk does not act on IT support staff",
        };
        self.refused(store, person, why, now).await?;
        Err(StaffError::NoSuchPerson)
    }

    /// Refuses an action on `person` unless this staff member verified the caller within the
    /// hour; an unverified attempt is audited.
    pub async fn verified_caller(
        &self,
        store: &Store,
        person: &User,
        now: Timestamp,
    ) -> Result<(), StaffError> {
        let verified = store.caller_verified_at(&self.user.id, &person.id).await?;
        if verified.is_some_and(|at| now < at + CALLER_VERIFIED_FOR) {
            return Ok(());
        }
        self.refused(store, person, "the caller was not verified", now)
            .await?;
        Err(StaffError::CallerNotVerified)
    }

    /// Refuses anyone but an admin the action on `person`, and audits the attempt.
    pub async fn admin_only_on(
        &self,
        store: &Store,
        person: &User,
        now: Timestamp,
    ) -> Result<(), StaffError> {
        if self.role == Role::Admin {
            return Ok(());
        }
        self.refused(store, person, "only an admin may do this", now)
            .await?;
        Err(StaffError::AdminOnly)
    }
}
