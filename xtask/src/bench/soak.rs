//! The soak: five minutes of mixed traffic at a steady rate against SQLite — security info read
//! 40 times a second, a sign-in twice a second, a code sent once a second — as many people, each
//! from their own address behind a trusted proxy (so per-address limits count each apart, as in
//! production). Latencies are measured from when each request was due, so a slow server cannot
//! hide its delays by sending fewer requests. Reports p50/p99 and failures per kind, and the
//! server's memory after warming up and at the end: it must stay flat.

use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;

use crate::http;

/// How long the soak runs.
pub const SECONDS: u64 = 300;
/// Memory is first read this far in, once allocators and pools have grown to their working size.
pub const WARM_UP: Duration = Duration::from_secs(30);
/// People sending codes: each may send five an hour, so enough for a code a second.
pub const PEOPLE: usize = 80;
/// Requests under way at once at most.
const WORKERS: usize = 32;

/// The kinds of request and how often each is sent.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Read,
    SignIn,
    CodeSent,
}

const KINDS: [(Kind, u32); 3] = [(Kind::Read, 40), (Kind::SignIn, 2), (Kind::CodeSent, 1)];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Read => "`GET /api/v1/security-info`",
            Kind::SignIn => "`POST /api/v1/session`",
            Kind::CodeSent => "`POST /api/v1/enrollments` (an email code)",
        }
    }
}

/// How one kind of request fared.
pub struct KindResult {
    pub name: &'static str,
    pub per_second: u32,
    pub requests: usize,
    pub failed: usize,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// The soak's figures.
pub struct Soak {
    pub kinds: Vec<KindResult>,
    pub rss_warm_mib: f64,
    pub rss_end_mib: f64,
}

impl Soak {
    pub fn growth_mib(&self) -> f64 {
        self.rss_end_mib - self.rss_warm_mib
    }
}

/// What the soak's people need: a session and an address each.
pub struct Person {
    pub address: String,
    pub cookie: String,
}

/// The address person `n` comes from (a documentation range, reported by the proxy).
fn address_of(n: usize) -> String {
    format!("198.18.{}.{}", n / 250, n % 250 + 1)
}

/// Signs each of the people (`soak0`, `soak1`, …, with `password`) in from their own address.
pub fn sign_in_people(address: &str, password: &str) -> anyhow::Result<Vec<Person>> {
    (0..PEOPLE)
        .map(|n| {
            let from = address_of(n);
            let body = format!(r#"{{"username":"soak{n}","password":"{password}"}}"#);
            let answer = http::request(
                address,
                "POST",
                "/api/v1/session",
                &headers(None, &from),
                Some(&body),
            )?;
            anyhow::ensure!(answer.status == 200, "soak{n} could not sign in");
            let cookie = answer.cookie().context("a sign-in sets a cookie")?;
            Ok(Person {
                address: from,
                cookie,
            })
        })
        .collect()
}

fn headers<'a>(cookie: Option<&'a str>, from: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("X-Requested-With", "latchkey"),
        ("X-Forwarded-For", from),
    ];
    if let Some(cookie) = cookie {
        headers.push(("Cookie", cookie));
    }
    headers
}

/// A request due at `due`; `n` counts requests of its kind.
struct Due {
    kind: Kind,
    n: usize,
    due: Instant,
}

/// Everything a worker needs to send any request.
struct Traffic {
    address: String,
    reader_cookie: String,
    sign_in_body: String,
    people: Vec<Person>,
}

impl Traffic {
    /// Sends one request; whether it succeeded.
    fn send(&self, kind: Kind, n: usize) -> bool {
        let person = &self.people[n % self.people.len()];
        let answer = match kind {
            Kind::Read => http::request(
                &self.address,
                "GET",
                "/api/v1/security-info",
                &headers(Some(&self.reader_cookie), "198.18.255.1"),
                None,
            ),
            Kind::SignIn => http::request(
                &self.address,
                "POST",
                "/api/v1/session",
                &headers(None, &person.address),
                Some(&self.sign_in_body),
            ),
            Kind::CodeSent => {
                let body = format!(
                    r#"{{"kind":"email","channel":"email","email":"soak-{n}@example.net"}}"#
                );
                http::request(
                    &self.address,
                    "POST",
                    "/api/v1/enrollments",
                    &headers(Some(&person.cookie), &person.address),
                    Some(&body),
                )
            }
        };
        answer.is_ok_and(|answer| (200..300).contains(&answer.status))
    }
}

/// Runs the soak against the server at `address` (process `pid`); `reader_cookie` is a signed-in
/// session whose security info is read, `sign_in_body` a sign-in that succeeds.
pub fn run(
    address: &str,
    pid: u32,
    reader_cookie: &str,
    sign_in_body: &str,
    people: Vec<Person>,
) -> anyhow::Result<Soak> {
    let traffic = Arc::new(Traffic {
        address: address.to_string(),
        reader_cookie: reader_cookie.to_string(),
        sign_in_body: sign_in_body.to_string(),
        people,
    });
    let (send, due) = channel::<Due>();
    let due = Arc::new(Mutex::new(due));
    let results = Arc::new(Mutex::new(Vec::<(Kind, Duration, bool)>::new()));
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (traffic, due, results) = (traffic.clone(), due.clone(), results.clone());
            std::thread::spawn(move || work(&traffic, &due, &results))
        })
        .collect();
    let started = Instant::now();
    let end = started + Duration::from_secs(SECONDS);
    let mut next: Vec<(Kind, Duration, Instant, usize)> = KINDS
        .iter()
        .map(|&(kind, per_second)| {
            let every = Duration::from_secs(1) / per_second;
            (kind, every, started, 0)
        })
        .collect();
    let mut rss_warm = None;
    loop {
        let (index, at) = next
            .iter()
            .enumerate()
            .map(|(index, entry)| (index, entry.2))
            .min_by_key(|(_, at)| *at)
            .expect("there are kinds");
        if at >= end {
            break;
        }
        if let Some(wait) = at.checked_duration_since(Instant::now()) {
            std::thread::sleep(wait);
        }
        if rss_warm.is_none() && started.elapsed() >= WARM_UP {
            rss_warm = Some(super::load::rss(pid));
        }
        let entry = &mut next[index];
        send.send(Due {
            kind: entry.0,
            n: entry.3,
            due: at,
        })
        .context("the soak's workers stopped")?;
        entry.2 += entry.1;
        entry.3 += 1;
    }
    drop(send);
    for worker in workers {
        let _ = worker.join();
    }
    let rss_end = super::load::rss(pid);
    let results = results
        .lock()
        .map_err(|_| anyhow::anyhow!("a worker panicked"))?;
    let kinds = KINDS
        .iter()
        .map(|&(kind, per_second)| summarise(kind, per_second, &results))
        .collect();
    Ok(Soak {
        kinds,
        rss_warm_mib: rss_warm.unwrap_or(f64::NAN),
        rss_end_mib: rss_end,
    })
}

/// A worker: takes due requests until there are no more, and records how each went.
fn work(
    traffic: &Traffic,
    due: &Mutex<Receiver<Due>>,
    results: &Mutex<Vec<(Kind, Duration, bool)>>,
) {
    loop {
        let next = match due.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(request) = next else { return };
        let ok = traffic.send(request.kind, request.n);
        let took = request.due.elapsed();
        if let Ok(mut results) = results.lock() {
            results.push((request.kind, took, ok));
        }
    }
}

fn summarise(kind: Kind, per_second: u32, results: &[(Kind, Duration, bool)]) -> KindResult {
    let mut took: Vec<f64> = results
        .iter()
        .filter(|(k, _, _)| *k == kind)
        .map(|(_, took, _)| took.as_secs_f64() * 1000.0)
        .collect();
    took.sort_by(f64::total_cmp);
    let at = |share: f64| {
        took.get(((took.len() as f64 * share) as usize).min(took.len().saturating_sub(1)))
            .copied()
            .unwrap_or(f64::NAN)
    };
    KindResult {
        name: kind.name(),
        per_second,
        requests: took.len(),
        failed: results
            .iter()
            .filter(|(k, _, ok)| *k == kind && !ok)
            .count(),
        p50_ms: at(0.50),
        p99_ms: at(0.99),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_and_failures_are_per_kind() {
        let ms = Duration::from_millis;
        let mut results: Vec<_> = (1..=100).map(|n| (Kind::Read, ms(n), true)).collect();
        results.push((Kind::SignIn, ms(500), false));
        let read = summarise(Kind::Read, 40, &results);
        assert_eq!((read.requests, read.failed), (100, 0));
        assert_eq!(read.p50_ms, 51.0);
        assert_eq!(read.p99_ms, 100.0);
        let sign_in = summarise(Kind::SignIn, 2, &results);
        assert_eq!((sign_in.requests, sign_in.failed), (1, 1));
        assert!(summarise(Kind::CodeSent, 1, &results).p50_ms.is_nan());
    }

    #[test]
    fn every_person_has_an_address_of_their_own() {
        let addresses: std::collections::HashSet<_> = (0..PEOPLE).map(address_of).collect();
        assert_eq!(addresses.len(), PEOPLE);
    }
}
