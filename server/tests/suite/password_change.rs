//! Changing one's own password while signed in (the built-in store; the directory's in
//! `directory_ldap.rs`): the current password proves it, a wrong one counts like a wrong
//! sign-in, the new one meets the policy with its reasons, and the change is audited and told.

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::json;
use support::{PASSWORD, TestServer};

const NEW_PASSWORD: &str = "amber-kestrel-91-softly";

async fn change(server: &TestServer, cookie: &str, current: &str, new: &str) -> support::Reply {
    server.change_password(cookie, current, new).await
}

#[tokio::test]
async fn the_current_password_proves_it_and_the_new_one_meets_the_policy() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let wrong = change(&server, &cookie, "not-the-password", NEW_PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.body["code"], "invalid_credentials");
    let common = change(&server, &cookie, PASSWORD, "password1234").await;
    assert_eq!(common.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(common.body["fields"][0]["field"], "password");
    assert_eq!(common.body["fields"][0]["code"], "common_password");
    let named = change(&server, &cookie, PASSWORD, "jane-doe-contoso-2026").await;
    assert_eq!(named.body["fields"][0]["code"], "personal_information");
    let empty = change(&server, &cookie, "", NEW_PASSWORD).await;
    assert_eq!(empty.body["fields"][0]["field"], "current");
    // The live requirements say the same before the person submits.
    let check = server
        .send(
            Method::POST,
            "/api/v1/me/password-check",
            Some(json!({"password": "password1234"})),
            Some(&cookie),
        )
        .await;
    assert_eq!(check.body["acceptable"], false);

    let changed = change(&server, &cookie, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:?}", changed.body);
    // This session goes on, and Security info says when the password changed; the old
    // password is gone.
    server.clock.advance(60);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(
        me.body["password_changed_at"],
        latchkey_server::clock::Clock::now(&server.clock) - 60
    );
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.sign_in("jdoe", NEW_PASSWORD).await.status,
        StatusCode::OK
    );
    assert!(
        server
            .audit_of_jdoe()
            .await
            .iter()
            .any(|(action, _)| action == "password_changed")
    );
    server.deliver_all().await;
    let notice = server.sent_to("jane.doe@contoso.com", "email").await;
    assert!(notice.contains("Your password was changed."), "{notice}");
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled_like_sign_ins() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let mut answers = Vec::new();
    for _ in 0..7 {
        answers.push(change(&server, &cookie, "not-the-password", NEW_PASSWORD).await);
    }
    let last = answers.last().unwrap();
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(last.headers.contains_key("retry-after"));
    // The right password waits too, and so does signing in.
    let right = change(&server, &cookie, PASSWORD, NEW_PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn signed_out_nobody_changes_anything() {
    let server = TestServer::new().await;
    let body = json!({"current": PASSWORD, "password": NEW_PASSWORD});
    let answer = server
        .send(Method::POST, "/api/v1/me/password", Some(body), None)
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
}
