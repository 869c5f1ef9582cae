//! Texts and calls only to the countries the organisation opened and never to premium-rate and
//! the like (security.md 61): enrolling such a number is refused with nothing sent or counted;
//! a number registered before its country was closed stays listed, marked, and nothing is sent
//! to it, signed in or in a reset; decoys' phones look like a real person's.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_api::types::{Channel, MethodKind};
use latchkey_server::config::Config;
use latchkey_server::reset::decoys::{decoy_country, decoy_methods};
use latchkey_server::store::StoredPause;
use serde_json::{Value, json};
use support::reset::{option_ids, post, start};
use support::{Reply, TestServer, field_problem};

/// A server of an organisation in Germany (`default_country = DE`), with the countries given for
/// texts and calls (unset: Germany alone) and an easy reset puzzle.
async fn german_server(sms: Option<&[&str]>, voice: Option<&[&str]>) -> TestServer {
    let mut args = support::test_args().await;
    args.organisation.default_country = Some("DE".into());
    let list = |codes: Option<&[&str]>| codes.map(|c| c.iter().map(|c| c.to_string()).collect());
    args.messaging.sms_countries = list(sms);
    args.messaging.voice_countries = list(voice);
    args.limits.reset_puzzle_difficulty = Some(2);
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

async fn enroll_phone(
    server: &TestServer,
    cookie: &str,
    channel: &str,
    country: &str,
    number: &str,
) -> Reply {
    let body = json!({"kind": "phone", "channel": channel, "country": country, "number": number});
    server
        .send(
            Method::POST,
            "/api/v1/enrollments",
            Some(body),
            Some(cookie),
        )
        .await
}

/// libphonenumber's example of a premium-rate number in Germany, as typed there.
fn german_premium_number() -> String {
    let metadata = phonenumber::metadata::DATABASE.by_id("DE").unwrap();
    let example = metadata
        .descriptors()
        .premium_rate()
        .unwrap()
        .example()
        .unwrap();
    format!("0{example}")
}

/// Everything sent so far, as (recipient, channel).
async fn sent(server: &TestServer) -> Vec<(String, String)> {
    server.deliver_all().await;
    let outbox = server.state.store.outbox().await.unwrap();
    outbox
        .into_iter()
        .map(|m| (m.recipient, m.channel))
        .collect()
}

fn refused_with(reply: &Reply, problem: &str) {
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reply.body
    );
    assert_eq!(
        reply.body["fields"][0]["field"], "number",
        "{:?}",
        reply.body
    );
    assert_eq!(field_problem(reply), problem, "{:?}", reply.body);
}

#[tokio::test]
async fn premium_numbers_and_closed_countries_are_refused_with_nothing_sent_or_counted() {
    let server = german_server(None, None).await;
    let cookie = server.signed_in().await;
    // More refusals than the five sends an hour an account has: none of them counts.
    for _ in 0..3 {
        let premium = enroll_phone(&server, &cookie, "sms", "DE", &german_premium_number()).await;
        refused_with(&premium, "number_type_refused");
        let american = enroll_phone(&server, &cookie, "sms", "US", "425 555 0123").await;
        refused_with(&american, "country_closed");
        let called = enroll_phone(&server, &cookie, "voice", "US", "425 555 0123").await;
        refused_with(&called, "country_closed");
    }
    assert_eq!(sent(&server).await, [], "nothing queued");
    let german = enroll_phone(&server, &cookie, "sms", "DE", "0151 23456789").await;
    assert_eq!(german.status, StatusCode::OK, "{:?}", german.body);
    assert_eq!(
        sent(&server).await,
        [("+4915123456789".to_string(), "sms".to_string())]
    );
}

#[tokio::test]
async fn calls_may_reach_a_country_texts_do_not() {
    let server = german_server(Some(&["DE"]), Some(&["DE", "AT"])).await;
    let cookie = server.signed_in().await;
    let text = enroll_phone(&server, &cookie, "sms", "AT", "0664 1234567").await;
    refused_with(&text, "country_closed");
    let call = enroll_phone(&server, &cookie, "voice", "AT", "0664 1234567").await;
    assert_eq!(call.status, StatusCode::OK, "{:?}", call.body);
    assert_eq!(
        sent(&server).await,
        [("+436641234567".to_string(), "voice".to_string())]
    );
}

#[tokio::test]
async fn a_country_opened_to_every_one_takes_any_country_but_never_premium_numbers() {
    let server = german_server(Some(&["*"]), None).await;
    let cookie = server.signed_in().await;
    let american = enroll_phone(&server, &cookie, "sms", "US", "425 555 0123").await;
    assert_eq!(american.status, StatusCode::OK, "{:?}", american.body);
    let premium = enroll_phone(&server, &cookie, "sms", "DE", &german_premium_number()).await;
    refused_with(&premium, "number_type_refused");
    let called = enroll_phone(&server, &cookie, "voice", "US", "425 555 0123").await;
    refused_with(&called, "country_closed");
}

/// jdoe with a personal email and, registered before the US was closed, +1 425 555 0123.
async fn with_an_american_phone(server: &TestServer) -> String {
    let cookie = server.with_email_method("jane@example.net").await;
    let user = server.jdoe().await;
    let mut tx = server.state.store.transaction().await.unwrap();
    let now = latchkey_server::clock::Clock::now(&server.clock);
    tx.put_method(&user.id, MethodKind::Phone, "+14255550123", now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    cookie
}

fn closed_us() -> Value {
    json!({"reason": "country_closed", "country": "US"})
}

#[tokio::test]
async fn a_phone_registered_before_its_country_closed_is_listed_unavailable_and_never_sent_to() {
    let server = german_server(None, None).await;
    let cookie = with_an_american_phone(&server).await;
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    let phone = info.body["methods"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "phone")
        .cloned()
        .expect("the phone is listed");
    assert_eq!(phone["texts_unavailable"], closed_us());
    assert_eq!(phone["calls_unavailable"], closed_us());
    assert_eq!(
        info.body["default_method"]["channel"], "email",
        "{}",
        info.body
    );

    let fresh = server.signed_in().await;
    let (options, channels) = server.verification_options(&fresh).await;
    assert_eq!(
        channels,
        ["email", "sms", "voice"],
        "what works comes first"
    );
    assert_eq!(options[0]["unavailable"], Value::Null);
    assert_eq!(options[1]["unavailable"], closed_us());
    for option in &options.as_array().unwrap()[1..] {
        let body = json!({"method_id": option["method_id"], "channel": option["channel"]});
        let refused = server
            .send(
                Method::POST,
                "/api/v1/verifications",
                Some(body),
                Some(&fresh),
            )
            .await;
        refused_with(&refused, "country_closed");
    }
    let to_phone = |(to, _): &(String, String)| to == "+14255550123";
    assert!(!sent(&server).await.iter().any(to_phone));

    let (_, reset) = start(&server, "jdoe").await;
    let reset = reset.unwrap();
    let status = server
        .send(Method::GET, "/api/v1/reset", None, Some(&reset))
        .await
        .body;
    assert_eq!(
        option_ids(&status),
        ["phone:sms", "phone:voice", "email:email"]
    );
    // An anonymous reset tells nothing of a phone's country before the whole number is typed:
    // a name without an account must look the same (security.md 61).
    assert!(
        status["options"][0].get("unavailable").is_none(),
        "{status}"
    );
    let ask = json!({"option": "phone:sms", "number": "425 555 0124"});
    let wrong = post(&server, &reset, "/api/v1/reset/verifications", ask).await;
    refused_with(&wrong, "number_mismatch");
    let ask = json!({"option": "phone:sms", "number": "425 555 0123"});
    let refused = post(&server, &reset, "/api/v1/reset/verifications", ask).await;
    refused_with(&refused, "country_closed");
    assert!(
        !sent(&server).await.iter().any(to_phone),
        "nothing sent in the reset"
    );
}

/// A real person (jdoe) with a proven German mobile.
async fn with_a_german_mobile(server: &TestServer) -> String {
    let cookie = server.signed_in().await;
    let enrolled = enroll_phone(server, &cookie, "sms", "DE", "0151 23456789").await;
    let code = server.last_code_to("+4915123456789").await;
    let proven = server
        .submit_code(&cookie, enrolled.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(proven.status, StatusCode::OK, "{:?}", proven.body);
    cookie
}

/// A reset's phone options, whole.
fn phone_options(status: &Value) -> Vec<Value> {
    let options = status["options"].as_array().unwrap();
    let phones = options.iter().filter(|o| o["kind"] == "phone");
    phones
        .map(|o| json!([o["id"], o["channel"], o["kind"]]))
        .collect()
}

/// A name without an account whose decoys include a phone, and that phone.
fn decoy_with_a_phone(server: &TestServer) -> (String, String) {
    let required = i64::from(server.state.config.methods_required);
    let country = decoy_country(&server.state.config);
    assert_eq!(country, "DE");
    let phone_of = |name: &str| {
        let key = server.state.reset_key.name_key(name);
        decoy_methods(&key, required, country)
            .into_iter()
            .find(|m| m.kind == MethodKind::Phone)
            .map(|m| m.target)
    };
    (0..64)
        .map(|n| format!("nobody-{n}"))
        .find_map(|name| phone_of(&name).map(|phone| (name, phone)))
        .expect("a name with a decoy phone")
}

#[tokio::test]
async fn a_decoys_phone_looks_like_a_real_persons_in_a_german_organisation() {
    let server = german_server(None, None).await;
    with_a_german_mobile(&server).await;
    let (real, _) = start(&server, "jdoe").await;
    let real_phone = phone_options(&real.body);
    let (name, decoy_phone) = decoy_with_a_phone(&server);
    assert!(
        decoy_phone.starts_with("+491"),
        "a German mobile: {decoy_phone}"
    );
    let (decoy, _) = start(&server, &name).await;
    assert_eq!(phone_options(&decoy.body), real_phone);
    assert_eq!(
        real_phone.len(),
        2,
        "texts and calls, both open: {real_phone:?}"
    );
}

#[tokio::test]
async fn a_paused_country_is_listed_unavailable_on_security_info_and_told_in_a_reset_only_for_the_right_number()
 {
    let server = german_server(None, None).await;
    let cookie = with_a_german_mobile(&server).await;
    let mut tx = server.state.store.transaction().await.unwrap();
    let pause = StoredPause {
        country: "DE".into(),
        channel: Channel::Sms,
        since: 0,
        sends: 40,
        proven_percent: 5,
    };
    assert!(tx.pause_messaging(&pause).await.unwrap());
    tx.commit().await.unwrap();

    let page = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    let phone = &page.body["methods"][0];
    assert_eq!(
        phone["texts_unavailable"],
        json!({"reason": "paused", "country": "DE"})
    );
    assert_eq!(phone["calls_unavailable"], Value::Null, "calls still go");

    // In a reset, a real person's phone and a decoy's look alike; the pause is told once the
    // right number is typed, and nothing is sent.
    let (real, reset) = start(&server, "jdoe").await;
    let (name, _) = decoy_with_a_phone(&server);
    let (decoy, _) = start(&server, &name).await;
    assert_eq!(phone_options(&real.body), phone_options(&decoy.body));
    let ask = json!({"option": "phone:sms", "number": "0151 23456789"});
    let refused = post(&server, &reset.unwrap(), "/api/v1/reset/verifications", ask).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_problem(&refused),
        "unavailable_today",
        "{:?}",
        refused.body
    );
    let to_phone = |(to, _): &(String, String)| to == "+4915123456789";
    assert_eq!(
        sent(&server).await.iter().filter(|m| to_phone(m)).count(),
        1,
        "the enrollment's code only"
    );
}

#[tokio::test]
async fn a_finished_reset_is_told_by_text_only_where_texts_may_go_and_the_text_is_paid_for() {
    let server = german_server(None, None).await;
    with_an_american_phone(&server).await;
    let user = server.jdoe().await;
    let now = latchkey_server::clock::Clock::now(&server.clock);
    let mut tx = server.state.store.transaction().await.unwrap();
    tx.put_method(&user.id, MethodKind::AlternatePhone, "+4915123456789", now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let (_, cookie) = start(&server, "jdoe").await;
    let cookie = cookie.unwrap();
    let proven =
        support::reset::prove(&server, &cookie, "email:email", None, "jane@example.net").await;
    assert_eq!(proven.body["stage"], "new_password", "{:?}", proven.body);
    let unlocked = support::reset::unlock(&server, &cookie).await;
    assert_eq!(unlocked.status, StatusCode::NO_CONTENT, "{:?}", unlocked.body);
    let texts: Vec<String> = sent(&server)
        .await
        .into_iter()
        .filter(|(_, channel)| channel == "sms")
        .map(|(to, _)| to)
        .collect();
    assert_eq!(texts, ["+4915123456789"], "never the closed US number");
    let counts = server.state.store.messaging_counts(now).await.unwrap();
    let spent = counts.iter().find(|(scope, _)| scope == "budget");
    assert_eq!(spent.map(|(_, n)| *n), Some(1), "{counts:?}");
}
