//! Passkeys through the router (security.md 34–36): the ceremony's options as the browser takes
//! them, a random user handle, state kept once for five minutes, and answers that do not check
//! out refused — made by webauthn-rs's software authenticator from another origin, for another
//! relying party, without user verification, or with a credential another account holds. Real
//! browsers' ceremonies run in the e2e suite against Chromium's virtual authenticator.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::json;
use support::{TestServer, field_problem};
use webauthn_authenticator_rs::prelude::CreationChallengeResponse;

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

/// What a software authenticator (webauthn-rs's own `SoftPasskey`) answers to the server's
/// options, from `origin`, after `change` to the options (a forged relying party, say).
fn soft_answer(
    options: &serde_json::Value,
    origin: &str,
    change: impl FnOnce(&mut serde_json::Value),
) -> serde_json::Value {
    use webauthn_authenticator_rs::AuthenticatorBackend;
    use webauthn_authenticator_rs::prelude::Url;
    use webauthn_authenticator_rs::softpasskey::SoftPasskey;
    let mut options = options.clone();
    change(&mut options);
    let request: CreationChallengeResponse =
        serde_json::from_value(json!({ "publicKey": options })).unwrap();
    // `true`: it says the person was verified when the options ask (it has no PIN to ask for).
    let mut authenticator = SoftPasskey::new(true);
    let answer = authenticator
        .perform_register(Url::parse(origin).unwrap(), request.public_key, 60_000)
        .unwrap();
    serde_json::to_value(answer).unwrap()
}

const ORIGIN: &str = "http://localhost:3000";

#[tokio::test]
async fn a_genuine_answer_registers_and_forged_ones_are_refused() {
    // security.md 35: the origin on the allowlist, the relying party's hash, user verification
    // when required, and a credential ID that no one else holds.
    let database = support::DatabaseOnDisk::new().await;
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    let server =
        TestServer::with_config(latchkey_server::config::Config::resolve(args).unwrap()).await;
    let cookie = server.signed_in().await;
    let answer_to = |change: fn(&mut serde_json::Value), origin: &'static str| {
        let (server, cookie) = (&server, cookie.clone());
        async move {
            let started = start(server, &cookie).await;
            let id = started.body["id"].as_str().unwrap().to_string();
            (id, soft_answer(&started.body["options"], origin, change))
        }
    };
    let register = |change: fn(&mut serde_json::Value), origin: &'static str| {
        let (server, cookie) = (&server, cookie.clone());
        async move {
            let (id, answer) = answer_to(change, origin).await;
            finish(server, &cookie, &id, answer).await
        }
    };
    let elsewhere = register(|_| {}, "http://evil.example:3000").await;
    assert_eq!(
        field_problem(&elsewhere),
        "passkey_failed",
        "another origin"
    );
    let other_party = register(|o| o["rp"]["id"] = json!("evil.example"), ORIGIN).await;
    assert_eq!(
        field_problem(&other_party),
        "passkey_failed",
        "another rpIdHash"
    );
    let unverified = register(
        |o| o["authenticatorSelection"]["userVerification"] = json!("discouraged"),
        ORIGIN,
    )
    .await;
    assert_eq!(
        field_problem(&unverified),
        "passkey_failed",
        "no user verification"
    );

    // A credential ID another account holds already is refused.
    let (id, answer) = answer_to(|_| {}, ORIGIN).await;
    server
        .add_person("rsmith", "Robin Smith", "robin.smith@contoso.com")
        .await;
    let robin = server
        .state
        .store
        .find_user_for_sign_in("rsmith")
        .await
        .unwrap()
        .unwrap();
    let raw = sqlx::AnyPool::connect(&database.url).await.unwrap();
    sqlx::query(
        "INSERT INTO methods (id, user_id, kind, target, created_at, credential_id)
         VALUES ('robins-key', $1, 'passkey', 'Robin''s key', 0, $2)",
    )
    .bind(&robin.id)
    .bind(answer["id"].as_str().unwrap())
    .execute(&raw)
    .await
    .unwrap();
    raw.close().await;
    let taken = finish(&server, &cookie, &id, answer).await;
    assert_eq!(field_problem(&taken), "already_registered");
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(
        info.body["methods"],
        json!([]),
        "nothing forged was registered"
    );

    let genuine = register(|_| {}, ORIGIN).await;
    assert_eq!(genuine.status, StatusCode::OK, "{:?}", genuine.body);
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(
        info.body["methods"][0]["kind"], "passkey",
        "{:?}",
        info.body
    );
}
