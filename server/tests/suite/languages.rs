//! Each person's language through the router: picked with `PUT /api/v1/me/language`, shown in
//! `GET /api/v1/me`, and used for the codes and notices they are sent (else their page's
//! language, from `Accept-Language`); calls keep the organisation's language (the gateway's
//! voice).

use crate::support;

use axum::http::{Method, StatusCode};
use serde_json::json;
use support::TestServer;

#[tokio::test]
async fn a_picked_language_is_kept_and_shown() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.body["language"], json!(null), "nobody has picked yet");
    let picked = server.pick_language(Some(&cookie), json!("es")).await;
    assert_eq!(picked.status, StatusCode::NO_CONTENT);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.body["language"], "es");
    // A new sign-in says so too, so every device can follow.
    let again = server.sign_in("jdoe", support::PASSWORD).await;
    assert_eq!(again.body["language"], "es");
}

#[tokio::test]
async fn a_language_we_do_not_speak_is_refused_and_changes_nothing() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    for body in [
        json!({ "language": "pt" }),
        json!({ "language": 7 }),
        json!({}),
    ] {
        let refused = server
            .send(
                Method::PUT,
                "/api/v1/me/language",
                Some(body),
                Some(&cookie),
            )
            .await;
        assert!(refused.status.is_client_error(), "{:?}", refused.status);
        assert!(refused.body["message"].is_string());
    }
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.body["language"], json!(null));
    let signed_out = server.pick_language(None, json!("de")).await;
    assert_eq!(signed_out.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn codes_and_notices_go_out_in_the_picked_language_and_calls_in_the_organisations() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    server.pick_language(Some(&cookie), json!("fr")).await;
    server.add_phone_then_call(&cookie).await;
    let text = server.sent_to("+14255550123", "sms").await;
    assert!(text.contains("code de vérification"), "{text}");
    let notice = server.sent_to("jane.doe@contoso.com", "email").await;
    assert!(
        notice.contains("a été ajouté à vos informations de sécurité"),
        "{notice}"
    );
    let call = server.sent_to("+14255550123", "voice").await;
    assert!(call.contains("pound key"), "{call}");
}

/// Starts enrolling `email` from a page in `page_language`, as the SPA asks.
async fn start_email_from_page(
    server: &TestServer,
    cookie: &str,
    email: &str,
    page_language: &str,
) -> support::Reply {
    let body = json!({"kind": "email", "channel": "email", "email": email});
    server
        .send_from_page(
            Method::POST,
            "/api/v1/enrollments",
            Some(body),
            Some(cookie),
            Some(page_language),
        )
        .await
}

#[tokio::test]
async fn until_someone_picks_a_language_codes_follow_their_pages() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = start_email_from_page(&server, &cookie, "jane@example.net", "de").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    server.deliver_all().await;
    let code = server.sent_to("jane@example.net", "email").await;
    assert!(code.contains("Bestätigungscode"), "{code}");

    // A language they picked wins over the page's.
    server.pick_language(Some(&cookie), json!("es")).await;
    start_email_from_page(&server, &cookie, "jane.doe@example.org", "de").await;
    server.deliver_all().await;
    let code = server.sent_to("jane.doe@example.org", "email").await;
    assert!(code.contains("código de verificación"), "{code}");
}
