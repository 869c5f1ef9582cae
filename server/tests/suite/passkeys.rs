//! Passkeys through the router (security.md 34–36): the ceremony's options as the browser takes
//! them, a random user handle, state kept once for five minutes, and answers that do not check
//! out refused. Real ceremonies run in the e2e suite against Chromium's virtual authenticator.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::json;
use support::{TestServer, field_problem};

async fn start(server: &TestServer, cookie: &str) -> support::Reply {
    server
        .send(
            Method::POST,
            "/api/v1/passkeys",
            Some(json!({"name": "Work laptop"})),
            Some(cookie),
        )
        .await
}

async fn finish(
    server: &TestServer,
    cookie: &str,
    id: &str,
    credential: serde_json::Value,
) -> support::Reply {
    server
        .send(
            Method::POST,
            &format!("/api/v1/passkeys/{id}"),
            Some(json!({ "credential": credential })),
            Some(cookie),
        )
        .await
}

#[tokio::test]
async fn the_options_bind_the_relying_party_and_a_random_user_handle() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let first = start(&server, &cookie).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let options = &first.body["options"];
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(options["rp"]["name"], "Contoso");
    let challenge = options["challenge"].as_str().unwrap();
    assert!(
        challenge.len() >= 22,
        "at least 16 bytes in base64url: {challenge}"
    );
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    let handle = options["user"]["id"].as_str().unwrap();
    assert!(!handle.contains("jdoe") && !handle.contains("jane"));
    assert_eq!(options["user"]["name"], "jane.doe@contoso.com");

    // The same handle every time; a new challenge every time.
    let second = start(&server, &cookie).await;
    assert_eq!(second.body["options"]["user"]["id"], handle);
    assert_ne!(second.body["options"]["challenge"], challenge);
}

#[tokio::test]
async fn an_answer_that_does_not_check_out_is_refused_and_the_ceremony_is_used_up() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = start(&server, &cookie).await;
    let id = started.body["id"].as_str().unwrap();
    let forged = json!({
        "id": "AAAA",
        "rawId": "AAAA",
        "type": "public-key",
        "response": {"attestationObject": "AAAA", "clientDataJSON": "AAAA"},
        "clientExtensionResults": {}
    });
    let refused = finish(&server, &cookie, id, forged.clone()).await;
    assert_eq!(field_problem(&refused), "passkey_failed");
    let again = finish(&server, &cookie, id, forged.clone()).await;
    assert_eq!(
        again.status,
        StatusCode::NOT_FOUND,
        "a ceremony is answered once"
    );
    let garbage = finish(&server, &cookie, id, json!("not a credential")).await;
    assert_eq!(garbage.status, StatusCode::NOT_FOUND);

    // Five minutes at most.
    let started = start(&server, &cookie).await;
    server.clock.advance(301);
    let late = finish(
        &server,
        &cookie,
        started.body["id"].as_str().unwrap(),
        forged,
    )
    .await;
    assert_eq!(field_problem(&late), "code_expired");
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.body["methods"], json!([]), "nothing was registered");
}

#[tokio::test]
async fn another_session_cannot_answer_the_ceremony() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = start(&server, &cookie).await;
    let other = server.signed_in().await;
    let answer = finish(
        &server,
        &other,
        started.body["id"].as_str().unwrap(),
        json!({}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}
