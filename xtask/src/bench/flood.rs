//! A real sign-in during a flood of sign-ins (security.md 56, performance.md "under attack"):
//! `FLOODERS` clients on loopback send wrong passwords for an unknown name, each a request at a
//! time, for `SECONDS`; meanwhile a real person signs in every 200 ms from another address. The
//! server runs with its default hashing queue. Reports the real sign-in's p50 and p99 (and
//! without the flood, for comparison) and how many were refused at once with 503.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::http;

/// Clients flooding at once.
pub const FLOODERS: usize = 600;
/// How long the flood lasts.
pub const SECONDS: u64 = 10;
/// Each flooder's pause between its requests: at most 1 200 a second in all.
const FLOODER_PAUSE: Duration = Duration::from_millis(500);
/// How often the real person signs in, during the flood and before it.
const REAL_EVERY: Duration = Duration::from_millis(200);
/// Sign-ins measured before the flood.
const QUIET: usize = 20;

/// The real person's sign-ins, with and without the flood.
pub struct Flood {
    pub quiet_p99_ms: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub signed_in: usize,
    /// Refused at once because the hashing queue was full (503 with Retry-After).
    pub refused: usize,
    /// Anything else (errors, other statuses).
    pub failed: usize,
    /// Sign-ins the flood sent, and how many of them were refused with 503.
    pub flood_sent: usize,
    pub flood_refused: usize,
}

/// One sign-in as `username` from `address` (told through `X-Forwarded-For`, the server
/// trusting loopback); its status (0: no answer) and how long it took.
fn sign_in(server: &str, address: &str, username: &str, password: &str) -> (u16, Duration) {
    let body = format!(r#"{{"username":"{username}","password":"{password}"}}"#);
    let asked = Instant::now();
    let answer = http::request(
        server,
        "POST",
        "/api/v1/session",
        &[
            ("Content-Type", "application/json"),
            ("X-Requested-With", "latchkey"),
            ("X-Forwarded-For", address),
        ],
        Some(&body),
    );
    (answer.map_or(0, |answer| answer.status), asked.elapsed())
}

/// The `share` quantile of `took`, in ms.
fn quantile(took: &mut [Duration], share: f64) -> f64 {
    took.sort();
    let at = ((took.len() as f64 * share) as usize).min(took.len().saturating_sub(1));
    took.get(at)
        .map_or(f64::NAN, |took| took.as_secs_f64() * 1000.0)
}

/// Measures `username`'s sign-ins on the server at `server`, quiet and then under the flood.
pub fn measure(server: &str, username: &str, password: &str) -> anyhow::Result<Flood> {
    let real = "198.51.100.7";
    let mut quiet = Vec::new();
    for _ in 0..QUIET {
        let (status, took) = sign_in(server, real, username, password);
        anyhow::ensure!(status == 200, "a quiet sign-in answered {status}");
        quiet.push(took);
        std::thread::sleep(REAL_EVERY);
    }
    let flooding = Arc::new(AtomicBool::new(true));
    let (sent, refused) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let flooders: Vec<_> = (0..FLOODERS)
        .map(|n| {
            let (flooding, sent, refused) = (flooding.clone(), sent.clone(), refused.clone());
            let server = server.to_string();
            std::thread::spawn(move || {
                // From a handful of addresses, as a small botnet would.
                let address = format!("203.0.113.{}", n % 50);
                while flooding.load(Ordering::Relaxed) {
                    let (status, _) = sign_in(&server, &address, "nobody", "wrong-otter-47-loudly");
                    sent.fetch_add(1, Ordering::Relaxed);
                    if status == 503 {
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                    std::thread::sleep(FLOODER_PAUSE);
                }
            })
        })
        .collect();
    // The flood takes a second to build up.
    std::thread::sleep(Duration::from_secs(1));
    let ends = Instant::now() + Duration::from_secs(SECONDS - 1);
    let mut during = Vec::new();
    let (mut signed_in, mut refused_real, mut failed) = (0, 0, 0);
    while Instant::now() < ends {
        let (status, took) = sign_in(server, real, username, password);
        match status {
            200 => signed_in += 1,
            503 => refused_real += 1,
            _ => failed += 1,
        }
        during.push(took);
        std::thread::sleep(REAL_EVERY);
    }
    flooding.store(false, Ordering::Relaxed);
    for flooder in flooders {
        let _ = flooder.join();
    }
    Ok(Flood {
        quiet_p99_ms: quantile(&mut quiet, 0.99),
        p50_ms: quantile(&mut during, 0.50),
        p99_ms: quantile(&mut during, 0.99),
        signed_in,
        refused: refused_real,
        failed,
        flood_sent: sent.load(Ordering::Relaxed),
        flood_refused: refused.load(Ordering::Relaxed),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_of_the_sorted_times() {
        let mut took: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        assert_eq!(quantile(&mut took, 0.50), 51.0);
        assert_eq!(quantile(&mut took, 0.99), 100.0);
        assert!(quantile(&mut [], 0.99).is_nan());
    }
}
