//! Finding a person and opening their page (audited), whose activity names who acted apart
//! from what happened.

use axum::extract::{Path, Query, State};
use latchkey_api::ApiError;
use latchkey_api::types::{ActivityEntry, MethodInfo, PersonDetails, PersonSummary};
use serde::Deserialize;

use super::Staff;
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::methods::shown_masked;
use crate::sessions::{sign_in_wait, throttle};
use crate::staff::CALLER_VERIFIED_FOR;
use crate::state::AppState;
use crate::store::{AuditFilter, StoredMethod, User};

/// How many audit entries a person's page shows.
const ACTIVITY_SHOWN: i64 = 20;

/// `?query=`: part of a username, work email or name.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Search {
    pub query: String,
}

/// Finds people by part of their username, work email or name (20 at most): with a directory,
/// in it, including people who never signed in.
#[utoipa::path(
    get, path = "/api/v1/admin/people", tag = "IT support",
    params(Search),
    responses(
        (status = 200, description = "The people found", body = Vec<PersonSummary>),
        (status = 401, description = "Not signed in", body = ApiError),
        (status = 403, description = "Not staff, or not verified in this session", body = ApiError),
        (status = 503, description = "The directory cannot be reached", body = ApiError),
    )
)]
pub async fn find_people(
    State(state): State<AppState>,
    staff: Staff,
    Query(search): Query<Search>,
) -> Result<Json<Vec<PersonSummary>>, AppError> {
    if search.query.trim().is_empty() {
        return Ok(Json(Vec::new()));
    }
    let now = state.clock.now();
    let found = state
        .directory
        .search(&state.store, &search.query, now)
        .await?;
    Ok(Json(
        found
            .into_iter()
            .filter(|person| {
                let role = state.config.role_of(person);
                crate::staff::may_act(staff.role, &staff.user.id, &person.id, role).is_ok()
            })
            .map(User::summary)
            .collect(),
    ))
}

/// A method as IT support sees it: phone numbers and addresses masked.
fn masked(method: &StoredMethod) -> MethodInfo {
    MethodInfo {
        id: method.id.clone(),
        kind: method.kind,
        detail: shown_masked(method),
        created_at: method.created_at,
        last_used_at: method.last_used_at,
        codes_left: None,
    }
}

/// A person's page: names, masked methods, whether they can reset, their sign-in wait, open
/// sessions and recent activity. Opening it is audited.
#[utoipa::path(
    get, path = "/api/v1/admin/people/{id}", tag = "IT support",
    params(("id" = String, Path, description = "The person's ID")),
    responses(
        (status = 200, description = "The person", body = PersonDetails),
        (status = 403, description = "Not staff, or not verified in this session", body = ApiError),
        (status = 404, description = "No such person, or not one this role acts on", body = ApiError),
    )
)]
pub async fn person(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Json<PersonDetails>, AppError> {
    let person = staff.person(&state, &id).await?;
    let store = &state.store;
    let now = state.clock.now();
    let methods = store.methods(&person.id).await?;
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
    Ok(Json(PersonDetails {
        can_reset: crate::reset::can_finish(&methods, state.config.methods_required),
        methods: methods.iter().map(masked).collect(),
        sign_in_wait_seconds: wait,
        sessions: store.count_sessions(&person.id).await?,
        activity,
        caller_verified_until: verified
            .map(|at| at + CALLER_VERIFIED_FOR)
            .filter(|until| *until > now),
        role: state
            .config
            .role_of(&person)
            .map(|role| role.name().to_string()),
        id: person.id,
        username: person.username,
        display_name: person.display_name,
        email: person.email,
    }))
}
