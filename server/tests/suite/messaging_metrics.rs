//! The texts-and-calls metrics on the metrics listener (#30): sends and proven codes by channel
//! and country, and the day's budget left.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support;
use support::process::{Replica, add_account, request};
use support::{DatabaseOnDisk, PASSWORD, free_port};

#[tokio::test]
async fn a_text_sent_and_proven_shows_in_the_metrics_with_the_budget_left() {
    let database = DatabaseOnDisk::new().await;
    let metrics_port = free_port();
    let metrics_listen = format!("127.0.0.1:{metrics_port}");
    let settings = [
        ("LATCHKEY_METRICS_LISTEN", metrics_listen.as_str()),
        ("LATCHKEY_DAILY_BUDGET", "50"),
    ];
    let mut replica = Replica::spawn_with(&database.url, true, &settings);
    replica.wait_until_up().await;
    add_account(&database.url);
    let body = json!({"username": "jdoe", "password": PASSWORD}).to_string();
    let signed_in = request(
        replica.port,
        Method::POST,
        "/api/v1/session",
        Some(&body),
        None,
    )
    .await;
    let cookie = signed_in.cookie.unwrap();
    let phone =
        json!({"kind": "phone", "channel": "sms", "country": "US", "number": "425 555 0123"});
    let started = request(
        replica.port,
        Method::POST,
        "/api/v1/enrollments",
        Some(&phone.to_string()),
        Some(&cookie),
    )
    .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let challenge = started.body["id"].as_str().unwrap();
    // The delivery worker puts the text in the dev outbox.
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        let outbox = request(replica.port, Method::GET, "/api/v1/dev/outbox", None, None).await;
        let text = outbox.body.as_array().and_then(|messages| {
            messages
                .iter()
                .find(|m: &&Value| m["channel"] == "sms")
                .and_then(|m| m["code"].as_str().map(str::to_string))
        });
        if let Some(code) = text {
            break code;
        }
        assert!(Instant::now() < deadline, "no text in {:?}", outbox.body);
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let path = format!("/api/v1/challenges/{challenge}/code");
    let code = json!({ "code": code }).to_string();
    let proven = request(
        replica.port,
        Method::POST,
        &path,
        Some(&code),
        Some(&cookie),
    )
    .await;
    assert_eq!(proven.status, StatusCode::OK, "{:?}", proven.body);

    let metrics = request(metrics_port, Method::GET, "/metrics", None, None)
        .await
        .text;
    for expected in [
        "latchkey_messages_sent_total{channel=\"sms\",country=\"US\"} 1",
        "latchkey_codes_proven_total{channel=\"sms\",country=\"US\"} 1",
        "latchkey_budget_remaining 49",
    ] {
        assert!(metrics.contains(expected), "{expected} not in:\n{metrics}");
    }
    assert!(
        !metrics.contains("latchkey_messaging_paused{"),
        "nothing paused"
    );
}
