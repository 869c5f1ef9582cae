//! Adding and proving methods with one-time codes (security.md 1–8, 21–22, 40–41), through the
//! router with an injected clock.

use crate::support;

use axum::http::{Method, StatusCode, header};
use support::{TestServer, field_problem};

const PERSONAL: &str = "jane@example.net";

#[tokio::test]
async fn an_email_is_enrolled_with_the_code_that_was_sent_to_it() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, "Jane@Example.net ").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    assert_eq!(started.body["destination"], PERSONAL);
    assert_eq!(started.body["resend_after_seconds"], 30);
    assert_eq!(started.body["expires_in_seconds"], 600);
    let id = started.body["id"].as_str().unwrap();
    let code = server.last_code_to(PERSONAL).await;
    assert_eq!(code.len(), 6);

    // Pasted with a space, as phones offer it.
    let pasted = format!("{} {}", &code[..3], &code[3..]);
    let passed = server.submit_code(&cookie, id, &pasted).await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
    assert_eq!(passed.body["method"]["kind"], "email");
    assert_eq!(passed.body["method"]["detail"], PERSONAL);

    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.status, StatusCode::OK);
    assert_eq!(info.body["methods"][0]["detail"], PERSONAL);
    assert_eq!(info.body["methods_required"], 1);
}

#[tokio::test]
async fn an_international_domain_is_kept_and_sent_to_in_a_labels() {
    // security.md 41: the domain as the mail system and the organisation's list compare it.
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, "Jane@Bücher.Example").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    assert_eq!(started.body["destination"], "jane@xn--bcher-kva.example");
    let code = server.last_code_to("jane@xn--bcher-kva.example").await;
    let id = started.body["id"].as_str().unwrap();
    let passed = server.submit_code(&cookie, id, &code).await;
    assert_eq!(
        passed.body["method"]["detail"],
        "jane@xn--bcher-kva.example"
    );
    // An address whose domain is no DNS name is refused with the field's reason.
    let refused = server
        .start_email(&cookie, "jane@bad_domain!.example")
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["fields"][0]["field"], "email");
}

#[tokio::test]
async fn a_local_part_of_64_octets_is_taken_and_one_of_65_refused() {
    // security.md 41: octets, not characters — "é" is two in UTF-8.
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let accented = "é".repeat(32);
    for (local, taken) in [
        ("a".repeat(64), true),
        (accented.clone(), true),
        ("a".repeat(65), false),
        (format!("{accented}a"), false),
    ] {
        assert_eq!(local.len(), if taken { 64 } else { 65 });
        let email = format!("{local}@example.net");
        let answer = server.start_email(&cookie, &email).await;
        if taken {
            assert_eq!(answer.status, StatusCode::OK, "{email}: {:?}", answer.body);
        } else {
            assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{email}");
            assert_eq!(answer.body["fields"][0]["field"], "email", "{email}");
            assert_eq!(field_problem(&answer), "invalid", "{email}");
        }
    }
}

#[tokio::test]
async fn every_change_is_audited_and_notified_to_the_work_address() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    server.deliver_all().await;
    let outbox = server.state.store.outbox().await.unwrap();
    let notice = outbox
        .iter()
        .find(|m| m.recipient == "jane.doe@contoso.com")
        .expect("the work address is told");
    assert!(
        notice.body.contains("Email j••••@example.net was added"),
        "{}",
        notice.body
    );
    assert!(notice.body.contains("Wasn't you?"));
    assert!(notice.code.is_none());
    let audit = server.audit_of_jdoe().await;
    assert_eq!(audit[0].0, "method_added");
}

#[tokio::test]
async fn a_phone_is_validated_and_stored_in_e164() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let bad =
        serde_json::json!({"kind": "phone", "channel": "sms", "country": "US", "number": "555"});
    let refused = server
        .send(
            Method::POST,
            "/api/v1/enrollments",
            Some(bad),
            Some(&cookie),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["fields"][0]["field"], "number");
    assert_eq!(field_problem(&refused), "invalid_phone_number");
    assert!(
        server.state.store.outbox().await.unwrap().is_empty(),
        "nothing is sent"
    );

    let good = serde_json::json!({"kind": "phone", "channel": "sms", "country": "US", "number": "(425) 555-0123"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/enrollments",
            Some(good),
            Some(&cookie),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    assert_eq!(started.body["destination"], "+1 4255550123");
    let code = server.last_code_to("+14255550123").await;
    let passed = server
        .submit_code(&cookie, started.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(passed.body["method"]["detail"], "+1 4255550123");
}

#[tokio::test]
async fn work_addresses_are_refused_as_personal_email() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let refused = server.start_email(&cookie, "jane@mail.example.com").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_problem(&refused), "work_address");
}

#[tokio::test]
async fn codes_last_ten_minutes() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let first = server.start_email(&cookie, PERSONAL).await;
    let code = server.last_code_to(PERSONAL).await;
    server.clock.advance(10 * 60 + 1);
    let late = server
        .submit_code(&cookie, first.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_problem(&late), "code_expired", "10:01 is too late");

    let cookie = server.signed_in().await;
    let second = server.start_email(&cookie, "other@example.net").await;
    let code = server.last_code_to("other@example.net").await;
    server.clock.advance(9 * 60 + 59);
    let in_time = server
        .submit_code(&cookie, second.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(in_time.status, StatusCode::OK, "9:59 is in time");
}

#[tokio::test]
async fn a_code_works_once() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, PERSONAL).await;
    let id = started.body["id"].as_str().unwrap();
    let code = server.last_code_to(PERSONAL).await;
    assert_eq!(
        server.submit_code(&cookie, id, &code).await.status,
        StatusCode::OK
    );
    let again = server.submit_code(&cookie, id, &code).await;
    assert_eq!(field_problem(&again), "code_used");
}

#[tokio::test]
async fn five_wrong_codes_void_the_code_and_a_resend_cannot_revive_it() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, PERSONAL).await;
    let id = started.body["id"].as_str().unwrap();
    let code = server.last_code_to(PERSONAL).await;
    let wrong = support::wrong_code_for(&code);
    for attempt in 1..=4 {
        let reply = server.submit_code(&cookie, id, wrong).await;
        assert_eq!(field_problem(&reply), "wrong_code", "attempt {attempt}");
    }
    let fifth = server.submit_code(&cookie, id, wrong).await;
    assert_eq!(field_problem(&fifth), "too_many_tries");
    let right = server.submit_code(&cookie, id, &code).await;
    assert_eq!(
        field_problem(&right),
        "too_many_tries",
        "the right code no longer works"
    );
    server.clock.advance(31);
    let resend = server
        .send(
            Method::POST,
            &format!("/api/v1/challenges/{id}/resend"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(field_problem(&resend), "too_many_tries");
}

#[tokio::test]
async fn a_resend_replaces_the_code_and_keeps_counting_failures() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, PERSONAL).await;
    let id = started.body["id"].as_str().unwrap();
    let old = server.last_code_to(PERSONAL).await;
    let wrong = support::wrong_code_for(&old);
    for _ in 0..2 {
        server.submit_code(&cookie, id, wrong).await;
    }
    let resend_path = format!("/api/v1/challenges/{id}/resend");
    let too_soon = server
        .send(Method::POST, &resend_path, None, Some(&cookie))
        .await;
    assert_eq!(too_soon.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(too_soon.headers[header::RETRY_AFTER], "30");
    server.clock.advance(30);
    let resent = server
        .send(Method::POST, &resend_path, None, Some(&cookie))
        .await;
    assert_eq!(resent.status, StatusCode::OK, "{:?}", resent.body);
    let new = server.last_code_to(PERSONAL).await;
    if new != old {
        let stale = server.submit_code(&cookie, id, &old).await;
        assert_eq!(
            field_problem(&stale),
            "wrong_code",
            "the old code stops working"
        );
    } else {
        server.submit_code(&cookie, id, wrong).await;
    }
    // Two before the resend and one after: two more wrong ones void the new code.
    let wrong = support::wrong_code_for(&new);
    server.submit_code(&cookie, id, wrong).await;
    let fifth = server.submit_code(&cookie, id, wrong).await;
    assert_eq!(field_problem(&fifth), "too_many_tries");
}

#[tokio::test]
async fn five_sends_an_hour_then_a_day_blocked_with_retry_after() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    for n in 0..5 {
        let started = server
            .start_email(&cookie, &format!("n{n}@example.net"))
            .await;
        assert_eq!(started.status, StatusCode::OK, "send {n}");
    }
    let sixth = server.start_email(&cookie, "n5@example.net").await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.body["code"], "rate_limited");
    assert_eq!(sixth.headers[header::RETRY_AFTER], "86400");
    server.clock.advance(2 * 3600);
    let cookie = server.signed_in().await;
    let still = server.start_email(&cookie, "n6@example.net").await;
    assert_eq!(
        still.status,
        StatusCode::TOO_MANY_REQUESTS,
        "blocked for 24 h, not 1 h"
    );
    server.clock.advance(22 * 3600);
    let cookie = server.signed_in().await;
    assert_eq!(
        server.start_email(&cookie, "n7@example.net").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn once_a_method_exists_a_password_alone_does_not_open_security_info() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    // A new sign-in has only the password.
    let cookie = server.signed_in().await;
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.status, StatusCode::FORBIDDEN);
    assert_eq!(info.body["code"], "verification_required");
    let add = server.start_email(&cookie, "thief@example.net").await;
    assert_eq!(
        add.body["code"], "verification_required",
        "a stolen password cannot add a method"
    );

    let options = server
        .send(
            Method::GET,
            "/api/v1/verification-options",
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(options.body[0]["channel"], "email");
    assert_eq!(options.body[0]["masked"], "j••••@example.net");
    let method_id = options.body[0]["method_id"].as_str().unwrap();
    let body = serde_json::json!({"method_id": method_id, "channel": "email"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/verifications",
            Some(body),
            Some(&cookie),
        )
        .await;
    assert_eq!(started.body["destination"], "j••••@example.net");
    let code = server.last_code_to(PERSONAL).await;
    let passed = server
        .submit_code(&cookie, started.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(passed.status, StatusCode::OK);
    assert!(passed.body["method"].is_null());
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.status, StatusCode::OK);
}

#[tokio::test]
async fn changes_need_a_verification_and_a_sign_in_within_15_minutes() {
    let server = TestServer::new().await;
    let cookie = server.with_email_method(PERSONAL).await;
    // Verifying the new method counted: a second change right away is allowed.
    let phone = serde_json::json!({"kind": "phone", "channel": "sms", "country": "US", "number": "4255550123"});
    let ok = server
        .send(
            Method::POST,
            "/api/v1/enrollments",
            Some(phone.clone()),
            Some(&cookie),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{:?}", ok.body);
    server.clock.advance(15 * 60);
    let stale = server
        .send(
            Method::POST,
            "/api/v1/enrollments",
            Some(phone),
            Some(&cookie),
        )
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert_eq!(stale.body["code"], "reauthentication_required");
}

#[tokio::test]
async fn a_challenge_belongs_to_its_session() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, PERSONAL).await;
    let code = server.last_code_to(PERSONAL).await;
    let other = server.signed_in().await;
    let reply = server
        .submit_code(&other, started.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_method_needs_a_fresh_verification_and_is_notified() {
    let server = TestServer::new().await;
    let cookie = server.with_email_method(PERSONAL).await;
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    let id = info.body["methods"][0]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/methods/{id}");
    server.clock.advance(16 * 60);
    let stale = server
        .send(Method::DELETE, &path, None, Some(&cookie))
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);

    let cookie = server.signed_in().await;
    let options = server
        .send(
            Method::GET,
            "/api/v1/verification-options",
            None,
            Some(&cookie),
        )
        .await;
    let body = serde_json::json!({"method_id": id, "channel": "email"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/verifications",
            Some(body),
            Some(&cookie),
        )
        .await;
    assert_eq!(options.status, StatusCode::OK);
    let code = server.last_code_to(PERSONAL).await;
    server
        .submit_code(&cookie, started.body["id"].as_str().unwrap(), &code)
        .await;
    let deleted = server
        .send(Method::DELETE, &path, None, Some(&cookie))
        .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    server.deliver_all().await;
    let outbox = server.state.store.outbox().await.unwrap();
    // The personal address existed before the change, so it is told too.
    assert!(
        outbox
            .iter()
            .any(|m| m.recipient == PERSONAL && m.body.contains("was removed"))
    );
    assert!(
        outbox
            .iter()
            .any(|m| m.recipient == "jane.doe@contoso.com" && m.body.contains("was removed"))
    );
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.body["methods"], serde_json::json!([]));
}

#[tokio::test]
async fn the_page_can_tell_when_a_code_could_not_be_sent() {
    use latchkey_server::config::Config;
    // Production mode with no SMTP relay configured: every email fails.
    let config = Config::resolve({
        let mut args = support::test_args().await;
        args.server.dev = Some(false);
        args.organisation.organisation_domains = Some(vec!["contoso.com".into()]);
        args
    })
    .unwrap();
    let server = TestServer::with_config(config).await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, PERSONAL).await;
    let path = format!(
        "/api/v1/challenges/{}",
        started.body["id"].as_str().unwrap()
    );
    let state = async || {
        let reply = server.send(Method::GET, &path, None, Some(&cookie)).await;
        reply.body["delivery"].as_str().unwrap().to_string()
    };
    assert_eq!(state().await, "sending");
    latchkey_server::delivery::deliver_one(&server.state)
        .await
        .unwrap();
    assert_eq!(state().await, "retrying");
    for _ in 0..4 {
        server.clock.advance(80);
        latchkey_server::delivery::deliver_one(&server.state)
            .await
            .unwrap();
    }
    assert_eq!(state().await, "failed");
    let audit = server.audit_of_jdoe().await;
    assert!(
        audit
            .iter()
            .any(|(action, detail)| action == "delivery_failed" && detail.contains("email")),
        "{audit:?}"
    );
}

#[tokio::test]
async fn a_delivered_code_is_reported_sent() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, PERSONAL).await;
    server.deliver_all().await;
    let path = format!(
        "/api/v1/challenges/{}",
        started.body["id"].as_str().unwrap()
    );
    let reply = server.send(Method::GET, &path, None, Some(&cookie)).await;
    assert_eq!(reply.body["delivery"], "sent");
}
