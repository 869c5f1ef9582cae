//! Reports for admins: registration coverage — who can reset their password themselves under
//! the policy and who cannot yet, methods by kind, and registrations per week (from Monday, UTC)
//! for the last twelve weeks — and activity: resets started, finished and refused, and texts,
//! calls and emails sent or failed (the SMS bill), per day for 30 days, from the daily tallies.

use std::collections::HashMap;

use latchkey_api::types::{
    ActivityReport, CoverageReport, DayActivity, KindCount, MethodKind, PersonSummary, WayCount,
    WeekCount,
};

use crate::clock::Timestamp;
use crate::config::Config;
use crate::store::{Store, day_of};

const WEEK: i64 = 7 * 24 * 60 * 60;
/// The first Monday of the Unix epoch (5 January 1970): weeks start on Mondays, as ISO 8601's.
const FIRST_MONDAY: i64 = 4 * 24 * 60 * 60;
/// How many weeks the registrations chart covers.
const WEEKS: i64 = 12;

/// How many days the activity report covers.
const DAYS: i64 = 30;

/// Registration coverage of `people` (everyone, as the directory has them), from what is
/// registered now.
pub async fn coverage(
    store: &Store,
    config: &Config,
    people: Vec<PersonSummary>,
    now: Timestamp,
) -> Result<CoverageReport, sqlx::Error> {
    let mut methods_of: HashMap<String, Vec<_>> = HashMap::new();
    for (owner, method) in store.every_method().await? {
        methods_of.entry(owner).or_default().push(method);
    }
    let required = config.methods_required;
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
    Ok(CoverageReport {
        people: (ready.len() + not_ready.len()) as u64,
        can_reset: ready.len() as u64,
        not_yet: not_ready,
        methods_by_kind,
        registrations_per_week,
    })
}

/// Resets and messages per day for the 30 days up to `now`.
pub async fn activity(store: &Store, now: Timestamp) -> Result<ActivityReport, sqlx::Error> {
    const DAY: i64 = 24 * 60 * 60;
    let today = day_of(now);
    let first = today - (DAYS - 1) * DAY;
    let mut days: Vec<DayActivity> = (0..DAYS)
        .map(|n| DayActivity {
            day: first + n * DAY,
            ..DayActivity::default()
        })
        .collect();
    let mut proven: HashMap<String, u64> = HashMap::new();
    for (day, name, count) in store.tallies_since(first).await? {
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
    Ok(ActivityReport { days, proven_by })
}
