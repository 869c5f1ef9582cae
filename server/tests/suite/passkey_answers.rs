//! Passkey answers with one thing wrong are refused (security.md 35) — the client data's type,
//! another ceremony's challenge, no user presence, a forged signature — at registration, at a
//! sign-in's verification and in a reset alike; the same passkey's genuine answer is taken each
//! time, so each refusal is for the one thing wrong.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::passkey::{TestPasskey, Wrong};
use support::reset::{post, server, start};
use support::{TestServer, field_problem};

/// The four ways an answer is wrong; `other` is the challenge of another ceremony still open.
fn wrongs(other: &Value) -> [Wrong; 4] {
    [
        Wrong::Type,
        Wrong::Challenge(other.as_str().unwrap().to_string()),
        Wrong::NoUserPresence,
        Wrong::Signature,
    ]
}

/// Starts registering a passkey: (ceremony ID, options).
async fn start_registration(server: &TestServer, cookie: &str) -> (String, Value) {
    let body = json!({"name": "Work laptop"});
    let started = server
        .send(Method::POST, "/api/v1/passkeys", Some(body), Some(cookie))
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let id = started.body["id"].as_str().unwrap().to_string();
    (id, started.body["options"].clone())
}

async fn finish_registration(
    server: &TestServer,
    cookie: &str,
    id: &str,
    credential: Value,
) -> support::Reply {
    let path = format!("/api/v1/passkeys/{id}");
    let body = json!({ "credential": credential });
    server
        .send(Method::POST, &path, Some(body), Some(cookie))
        .await
}

/// jdoe's passkey methods.
async fn passkeys_of_jdoe(server: &TestServer, cookie: &str) -> usize {
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(cookie))
        .await;
    info.body["methods"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|method| method["kind"] == "passkey")
        .count()
}

/// Registers `passkey` for jdoe, after refusing each wrong answer; returns the session.
async fn registered(server: &TestServer, passkey: &TestPasskey) -> String {
    let cookie = server.signed_in().await;
    let (_, other) = start_registration(server, &cookie).await;
    for wrong in wrongs(&other["challenge"]) {
        let (id, options) = start_registration(server, &cookie).await;
        let answer = passkey.register(&options, &wrong);
        let refused = finish_registration(server, &cookie, &id, answer).await;
        assert_eq!(field_problem(&refused), "passkey_failed", "{wrong:?}");
        assert_eq!(passkeys_of_jdoe(server, &cookie).await, 0, "{wrong:?}");
    }
    let (id, options) = start_registration(server, &cookie).await;
    let answer = passkey.register(&options, &Wrong::Nothing);
    let genuine = finish_registration(server, &cookie, &id, answer).await;
    assert_eq!(genuine.status, StatusCode::OK, "{:?}", genuine.body);
    assert_eq!(passkeys_of_jdoe(server, &cookie).await, 1);
    cookie
}

#[tokio::test]
async fn a_registration_with_one_thing_wrong_is_refused() {
    let server = server(1).await;
    registered(&server, &TestPasskey::new()).await;
}

/// A new session's passkey challenge: (challenge ID, the browser's request).
async fn verification(server: &TestServer, cookie: &str) -> (String, Value) {
    let (options, channels) = server.verification_options(cookie).await;
    let passkey = channels.iter().position(|c| c == "passkey").unwrap();
    let body = json!({"method_id": options[passkey]["method_id"], "channel": "passkey"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/verifications",
            Some(body),
            Some(cookie),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let id = started.body["id"].as_str().unwrap().to_string();
    (id, started.body["passkey_request"].clone())
}

#[tokio::test]
async fn a_sign_in_verification_with_one_thing_wrong_is_refused() {
    let server = server(1).await;
    let mut passkey = TestPasskey::new();
    registered(&server, &passkey).await;
    let cookie = server.signed_in().await;
    let (_, other) = verification(&server, &cookie).await;
    for wrong in wrongs(&other["challenge"]) {
        let (id, request) = verification(&server, &cookie).await;
        let answer = json!({"credential": passkey.answer(&request, &wrong)});
        let path = format!("/api/v1/challenges/{id}/passkey");
        let refused = server
            .send(Method::POST, &path, Some(answer), Some(&cookie))
            .await;
        assert_eq!(field_problem(&refused), "passkey_failed", "{wrong:?}");
        assert!(
            refused.session_cookie().is_none(),
            "{wrong:?}: not verified"
        );
    }
    let (id, request) = verification(&server, &cookie).await;
    let answer = json!({"credential": passkey.answer(&request, &Wrong::Nothing)});
    let path = format!("/api/v1/challenges/{id}/passkey");
    let genuine = server
        .send(Method::POST, &path, Some(answer), Some(&cookie))
        .await;
    assert_eq!(genuine.status, StatusCode::OK, "{:?}", genuine.body);
}

/// A passkey challenge in the reset behind `cookie`: (challenge ID, the browser's request).
async fn reset_challenge(server: &TestServer, cookie: &str) -> (String, Value) {
    let ask = json!({"option": "passkey:passkey"});
    let started = post(server, cookie, "/api/v1/reset/verifications", ask).await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let id = started.body["id"].as_str().unwrap().to_string();
    (id, started.body["passkey_request"].clone())
}

#[tokio::test]
async fn a_reset_step_with_one_thing_wrong_is_refused() {
    let server = server(1).await;
    let mut passkey = TestPasskey::new();
    registered(&server, &passkey).await;
    let (started, cookie) = start(&server, "jdoe").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let cookie = cookie.unwrap();
    let (_, other) = reset_challenge(&server, &cookie).await;
    for wrong in wrongs(&other["challenge"]) {
        let (id, request) = reset_challenge(&server, &cookie).await;
        let answer = json!({"challenge": id, "credential": passkey.answer(&request, &wrong)});
        let refused = post(&server, &cookie, "/api/v1/reset/passkey", answer).await;
        assert_eq!(field_problem(&refused), "passkey_failed", "{wrong:?}");
        let status = server
            .send(Method::GET, "/api/v1/reset", None, Some(&cookie))
            .await;
        assert_eq!(status.body["stage"], "verify", "{wrong:?}: not proven");
    }
    let (id, request) = reset_challenge(&server, &cookie).await;
    let answer = json!({"challenge": id, "credential": passkey.answer(&request, &Wrong::Nothing)});
    let genuine = post(&server, &cookie, "/api/v1/reset/passkey", answer).await;
    assert_eq!(genuine.body["stage"], "new_password", "{:?}", genuine.body);
}
