//! Reports for admins: registration coverage — who can reset their password themselves under
//! the policy and who cannot yet (by name), methods by kind, and registrations per week for the
//! last twelve weeks.

use std::collections::HashMap;

use axum::extract::State;
use latchkey_api::ApiError;
use latchkey_api::types::{CoverageReport, KindCount, MethodKind, WeekCount};

use super::{Staff, summary};
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::staff::Role;
use crate::state::AppState;

const WEEK: i64 = 7 * 24 * 60 * 60;
/// How many weeks the registrations chart covers.
const WEEKS: i64 = 12;

/// Registration coverage, from what is registered now.
#[utoipa::path(
    get, path = "/api/v1/admin/reports/coverage", tag = "IT support",
    responses(
        (status = 200, description = "The report", body = CoverageReport),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
    )
)]
pub async fn coverage(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<CoverageReport>, AppError> {
    if staff.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let people = state.store.users().await?;
    let mut methods_of: HashMap<String, Vec<_>> = HashMap::new();
    for (owner, method) in state.store.every_method().await? {
        methods_of.entry(owner).or_default().push(method);
    }
    let required = state.config.methods_required;
    let (ready, not_ready): (Vec<_>, Vec<_>) = people.into_iter().partition(|person| {
        let methods = methods_of.get(&person.id).map_or(&[][..], Vec::as_slice);
        crate::reset::can_finish(methods, required)
    });
    let every = methods_of.values().flatten();
    let methods_by_kind = MethodKind::ALL
        .iter()
        .map(|kind| KindCount {
            kind: *kind,
            count: every.clone().filter(|m| m.kind == *kind).count() as u64,
        })
        .collect();
    let now = state.clock.now();
    let this_week = now - now.rem_euclid(WEEK);
    let registrations_per_week = (0..WEEKS)
        .rev()
        .map(|ago| {
            let week = this_week - ago * WEEK;
            let count = every
                .clone()
                .filter(|m| (week..week + WEEK).contains(&m.created_at))
                .count() as u64;
            WeekCount { week, count }
        })
        .collect();
    Ok(Json(CoverageReport {
        people: (ready.len() + not_ready.len()) as u64,
        can_reset: ready.len() as u64,
        not_yet: not_ready.into_iter().map(summary).collect(),
        methods_by_kind,
        registrations_per_week,
    }))
}
