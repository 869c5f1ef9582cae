//! Each person's language through the router: picked with `PUT /api/v1/me/language`, shown in
//! `GET /api/v1/me`, and used for the codes and notices they are sent; calls keep the
//! organisation's language (the gateway's voice).

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
