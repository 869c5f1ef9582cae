//! Automatic pauses (#30): a country whose codes go unproven pauses for that channel — not
//! before the minimum sample, audited and the admins emailed — while proven codes keep it open,
//! safe numbers still get theirs, and an admin's resume starts the window afresh.

use axum::http::StatusCode;
use latchkey_api::types::Channel;
use latchkey_server::clock::Clock;
use latchkey_server::proof;
use latchkey_server::staff::Role;
use latchkey_server::store::AuditFilter;
use serde_json::json;

use crate::support;
use support::TestServer;
use support::messaging::{german, put_on_safe_list, send, server_with, unavailable_today};

/// Past a code's lifetime: every open send is settled.
const EXPIRED: i64 = 11 * 60;

/// A server pausing below 20 % once 5 sends are settled, with jdoe an admin.
async fn pausing_server() -> TestServer {
    let server = server_with(|args| {
        args.spending.pause_minimum_sends = Some(5);
        args.spending.pause_alerts_to = Some(vec!["security@contoso.com".into()]);
    })
    .await;
    let jdoe = server.jdoe().await;
    let mut tx = server.state.store.autocommit().await.unwrap();
    tx.set_role(&jdoe.id, Some(Role::Admin)).await.unwrap();
    drop(tx);
    server
}

async fn entries(server: &TestServer, action: &str) -> usize {
    let filter = AuditFilter {
        action: Some(action.into()),
        limit: 100,
        ..AuditFilter::default()
    };
    server
        .state
        .store
        .audit_entries(&filter)
        .await
        .unwrap()
        .len()
}

/// Five texts to Germany nobody proves, then expired.
async fn five_unproven(server: &TestServer) {
    for n in 0..5 {
        send(server, n, &german(n), Channel::Sms).await.unwrap();
    }
    server.clock.advance(EXPIRED);
}

#[tokio::test]
async fn a_country_pauses_when_its_codes_go_unproven_but_not_before_the_minimum_sample() {
    let server = pausing_server().await;
    for n in 0..4 {
        send(&server, n, &german(n), Channel::Sms).await.unwrap();
    }
    server.clock.advance(EXPIRED);
    // Four settled, none proven: too few to judge.
    send(&server, 4, &german(4), Channel::Sms).await.unwrap();
    assert_eq!(entries(&server, "messaging_paused").await, 0);
    server.clock.advance(EXPIRED);
    let paused = send(&server, 5, &german(5), Channel::Sms).await;
    assert!(unavailable_today(&paused), "{paused:?}");
    assert_eq!(entries(&server, "messaging_paused").await, 1);
    // Once: the next refusal pauses nothing more.
    let again = send(&server, 6, &german(6), Channel::Sms).await;
    assert!(unavailable_today(&again));
    assert_eq!(entries(&server, "messaging_paused").await, 1);
    // The admins, and the address the settings add, are told.
    server.deliver_all().await;
    let outbox = server.state.store.outbox().await.unwrap();
    let mut told: Vec<&str> = outbox.iter().map(|m| m.recipient.as_str()).collect();
    told.sort();
    assert_eq!(told, ["jane.doe@contoso.com", "security@contoso.com"]);
    assert!(
        outbox[0].subject.contains("texts to DE paused"),
        "{}",
        outbox[0].subject
    );
    assert!(!outbox[0].body.contains("+49"), "no number in the email");
    // Calls to Germany, and texts to Austria, go on.
    send(&server, 7, &german(7), Channel::Voice).await.unwrap();
    send(&server, 8, "+436641234567", Channel::Sms)
        .await
        .unwrap();
    let pauses = server.state.store.messaging_pauses().await.unwrap();
    assert_eq!(pauses.len(), 1);
    assert_eq!((pauses[0].sends, pauses[0].proven_percent), (5, 0));
    let flags = server.state.store.messaging_pause_flags().await.unwrap();
    assert_eq!(flags, [("DE".to_string(), Channel::Sms, true)]);
}

#[tokio::test]
async fn proven_codes_keep_a_country_open() {
    let server = pausing_server().await;
    let mut sent = Vec::new();
    for n in 0..5 {
        sent.push(send(&server, n, &german(n), Channel::Sms).await.unwrap());
    }
    // One of five (20 %) proven: not below 20 %.
    let challenge = server
        .state
        .store
        .challenge(&sent[0])
        .await
        .unwrap()
        .unwrap();
    let mut tx = server.state.store.transaction().await.unwrap();
    proof::use_once(&mut tx, &challenge, server.clock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    server.clock.advance(EXPIRED);
    send(&server, 5, &german(5), Channel::Sms).await.unwrap();
    assert_eq!(entries(&server, "messaging_paused").await, 0);
}

#[tokio::test]
async fn a_safe_number_still_gets_its_code_in_a_paused_country() {
    let server = pausing_server().await;
    five_unproven(&server).await;
    let ceo = "+4915199999999";
    put_on_safe_list(&server, ceo).await;
    send(&server, 5, ceo, Channel::Sms).await.unwrap();
    assert_eq!(entries(&server, "messaging_paused").await, 1, "paused");
    assert!(unavailable_today(
        &send(&server, 6, &german(6), Channel::Sms).await
    ));
}

#[tokio::test]
async fn an_admins_resume_opens_the_country_and_starts_its_window_afresh() {
    let server = pausing_server().await;
    five_unproven(&server).await;
    assert!(unavailable_today(
        &send(&server, 5, &german(5), Channel::Sms).await
    ));
    let admin = support::console::jdoe_as_admin(&server).await;
    let resume = json!({"country": "DE", "channel": "sms"});
    let resumed = support::staff::post(
        &server,
        &admin,
        latchkey_api::routes::MESSAGING_RESUME,
        resume.clone(),
    )
    .await;
    assert_eq!(resumed.status, StatusCode::NO_CONTENT, "{:?}", resumed.body);
    assert_eq!(entries(&server, "messaging_resumed").await, 1);
    // The five unproven sends before the resume no longer count: it stays open.
    send(&server, 6, &german(6), Channel::Sms).await.unwrap();
    assert!(
        server
            .state
            .store
            .messaging_pauses()
            .await
            .unwrap()
            .is_empty()
    );
    // Resuming what isn't paused finds nothing to resume.
    let again = support::staff::post(
        &server,
        &admin,
        latchkey_api::routes::MESSAGING_RESUME,
        resume,
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(entries(&server, "messaging_resumed").await, 1);
}
