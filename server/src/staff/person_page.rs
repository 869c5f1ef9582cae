//! A person's page as IT support sees it: names, masked methods, whether they can reset, their
//! sign-in wait, open sessions, recent activity (who acted apart from what happened) and until
//! when the caller is verified. Opening it is audited.

use latchkey_api::types::{ActivityEntry, Channel, MethodInfo, PersonDetails};

use super::CALLER_VERIFIED_FOR;
use super::member::Staff;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::messaging::reach::Reach;
use crate::security_info::masks::shown_masked;
use crate::sessions::{sign_in_wait, throttle};
use crate::store::{AuditFilter, Store, StoredMethod, User};

/// How many audit entries a person's page shows.
const ACTIVITY_SHOWN: i64 = 20;

/// A method as IT support sees it: phone numbers and addresses masked.
fn masked(method: &StoredMethod, reach: &Reach) -> MethodInfo {
    MethodInfo {
        id: method.id.clone(),
        kind: method.kind,
        detail: shown_masked(method),
        created_at: method.created_at,
        last_used_at: method.last_used_at,
        codes_left: None,
        texts_unavailable: reach.of_method(method, Channel::Sms),
        calls_unavailable: reach.of_method(method, Channel::Voice),
    }
}

/// `person`'s page for `staff`, now; the view is audited.
pub async fn details(
    store: &Store,
    config: &Config,
    staff: &Staff,
    person: User,
    now: Timestamp,
) -> Result<PersonDetails, sqlx::Error> {
    let methods = store.methods(&person.id).await?;
    let reach = Reach::now(store, config, now).await?;
    let wait = throttle::remaining(store, &person.sign_in_scope(), sign_in_wait, now).await?;
    let recent = AuditFilter {
        person_id: Some(person.id.clone()),
        newest_first: true,
        limit: ACTIVITY_SHOWN,
        ..AuditFilter::default()
    };
    let activity = store
        .audit_entries(&recent)
        .await?
        .into_iter()
        .map(|record| ActivityEntry {
            at: record.created_at,
            actor: staff.actor_shown(&record),
            detail: staff.detail_shown(&record),
            action: record.action,
            note: record.note,
        })
        .collect();
    let verified = store.caller_verified_at(&staff.user.id, &person.id).await?;
    let what = "Their details were viewed";
    staff
        .audited(store, &person, "person_viewed", what, now)
        .await?;
    Ok(PersonDetails {
        can_reset: crate::reset::can_finish(&methods, config.methods_required),
        methods: methods.iter().map(|m| masked(m, &reach)).collect(),
        sign_in_wait_seconds: wait,
        sessions: store.count_sessions(&person.id).await?,
        activity,
        caller_verified_until: verified
            .map(|at| at + CALLER_VERIFIED_FOR)
            .filter(|until| *until > now),
        role: config.role_of(&person).map(|role| role.name().to_string()),
        id: person.id,
        username: person.username,
        display_name: person.display_name,
        email: person.email,
    })
}
