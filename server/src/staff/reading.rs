//! Which audit entries a staff member reads (security.md 59): an admin all; helpdesk only those
//! of people it may act on, and nothing of another staff member's actions.

use std::collections::HashMap;

use super::Role;
use super::member::Staff;
use crate::config::Config;
use crate::store::{AuditFilter, AuditRecord, Store};

/// How many entries helpdesk's reading takes from the store at a time, to keep those it may see.
const BATCH: i64 = 500;

/// The entries `filter` selects that `staff` may read, after the first `skip`, at most `take`:
/// an admin reads all; helpdesk only those of people it may act on, and nothing when it asks
/// for another staff member's actions (whether they acted would tell who the staff are).
pub async fn readable(
    store: &Store,
    config: &Config,
    staff: &Staff,
    filter: AuditFilter,
    skip: usize,
    take: usize,
) -> Result<Vec<AuditRecord>, sqlx::Error> {
    if staff.role == Role::Admin {
        let filter = AuditFilter {
            offset: skip as i64,
            limit: i64::try_from(take).unwrap_or(i64::MAX),
            ..filter
        };
        return store.audit_entries(&filter).await;
    }
    let own_name = staff.user.username.to_lowercase();
    if filter
        .staff
        .as_ref()
        .is_some_and(|name| name.trim().to_lowercase() != own_name)
    {
        return Ok(Vec::new());
    }
    let mut may_see: HashMap<String, bool> = HashMap::new();
    let mut kept = Vec::new();
    let mut offset = 0;
    loop {
        let batch = AuditFilter {
            offset,
            limit: BATCH,
            ..filter.clone()
        };
        let records = store.audit_entries(&batch).await?;
        let last = (records.len() as i64) < BATCH;
        for record in records {
            let seen = match may_see.get(&record.person_id) {
                Some(seen) => *seen,
                None => {
                    let person = store.user(&record.person_id).await?;
                    let seen = match &person {
                        Some(person) => staff.may_act_on(config, person).is_ok(),
                        None => false,
                    };
                    may_see.insert(record.person_id.clone(), seen);
                    seen
                }
            };
            if seen {
                kept.push(record);
            }
            if kept.len() >= skip.saturating_add(take) {
                return Ok(kept.split_off(skip));
            }
        }
        if last {
            return Ok(kept.into_iter().skip(skip).collect());
        }
        offset += BATCH;
    }
}
