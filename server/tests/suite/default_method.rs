//! The default sign-in method: the way "Verify your identity" offers first. Choosing it is a
//! change to security info like any other.

use crate::support;

use axum::http::{Method, StatusCode};
use support::{TestServer, field_problem};

const PERSONAL: &str = "jane@example.net";

async fn info(server: &TestServer, cookie: &str) -> serde_json::Value {
    server
        .send(Method::GET, "/api/v1/security-info", None, Some(cookie))
        .await
        .body
}

async fn choose(
    server: &TestServer,
    cookie: &str,
    method: &serde_json::Value,
    channel: &str,
) -> support::Reply {
    let body = serde_json::json!({"method_id": method, "channel": channel});
    server
        .send(
            Method::PUT,
            "/api/v1/default-method",
            Some(body),
            Some(cookie),
        )
        .await
}

#[tokio::test]
async fn the_first_way_is_the_default_until_another_is_chosen() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    assert!(info(&server, &cookie).await["default_method"].is_null());
    let phone = server.start_phone(&cookie, "sms").await;
    let code = server.last_code_to("+14255550123").await;
    server
        .submit_code(&cookie, phone.body["id"].as_str().unwrap(), &code)
        .await;
    // Added in the same second, the email could be listed first; the phone stays the default.
    let started = server.start_email(&cookie, PERSONAL).await;
    let code = server.last_code_to(PERSONAL).await;
    server
        .submit_code(&cookie, started.body["id"].as_str().unwrap(), &code)
        .await;

    let page = info(&server, &cookie).await;
    let id_of = |kind: &str| {
        page["methods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["kind"] == kind)
            .unwrap()["id"]
            .clone()
    };
    let (phone_id, email_id) = (id_of("phone"), id_of("email"));
    assert_eq!(page["default_method"]["method_id"], phone_id);
    assert_eq!(page["default_method"]["channel"], "sms");

    let chosen = choose(&server, &cookie, &email_id, "email").await;
    assert_eq!(chosen.status, StatusCode::NO_CONTENT, "{:?}", chosen.body);
    let page = info(&server, &cookie).await;
    assert_eq!(page["default_method"]["method_id"], email_id);
    let (_, order) = server.verification_options(&cookie).await;
    assert_eq!(order, ["email", "sms", "voice"], "the default comes first");

    // A call to the phone can be the default too; it survives changing the number.
    assert_eq!(
        choose(&server, &cookie, &phone_id, "voice").await.status,
        StatusCode::NO_CONTENT
    );
    let changed = server
        .send(
            Method::POST,
            "/api/v1/enrollments",
            Some(serde_json::json!({"kind": "phone", "channel": "sms", "country": "US", "number": "425 555 0199"})),
            Some(&cookie),
        )
        .await;
    let code = server.last_code_to("+14255550199").await;
    server
        .submit_code(&cookie, changed.body["id"].as_str().unwrap(), &code)
        .await;
    let page = info(&server, &cookie).await;
    assert_eq!(
        page["methods"].as_array().unwrap().len(),
        2,
        "the new number replaced the old"
    );
    assert_eq!(page["default_method"]["channel"], "voice");
    let new_phone = page["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "phone")
        .unwrap();
    assert_eq!(page["default_method"]["method_id"], new_phone["id"]);

    // Choosing is audited and notified to the addresses the user had.
    let audit = server.audit_of_jdoe().await;
    assert!(
        audit.iter().any(
            |(action, detail)| action == "default_method_changed" && detail.contains("Call +1")
        )
    );
    server.deliver_all().await;
    let notices = server.state.store.outbox().await.unwrap();
    assert!(
        notices
            .iter()
            .any(|m| m.recipient == PERSONAL && m.body.contains("default sign-in method"))
    );
}

#[tokio::test]
async fn the_first_method_becomes_the_default_the_way_it_was_proven() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let call = server.start_phone(&cookie, "voice").await;
    let placed = server.last_call_to("+14255550123").await;
    let path = format!("/api/v1/dev/outbox/{placed}/press");
    server
        .send(
            Method::POST,
            &path,
            Some(serde_json::json!({"digits": "#"})),
            None,
        )
        .await;
    let path = format!(
        "/api/v1/challenges/{}/call",
        call.body["id"].as_str().unwrap()
    );
    server.send(Method::POST, &path, None, Some(&cookie)).await;
    let page = info(&server, &cookie).await;
    assert_eq!(page["default_method"]["channel"], "voice");

    // When the default's method is deleted, the next method proven takes its place.
    let phone = page["methods"][0]["id"].as_str().unwrap().to_string();
    server
        .send(
            Method::DELETE,
            &format!("/api/v1/methods/{phone}"),
            None,
            Some(&cookie),
        )
        .await;
    let started = server.start_email(&cookie, PERSONAL).await;
    let code = server.last_code_to(PERSONAL).await;
    server
        .submit_code(&cookie, started.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(
        info(&server, &cookie).await["default_method"]["channel"],
        "email"
    );
}

#[tokio::test]
async fn only_the_users_own_methods_by_a_channel_that_reaches_them() {
    let server = TestServer::new().await;
    let cookie = server.with_email_method(PERSONAL).await;
    let email_id = info(&server, &cookie).await["methods"][0]["id"].clone();
    let wrong_channel = choose(&server, &cookie, &email_id, "sms").await;
    assert_eq!(wrong_channel.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_problem(&wrong_channel), "invalid");
    let unknown = choose(
        &server,
        &cookie,
        &serde_json::json!("someone-elses"),
        "email",
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn choosing_needs_a_fresh_verification() {
    let server = TestServer::new().await;
    let cookie = server.with_email_method(PERSONAL).await;
    let email_id = info(&server, &cookie).await["methods"][0]["id"].clone();
    server.clock.advance(15 * 60);
    let stale = choose(&server, &cookie, &email_id, "email").await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    let password_only = server.signed_in().await;
    let refused = choose(&server, &password_only, &email_id, "email").await;
    assert_eq!(refused.body["code"], "verification_required");
}
