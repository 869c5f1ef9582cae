//! Defects the security review reproduced in the reset, kept fixed: a second challenge to the
//! same method cannot prove a second step; a decoy answers every reset endpoint exactly as a
//! real account does; wrong phone numbers are counted; finishing a reset is all or nothing;
//! and the notice of a reset is texted only to phones.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_api::types::MethodKind;
use latchkey_server::store::{AuditEntry, Ending, StepRecorded};
use serde_json::{Value, json};
use support::reset::{PERSONAL, PHONE, enroll, option_ids, post, server, server_on, start};
use support::{DatabaseOnDisk, Reply, TestServer, field_problem};

/// Every code sent to `to`, oldest first.
async fn codes_sent_to(server: &TestServer, to: &str) -> Vec<String> {
    server.deliver_all().await;
    let mut codes: Vec<String> = (server.state.store.outbox().await.unwrap())
        .into_iter()
        .filter(|m| m.recipient == to)
        .filter_map(|m| m.code)
        .collect();
    codes.reverse();
    codes
}

async fn code(server: &TestServer, cookie: &str, challenge: &Value, code: &str) -> Reply {
    let body = json!({"challenge": challenge, "code": code});
    post(server, cookie, "/api/v1/reset/code", body).await
}

#[tokio::test]
async fn two_codes_to_one_address_do_not_prove_two_steps() {
    let server = server(2).await;
    enroll(&server, true).await;
    let (_, cookie) = start(&server, "jdoe").await;
    let cookie = cookie.unwrap();
    let ask = json!({"option": "email:email"});
    let first = post(&server, &cookie, "/api/v1/reset/verifications", ask.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    server.clock.advance(31);
    let second = post(&server, &cookie, "/api/v1/reset/verifications", ask).await;
    assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
    // The enrolment's code, then the reset's two.
    let codes = codes_sent_to(&server, PERSONAL).await;
    assert_eq!(codes.len(), 3);
    let codes = &codes[1..];

    let proven = code(&server, &cookie, &first.body["id"], &codes[0]).await;
    assert_eq!(proven.status, StatusCode::OK, "{:?}", proven.body);
    assert_eq!(proven.body["step"], 2);
    // Proving a step voided the reset's other open code: it proves nothing.
    let again = code(&server, &cookie, &second.body["id"], &codes[1]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_problem(&again), "code_used");
    let status = server
        .send(Method::GET, "/api/v1/reset", None, Some(&cookie))
        .await;
    assert_eq!(status.body["stage"], "verify");
    assert_eq!(status.body["step"], 2);
    assert_eq!(option_ids(&status.body), ["phone:sms", "phone:voice"]);
    let password = json!({"password": "amber-kestrel-91-softly"});
    let early = post(&server, &cookie, "/api/v1/reset/password", password).await;
    assert_eq!(early.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn two_recovery_codes_do_not_prove_two_steps() {
    let server = server(2).await;
    let cookie = enroll(&server, false).await;
    let made = post(&server, &cookie, "/api/v1/recovery-codes", json!(null)).await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    let (_, reset) = start(&server, "jdoe").await;
    let reset = reset.unwrap();
    let ask = json!({"option": "recovery_codes:recovery_code"});
    let first = post(&server, &reset, "/api/v1/reset/verifications", ask.clone()).await;
    let second = post(&server, &reset, "/api/v1/reset/verifications", ask).await;
    let codes = &made.body["codes"];
    let proven = code(
        &server,
        &reset,
        &first.body["id"],
        codes[0].as_str().unwrap(),
    )
    .await;
    assert_eq!(proven.body["step"], 2, "{:?}", proven.body);
    let again = code(
        &server,
        &reset,
        &second.body["id"],
        codes[1].as_str().unwrap(),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    let status = server
        .send(Method::GET, "/api/v1/reset", None, Some(&reset))
        .await;
    assert_eq!(status.body["stage"], "verify", "{:?}", status.body);
}

#[tokio::test]
async fn two_recovery_codes_answering_one_step_at_once_spend_one() {
    let database = DatabaseOnDisk::new().await;
    let server = server_on(1, &database).await;
    let cookie = enroll(&server, false).await;
    let made = post(&server, &cookie, "/api/v1/recovery-codes", json!(null)).await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    let codes: Vec<&str> = (made.body["codes"].as_array().unwrap())
        .iter()
        .map(|code| code.as_str().unwrap())
        .collect();
    let user = server.state.store.find_user_for_sign_in("jdoe").await;
    let user = user.unwrap().unwrap();
    // Three resets, each answered with two right codes at the same moment.
    for pair in codes.chunks(2).take(3) {
        let (_, reset) = start(&server, "jdoe").await;
        let reset = reset.unwrap();
        let ask = json!({"option": "recovery_codes:recovery_code"});
        let challenge = post(&server, &reset, "/api/v1/reset/verifications", ask).await;
        let id = &challenge.body["id"];
        let (one, other) = tokio::join!(
            code(&server, &reset, id, pair[0]),
            code(&server, &reset, id, pair[1])
        );
        let proven = [&one, &other]
            .iter()
            .filter(|reply| reply.status == StatusCode::OK)
            .count();
        assert_eq!(proven, 1, "{:?} {:?}", one.body, other.body);
    }
    let left = server.state.store.recovery_codes_left(&user.id).await;
    assert_eq!(left.unwrap(), 7, "one code spent per step proven, no more");
}

#[tokio::test]
async fn a_right_number_after_five_wrong_ones_at_the_same_moment_is_refused() {
    let server = server(1).await;
    enroll(&server, false).await;
    let (_, cookie) = start(&server, "jdoe").await;
    let id_hash = latchkey_server::sessions::hash_token(cookie.unwrap().split_once('=').unwrap().1);
    let store = &server.state.store;
    // The request read its reset before five wrong numbers typed beside it were counted.
    let read_before = store.reset_flow(&id_hash).await.unwrap().unwrap();
    let mut tx = store.transaction().await.unwrap();
    for _ in 0..5 {
        tx.reset_number_failed(&id_hash).await.unwrap();
    }
    tx.commit().await.unwrap();
    let checked =
        latchkey_server::reset::verify::check_number(store, &read_before, Some(PHONE), PHONE).await;
    assert!(
        matches!(
            checked,
            Err(latchkey_server::reset::error::ResetError::TooManyNumbers)
        ),
        "{checked:?}"
    );
}

#[tokio::test]
async fn the_store_never_counts_one_kind_of_method_twice() {
    let server = server(2).await;
    enroll(&server, true).await;
    let (_, cookie) = start(&server, "jdoe").await;
    let id_hash = latchkey_server::sessions::hash_token(cookie.unwrap().split_once('=').unwrap().1);
    let store = &server.state.store;
    let now = 1_800_000_000;
    let flow = store.reset_flow(&id_hash).await.unwrap().unwrap();
    let recorded = store
        .autocommit()
        .await
        .unwrap()
        .prove_reset_step(&flow, MethodKind::Email, now)
        .await;
    assert_eq!(recorded.unwrap(), StepRecorded::Recorded);
    let flow = store.reset_flow(&id_hash).await.unwrap().unwrap();
    assert_eq!(flow.proven, [MethodKind::Email]);
    let twice = store
        .autocommit()
        .await
        .unwrap()
        .prove_reset_step(&flow, MethodKind::Email, now)
        .await;
    assert_eq!(twice.unwrap(), StepRecorded::KindAlreadyUsed);
    // A stale view of the flow (another replica moved it on) records nothing.
    let stale = latchkey_server::store::ResetFlow {
        proven: vec![],
        ..flow.clone()
    };
    let raced = store
        .autocommit()
        .await
        .unwrap()
        .prove_reset_step(&stale, MethodKind::Phone, now)
        .await;
    assert_eq!(raced.unwrap(), StepRecorded::Closed);
    let flow = store.reset_flow(&id_hash).await.unwrap().unwrap();
    assert_eq!(flow.proven, [MethodKind::Email]);
}

/// A real reset (jdoe, with a phone and an email) and a decoy's (a name nobody has, whose
/// decoys offer an email), each with its cookie.
async fn real_and_decoy(server: &TestServer) -> [String; 2] {
    enroll(server, true).await;
    for n in 0.. {
        // Within the limit on resets from one address.
        server.clock.advance(3601);
        let (status, decoy) = start(server, &format!("nobody{n}")).await;
        if option_ids(&status.body).contains(&"email:email".to_string()) {
            let (_, real) = start(server, "jdoe").await;
            return [real.unwrap(), decoy.unwrap()];
        }
    }
    unreachable!("some name's decoys offer an email")
}

/// What an observer compares: the status and the body.
fn seen(reply: &Reply) -> (StatusCode, Value) {
    (reply.status, reply.body.clone())
}

#[tokio::test]
async fn made_up_challenge_ids_answer_alike_for_real_and_decoy_resets() {
    let server = server(1).await;
    let [real, decoy] = real_and_decoy(&server).await;
    let made_up = json!({"challenge": "not-a-real-id", "code": "123456", "credential": {}});
    for path in [
        "/api/v1/reset/code",
        "/api/v1/reset/call",
        "/api/v1/reset/resend",
        "/api/v1/reset/passkey",
    ] {
        let body = |fields: &[&str]| {
            let mut body = json!({});
            for field in fields {
                body[field] = made_up[field].clone();
            }
            body
        };
        let fields: &[&str] = match path {
            "/api/v1/reset/code" => &["challenge", "code"],
            "/api/v1/reset/passkey" => &["challenge", "credential"],
            _ => &["challenge"],
        };
        let a = post(&server, &real, path, body(fields)).await;
        let b = post(&server, &decoy, path, body(fields)).await;
        assert_eq!(seen(&a), seen(&b), "{path}");
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
    }
    let path = "/api/v1/reset/challenges/not-a-real-id";
    let a = server.send(Method::GET, path, None, Some(&real)).await;
    let b = server.send(Method::GET, path, None, Some(&decoy)).await;
    assert_eq!(seen(&a), seen(&b));
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

/// Blanks the parts of an emailed code's challenge that differ between any two sends.
fn without_id(mut challenge: Value) -> Value {
    challenge["id"] = Value::Null;
    let destination = challenge["destination"].as_str().unwrap_or_default();
    let (first, domain) = destination.split_once("••••@").expect("a masked address");
    assert_eq!(first.chars().count(), 1, "{destination}");
    assert!(domain.contains('.'), "{destination}");
    challenge["destination"] = Value::Null;
    challenge
}

#[tokio::test]
async fn a_decoy_email_code_is_sent_resent_limited_and_refused_like_a_real_one() {
    let server = server(1).await;
    let [real, decoy] = real_and_decoy(&server).await;
    let ask = json!({"option": "email:email"});
    let mut challenges = Vec::new();
    for cookie in [&real, &decoy] {
        let sent = post(&server, cookie, "/api/v1/reset/verifications", ask.clone()).await;
        assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
        challenges.push(sent.body);
    }
    assert_eq!(
        without_id(challenges[0].clone()),
        without_id(challenges[1].clone())
    );
    server.deliver_all().await;
    let resend = |cookie: &str, challenge: &Value| {
        let body = json!({"challenge": challenge["id"]});
        let cookie = cookie.to_string();
        let server = &server;
        async move { post(server, &cookie, "/api/v1/reset/resend", body).await }
    };
    let status = |cookie: &str, challenge: &Value| {
        let path = format!(
            "/api/v1/reset/challenges/{}",
            challenge["id"].as_str().unwrap()
        );
        let cookie = cookie.to_string();
        let server = &server;
        async move { server.send(Method::GET, &path, None, Some(&cookie)).await }
    };
    // The same state, the same cooldown, the same new code.
    let a = status(&real, &challenges[0]).await;
    let b = status(&decoy, &challenges[1]).await;
    assert_eq!(seen(&a), seen(&b));
    assert_eq!(a.body["delivery"], "sent");
    let a = resend(&real, &challenges[0]).await;
    let b = resend(&decoy, &challenges[1]).await;
    assert_eq!(seen(&a), seen(&b));
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.headers["retry-after"], b.headers["retry-after"]);
    server.clock.advance(31);
    let a = resend(&real, &challenges[0]).await;
    let b = resend(&decoy, &challenges[1]).await;
    assert_eq!(a.status, StatusCode::OK, "{:?}", a.body);
    assert_eq!(without_id(a.body), without_id(b.body));
    // Wrong codes: four times wrong, then voided, for both.
    for attempt in 0..6 {
        let a = code(&server, &real, &challenges[0]["id"], "000000").await;
        let b = code(&server, &decoy, &challenges[1]["id"], "000000").await;
        assert_eq!(seen(&a), seen(&b), "attempt {attempt}");
    }
    // Three more sends reach the account's limit of five an hour, for both alike.
    for round in 0..4 {
        server.clock.advance(31);
        let a = resend(&real, &challenges[0]).await;
        let b = resend(&decoy, &challenges[1]).await;
        assert_eq!(
            a.status, b.status,
            "round {round}: {:?} / {:?}",
            a.body, b.body
        );
    }
}

#[tokio::test]
async fn decoys_offer_what_a_real_account_under_the_policy_could() {
    let server = server(2).await;
    let mut kinds = std::collections::HashSet::new();
    let mut domains = std::collections::HashSet::new();
    for n in 0..60 {
        // Five resets a name an hour, and fifty an address: keep under both.
        server.clock.advance(3601);
        let (status, _) = start(&server, &format!("nobody{n}")).await;
        assert_eq!(status.status, StatusCode::OK, "{:?}", status.body);
        let options = status.body["options"].as_array().unwrap();
        let mut these: Vec<&str> = options
            .iter()
            .map(|o| o["kind"].as_str().unwrap())
            .collect();
        these.dedup();
        assert!(
            these.len() >= 2,
            "two kinds under a two-method policy: {these:?}"
        );
        kinds.extend(these.iter().map(|k| k.to_string()));
        for option in options.iter().filter(|o| o["kind"] == "email") {
            let hint = option["hint"].as_str().unwrap();
            domains.insert(hint.rsplit('@').next().unwrap().to_string());
        }
    }
    assert!(kinds.contains("passkey"), "{kinds:?}");
    assert!(kinds.contains("authenticator_app"), "{kinds:?}");
    assert!(domains.len() >= 6, "{domains:?}");
}

#[tokio::test]
async fn a_decoy_passkey_challenge_has_options_shaped_like_a_real_one() {
    let server = server(1).await;
    for n in 0.. {
        server.clock.advance(3601);
        let (status, cookie) = start(&server, &format!("keyless{n}")).await;
        if !option_ids(&status.body).contains(&"passkey:passkey".to_string()) {
            continue;
        }
        let cookie = cookie.unwrap();
        let ask = json!({"option": "passkey:passkey"});
        let sent = post(&server, &cookie, "/api/v1/reset/verifications", ask).await;
        assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
        let request = &sent.body["passkey_request"];
        let mut keys: Vec<&str> = request
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        // What webauthn-rs sends for a person's passkeys: no extensions, no mediation.
        assert_eq!(
            keys,
            [
                "allowCredentials",
                "challenge",
                "rpId",
                "timeout",
                "userVerification"
            ]
        );
        assert_eq!(request["rpId"], "localhost");
        assert_eq!(request["userVerification"], "required");
        assert_eq!(request["challenge"].as_str().unwrap().len(), 43, "32 bytes");
        let credential = &request["allowCredentials"][0];
        assert_eq!(credential["type"], "public-key");
        assert!(credential["id"].as_str().unwrap().len() >= 22);
        // Nothing can answer it: refused as a wrong passkey, counted as a wrong try.
        let answer = json!({"challenge": sent.body["id"], "credential": {"id": "x"}});
        let refused = post(&server, &cookie, "/api/v1/reset/passkey", answer).await;
        assert_eq!(field_problem(&refused), "passkey_failed");
        return;
    }
}

#[tokio::test]
async fn wrong_phone_numbers_are_counted_like_wrong_codes() {
    let server = server(1).await;
    enroll(&server, false).await;
    let (_, cookie) = start(&server, "jdoe").await;
    let cookie = cookie.unwrap();
    let typed = |number: &str| json!({"option": "phone:sms", "number": number});
    let mut answers = Vec::new();
    for guess in 0..6 {
        let number = format!("425 555 01{guess:02}");
        let refused = post(
            &server,
            &cookie,
            "/api/v1/reset/verifications",
            typed(&number),
        )
        .await;
        answers.push(field_problem(&refused));
    }
    assert_eq!(answers[..4], ["number_mismatch"; 4]);
    assert_eq!(answers[4..], ["too_many_tries"; 2]);
    // Even the right number is refused now, and nothing was sent.
    let right = post(
        &server,
        &cookie,
        "/api/v1/reset/verifications",
        typed("425 555 0123"),
    )
    .await;
    assert_eq!(field_problem(&right), "too_many_tries");
    server.deliver_all().await;
    let texts = server.state.store.outbox().await.unwrap();
    assert_eq!(
        texts.iter().filter(|m| m.recipient == PHONE).count(),
        1,
        "only the enrolment's code"
    );
    // A decoy counts the same way: a name nobody has whose decoys (from this database's reset
    // key) hold a phone, picked before the reset so that this half always runs.
    let decoy_name = name_with_a_decoy_phone(&server);
    let (_, decoy) = start(&server, &decoy_name).await;
    let decoy = decoy.unwrap();
    let decoy_status = server
        .send(Method::GET, "/api/v1/reset", None, Some(&decoy))
        .await;
    assert!(
        option_ids(&decoy_status.body).contains(&"phone:sms".to_string()),
        "{decoy_name}'s decoys offer a text: {:?}",
        decoy_status.body
    );
    let mut answers = Vec::new();
    for _ in 0..6 {
        let body = json!({"option": "phone:sms", "number": "425 555 0123"});
        let refused = post(&server, &decoy, "/api/v1/reset/verifications", body).await;
        answers.push(field_problem(&refused));
    }
    assert_eq!(answers[..4], ["number_mismatch"; 4]);
    assert_eq!(answers[4..], ["too_many_tries"; 2]);
}

/// The first of `nobody-with-a-phone-0`, `-1`… whose decoy methods under `server`'s reset key
/// include a phone (three names in four have one).
fn name_with_a_decoy_phone(server: &TestServer) -> String {
    use latchkey_server::reset::decoys::{decoy_country, decoy_methods};
    let required = i64::from(server.state.config.methods_required);
    (0..64)
        .map(|n| format!("nobody-with-a-phone-{n}"))
        .find(|name| {
            let key = server.state.reset_key.name_key(name);
            decoy_methods(&key, required, decoy_country(&server.state.config))
                .iter()
                .any(|method| method.kind == MethodKind::Phone)
        })
        .expect("one of 64 names has a decoy phone")
}

#[tokio::test]
async fn finishing_a_reset_is_all_or_nothing() {
    let database = DatabaseOnDisk::new().await;
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    let server =
        TestServer::with_config(latchkey_server::config::Config::resolve(args).unwrap()).await;
    enroll(&server, false).await;
    let session = server.signed_in().await;
    let user = server.jdoe().await;
    let entry = || AuditEntry {
        user_id: &user.id,
        action: "password_reset",
        detail: "reset",
        ip: "203.0.113.9",
        user_agent: "test",
    };
    // The last write (the audit entry) fails: the sessions it ended before are back.
    let raw = sqlx::AnyPool::connect(&database.url).await.unwrap();
    let rename = |from: &str, to: &str| format!("ALTER TABLE {from} RENAME TO {to}");
    sqlx::query(&rename("audit_log", "audit_log_away"))
        .execute(&raw)
        .await
        .unwrap();
    let store = &server.state.store;
    let failed = store
        .autocommit()
        .await
        .unwrap()
        .finish_reset(&user, Ending::NewPassword, entry(), 1_800_000_000)
        .await;
    assert!(failed.is_err());
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&session))
        .await;
    assert_eq!(
        me.status,
        StatusCode::OK,
        "nothing of a failed finish happened"
    );
    sqlx::query(&rename("audit_log_away", "audit_log"))
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;
    store
        .autocommit()
        .await
        .unwrap()
        .finish_reset(&user, Ending::NewPassword, entry(), 1_800_000_000)
        .await
        .unwrap();
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&session))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_disabled_account_signs_in_and_resets_like_an_unknown_name() {
    let server = server(1).await;
    let session = enroll(&server, true).await;
    assert!(server.set_disabled("jdoe", true).await);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&session))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "its sessions ended");
    // The right password gets the wrong-password answer, as an unknown name does.
    let disabled = server.sign_in("jdoe", support::PASSWORD).await;
    let unknown = server.sign_in("nobody-at-all", support::PASSWORD).await;
    assert_eq!(seen(&disabled), seen(&unknown));
    assert_eq!(disabled.status, StatusCode::UNAUTHORIZED);
    // A reset gets decoys: its real number never matches, and nothing is ever sent.
    server.deliver_all().await;
    let sent_before = server.state.store.outbox().await.unwrap().len();
    let (status, cookie) = start(&server, "jdoe").await;
    assert_eq!(status.status, StatusCode::OK);
    let cookie = cookie.unwrap();
    for option in option_ids(&status.body) {
        let body = json!({"option": option, "number": "425 555 0123"});
        let answer = post(&server, &cookie, "/api/v1/reset/verifications", body).await;
        if option.starts_with("phone") || option.starts_with("alternate") {
            assert_eq!(field_problem(&answer), "number_mismatch");
        }
    }
    server.deliver_all().await;
    assert_eq!(
        server.state.store.outbox().await.unwrap().len(),
        sent_before
    );
    assert!(server.set_disabled("jdoe", false).await);
    let enabled = server.sign_in("jdoe", support::PASSWORD).await;
    assert_eq!(enabled.status, StatusCode::OK);
}
