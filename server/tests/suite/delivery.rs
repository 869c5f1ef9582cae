//! The delivery queue and the dev outbox: messages are delivered once, retried with backoff,
//! picked up again when a worker dies, and listed newest first in development mode only.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use latchkey_server::delivery::{Channel, LEASE_SECONDS, Message, deliver_one, enqueue};
use latchkey_server::store::NewDelivery;
use support::TestServer;

fn text(to: &str, code: &str) -> (String, String) {
    (
        to.to_string(),
        format!("Your Contoso verification code is {code}"),
    )
}

/// Where the delivery `id` stands: queued, sent or failed.
async fn status_of(server: &TestServer, id: &str) -> Option<String> {
    server.state.store.delivery_status(id).await.unwrap()
}

/// Queues the text "123456" to +1 425 555 0123; its delivery's ID.
async fn queue_a_code(state: &latchkey_server::AppState) -> String {
    let (to, body) = text("+14255550123", "123456");
    let message = Message {
        channel: Channel::Sms,
        to: &to,
        subject: "Verification code",
        body: &body,
        code: Some("123456"),
    };
    enqueue(state, message).await.unwrap()
}

#[tokio::test]
async fn a_queued_text_lands_in_the_outbox_once_with_its_code() {
    let server = TestServer::new().await;
    let id = queue_a_code(&server.state).await;
    assert!(deliver_one(&server.state).await.unwrap());
    assert!(
        !deliver_one(&server.state).await.unwrap(),
        "nothing else is due"
    );
    assert_eq!(status_of(&server, &id).await.as_deref(), Some("sent"));
    let outbox = server
        .send(Method::GET, "/api/v1/dev/outbox", None, None)
        .await;
    assert_eq!(outbox.status, StatusCode::OK);
    let messages = outbox.body.as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["id"], id.as_str());
    assert_eq!(messages[0]["channel"], "sms");
    assert_eq!(messages[0]["to"], "+14255550123");
    assert_eq!(messages[0]["code"], "123456");
}

#[tokio::test]
async fn the_outbox_lists_newest_first() {
    let server = TestServer::new().await;
    for (n, channel) in [Channel::Email, Channel::Sms, Channel::Voice]
        .into_iter()
        .enumerate()
    {
        let body = format!("message {n}");
        let message = Message {
            channel,
            to: "someone",
            subject: "s",
            body: &body,
            code: None,
        };
        enqueue(&server.state, message).await.unwrap();
        deliver_one(&server.state).await.unwrap();
        server.clock.advance(1);
    }
    let outbox = server
        .send(Method::GET, "/api/v1/dev/outbox", None, None)
        .await;
    let channels: Vec<&str> = outbox
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["channel"].as_str().unwrap())
        .collect();
    assert_eq!(channels, ["voice", "sms", "email"]);
}

#[tokio::test]
async fn the_outbox_is_404_outside_development_mode() {
    let config = Config::resolve({
        let mut args = support::test_args().await;
        args.server.dev = Some(false);
        args
    })
    .unwrap();
    let server = TestServer::with_config(config).await;
    let reply = server
        .send(Method::GET, "/api/v1/dev/outbox", None, None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.body["code"], "not_found");
}

#[tokio::test]
async fn a_message_whose_worker_died_is_delivered_after_the_lease_once() {
    let server = TestServer::new().await;
    let store = &server.state.store;
    let now = latchkey_server::clock::Clock::now(&server.clock);
    let message = NewDelivery {
        channel: Channel::Email,
        recipient: "jane@example.net",
        subject: "s",
        body: "b",
        code: None,
    };
    let id = store
        .autocommit()
        .await
        .unwrap()
        .enqueue(message, now)
        .await
        .unwrap();
    // A worker claims it and dies before sending.
    assert!(
        store
            .autocommit()
            .await
            .unwrap()
            .claim_delivery(now, LEASE_SECONDS)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        !deliver_one(&server.state).await.unwrap(),
        "still leased to the dead worker"
    );
    server.clock.advance(LEASE_SECONDS);
    assert!(deliver_one(&server.state).await.unwrap());
    assert!(!deliver_one(&server.state).await.unwrap());
    assert_eq!(store.outbox().await.unwrap().len(), 1);
    assert_eq!(
        store.delivery_status(&id).await.unwrap().as_deref(),
        Some("sent")
    );
}

#[tokio::test]
async fn failures_are_retried_with_backoff_then_given_up() {
    let server = TestServer::new().await;
    let store = &server.state.store;
    let message = NewDelivery {
        // Nothing sends what a person holds: every attempt fails.
        channel: Channel::App,
        recipient: "nowhere",
        subject: "s",
        body: "b",
        code: Some("654321"),
    };
    let id = store
        .autocommit()
        .await
        .unwrap()
        .enqueue(message, latchkey_server::clock::Clock::now(&server.clock))
        .await
        .unwrap();
    for wait in [10, 20, 40, 80] {
        assert!(deliver_one(&server.state).await.unwrap());
        assert_eq!(
            store.delivery_status(&id).await.unwrap().as_deref(),
            Some("queued")
        );
        server.clock.advance(wait - 1);
        assert!(
            !deliver_one(&server.state).await.unwrap(),
            "not before {wait} s"
        );
        server.clock.advance(1);
    }
    assert!(deliver_one(&server.state).await.unwrap());
    assert_eq!(
        store.delivery_status(&id).await.unwrap().as_deref(),
        Some("failed")
    );
    assert!(store.outbox().await.unwrap().is_empty());
}

/// A gateway that never answers.
struct Hanging;

impl latchkey_server::delivery::Sender for Hanging {
    fn send<'a>(
        &'a self,
        _: &'a latchkey_server::store::Delivery,
    ) -> latchkey_server::delivery::Sending<'a> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_stopping_worker_gives_back_the_message_it_could_not_finish() {
    let server = TestServer::new().await;
    let mut state = server.state.clone();
    state.senders.sms = std::sync::Arc::new(Hanging);
    let id = queue_a_code(&state).await;
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let worker = tokio::spawn(latchkey_server::delivery::run_worker(
        state.clone(),
        stopping,
    ));
    // The worker holds the message, stuck on the gateway.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while state.store.delivery_progress(&id).await.unwrap().unwrap().1 == 0 {
        assert!(std::time::Instant::now() < deadline, "never claimed");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    stop.send(true).unwrap();
    tokio::time::timeout(
        latchkey_server::delivery::STOP_GRACE + std::time::Duration::from_secs(5),
        worker,
    )
    .await
    .expect("the worker stops within its grace")
    .unwrap();
    // Back in the queue untried, and another worker can take it at once.
    assert_eq!(
        state.store.delivery_progress(&id).await.unwrap(),
        Some(("queued".to_string(), 0))
    );
    assert!(deliver_one(&server.state).await.unwrap());
    assert_eq!(status_of(&server, &id).await.as_deref(), Some("sent"));
}
