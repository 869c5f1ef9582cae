//! Finding a person and opening their page (audited), whose activity names who acted apart
//! from what happened.

use axum::extract::{Path, Query, State};
use latchkey_api::ApiError;
use latchkey_api::types::{PersonDetails, PersonSummary};
use serde::Deserialize;

use super::Staff;
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::staff::person_page;
use crate::state::AppState;
use crate::store::User;

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
            .filter(|person| staff.may_act_on(&state.config, person).is_ok())
            .map(User::summary)
            .collect(),
    ))
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
    let now = state.clock.now();
    let details = person_page::details(&state.store, &state.config, &staff, person, now).await?;
    Ok(Json(details))
}
