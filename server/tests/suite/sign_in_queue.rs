//! A flood of sign-ins against a small hashing queue (security.md 56): beyond the queue they
//! are refused at once with 503 and Retry-After, with the same answer for a known name and an
//! unknown one, and every sign-in is answered within seconds.

use crate::support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use latchkey_server::clock::Clock;
use latchkey_server::config::Config;
use latchkey_server::http::observe::REQUEST_ID_HEADER;
use support::{PASSWORD, Reply, TestServer};

/// Sign-ins sent at once: half for jdoe (right and wrong passwords), half for unknown names.
const FLOOD: usize = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sign_in_flood_beyond_the_queue_is_refused_quickly_and_alike_for_every_name() {
    let mut args = support::test_args().await;
    args.limits.password_hash_concurrency = Some(1);
    args.limits.password_hash_queue = Some(2);
    let server = Arc::new(TestServer::with_config(Config::resolve(args).unwrap()).await);
    let flood: Vec<_> = (0..FLOOD)
        .map(|n| {
            let server = server.clone();
            tokio::spawn(async move {
                let (name, password) = match n % 4 {
                    0 => ("jdoe".to_string(), PASSWORD),
                    2 => ("jdoe".to_string(), "wrong-otter-47-loudly"),
                    _ => (format!("nobody{n}"), PASSWORD),
                };
                let asked = Instant::now();
                let reply = server
                    .sign_in_from(&format!("198.51.100.{n}"), &name, password)
                    .await;
                (n % 2 == 0, reply, asked.elapsed())
            })
        })
        .collect();
    let mut refused: Vec<(bool, Reply)> = Vec::new();
    let mut answered = 0;
    for sign_in in flood {
        let (known, reply, took) = sign_in.await.unwrap();
        assert!(took < Duration::from_secs(3), "a sign-in took {took:?}");
        match reply.status {
            StatusCode::SERVICE_UNAVAILABLE => {
                assert!(took < Duration::from_secs(1), "a refusal took {took:?}");
                refused.push((known, reply));
            }
            StatusCode::OK | StatusCode::UNAUTHORIZED => answered += 1,
            other => panic!("unexpected {other}: {}", reply.body),
        }
    }
    assert!(answered >= 1, "no sign-in was checked");
    let (_, first) = refused.first().expect("no sign-in was refused");
    assert!(
        refused.iter().any(|(known, _)| *known),
        "no known name was refused"
    );
    assert!(
        refused.iter().any(|(known, _)| !known),
        "no unknown name was refused"
    );
    assert_eq!(first.body["code"], "busy");
    assert_eq!(first.headers[header::RETRY_AFTER], "2");
    // Each answer names its own request; all else is the same.
    let headers = |reply: &Reply| {
        let mut headers = reply.headers.clone();
        headers.remove(REQUEST_ID_HEADER);
        headers
    };
    for (_, reply) in &refused {
        assert_eq!(reply.body, first.body);
        assert_eq!(headers(reply), headers(first));
    }
    // Once the flood has passed, a sign-in is checked at once.
    let asked = Instant::now();
    let reply = server.sign_in_from("192.0.2.1", "jdoe", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(asked.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn an_address_in_its_wait_is_refused_without_taking_a_place_in_the_queue() {
    // With no place in the queue, every sign-in that is hashed is refused as busy.
    let mut args = support::test_args().await;
    args.limits.password_hash_queue = Some(0);
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    let now = server.clock.now();
    for _ in 0..latchkey_server::sessions::ADDRESS_FREE_TRIES {
        server
            .state
            .store
            .autocommit()
            .await
            .unwrap()
            .record_sign_in_failure("address:198.51.100.7", now, now - 3600)
            .await
            .unwrap();
    }
    let elsewhere = server.sign_in_from("198.51.100.8", "jdoe", PASSWORD).await;
    assert_eq!(elsewhere.status, StatusCode::SERVICE_UNAVAILABLE);
    // The address waiting out its failures is refused unhashed, as a wrong password, whatever
    // the name.
    for name in ["jdoe", "nobody"] {
        let waiting = server.sign_in_from("198.51.100.7", name, PASSWORD).await;
        assert_eq!(waiting.status, StatusCode::UNAUTHORIZED, "{name}");
    }
}
