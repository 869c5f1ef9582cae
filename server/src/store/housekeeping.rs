//! Deleting what has served its purpose, so that every table stays bounded. Each statement is
//! idempotent, so several replicas sweeping at once only repeat each other's work.

use super::Store;
use crate::clock::Timestamp;

/// The moments before which each kind of row is no longer needed.
#[derive(Debug, Clone, Copy)]
pub struct Cutoffs {
    /// Sessions idle since before this, or …
    pub idle_before: Timestamp,
    /// … begun before this.
    pub begun_before: Timestamp,
    /// Codes, calls, resets, method registrations and rate-limit windows that ended before this.
    pub ended_before: Timestamp,
    /// Spent puzzles and gateway callbacks seen before this (their replay windows have closed).
    pub replays_before: Timestamp,
    /// Audit entries written before this.
    pub audited_before: Timestamp,
}

/// The moments a sweep's statement binds, in order.
type Binds = fn(&Cutoffs) -> Vec<Timestamp>;

/// Each table's sweep: the statement, and the cutoffs it takes.
const SWEEPS: &[(&str, Binds)] = &[
    (
        "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
        |c| vec![c.idle_before, c.begun_before],
    ),
    (
        "DELETE FROM sign_in_failures WHERE last_failure_at < $1",
        |c| vec![c.ended_before],
    ),
    ("DELETE FROM challenges WHERE expires_at < $1", |c| {
        vec![c.ended_before]
    }),
    ("DELETE FROM reset_flows WHERE expires_at < $1", |c| {
        vec![c.ended_before]
    }),
    ("DELETE FROM pending_methods WHERE expires_at < $1", |c| {
        vec![c.ended_before]
    }),
    ("DELETE FROM access_passes WHERE expires_at < $1", |c| {
        vec![c.ended_before]
    }),
    (
        "DELETE FROM caller_verifications WHERE verified_at < $1",
        |c| vec![c.ended_before],
    ),
    (
        "DELETE FROM send_limits WHERE window_start < $1 AND blocked_until < $1",
        |c| vec![c.ended_before],
    ),
    (
        "DELETE FROM deliveries WHERE status <> 'queued' AND created_at < $1",
        |c| vec![c.ended_before],
    ),
    ("DELETE FROM outbox WHERE created_at < $1", |c| {
        vec![c.ended_before]
    }),
    ("DELETE FROM spent_puzzles WHERE spent_at < $1", |c| {
        vec![c.replays_before]
    }),
    ("DELETE FROM gateway_callbacks WHERE seen_at < $1", |c| {
        vec![c.replays_before]
    }),
    // The automatic pause looks back 24 hours; the caps count today only.
    ("DELETE FROM messaging_sends WHERE sent_at < $1", |c| {
        vec![c.ended_before]
    }),
    ("DELETE FROM messaging_counts WHERE day < $1", |c| {
        vec![c.ended_before]
    }),
    ("DELETE FROM daily_tallies WHERE day < $1", |c| {
        vec![c.audited_before]
    }),
    ("DELETE FROM audit_log WHERE created_at < $1", |c| {
        vec![c.audited_before]
    }),
];

impl Store {
    /// Deletes every row past its cutoff; returns how many went.
    pub async fn sweep(&self, cutoffs: Cutoffs) -> Result<u64, sqlx::Error> {
        let mut deleted = 0;
        for (statement, cutoff) in SWEEPS {
            let mut query = sqlx::query(statement);
            for moment in cutoff(&cutoffs) {
                query = query.bind(moment);
            }
            deleted += query.execute(self.pool()).await?.rows_affected();
        }
        Ok(deleted)
    }
}
