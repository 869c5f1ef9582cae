//! The send limits other than the account's own (security.md 8): five codes an hour to one
//! number or address whoever asks, a hundred an hour from one client network (an IPv6 /64 as
//! one), and the organisation's hourly budget of texts and calls — each refused with a wait
//! and lifted when the hour is over, without touching other targets, networks or email.

use crate::support;

use latchkey_server::clock::Clock;
use latchkey_server::security_info::limits::{LimitError, Send, count};
use support::TestServer;

/// A send by account `n` to `target` from `network`; the wait if refused.
async fn send(server: &TestServer, n: usize, target: &str, network: &str, phone: bool) -> u64 {
    let account = format!("account{n}");
    let send = Send {
        user_id: &account,
        target,
        network,
        is_phone: phone,
    };
    match count(&server.state.store, &send, server.clock.now()).await {
        Ok(()) => 0,
        Err(LimitError::TooMany { retry_after }) => retry_after,
        Err(other) => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn one_number_gets_five_codes_an_hour_whoever_asks() {
    let server = TestServer::new().await;
    for n in 0..5 {
        assert_eq!(
            send(&server, n, "+14255550123", "203.0.113.1", true).await,
            0
        );
    }
    let wait = send(&server, 5, "+14255550123", "203.0.113.2", true).await;
    assert!((1..=3600).contains(&wait), "{wait}");
    assert_eq!(
        send(&server, 6, "+14255550199", "203.0.113.2", true).await,
        0,
        "another number"
    );
    server.clock.advance(wait as i64);
    assert_eq!(
        send(&server, 7, "+14255550123", "203.0.113.2", true).await,
        0
    );
}

#[tokio::test]
async fn one_network_gets_a_hundred_sends_an_hour_counting_a_v6_64_as_one() {
    let server = TestServer::new().await;
    for n in 0..100 {
        let network = "2001:db8:1:2::/64";
        assert_eq!(
            send(&server, n, &format!("p{n}@example.net"), network, false).await,
            0
        );
    }
    let wait = send(&server, 100, "late@example.net", "2001:db8:1:2::/64", false).await;
    assert!(wait > 0);
    assert_eq!(
        send(&server, 101, "late@example.net", "2001:db8:1:3::/64", false).await,
        0
    );
}

#[tokio::test]
async fn the_organisations_texts_and_calls_have_an_hourly_budget_and_email_does_not() {
    let server = TestServer::new().await;
    // A thousand texts from a thousand people on a hundred networks: the budget is spent.
    for n in 0..1_000 {
        let network = format!("198.51.100.{}", n % 100);
        let number = format!("+1425555{n:04}");
        assert_eq!(
            send(&server, n, &number, &network, true).await,
            0,
            "text {n}"
        );
    }
    let wait = send(&server, 1_000, "+14255559999", "192.0.2.1", true).await;
    assert!((1..=3600).contains(&wait), "{wait}");
    assert_eq!(
        send(&server, 1_001, "new@example.net", "192.0.2.1", false).await,
        0
    );
    server.clock.advance(wait as i64);
    assert_eq!(
        send(&server, 1_002, "+14255559999", "192.0.2.1", true).await,
        0
    );
}

#[tokio::test]
async fn an_accounts_count_is_shared_by_all_its_sessions_and_addresses() {
    // security.md 7: counters live in the database, per account, whichever session or address
    // asks (replicas share the database: `replicas.rs`).
    use axum::http::{Method, StatusCode};
    let server = TestServer::new().await;
    server.with_email_method("jane@example.net").await;
    let mut sent = 1; // the registration's code
    for n in 2.. {
        let address = format!("203.0.113.{n}");
        let signed_in = server
            .sign_in_from(&address, "jdoe", support::PASSWORD)
            .await;
        let cookie = signed_in.session_cookie().unwrap();
        let (options, _) = server.verification_options(&cookie).await;
        let body = serde_json::json!({"method_id": options[0]["method_id"], "channel": "email"});
        let asked = server
            .send_from(
                &address,
                Method::POST,
                "/api/v1/verifications",
                Some(body),
                Some(&cookie),
            )
            .await;
        if asked.status == StatusCode::TOO_MANY_REQUESTS {
            // Blocked for a day once the hour's five are used.
            let wait: u64 = asked.headers["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(wait > 23 * 3600, "{wait}");
            break;
        }
        assert_eq!(asked.status, StatusCode::OK, "{:?}", asked.body);
        sent += 1;
    }
    assert_eq!(
        sent, 5,
        "five codes an hour for the account, from any session or address"
    );
}
