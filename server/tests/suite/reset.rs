//! "Get back into your account": the puzzle, the steps in order with different methods, the
//! new password and everything that follows it; decoys for names without a usable account that
//! answer the same way (and in the same time: `enumeration_timing.rs`); limits that never touch
//! the account.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_api::puzzle::solve;
use serde_json::{Value, json};
use support::answers::whole_answer;
use support::reset::{
    NEW_PASSWORD, PERSONAL, PHONE, directory_server, enroll, option_ids, post, prove, server, start,
};
use support::slapd::Slapd;
use support::{PASSWORD, Reply, TestServer, field_problem};

#[tokio::test]
async fn a_full_reset_by_text_ends_every_session_and_tells_every_address() {
    let server = server(1).await;
    enroll(&server, true).await;
    let old_session = server.signed_in().await;
    let (started, cookie) = start(&server, "JDoe").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let cookie = cookie.expect("the reset has its own cookie");
    assert!(cookie.starts_with("latchkey_reset="));
    assert!(started.set_cookie().unwrap().contains("HttpOnly"));
    assert_eq!(started.body["stage"], "verify");
    assert_eq!(started.body["step"], 1);
    assert_eq!(started.body["steps_required"], 1);
    let options = &started.body["options"];
    let text = options
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "phone:sms")
        .unwrap();
    assert_eq!(text["hint"], "*******23");
    assert!(option_ids(&started.body).contains(&"email:email".to_string()));

    // The whole number must match before anything is sent.
    server.deliver_all().await;
    let wrong = post(
        &server,
        &cookie,
        "/api/v1/reset/verifications",
        json!({"option": "phone:sms", "number": "425 555 0199"}),
    )
    .await;
    assert_eq!(field_problem(&wrong), "number_mismatch");
    let outbox_before = server.state.store.outbox().await.unwrap().len();
    server.deliver_all().await;
    assert_eq!(
        server.state.store.outbox().await.unwrap().len(),
        outbox_before
    );

    // The password cannot be set before the step is proven.
    let early = post(
        &server,
        &cookie,
        "/api/v1/reset/password",
        json!({"password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT);

    let proven = prove(&server, &cookie, "phone:sms", Some("(425) 555-0123"), PHONE).await;
    assert_eq!(proven.status, StatusCode::OK, "{:?}", proven.body);
    assert_eq!(proven.body["stage"], "new_password");

    let check = |password: &'static str| {
        let cookie = cookie.clone();
        let server = &server;
        async move {
            post(
                server,
                &cookie,
                "/api/v1/reset/password-check",
                json!({"password": password}),
            )
            .await
            .body
        }
    };
    let weak = check("password1234").await;
    assert_eq!(weak["acceptable"], false);
    assert_eq!(weak["problems"][0]["code"], "common_password");
    assert_eq!(
        check("contoso-jdoe-2026").await["problems"][0]["code"],
        "personal_information"
    );
    assert_eq!(check(NEW_PASSWORD).await["acceptable"], true);
    let refused = post(
        &server,
        &cookie,
        "/api/v1/reset/password",
        json!({"password": "short"}),
    )
    .await;
    assert_eq!(field_problem(&refused), "too_short");

    let done = post(
        &server,
        &cookie,
        "/api/v1/reset/password",
        json!({"password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    assert!(
        done.cookie_named("latchkey_session").is_none(),
        "no session is issued by a reset"
    );
    assert!(
        done.cookie_named("latchkey_reset")
            .is_some_and(|cookie| cookie.starts_with("latchkey_reset=;")),
        "the reset cookie is cleared"
    );
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.sign_in("jdoe", NEW_PASSWORD).await.status,
        StatusCode::OK
    );
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&old_session))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "every session ended");
    let again = server
        .send(Method::GET, "/api/v1/reset", None, Some(&cookie))
        .await;
    assert_eq!(again.body["code"], "reset_expired", "a reset is used once");

    server.deliver_all().await;
    let outbox = server.state.store.outbox().await.unwrap();
    for to in ["jane.doe@contoso.com", PERSONAL, PHONE] {
        let notice = outbox
            .iter()
            .find(|m| m.recipient == to && m.body.contains("password"))
            .unwrap_or_else(|| panic!("{to} was not told"));
        assert!(notice.body.contains("Wasn't you?"), "{}", notice.body);
        let helpdesk = &server.state.config.helpdesk_url;
        assert!(notice.body.contains(helpdesk.as_str()), "{}", notice.body);
        assert!(notice.code.is_none());
        assert!(!notice.body.contains(NEW_PASSWORD));
    }
    let audit = server.audit_of_jdoe().await;
    assert!(audit.iter().any(|(action, _)| action == "password_reset"));
}

#[tokio::test]
async fn two_steps_need_two_different_methods_in_order() {
    let server = server(2).await;
    enroll(&server, true).await;
    let (started, cookie) = start(&server, "jane.doe@contoso.com").await;
    let cookie = cookie.unwrap();
    assert_eq!(started.body["steps_required"], 2);
    let first = prove(&server, &cookie, "email:email", None, PERSONAL).await;
    assert_eq!(first.body["stage"], "verify");
    assert_eq!(first.body["step"], 2);
    assert!(!option_ids(&first.body).contains(&"email:email".to_string()));
    let same = post(
        &server,
        &cookie,
        "/api/v1/reset/verifications",
        json!({"option": "email:email"}),
    )
    .await;
    assert_eq!(field_problem(&same), "method_already_used");
    let early = post(
        &server,
        &cookie,
        "/api/v1/reset/password-check",
        json!({"password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(early.status, StatusCode::CONFLICT, "step 2 comes first");
    let second = prove(
        &server,
        &cookie,
        "phone:sms",
        Some("+1 425 555 0123"),
        PHONE,
    )
    .await;
    assert_eq!(second.body["stage"], "new_password");
}

#[tokio::test]
async fn a_reset_expires_after_15_minutes_and_another_reset_voids_it() {
    let server = server(1).await;
    enroll(&server, false).await;
    let (_, first) = start(&server, "jdoe").await;
    let first = first.unwrap();
    server.clock.advance(15 * 60);
    let late = server
        .send(Method::GET, "/api/v1/reset", None, Some(&first))
        .await;
    assert_eq!(late.body["code"], "reset_expired");

    let (_, one) = start(&server, "jdoe").await;
    let (_, two) = start(&server, "jdoe").await;
    let (one, two) = (one.unwrap(), two.unwrap());
    prove(&server, &two, "phone:sms", Some("4255550123"), PHONE).await;
    post(
        &server,
        &two,
        "/api/v1/reset/password",
        json!({"password": NEW_PASSWORD}),
    )
    .await;
    let voided = server
        .send(Method::GET, "/api/v1/reset", None, Some(&one))
        .await;
    assert_eq!(
        voided.body["code"], "reset_expired",
        "a finished reset voids the others"
    );
}

#[tokio::test]
async fn a_phone_call_answered_with_pound_proves_a_step() {
    let server = server(1).await;
    enroll(&server, false).await;
    let (_, cookie) = start(&server, "jdoe").await;
    let cookie = cookie.unwrap();
    let started = post(
        &server,
        &cookie,
        "/api/v1/reset/verifications",
        json!({"option": "phone:voice", "number": "425-555-0123"}),
    )
    .await;
    let challenge = started.body["id"].as_str().unwrap().to_string();
    let early = post(
        &server,
        &cookie,
        "/api/v1/reset/call",
        json!({"challenge": challenge}),
    )
    .await;
    assert_eq!(field_problem(&early), "call_not_confirmed");
    let call = server.last_call_to(PHONE).await;
    let path = format!("/api/v1/dev/outbox/{call}/press");
    server
        .send(Method::POST, &path, Some(json!({"digits": "#"})), None)
        .await;
    let status = server
        .send(
            Method::GET,
            &format!("/api/v1/reset/challenges/{challenge}"),
            None,
            Some(&cookie),
        )
        .await;
    assert_eq!(status.body["call"], "confirmed");
    let proven = post(
        &server,
        &cookie,
        "/api/v1/reset/call",
        json!({"challenge": challenge}),
    )
    .await;
    assert_eq!(proven.body["stage"], "new_password");
}

#[tokio::test]
async fn unknown_disabled_and_method_less_names_get_the_same_screens_with_stable_decoys() {
    let server = server(1).await;
    let (unknown, cookie) = start(&server, "nobody-here").await;
    assert_eq!(unknown.status, StatusCode::OK);
    assert!(cookie.is_some());
    assert_eq!(unknown.body["stage"], "verify");
    assert!(!option_ids(&unknown.body).is_empty());
    let (again, _) = start(&server, "NOBODY-here ").await;
    assert_eq!(
        again.body, unknown.body,
        "the same name always gets the same decoys"
    );
    let (other, _) = start(&server, "jdoe").await;
    assert_eq!(
        whole_answer(&other),
        whole_answer(&unknown),
        "jdoe (no methods yet) looks like any unknown name"
    );

    // Decoys behave like real options: a phone never matches, an email takes a code that is
    // never right, and the password step stays closed.
    let cookie = cookie.unwrap();
    for option in option_ids(&unknown.body) {
        let mut body = json!({"option": option});
        if option.starts_with("phone") || option.starts_with("alternate") {
            body["number"] = "425 555 0123".into();
            let refused = post(&server, &cookie, "/api/v1/reset/verifications", body).await;
            assert_eq!(field_problem(&refused), "number_mismatch");
        } else {
            let sent = post(&server, &cookie, "/api/v1/reset/verifications", body).await;
            assert_eq!(sent.status, StatusCode::OK);
            let destination = sent.body["destination"].as_str().unwrap();
            if option.starts_with("email") {
                assert!(destination.contains("••••@"), "{destination}");
            } else if option.starts_with("passkey") {
                // Options for the browser's prompt, which no passkey can answer.
                assert!(sent.body["passkey_request"]["allowCredentials"][0]["id"].is_string());
                continue;
            } else {
                // An app or recovery code: nothing is sent anywhere.
                assert_eq!(destination, "");
            }
            let mut answers = Vec::new();
            for _ in 0..6 {
                let code = post(
                    &server,
                    &cookie,
                    "/api/v1/reset/code",
                    json!({"challenge": sent.body["id"], "code": "123456"}),
                )
                .await;
                answers.push(field_problem(&code));
            }
            // As a real code: four times wrong, then voided.
            assert_eq!(answers[..4], ["wrong_code"; 4]);
            assert_eq!(answers[4..], ["too_many_tries"; 2]);
        }
    }
    let password = post(
        &server,
        &cookie,
        "/api/v1/reset/password",
        json!({"password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(password.status, StatusCode::CONFLICT);
    assert!(
        server.state.store.outbox().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

/// What `name` is told when signing in with a wrong password, starting a reset, and looking at
/// it again, as an observer compares answers.
async fn answers_for(server: &TestServer, name: &str) -> [Value; 3] {
    let signed_in = server.sign_in(name, "not-the-password-at-all").await;
    let (started, cookie) = start(server, name).await;
    let cookie = cookie.unwrap_or_else(|| panic!("{name} got no reset cookie"));
    let again = server
        .send(Method::GET, "/api/v1/reset", None, Some(&cookie))
        .await;
    [&signed_in, &started, &again].map(whole_answer)
}

/// Each of `names` is told the same as the first (security.md 10, 47).
async fn assert_same_answers(server: &TestServer, names: &[&str]) {
    let expected = answers_for(server, names[0]).await;
    assert_eq!(expected[1]["status"], 200, "{:?}", expected[1]);
    for name in &names[1..] {
        let answers = answers_for(server, name).await;
        for (step, (theirs, ours)) in ["sign-in", "reset", "reset again"]
            .iter()
            .zip(answers.iter().zip(&expected))
        {
            assert_eq!(
                theirs, ours,
                "{step}: {name} is told otherwise than {}",
                names[0]
            );
        }
    }
}

#[tokio::test]
async fn existing_unknown_disabled_and_method_less_names_get_whole_answers_alike() {
    let server = server(1).await;
    for name in ["nomethods", "gone"] {
        let email = format!("{name}@contoso.com");
        server.add_person(name, name, &email).await;
    }
    assert!(server.set_disabled("gone", true).await);
    server.with_email_method(PERSONAL).await;
    assert_same_answers(&server, &["jdoe", "nomethods", "gone", "nobody-here"]).await;
}

#[tokio::test]
async fn with_a_directory_existing_unknown_and_disabled_names_get_whole_answers_alike() {
    let slapd = Slapd::start().await;
    let server = directory_server(&slapd).await;
    assert_same_answers(&server, &["jdoe", "gone", "nobody-here"]).await;
}

#[tokio::test]
async fn puzzles_are_checked_and_used_once() {
    let server = server(1).await;
    let puzzle = server
        .send(Method::GET, "/api/v1/reset/puzzle", None, None)
        .await
        .body;
    let text = puzzle["puzzle"].as_str().unwrap();
    let solution = solve(text, 2);
    let unsolved = (0..)
        .find(|&n| !latchkey_api::puzzle::solves(text, n, 2))
        .unwrap();
    let body = |solution: u64| json!({"username": "jdoe", "puzzle": text, "solution": solution});
    let wrong = server
        .send(Method::POST, "/api/v1/reset", Some(body(unsolved)), None)
        .await;
    assert_eq!(field_problem(&wrong), "puzzle_failed");
    let right = server
        .send(Method::POST, "/api/v1/reset", Some(body(solution)), None)
        .await;
    assert_eq!(right.status, StatusCode::OK);
    let reused = server
        .send(Method::POST, "/api/v1/reset", Some(body(solution)), None)
        .await;
    assert_eq!(field_problem(&reused), "puzzle_failed");
    let forged = json!({"username": "jdoe", "puzzle": "v1.1.00.1.00", "solution": 0});
    let forged = server
        .send(Method::POST, "/api/v1/reset", Some(forged), None)
        .await;
    assert_eq!(field_problem(&forged), "puzzle_failed");
}

#[tokio::test]
async fn resets_are_limited_per_name_and_never_lock_the_account() {
    let server = server(1).await;
    enroll(&server, false).await;
    for _ in 0..5 {
        assert_eq!(start(&server, "jdoe").await.0.status, StatusCode::OK);
    }
    let (limited, _) = start(&server, "jdoe").await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers["retry-after"], "86400");
    let (unknown, _) = start(&server, "ghost").await;
    assert_eq!(
        unknown.status,
        StatusCode::OK,
        "other names are not held up"
    );
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK,
        "resets never lock the account"
    );
}

/// Starts the reset's challenge for `option` and enters `code` (something the person holds).
async fn prove_held(server: &TestServer, cookie: &str, option: &str, code: &str) -> Reply {
    let body = json!({ "option": option });
    let started = post(server, cookie, "/api/v1/reset/verifications", body).await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    assert_eq!(started.body["destination"], "", "nothing is sent");
    let challenge = started.body["id"].as_str().unwrap();
    let body = json!({"challenge": challenge, "code": code});
    post(server, cookie, "/api/v1/reset/code", body).await
}

#[tokio::test]
async fn an_authenticator_app_and_a_recovery_code_prove_two_steps() {
    use latchkey_server::clock::Clock;
    use latchkey_server::security_info::totp;
    let server = server(2).await;
    let cookie = server.signed_in().await;
    let started = post(&server, &cookie, "/api/v1/authenticators", json!({})).await;
    let key = started.body["key"].as_str().unwrap().replace(' ', "");
    let seed = totp_rs::Secret::Encoded(key).to_bytes().unwrap();
    let path = format!(
        "/api/v1/authenticators/{}/code",
        started.body["id"].as_str().unwrap()
    );
    let code = totp::code_at(&seed, server.clock.now());
    let added = post(&server, &cookie, &path, json!({ "code": code })).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    let made = post(&server, &cookie, "/api/v1/recovery-codes", json!(null)).await;
    let recovery = made.body["codes"][0].as_str().unwrap().to_string();

    let (status, reset) = start(&server, "jdoe").await;
    let reset = reset.unwrap();
    assert_eq!(
        option_ids(&status.body),
        ["authenticator_app:app", "recovery_codes:recovery_code"]
    );
    // The code that added the app is spent; the next step's works.
    let spent = prove_held(&server, &reset, "authenticator_app:app", &code).await;
    assert_eq!(field_problem(&spent), "wrong_code");
    server.clock.advance(30);
    let fresh = totp::code_at(&seed, server.clock.now());
    let first = prove_held(&server, &reset, "authenticator_app:app", &fresh).await;
    assert_eq!(first.body["step"], 2, "{:?}", first.body);
    assert_eq!(option_ids(&first.body), ["recovery_codes:recovery_code"]);
    let second = prove_held(&server, &reset, "recovery_codes:recovery_code", &recovery).await;
    assert_eq!(second.body["stage"], "new_password", "{:?}", second.body);
}
