//! Reports for admins: registration coverage — who can reset their password themselves under
//! the policy and who cannot yet (by name; with a directory, everyone in it), methods by kind, and registrations per week (from
//! Monday, UTC) for the last twelve weeks — and activity: resets started, finished and refused,
//! and texts, calls and emails sent or failed (the SMS bill), per day for 30 days, from the
//! daily tallies.

use std::collections::HashMap;

use axum::extract::State;
use latchkey_api::ApiError;
use latchkey_api::types::{
    ActivityReport, CoverageReport, DayActivity, KindCount, MethodKind, WayCount, WeekCount,
};

use super::Staff;
use crate::http::error::AppError;
use crate::http::json::Json;
use crate::state::AppState;
use crate::store::day_of;

const WEEK: i64 = 7 * 24 * 60 * 60;
/// The first Monday of the Unix epoch (5 January 1970): weeks start on Mondays, as ISO 8601's.
const FIRST_MONDAY: i64 = 4 * 24 * 60 * 60;
/// How many weeks the registrations chart covers.
const WEEKS: i64 = 12;

/// Registration coverage, from what is registered now.
#[utoipa::path(
    get, path = "/api/v1/admin/reports/coverage", tag = "IT support",
    responses(
        (status = 200, description = "The report", body = CoverageReport),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
        (status = 503, description = "The directory cannot be reached", body = ApiError),
    )
)]
pub async fn coverage(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<CoverageReport>, AppError> {
    staff.admin_only()?;
    let people = state.directory.everyone(&state.store).await?;
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
    let this_week = now - (now - FIRST_MONDAY).rem_euclid(WEEK);
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
        not_yet: not_ready,
        methods_by_kind,
        registrations_per_week,
    }))
}

/// How many days the activity report covers.
const DAYS: i64 = 30;

/// Resets and messages per day for the last 30 days.
#[utoipa::path(
    get, path = "/api/v1/admin/reports/activity", tag = "IT support",
    responses(
        (status = 200, description = "The report", body = ActivityReport),
        (status = 403, description = "Not an admin, or not verified in this session", body = ApiError),
    )
)]
pub async fn activity(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<ActivityReport>, AppError> {
    staff.admin_only()?;
    const DAY: i64 = 24 * 60 * 60;
    let today = day_of(state.clock.now());
    let first = today - (DAYS - 1) * DAY;
    let mut days: Vec<DayActivity> = (0..DAYS)
        .map(|n| DayActivity {
            day: first + n * DAY,
            ..DayActivity::default()
        })
        .collect();
    let mut proven: HashMap<String, u64> = HashMap::new();
    for (day, name, count) in state.store.tallies_since(first).await? {
        let count = count.max(0) as u64;
        if let Some(way) = name.strip_prefix("reset_proved_") {
            *proven.entry(way.to_string()).or_default() += count;
            continue;
        }
        let Some(line) = days.get_mut(((day - first) / DAY) as usize) else {
            continue;
        };
        let field = match name.as_str() {
            "reset_started" => &mut line.resets_started,
            "reset_completed" => &mut line.resets_completed,
            "reset_refused" => &mut line.resets_refused,
            "sms_sent" => &mut line.texts_sent,
            "sms_failed" => &mut line.texts_failed,
            "voice_sent" => &mut line.calls_sent,
            "voice_failed" => &mut line.calls_failed,
            "email_sent" => &mut line.emails_sent,
            "email_failed" => &mut line.emails_failed,
            _ => continue,
        };
        *field += count;
    }
    let mut proven_by: Vec<WayCount> = proven
        .into_iter()
        .map(|(way, count)| WayCount { way, count })
        .collect();
    proven_by.sort_by(|a, b| a.way.cmp(&b.way));
    Ok(Json(ActivityReport { days, proven_by }))
}
