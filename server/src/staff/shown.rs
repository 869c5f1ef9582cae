//! What a staff member may read of an audit entry (security.md 59): an admin is told who acted;
//! helpdesk its own name, not the other staff's, nor where they acted from.

use latchkey_api::types::Actor;

use super::Role;
use super::member::Staff;
use crate::store::AuditRecord;

/// The staff column of an entry by a staff member helpdesk is not told of.
const IT_SUPPORT: &str = "(IT support)";

impl Staff {
    /// Who did what `record` records, as this staff member may be told: an admin is told every
    /// name; helpdesk its own, not the other staff's (security.md 59).
    pub fn actor_shown(&self, record: &AuditRecord) -> Actor {
        match (&record.staff_id, &record.staff) {
            (None, _) => Actor::Person,
            (Some(id), Some(name)) if self.role == Role::Admin || *id == self.user.id => {
                Actor::Staff(name.clone())
            }
            _ => Actor::ItSupport,
        }
    }

    /// Where `record` came from, as this staff member may read it: not the address of a staff
    /// member they are not told of (a known desk's address would name them).
    pub fn client_shown(&self, record: &AuditRecord) -> String {
        match self.actor_shown(record) {
            Actor::ItSupport => String::new(),
            _ => record.ip.clone(),
        }
    }

    /// What Latchkey wrote of `record`, as this staff member may read it. Entries written before
    /// the actor had a column of their own end with " — by {username} ({role})": a staff member
    /// not told of the actor does not read that part.
    pub fn detail_shown(&self, record: &AuditRecord) -> String {
        let detail = &record.detail;
        match (self.actor_shown(record), &record.staff) {
            (Actor::ItSupport, Some(name)) => detail
                .rfind(&format!(" — by {name} ("))
                .map_or_else(|| detail.clone(), |at| detail[..at].to_string()),
            _ => detail.clone(),
        }
    }

    /// `record` as this staff member's download writes it: what they may not read of it left
    /// out, a staff member they are not told of written as IT support.
    pub fn export_shown(&self, record: &mut AuditRecord) {
        record.detail = self.detail_shown(record);
        record.ip = self.client_shown(record);
        if record.ip.is_empty() {
            record.user_agent.clear();
        }
        record.staff = match self.actor_shown(record) {
            Actor::Person => None,
            Actor::Staff(name) => Some(name),
            Actor::ItSupport => Some(IT_SUPPORT.into()),
        };
    }
}
