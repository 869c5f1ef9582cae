//! Time tells nothing about a name (security.md 10): over a hundred tries of each, the median
//! time to refuse a sign-in, and to start a reset, differs by less than 5 ms between an account
//! with methods, one without, a disabled one and a name nobody has. The kinds take turns, so a
//! noisy moment on the machine falls on all of them alike.

use crate::support;

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use support::TestServer;
use support::reset::{PERSONAL, server as reset_server, start};

const SAMPLES: usize = 100;
const MOST_APART: Duration = Duration::from_millis(5);

/// The four kinds of name: jdoe has a method, `nomethods` none, `gone` is disabled, `nobody`
/// does not exist.
const NAMES: [&str; 4] = ["jdoe", "nomethods", "gone", "nobody"];

async fn accounts(server: &TestServer) {
    for name in ["nomethods", "gone"] {
        let email = format!("{name}@contoso.com");
        server.add_person(name, name, &email).await;
    }
    assert!(server.state.store.set_disabled("gone", true).await.unwrap());
    server.with_email_method(PERSONAL).await;
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Times `attempt` for each name in turn, `SAMPLES` times; the medians, in `NAMES`' order.
async fn medians<F, Fut>(attempt: F) -> Vec<Duration>
where
    F: Fn(&'static str) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = vec![Vec::new(); NAMES.len()];
    for round in 0..SAMPLES {
        for turn in 0..NAMES.len() {
            // A different name goes first each round.
            let which = (round + turn) % NAMES.len();
            let began = Instant::now();
            attempt(NAMES[which]).await;
            times[which].push(began.elapsed());
        }
    }
    times.into_iter().map(median).collect()
}

fn assert_close(what: &str, medians: &[Duration]) {
    let (least, most) = (medians.iter().min().unwrap(), medians.iter().max().unwrap());
    assert!(
        *most - *least < MOST_APART,
        "{what}: medians {:?} for {NAMES:?} differ by {:?}",
        medians,
        *most - *least
    );
}

#[tokio::test]
async fn refusing_a_sign_in_takes_as_long_whatever_the_name() {
    let server = TestServer::new().await;
    accounts(&server).await;
    let medians = medians(|name| {
        let server = &server;
        async move {
            let refused = server.sign_in(name, "not-the-password-at-all").await;
            assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        }
    })
    .await;
    assert_close("sign-in", &medians);
}

#[tokio::test]
async fn starting_a_reset_takes_as_long_whatever_the_name() {
    let server = reset_server(1).await;
    accounts(&server).await;
    let medians = medians(|name| {
        let server = &server;
        async move {
            // Past the hourly limits the answer is a 429 for every name alike; the clock moves
            // on so that each start is counted afresh.
            server.clock.advance(3600);
            let (started, _) = start(server, name).await;
            assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
        }
    })
    .await;
    assert_close("reset", &medians);
}
