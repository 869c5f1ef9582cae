//! Messages go out in the organisation's language (`message_language`), and what was registered
//! survives a restart of the server.

use crate::support;

use std::sync::Arc;

use latchkey_server::clock::ManualClock;
use latchkey_server::config::{Config, Language};
use support::TestServer;

#[tokio::test]
async fn codes_calls_and_notices_speak_the_configured_language() {
    let mut args = support::test_args().await;
    args.organisation.message_language = Some(Language::German);
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    let cookie = server.signed_in().await;
    server.add_phone_then_call(&cookie).await;
    let text = server.sent_to("+14255550123", "sms").await;
    assert!(text.contains("Ihr Bestätigungscode lautet"), "{text}");
    let call = server.sent_to("+14255550123", "voice").await;
    assert!(call.contains("Rautetaste"), "{call}");
    let notice = server.sent_to("jane.doe@contoso.com", "email").await;
    assert!(
        notice.contains("wurde zu Ihren Sicherheitsinformationen hinzugefügt"),
        "{notice}"
    );
    // The audit log stays in English for administrators.
    let audit = server.audit_of_jdoe().await;
    assert!(audit[0].1.contains("was added to your security info"));
}

async fn methods_of_jdoe(
    state: &latchkey_server::AppState,
) -> Vec<latchkey_server::store::StoredMethod> {
    let user = state
        .store
        .find_user_for_sign_in("jdoe")
        .await
        .unwrap()
        .unwrap();
    state.store.methods(&user.id).await.unwrap()
}

#[tokio::test]
async fn registered_methods_survive_a_restart() {
    let folder = std::env::temp_dir().join(format!(
        "latchkey-restart-{}",
        latchkey_server::store::new_id()
    ));
    std::fs::create_dir_all(&folder).unwrap();
    let mut args = support::test_args().await;
    if args
        .server
        .database_url
        .as_deref()
        .is_some_and(|url| url.starts_with("sqlite:"))
    {
        args.server.database_url = Some(format!("sqlite:{}", folder.join("latchkey.db").display()));
    }
    let config = Config::resolve(args).unwrap();
    let server = TestServer::with_config(config.clone()).await;
    let cookie = server.with_email_method("jane@example.net").await;
    let cookie = server.newest_cookie(&cookie);
    let before = methods_of_jdoe(&server.state).await;
    drop(server);

    // A new server process on the same database: the method and the session are still there.
    let state = latchkey_server::AppState::new(config, Arc::new(ManualClock::at(1_800_000_000)))
        .await
        .unwrap();
    let router = latchkey_server::app(state.clone());
    let request = axum::http::Request::get("/api/v1/security-info")
        .header("cookie", &cookie)
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = tower::ServiceExt::oneshot(router, request).await.unwrap();
    assert_eq!(reply.status(), axum::http::StatusCode::OK);
    assert_eq!(methods_of_jdoe(&state).await, before);
    assert_eq!(before.len(), 1);
    std::fs::remove_dir_all(folder).unwrap();
}
