//! Recovery codes through the router: ten shown once, stored hashed, each verifies once, a new
//! set voids the old one and is told, and they are never the default way.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::{TestServer, field_problem};

async fn new_codes(server: &TestServer, cookie: &str) -> Vec<String> {
    let made = server
        .send(Method::POST, "/api/v1/recovery-codes", None, Some(cookie))
        .await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    serde_json::from_value(made.body["codes"].clone()).unwrap()
}

/// A new session's challenge for a recovery code: (cookie, challenge ID).
async fn recovery_challenge(server: &TestServer) -> (String, String) {
    let cookie = server.signed_in().await;
    let (options, channels) = server.verification_options(&cookie).await;
    let index = channels.iter().position(|c| c == "recovery_code").unwrap();
    let body = json!({"method_id": options[index]["method_id"], "channel": "recovery_code"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/verifications",
            Some(body),
            Some(&cookie),
        )
        .await;
    (cookie, started.body["id"].as_str().unwrap().to_string())
}

async fn codes_left(server: &TestServer, cookie: &str) -> Value {
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(cookie))
        .await;
    let methods = info.body["methods"].as_array().unwrap().clone();
    methods
        .into_iter()
        .find(|m| m["kind"] == "recovery_codes")
        .map(|m| m["codes_left"].clone())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn ten_codes_each_verify_once() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let codes = new_codes(&server, &cookie).await;
    assert_eq!(codes.len(), 10);
    assert_eq!(
        codes.iter().collect::<std::collections::HashSet<_>>().len(),
        10
    );
    assert_eq!(codes_left(&server, &cookie).await, 10);

    let (session, challenge) = recovery_challenge(&server).await;
    let typed = codes[0].to_lowercase().replace('-', " ");
    let passed = server.submit_code(&session, &challenge, &typed).await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
    assert_eq!(codes_left(&server, &session).await, 9);

    let (session, challenge) = recovery_challenge(&server).await;
    let again = server.submit_code(&session, &challenge, &codes[0]).await;
    assert_eq!(field_problem(&again), "wrong_code");
    let passed = server.submit_code(&session, &challenge, &codes[1]).await;
    assert_eq!(passed.status, StatusCode::OK);
    assert_eq!(codes_left(&server, &session).await, 8);
}

#[tokio::test]
async fn a_new_set_voids_the_old_one_and_is_told() {
    let server = TestServer::new().await;
    server.with_email_method("jane@example.net").await;
    let unverified = server.signed_in().await;
    let refused = server
        .send(
            Method::POST,
            "/api/v1/recovery-codes",
            None,
            Some(&unverified),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::FORBIDDEN,
        "a verification comes first"
    );
    let cookie = server.signed_in_and_verified().await;
    let old = new_codes(&server, &cookie).await;
    // A second later, so the audit log's newest entry is the renewal.
    server.clock.advance(1);
    let renewed = new_codes(&server, &cookie).await;
    assert_ne!(old, renewed);
    assert_eq!(server.audit_of_jdoe().await[0].0, "recovery_codes_renewed");
    server.deliver_all().await;
    let outbox = server.state.store.outbox().await.unwrap();
    let told: Vec<_> = outbox
        .iter()
        .filter(|m| m.body.contains("A new set of recovery codes was made"))
        .map(|m| m.recipient.as_str())
        .collect();
    assert!(told.contains(&"jane.doe@contoso.com") && told.contains(&"jane@example.net"));

    let (session, challenge) = recovery_challenge(&server).await;
    let voided = server.submit_code(&session, &challenge, &old[0]).await;
    assert_eq!(field_problem(&voided), "wrong_code");
    let passed = server.submit_code(&session, &challenge, &renewed[0]).await;
    assert_eq!(passed.status, StatusCode::OK);
}

#[tokio::test]
async fn recovery_codes_come_last_and_are_never_the_default() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let codes = new_codes(&server, &cookie).await;
    assert_eq!(codes.len(), 10);
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(
        info.body["default_method"],
        json!(null),
        "a last resort is not offered first"
    );
    let method_id = info.body["methods"][0]["id"].clone();
    let chosen = server
        .send(
            Method::PUT,
            "/api/v1/default-method",
            Some(json!({"method_id": method_id, "channel": "recovery_code"})),
            Some(&cookie),
        )
        .await;
    assert_eq!(chosen.status, StatusCode::UNPROCESSABLE_ENTITY);
    let email = server.start_email(&cookie, "jane@example.net").await;
    let id = email.body["id"].as_str().unwrap();
    let code = server.last_code_to("jane@example.net").await;
    server.submit_code(&cookie, id, &code).await;
    let (_, channels) = server.verification_options(&cookie).await;
    assert_eq!(channels, ["email", "recovery_code"]);
}

#[tokio::test]
async fn deleting_recovery_codes_voids_every_code() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let codes = new_codes(&server, &cookie).await;
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    let id = info.body["methods"][0]["id"].as_str().unwrap();
    let path = format!("/api/v1/methods/{id}");
    let deleted = server
        .send(Method::DELETE, &path, None, Some(&cookie))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let user = server
        .state
        .store
        .find_user_for_sign_in("jdoe")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        server
            .state
            .store
            .recovery_codes_left(&user.id)
            .await
            .unwrap(),
        0
    );
    let hash = latchkey_server::security_info::recovery::hash(&user.id, &codes[0]);
    let used = server
        .state
        .store
        .autocommit()
        .await
        .unwrap()
        .use_recovery_code(&user.id, &hash, 0)
        .await
        .unwrap();
    assert!(!used, "a deleted set's codes are gone");
}
