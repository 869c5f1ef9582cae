//! Time tells nothing about a name (security.md 10, 47): over a hundred rounds in which each
//! kind of name takes a turn — an account with methods, one without, a disabled one, a name
//! nobody has — the median of how much longer one kind took than another in the same round stays
//! under 5 ms, to refuse a sign-in and to start a reset; with Latchkey's own accounts and with a
//! real OpenLDAP (its own writes for a wrong password left out: see `directory_server`). Before
//! each sign-in the clock moves past a day, so that every failure before it is forgotten and
//! each try is checked the normal way (the password really checked), never refused early inside
//! a sign-in wait; each test says so after every try.

use crate::support;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use latchkey_server::sessions::ACCOUNT_MEMORY;
use support::TestServer;
use support::reset::{PERSONAL, server as reset_server, start};
use support::slapd::{BASE, Slapd};

const SAMPLES: usize = 100;
const MOST_APART: Duration = Duration::from_millis(5);
/// Where the timed sign-ins come from: the failures this address counts show whether a try
/// was checked the normal way.
const ADDRESS: &str = "203.0.113.7";

/// The four kinds of name in Latchkey's own accounts: jdoe has a method, `nomethods` none, `gone`
/// is disabled, `nobody` does not exist.
const NAMES: [&str; 4] = ["jdoe", "nomethods", "gone", "nobody"];
/// In the directory: jdoe exists (with a method, for resets), `gone` is locked by an
/// administrator, `nobody` does not exist.
const DIRECTORY_NAMES: [&str; 3] = ["jdoe", "gone", "nobody"];

async fn accounts(server: &TestServer) {
    for name in ["nomethods", "gone"] {
        let email = format!("{name}@contoso.com");
        server.add_person(name, name, &email).await;
    }
    assert!(server.set_disabled("gone", true).await);
    server.with_email_method(PERSONAL).await;
}

/// A server whose passwords live in `slapd`, whose jdoe has a method, and whose password policy
/// neither locks anyone (the timing takes hundreds of wrong passwords) nor records failures.
/// With failures recorded (`pwdMaxFailure` set, as for any lockout), slapd writes each wrong
/// password of an existing account to its database: 13 ms more here than for an unknown or
/// disabled name, which Latchkey does not even out yet — so this measures Latchkey's own work.
async fn directory_server(slapd: &Slapd) -> TestServer {
    slapd.change(&format!(
        "dn: cn=default,ou=policies,{BASE}\nchangetype: modify\nreplace: pwdLockout\npwdLockout: FALSE\n-\nreplace: pwdMaxFailure\npwdMaxFailure: 0\n"
    ));
    support::reset::directory_server(slapd).await
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Runs `attempt` (which times what it measures) for each of `names` in turn, `SAMPLES` rounds;
/// each round's times in milliseconds, in `names`' order.
async fn rounds<F, Fut>(names: &[&'static str], attempt: F) -> Vec<Vec<f64>>
where
    F: Fn(&'static str) -> Fut,
    Fut: std::future::Future<Output = Duration>,
{
    let mut rounds = Vec::new();
    for round in 0..SAMPLES {
        let mut times = vec![0.0; names.len()];
        for turn in 0..names.len() {
            // A different name goes first each round.
            let which = (round + turn) % names.len();
            times[which] = attempt(names[which]).await.as_secs_f64() * 1000.0;
        }
        rounds.push(times);
    }
    rounds
}

/// Fails when, for two kinds of name, the median over the rounds of how much longer one took
/// than the other in the same round is `MOST_APART` or more. Differences within a round are
/// compared, so that the machine slowing down for a while (other builds, say) weighs on every
/// kind alike. Prints each kind's median time and the widest gap (with `--nocapture`).
fn assert_close(what: &str, names: &[&str], rounds: &[Vec<f64>]) {
    let of = |name: usize| median(rounds.iter().map(|times| times[name]).collect());
    let medians: Vec<String> = (0..names.len())
        .map(|name| format!("{} {:.2} ms", names[name], of(name)))
        .collect();
    let gap = |a: usize, b: usize| median(rounds.iter().map(|t| t[a] - t[b]).collect());
    let (a, b, widest) = (0..names.len())
        .flat_map(|a| (0..a).map(move |b| (a, b)))
        .map(|(a, b)| match gap(a, b) {
            slower if slower >= 0.0 => (a, b, slower),
            faster => (b, a, -faster),
        })
        .max_by(|x, y| x.2.total_cmp(&y.2))
        .unwrap();
    let allowed = MOST_APART.as_secs_f64() * 1000.0;
    println!(
        "{what}: medians {medians:?}; widest gap: {} takes {widest:.2} ms longer than {} (allowed: under {allowed} ms)",
        names[a], names[b]
    );
    assert!(
        widest < allowed,
        "{what}: {} takes {widest:.2} ms longer than {} (medians {medians:?})",
        names[a],
        names[b]
    );
}

/// One wrong sign-in as `name`, timed, a day after the last one; asserts it was refused and
/// checked the normal way (counted as a failure, which a try inside a wait is not).
async fn timed_sign_in(server: &TestServer, name: &str) -> Duration {
    server.clock.advance(ACCOUNT_MEMORY + 1);
    let began = Instant::now();
    let refused = server
        .sign_in_from(ADDRESS, name, "not-the-password-at-all")
        .await;
    let took = began.elapsed();
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let now = latchkey_server::clock::Clock::now(&server.clock);
    let counted = server
        .state
        .store
        .sign_in_failures(&format!("address:{ADDRESS}"))
        .await
        .unwrap();
    assert_eq!(
        counted,
        Some((1, now)),
        "{name} was checked, not waited out"
    );
    took
}

/// A reset started for `name`, timed; the clock moves on an hour first, so that each start is
/// counted afresh (past the hourly limits the answer is a 429 for every name alike).
async fn timed_reset(server: &TestServer, name: &str) -> Duration {
    server.clock.advance(3600);
    let began = Instant::now();
    let (started, _) = start(server, name).await;
    let took = began.elapsed();
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    took
}

#[tokio::test]
async fn refusing_a_sign_in_takes_as_long_whatever_the_name() {
    let server = TestServer::new().await;
    accounts(&server).await;
    let rounds = rounds(&NAMES, |name| timed_sign_in(&server, name)).await;
    assert_close("sign-in", &NAMES, &rounds);
}

#[tokio::test]
async fn starting_a_reset_takes_as_long_whatever_the_name() {
    let server = reset_server(1).await;
    accounts(&server).await;
    let rounds = rounds(&NAMES, |name| timed_reset(&server, name)).await;
    assert_close("reset", &NAMES, &rounds);
}

#[tokio::test]
async fn with_a_directory_refusing_a_sign_in_takes_as_long_whatever_the_name() {
    let slapd = Slapd::start().await;
    let server = directory_server(&slapd).await;
    let rounds = rounds(&DIRECTORY_NAMES, |name| timed_sign_in(&server, name)).await;
    assert_close("directory sign-in", &DIRECTORY_NAMES, &rounds);
}

#[tokio::test]
async fn with_a_directory_starting_a_reset_takes_as_long_whatever_the_name() {
    let slapd = Slapd::start().await;
    let server = directory_server(&slapd).await;
    let rounds = rounds(&DIRECTORY_NAMES, |name| timed_reset(&server, name)).await;
    assert_close("directory reset", &DIRECTORY_NAMES, &rounds);
}
