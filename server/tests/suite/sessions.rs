//! Signing in and out through the router: cookies, expiry, rotation, throttling, enumeration.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use support::{PASSWORD, TestServer};

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_and_returns_the_user() {
    let server = TestServer::new().await;
    let reply = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["username"], "jdoe");
    assert_eq!(reply.body["display_name"], "Jane Doe");
    let cookie = reply.set_cookie().unwrap();
    assert!(cookie.starts_with("latchkey_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(flag), "{flag} missing from {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP cannot keep a Secure cookie"
    );
    let me = server
        .send(
            Method::GET,
            "/api/v1/me",
            None,
            reply.session_cookie().as_deref(),
        )
        .await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], "jane.doe@contoso.com");
}

#[tokio::test]
async fn the_work_email_and_any_case_sign_in_too() {
    let server = TestServer::new().await;
    assert_eq!(
        server
            .sign_in("Jane.Doe@Contoso.com", PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        server.sign_in("  JDOE ", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_with_the_host_prefix() {
    let config = Config::resolve({
        let mut args = support::test_args().await;
        args.server.public_url = Some("https://sspr.contoso.example".into());
        args
    })
    .unwrap();
    let server = TestServer::with_config(config).await;
    let reply = server.sign_in("jdoe", PASSWORD).await;
    let cookie = reply.set_cookie().unwrap();
    assert!(cookie.starts_with("__Host-latchkey_session="), "{cookie}");
    assert!(cookie.contains("Secure"));
    assert_eq!(
        reply.headers["strict-transport-security"],
        "max-age=31536000"
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_identical_answers() {
    let server = TestServer::new().await;
    let wrong = server.sign_in("jdoe", "not-the-password-at-all").await;
    let unknown = server.sign_in("nobody", "not-the-password-at-all").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.status, unknown.status);
    assert_eq!(wrong.body, unknown.body);
    assert_eq!(wrong.body["code"], "invalid_credentials");
    let names = |reply: &support::Reply| {
        let mut names: Vec<String> = reply.headers.keys().map(|k| k.to_string()).collect();
        names.sort();
        names
    };
    assert_eq!(names(&wrong), names(&unknown));
    assert!(wrong.set_cookie().is_none() && unknown.set_cookie().is_none());
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let out = server
        .send(Method::DELETE, "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.set_cookie().unwrap().contains("Max-Age=0"));
    // Replaying the old cookie does not work.
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.body["code"], "unauthenticated");
}

#[tokio::test]
async fn sessions_end_after_30_idle_minutes() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let me = async || {
        server
            .send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await
            .status
    };
    server.clock.advance(29 * 60);
    assert_eq!(me().await, StatusCode::OK);
    // Activity restarts the idle timer.
    server.clock.advance(29 * 60);
    assert_eq!(me().await, StatusCode::OK);
    server.clock.advance(30 * 60);
    assert_eq!(me().await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_end_12_hours_after_sign_in_however_busy() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    for _ in 0..(12 * 60 / 20 - 1) {
        server.clock.advance(20 * 60);
        let me = server
            .send(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await;
        assert_eq!(me.status, StatusCode::OK);
    }
    server.clock.advance(20 * 60);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn verifying_with_a_method_rotates_the_session_id() {
    let server = TestServer::new().await;
    let cookie = server.with_email_method("jane@example.net").await;
    let signed_in = server.signed_in().await;
    let (options, _) = server.verification_options(&signed_in).await;
    let body = serde_json::json!({"method_id": options[0]["method_id"], "channel": "email"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/verifications",
            Some(body),
            Some(&signed_in),
        )
        .await;
    let code = server.last_code_to("jane@example.net").await;
    let id = started.body["id"].as_str().unwrap();
    let passed = server.submit_code(&signed_in, id, &code).await;
    let renewed = passed
        .session_cookie()
        .expect("a new session ID comes with the step-up");
    assert_ne!(renewed, signed_in);
    assert!(passed.set_cookie().unwrap().contains("HttpOnly"));
    // The ID from before the step-up no longer works; the new one is verified.
    let old = server
        .exactly_as_given(Method::GET, "/api/v1/me", &signed_in)
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let info = server
        .exactly_as_given(Method::GET, "/api/v1/security-info", &renewed)
        .await;
    assert_eq!(info.status, StatusCode::OK, "{:?}", info.body);
    // Enrolling a method is a step-up too.
    assert_ne!(server.newest_cookie(&cookie), cookie);
}

#[tokio::test]
async fn signing_in_again_rotates_the_session_id() {
    let server = TestServer::new().await;
    let first = server.signed_in().await;
    let body = serde_json::json!({ "username": "jdoe", "password": PASSWORD });
    let again = server
        .send(Method::POST, "/api/v1/session", Some(body), Some(&first))
        .await;
    let second = again.session_cookie().unwrap();
    assert_ne!(first, second);
    let old = server
        .exactly_as_given(Method::GET, "/api/v1/me", &first)
        .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new = server
        .send(Method::GET, "/api/v1/me", None, Some(&second))
        .await;
    assert_eq!(new.status, StatusCode::OK);
}

#[tokio::test]
async fn session_ids_are_stored_hashed() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let token = cookie.split_once('=').unwrap().1;
    assert!(server.state.store.session(token).await.unwrap().is_none());
    let hash = latchkey_server::sessions::hash_token(token);
    assert!(server.state.store.session(&hash).await.unwrap().is_some());
}

#[tokio::test]
async fn repeated_failures_slow_sign_in_down_with_the_same_message_then_recover() {
    let server = TestServer::new().await;
    let wrong = server.sign_in("jdoe", "not-the-password-at-all").await;
    for _ in 0..4 {
        server.sign_in("jdoe", "not-the-password-at-all").await;
    }
    // Five failures: even the right password is refused for 30 s, with the same answer.
    let locked = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(locked.status, StatusCode::UNAUTHORIZED);
    assert_eq!(locked.body, wrong.body);
    server.clock.advance(31);
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_wait_doubles_but_is_never_permanent() {
    let server = TestServer::new().await;
    for failures in 0..12 {
        server.sign_in("jdoe", "not-the-password-at-all").await;
        server
            .clock
            .advance(latchkey_server::sessions::sign_in_wait(failures + 1));
    }
    // Attempts during the wait neither succeed nor lengthen it.
    server.clock.advance(-900);
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    server.clock.advance(899);
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    server.clock.advance(2);
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn me_without_a_session_is_401_in_the_api_shape() {
    let server = TestServer::new().await;
    let reply = server.send(Method::GET, "/api/v1/me", None, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.body["code"], "unauthenticated");
    let forged = server
        .send(
            Method::GET,
            "/api/v1/me",
            None,
            Some("latchkey_session=forged"),
        )
        .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn missing_fields_are_named() {
    let server = TestServer::new().await;
    let reply = server.sign_in("", "").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.body["code"], "validation_failed");
    let fields: Vec<&str> = reply.body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["username", "password"]);
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_and_is_recorded() {
    let server = TestServer::new().await;
    let laptop = server.signed_in().await;
    let phone = server.signed_in().await;
    // A code on its way to a new email, from the phone's session.
    let pending = server.start_email(&phone, "jane@example.net").await;
    let challenge = pending.body["id"].as_str().unwrap().to_string();
    let out = server
        .send(Method::DELETE, "/api/v1/sessions", None, Some(&laptop))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let voided = server
        .state
        .store
        .challenge(&challenge)
        .await
        .unwrap()
        .unwrap();
    assert!(voided.used_at.is_some(), "outstanding codes are revoked");
    assert!(out.set_cookie().unwrap().contains("Max-Age=0"));
    for cookie in [&laptop, &phone] {
        let me = server
            .send(Method::GET, "/api/v1/me", None, Some(cookie))
            .await;
        assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    }
    let audit = server.audit_of_jdoe().await;
    assert_eq!(audit[0].0, "signed_out_everywhere");
    server.deliver_all().await;
    let outbox = server.state.store.outbox().await.unwrap();
    assert!(
        outbox
            .iter()
            .any(|m| m.recipient == "jane.doe@contoso.com"
                && m.body.contains("signed out everywhere"))
    );
}

#[tokio::test]
async fn a_password_alone_cannot_sign_everyone_out_once_a_method_exists() {
    let server = TestServer::new().await;
    let verified = server.with_email_method("jane@example.net").await;
    let password_only = server.signed_in().await;
    let refused = server
        .send(
            Method::DELETE,
            "/api/v1/sessions",
            None,
            Some(&password_only),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.body["code"], "verification_required");
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&verified))
        .await;
    assert_eq!(me.status, StatusCode::OK, "the verified session lives on");
}

#[tokio::test]
async fn an_enrollment_completed_after_the_verification_went_stale_is_refused() {
    let server = TestServer::new().await;
    server.with_email_method("jane@example.net").await;
    let cookie = server.signed_in_and_verified().await;
    // Nine minutes after verifying, a phone is started; its code is typed seven minutes later:
    // the code is still good, the verification is not.
    server.clock.advance(9 * 60);
    let started = server.start_phone(&cookie, "sms").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let code = server.last_code_to("+14255550123").await;
    server.clock.advance(7 * 60);
    let late = server
        .submit_code(&cookie, started.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(late.status, StatusCode::FORBIDDEN, "{:?}", late.body);
    let user = server.jdoe().await;
    let methods = server.state.store.methods(&user.id).await.unwrap();
    assert_eq!(methods.len(), 1, "no phone was added: {methods:?}");
}

#[tokio::test]
async fn failures_count_per_account_whatever_name_was_typed() {
    let server = TestServer::new().await;
    for name in [
        "jdoe",
        "JDoe",
        "jane.doe@contoso.com",
        "jdoe",
        "Jane.Doe@contoso.com",
    ] {
        let wrong = server.sign_in(name, "not-the-password-at-all").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    // Five failures on one account, under three spellings: even the right password waits.
    let waiting = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(waiting.status, StatusCode::UNAUTHORIZED);
    server.clock.advance(31);
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn one_address_spraying_a_password_over_many_names_is_slowed_alone() {
    use latchkey_server::sessions::ADDRESS_FREE_TRIES;
    let server = TestServer::new().await;
    let sprayer = "2001:db8:1:2::7";
    for n in 0..ADDRESS_FREE_TRIES {
        // Each address in the sprayer's /64 counts for the whole /64.
        let address = format!("2001:db8:1:2::{:x}", n + 1);
        let wrong = server
            .sign_in_from(&address, &format!("person{n}"), "Summer2026!")
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    // The sprayer's network waits now, even with a right password…
    let slowed = server.sign_in_from(sprayer, "jdoe", PASSWORD).await;
    assert_eq!(slowed.status, StatusCode::UNAUTHORIZED);
    // …while the person, from anywhere else, signs in as ever: nobody was locked out.
    let elsewhere = server
        .sign_in_from("2001:db8:1:3::7", "jdoe", PASSWORD)
        .await;
    assert_eq!(elsewhere.status, StatusCode::OK);
    let office = server.sign_in_from("203.0.113.10", "jdoe", PASSWORD).await;
    assert_eq!(office.status, StatusCode::OK);
    server.clock.advance(31);
    let later = server.sign_in_from(sprayer, "jdoe", PASSWORD).await;
    assert_eq!(later.status, StatusCode::OK);
}

#[tokio::test]
async fn a_few_failures_stamped_by_a_replica_whose_clock_runs_ahead_close_nothing() {
    // Two servers share the counts; one's clock is an hour ahead and saw two typos from this
    // network. Below the free tries there is no wait, whatever the time on the record.
    let server = TestServer::new().await;
    let ahead = latchkey_server::clock::Clock::now(&server.clock) + 3600;
    for _ in 0..2 {
        server
            .state
            .store
            .autocommit()
            .await
            .unwrap()
            .record_sign_in_failure("address:unknown", ahead, 0)
            .await
            .unwrap();
    }
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
}
