//! The server's notion of "now", injected so expiry and rate limits are tested without sleeping.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch.
pub type Timestamp = i64;

/// A source of the current time.
pub trait Clock: Send + Sync + 'static {
    /// The current time in seconds since the Unix epoch.
    fn now(&self) -> Timestamp;

    /// Moves this clock forward, if it can be moved (only test and development clocks can).
    fn advance(&self, _seconds: i64) -> bool {
        false
    }
}

/// The real wall clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as Timestamp)
            .unwrap_or_default()
    }
}

/// The wall clock plus an offset that can only grow: development mode's clock, so that expiry
/// can be tried (through `POST /api/v1/dev/clock`) without waiting ten minutes.
#[derive(Debug, Default)]
pub struct DevelopmentClock(AtomicI64);

impl Clock for DevelopmentClock {
    fn now(&self) -> Timestamp {
        SystemClock.now() + self.0.load(Ordering::SeqCst)
    }

    fn advance(&self, seconds: i64) -> bool {
        self.0.fetch_add(seconds, Ordering::SeqCst);
        true
    }
}

/// A clock that only moves when told to: for tests.
#[derive(Clone, Debug, Default)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    /// A clock stopped at `start`.
    pub fn at(start: Timestamp) -> Self {
        Self(Arc::new(AtomicI64::new(start)))
    }

    /// Moves the clock forward by `seconds`.
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0.load(Ordering::SeqCst)
    }

    fn advance(&self, seconds: i64) -> bool {
        ManualClock::advance(self, seconds);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let clock = ManualClock::at(1_000);
        assert_eq!(clock.now(), 1_000);
        clock.advance(59);
        assert_eq!(clock.now(), 1_059);
    }

    #[test]
    fn system_clock_is_after_2025_and_cannot_be_moved() {
        assert!(SystemClock.now() > 1_735_689_600);
        assert!(!SystemClock.advance(60));
    }

    #[test]
    fn the_development_clock_runs_ahead_when_moved() {
        let clock = DevelopmentClock::default();
        let before = SystemClock.now();
        assert!(clock.advance(600));
        assert!(clock.now() >= before + 600);
    }
}
