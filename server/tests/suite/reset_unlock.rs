//! "I know my password, but still can't sign in": after proving who they are, a locked-out
//! person unlocks their account and keeps their password; their sessions stay, the reset ends,
//! and they are told. (On OpenLDAP: `directory_ldap.rs`.)

use crate::support;

use axum::http::{Method, StatusCode};
use support::PASSWORD;
use support::reset::{PERSONAL, enroll, prove, server, start, unlock};

#[tokio::test]
async fn a_proven_person_unlocks_their_account_and_keeps_their_password() {
    let server = server(1).await;
    let session = enroll(&server, true).await;
    // Wrong passwords close sign-in for a while, the right one too.
    for _ in 0..10 {
        server.sign_in("jdoe", "not-the-password-at-all").await;
    }
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    let (started, cookie) = start(&server, "jdoe").await;
    assert_eq!(started.status, StatusCode::OK);
    let cookie = cookie.unwrap();
    let early = unlock(&server, &cookie).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "not proven yet");
    let proven = prove(&server, &cookie, "email:email", None, PERSONAL).await;
    assert_eq!(proven.body["stage"], "new_password");

    let unlocked = unlock(&server, &cookie).await;
    assert_eq!(
        unlocked.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        unlocked.body
    );
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    // The sessions the person had go on; the reset is over.
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&session))
        .await;
    assert_eq!(me.status, StatusCode::OK);
    let again = unlock(&server, &cookie).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(
        server
            .audit_of_jdoe()
            .await
            .iter()
            .any(|(action, _)| action == "account_unlocked")
    );
    server.deliver_all().await;
    let notice = server.sent_to("jane.doe@contoso.com", "email").await;
    assert!(notice.contains("unlocked"), "{notice}");
    assert!(notice.contains("not changed"), "{notice}");
}

#[tokio::test]
async fn an_unlock_opens_sign_in_again_in_the_browser_the_wrong_passwords_came_from() {
    let server = server(1).await;
    enroll(&server, true).await;
    // Jane's usual browser: the wrong passwords typed there count apart from strangers'.
    let usual = server.sign_in("jdoe", PASSWORD).await;
    let familiar = usual
        .cookie_named("latchkey_browser")
        .expect("a sign-in makes the browser familiar");
    let familiar = familiar.split(';').next().unwrap().to_string();
    let sign_in = |password: &'static str| {
        let body = serde_json::json!({ "username": "jdoe", "password": password });
        server.send(Method::POST, "/api/v1/session", Some(body), Some(&familiar))
    };
    for _ in 0..10 {
        sign_in("not-the-password-at-all").await;
    }
    assert_eq!(sign_in(PASSWORD).await.status, StatusCode::UNAUTHORIZED);
    let (_, cookie) = start(&server, "jdoe").await;
    let cookie = cookie.unwrap();
    let proven = prove(&server, &cookie, "email:email", None, PERSONAL).await;
    assert_eq!(proven.body["stage"], "new_password");
    let unlocked = unlock(&server, &cookie).await;
    assert_eq!(
        unlocked.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        unlocked.body
    );
    assert_eq!(sign_in(PASSWORD).await.status, StatusCode::OK);
}
