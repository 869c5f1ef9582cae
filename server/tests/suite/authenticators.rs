//! Authenticator apps (security.md 29–33) through the router with an injected clock: adding one
//! with its first code, the code window, no replay, limits, and the seed sealed at rest.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::clock::Clock;
use latchkey_server::security_info::totp;
use serde_json::json;
use support::{TestServer, field_problem};

/// The seed behind a key as the page shows it ("ABCD EFGH …").
fn seed_of(key: &str) -> Vec<u8> {
    totp_rs::Secret::Encoded(key.replace(' ', ""))
        .to_bytes()
        .unwrap()
}

/// Starts adding an app named `name` for jdoe.
async fn start_app(server: &TestServer, cookie: &str, name: &str) -> support::Reply {
    server
        .send(
            Method::POST,
            "/api/v1/authenticators",
            Some(json!({ "name": name })),
            Some(cookie),
        )
        .await
}

async fn confirm(server: &TestServer, cookie: &str, id: &str, code: &str) -> support::Reply {
    server
        .send(
            Method::POST,
            &format!("/api/v1/authenticators/{id}/code"),
            Some(json!({ "code": code })),
            Some(cookie),
        )
        .await
}

/// Registers an app for jdoe now; returns the session and the app's seed.
async fn with_app(server: &TestServer) -> (String, Vec<u8>) {
    let cookie = server.signed_in().await;
    let started = start_app(server, &cookie, "Work phone").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let seed = seed_of(started.body["key"].as_str().unwrap());
    let code = totp::code_at(&seed, server.clock.now());
    let id = started.body["id"].as_str().unwrap();
    let added = confirm(server, &cookie, id, &code).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    (cookie, seed)
}

/// Adds an app without a name, with its first code; returns the answer that registers it.
async fn add_unnamed_app(server: &TestServer, cookie: &str) -> support::Reply {
    let started = start_app(server, cookie, "").await;
    let seed = seed_of(started.body["key"].as_str().unwrap());
    let code = totp::code_at(&seed, server.clock.now());
    confirm(server, cookie, started.body["id"].as_str().unwrap(), &code).await
}

/// A new session's challenge for the app: (cookie, challenge ID).
async fn app_challenge(server: &TestServer) -> (String, String) {
    let cookie = server.signed_in().await;
    let (options, channels) = server.verification_options(&cookie).await;
    assert_eq!(channels, ["app"]);
    let body = json!({"method_id": options[0]["method_id"], "channel": "app"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/verifications",
            Some(body),
            Some(&cookie),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    assert_eq!(started.body["resend_after_seconds"], 0);
    (cookie, started.body["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn an_app_shows_its_key_and_is_registered_by_its_first_code() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = start_app(&server, &cookie, " Work phone ").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let key = started.body["key"].as_str().unwrap();
    assert_eq!(
        key.len(),
        39,
        "32 base32 characters (160 bits) in groups of four: {key}"
    );
    let plain = key.replace(' ', "");
    assert_eq!(
        started.body["uri"],
        format!(
            "otpauth://totp/Contoso:jane.doe%40contoso.com?secret={plain}&issuer=Contoso&algorithm=SHA1&digits=6&period=30"
        )
    );
    assert_eq!(started.body["account"], "jane.doe@contoso.com");
    assert_eq!(started.body["issuer"], "Contoso");
    assert!(started.body["qr_svg"].as_str().unwrap().contains("<svg"));

    // Nothing is registered until a right code.
    let id = started.body["id"].as_str().unwrap();
    let wrong = confirm(&server, &cookie, id, "000000").await;
    let seed = seed_of(key);
    let right = totp::code_at(&seed, server.clock.now());
    if right != "000000" {
        assert_eq!(field_problem(&wrong), "wrong_code");
    }
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.body["methods"], json!([]));

    let added = confirm(&server, &cookie, id, &right).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    assert_eq!(added.body["kind"], "authenticator_app");
    assert_eq!(added.body["detail"], "Work phone");
    assert_eq!(added.body["last_used_at"], json!(null));
    let again = confirm(&server, &cookie, id, &right).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "the setup is used up");

    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.body["methods"][0]["kind"], "authenticator_app");
    assert_eq!(info.body["default_method"]["channel"], "app");
    assert_eq!(server.audit_of_jdoe().await[0].0, "method_added");

    // At rest the seed is sealed: neither the key nor the seed's bytes are in the database.
    let user = server
        .state
        .store
        .find_user_for_sign_in("jdoe")
        .await
        .unwrap()
        .unwrap();
    let stored = server.state.store.app_seeds(&user.id).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].sealed_seed.contains(&plain));
    let sealed = &stored[0].sealed_seed;
    assert_eq!(
        server.state.sealing_key.open(&user.id, sealed).unwrap(),
        seed
    );
}

#[tokio::test]
async fn the_current_and_previous_steps_verify_once_each() {
    let server = TestServer::new().await;
    let (_, seed) = with_app(&server).await;
    let at = |seconds: i64| totp::code_at(&seed, seconds);

    // The code that added the app is spent.
    let (cookie, challenge) = app_challenge(&server).await;
    let spent = server
        .submit_code(&cookie, &challenge, &at(server.clock.now()))
        .await;
    assert_eq!(field_problem(&spent), "wrong_code");

    // A step on, the previous step's code is still spent; two steps old is too old.
    server.clock.advance(30);
    let now = server.clock.now();
    let old = server.submit_code(&cookie, &challenge, &at(now - 60)).await;
    assert_eq!(field_problem(&old), "wrong_code");
    let next = server.submit_code(&cookie, &challenge, &at(now + 30)).await;
    assert_eq!(
        field_problem(&next),
        "wrong_code",
        "a future step is refused"
    );
    let passed = server.submit_code(&cookie, &challenge, &at(now)).await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);

    // Replayed in another session: refused.
    let (cookie, challenge) = app_challenge(&server).await;
    let replay = server.submit_code(&cookie, &challenge, &at(now)).await;
    assert_eq!(field_problem(&replay), "wrong_code");

    // The previous step counts while it is later than the last one accepted.
    server.clock.advance(60);
    let previous = at(server.clock.now() - 30);
    let passed = server.submit_code(&cookie, &challenge, &previous).await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert!(info.body["methods"][0]["last_used_at"].is_i64());
}

#[tokio::test]
async fn five_wrong_codes_void_a_challenge_and_guesses_are_limited() {
    let server = TestServer::new().await;
    let (_, seed) = with_app(&server).await;
    server.clock.advance(30);
    let right = totp::code_at(&seed, server.clock.now());
    let wrong = support::wrong_code_for(&right);
    let (cookie, challenge) = app_challenge(&server).await;
    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(field_problem(
            &server.submit_code(&cookie, &challenge, wrong).await,
        ));
    }
    assert_eq!(answers[..4], ["wrong_code"; 4]);
    assert_eq!(answers[4], "too_many_tries");
    let voided = server.submit_code(&cookie, &challenge, &right).await;
    assert_eq!(field_problem(&voided), "too_many_tries");

    // Each challenge allows five guesses, so challenges are limited: 10 an hour, then a day.
    let (options, _) = server.verification_options(&cookie).await;
    let body = json!({"method_id": options[0]["method_id"], "channel": "app"});
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let reply = server
            .send(
                Method::POST,
                "/api/v1/verifications",
                Some(body.clone()),
                Some(&cookie),
            )
            .await;
        statuses.push(reply.status);
    }
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 9);
    assert_eq!(*statuses.last().unwrap(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn setting_up_expires_and_gives_up_after_five_wrong_codes() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = start_app(&server, &cookie, "").await;
    let seed = seed_of(started.body["key"].as_str().unwrap());
    let id = started.body["id"].as_str().unwrap();
    server.clock.advance(601);
    let late = confirm(
        &server,
        &cookie,
        id,
        &totp::code_at(&seed, server.clock.now()),
    )
    .await;
    assert_eq!(field_problem(&late), "code_expired");

    let started = start_app(&server, &cookie, "").await;
    let seed = seed_of(started.body["key"].as_str().unwrap());
    let id = started.body["id"].as_str().unwrap();
    let right = totp::code_at(&seed, server.clock.now());
    for _ in 0..5 {
        confirm(&server, &cookie, id, support::wrong_code_for(&right)).await;
    }
    assert_eq!(
        field_problem(&confirm(&server, &cookie, id, &right).await),
        "too_many_tries"
    );
}

#[tokio::test]
async fn five_apps_at_most_each_with_a_name() {
    let server = TestServer::new().await;
    let (cookie, _) = with_app(&server).await;
    let long = start_app(&server, &cookie, &"x".repeat(65)).await;
    assert_eq!(field_problem(&long), "too_long");
    for n in 2..=5 {
        server.clock.advance(30);
        let added = add_unnamed_app(&server, &cookie).await;
        assert_eq!(added.body["detail"], format!("Authenticator app {n}"));
    }
    let sixth = start_app(&server, &cookie, "Spare").await;
    assert_eq!(field_problem(&sixth), "limit_reached");

    // Any app's code verifies; the apps are one way to verify.
    let (options, channels) = server.verification_options(&cookie).await;
    assert_eq!(channels, ["app"], "{options}");
}

#[tokio::test]
async fn an_app_given_no_name_is_named_in_the_persons_language() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let picked = server.pick_language(Some(&cookie), json!("fr")).await;
    assert_eq!(picked.status, StatusCode::NO_CONTENT);
    let added = add_unnamed_app(&server, &cookie).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    assert_eq!(added.body["detail"], "Application d'authentification");
}

#[tokio::test]
async fn production_mode_refuses_to_start_without_a_secret_key() {
    use latchkey_server::config::Config;
    let config = Config::resolve({
        let mut args = support::test_args().await;
        args.server.dev = Some(false);
        args.keys.secret_key = None;
        args
    })
    .unwrap();
    let clock = std::sync::Arc::new(latchkey_server::clock::ManualClock::at(0));
    let refused = latchkey_server::AppState::new(config, clock).await;
    let message = refused.err().expect("no key, no start").to_string();
    assert!(message.contains("secret_key"), "{message}");
    let bad = Config::resolve({
        let mut args = support::test_args().await;
        args.keys.secret_key = Some("too short".into());
        args
    });
    assert!(bad.unwrap_err().to_string().contains("32 bytes"));
}
