//! Keeping every table bounded: every ten minutes each replica deletes expired sessions, codes,
//! calls, resets, puzzles, replay records, delivered messages and old rate-limit windows a day
//! after they ended, and audit entries older than `audit_retention_days`; and reads the
//! directory's password rules again.

use std::time::Duration;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::sessions::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use crate::state::AppState;
use crate::store::Cutoffs;

/// How often a replica sweeps.
const EVERY: Duration = Duration::from_secs(600);
/// How long ended rows stay, for the status questions asked just after they end.
const KEPT_AFTER_THEY_END: i64 = 24 * 60 * 60;
/// Longer than any puzzle or gateway callback is accepted for.
const REPLAY_WINDOW: i64 = 60 * 60;
const DAY: i64 = 24 * 60 * 60;

/// What may go at `now`.
pub fn cutoffs(config: &Config, now: Timestamp) -> Cutoffs {
    Cutoffs {
        idle_before: now - IDLE_TIMEOUT,
        begun_before: now - ABSOLUTE_TIMEOUT,
        ended_before: now - KEPT_AFTER_THEY_END,
        replays_before: now - REPLAY_WINDOW,
        audited_before: now - i64::from(config.audit_retention_days) * DAY,
    }
}

/// One sweep now; returns how many rows went.
pub async fn sweep(state: &AppState) -> Result<u64, sqlx::Error> {
    let cutoffs = cutoffs(&state.config, state.clock.now());
    state.store.sweep(cutoffs).await
}

/// Sweeps every ten minutes for the life of the server.
pub async fn run(state: AppState) {
    let mut every = tokio::time::interval(EVERY);
    loop {
        every.tick().await;
        match sweep(&state).await {
            Ok(deleted) => tracing::debug!(deleted, "housekeeping"),
            Err(error) => tracing::warn!(%error, "housekeeping failed"),
        }
        state.directory.refresh_rules().await;
    }
}
