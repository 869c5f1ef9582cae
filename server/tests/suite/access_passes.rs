//! Temporary Access Passes (security.md 50): a pass IT support makes signs the person in once,
//! verified, to security info only, until it expires; it is stored hashed, one per person, and
//! a wrong, used or expired pass gets exactly the wrong-password answer. The command line makes
//! them and grants IT support's roles.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::access_pass;
use latchkey_server::origin::Origin;
use serde_json::json;
use support::reset::PERSONAL;
use support::{PASSWORD, Reply, TestServer};

/// A pass for jdoe lasting `lifetime` seconds, made as `latchkey-server tap issue` makes it.
async fn issue(server: &TestServer, lifetime: i64, reusable: bool) -> String {
    let jdoe = server.jdoe().await;
    let client = Origin::command_line();
    let cx = server.state.context(&client);
    let (pass, _) = access_pass::issue_alone(&server.state.store, &cx, &jdoe, lifetime, reusable)
        .await
        .unwrap();
    pass
}

async fn sign_in_with(server: &TestServer, pass: &str) -> Reply {
    let body = json!({"username": "jdoe", "password": pass});
    server
        .send(
            Method::POST,
            "/api/v1/session/access-pass",
            Some(body),
            None,
        )
        .await
}

#[tokio::test]
async fn a_pass_signs_in_once_verified_to_security_info_only() {
    let server = TestServer::new().await;
    // Jane lost the phone she registered: she cannot verify with it any more.
    server.with_email_method(PERSONAL).await;
    let pass = issue(&server, 3600, false).await;
    let signed_in = sign_in_with(&server, &pass.to_lowercase().replace('-', " ")).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let now = latchkey_server::clock::Clock::now(&server.clock);
    assert_eq!(signed_in.body["access_pass_until"], now + 3600);
    let cookie = signed_in.session_cookie().unwrap();
    // Security info opens, and a new method is added without "Verify your identity".
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.status, StatusCode::OK, "{:?}", info.body);
    let added = server.start_email(&cookie, "jane@new.example").await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    // Nothing else answers: the password, signing out everywhere.
    let change = server
        .change_password(&cookie, PASSWORD, "amber-kestrel-91-softly")
        .await;
    assert_eq!(change.status, StatusCode::FORBIDDEN, "{:?}", change.body);
    assert_eq!(change.body["code"], "forbidden");
    let everywhere = server
        .send(Method::DELETE, "/api/v1/sessions", None, Some(&cookie))
        .await;
    assert_eq!(everywhere.status, StatusCode::FORBIDDEN);
    // Once: the second time it is a wrong password.
    let wrong = server.sign_in("jdoe", "not-the-password").await;
    let again = sign_in_with(&server, &pass).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.body, wrong.body);
    let audit = server.audit_of_jdoe().await;
    for action in ["access_pass_issued", "signed_in_with_access_pass"] {
        assert!(
            audit.iter().any(|(a, _)| a == action),
            "{action}: {audit:?}"
        );
    }
    // Told at every address.
    server.deliver_all().await;
    let notice = server.sent_to(PERSONAL, "email").await;
    assert!(notice.contains("Temporary Access Pass"), "{notice}");
}

#[tokio::test]
async fn a_pass_and_its_session_end_when_it_expires() {
    let server = TestServer::new().await;
    let pass = issue(&server, 600, true).await;
    let first = sign_in_with(&server, &pass).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let cookie = first.session_cookie().unwrap();
    // Reusable: a second device signs in with it too, while it lasts.
    assert_eq!(sign_in_with(&server, &pass).await.status, StatusCode::OK);
    server.clock.advance(599);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(
        me.body["access_pass_until"],
        first.body["access_pass_until"]
    );
    server.clock.advance(1);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(
        me.status,
        StatusCode::UNAUTHORIZED,
        "the session ends with the pass"
    );
    assert_eq!(
        sign_in_with(&server, &pass).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_new_pass_voids_the_old_and_lifetimes_are_bounded() {
    // (That passes are kept only as hashes is checked with every other secret, in
    // secrets_at_rest.rs.)
    let server = TestServer::new().await;
    let old = issue(&server, 3600, false).await;
    let new = issue(&server, 3600, false).await;
    assert_eq!(
        sign_in_with(&server, &old).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(sign_in_with(&server, &new).await.status, StatusCode::OK);
    // A pass lasts from 10 minutes to 8 hours.
    let jdoe = server.jdoe().await;
    let client = Origin::command_line();
    let cx = server.state.context(&client);
    for lifetime in [599, 8 * 3600 + 1] {
        let refused =
            access_pass::issue_alone(&server.state.store, &cx, &jdoe, lifetime, false).await;
        assert!(refused.is_err(), "{lifetime}");
    }
}

#[tokio::test]
async fn passes_for_unknown_names_and_wrong_passes_read_as_wrong_passwords() {
    let server = TestServer::new().await;
    let pass = issue(&server, 3600, false).await;
    let wrong = server.sign_in("jdoe", "not-the-password").await;
    for (name, typed) in [("jdoe", "2222-3333-4444-5555"), ("nobody", pass.as_str())] {
        let body = json!({"username": name, "password": typed});
        let answer = server
            .send(
                Method::POST,
                "/api/v1/session/access-pass",
                Some(body),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(answer.body, wrong.body, "{name}");
    }
    let empty = json!({"username": "jdoe", "password": ""});
    let answer = server
        .send(
            Method::POST,
            "/api/v1/session/access-pass",
            Some(empty),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(answer.body["fields"][0]["field"], "password");
    // The pass still works: a wrong one does not use it up.
    assert_eq!(sign_in_with(&server, &pass).await.status, StatusCode::OK);
}
