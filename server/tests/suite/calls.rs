//! Proving a phone by call: the person answers and presses #, the session completes the
//! challenge; declined, unanswered and timed-out calls end it and may be placed again at once.

use crate::support;

use axum::http::{Method, StatusCode};
use support::{TestServer, field_problem};

const PHONE: &str = "+14255550123";

fn id_of(reply: &support::Reply) -> String {
    reply.body["id"].as_str().unwrap().to_string()
}

async fn dev_call(
    server: &TestServer,
    call: &str,
    action: &str,
    digits: Option<&str>,
) -> StatusCode {
    let path = format!("/api/v1/dev/outbox/{call}/{action}");
    let body = digits.map(|d| serde_json::json!({ "digits": d }));
    server.send(Method::POST, &path, body, None).await.status
}

async fn complete(server: &TestServer, cookie: &str, challenge: &str) -> support::Reply {
    let path = format!("/api/v1/challenges/{challenge}/call");
    server.send(Method::POST, &path, None, Some(cookie)).await
}

#[tokio::test]
async fn a_phone_is_registered_by_answering_and_pressing_pound() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let started = server.start_phone(&cookie, "voice").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    assert_eq!(started.body["channel"], "voice");
    assert_eq!(started.body["destination"], "+1 4255550123");
    let challenge = id_of(&started);

    let call = server.last_call_to(PHONE).await;
    let outbox = server.state.store.outbox().await.unwrap();
    let placed = outbox.iter().find(|m| m.id == call).unwrap();
    assert!(placed.code.is_none(), "a call carries no code");
    assert!(placed.body.contains("press the pound key"));
    let status = server.challenge_status(&cookie, &challenge).await;
    assert_eq!(status.body["call"], "calling");

    // Not yet answered: the session cannot complete it, and a code cannot stand in for #.
    let early = complete(&server, &cookie, &challenge).await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_problem(&early), "call_not_confirmed");
    let typed = server.submit_code(&cookie, &challenge, "123456").await;
    assert_eq!(field_problem(&typed), "call_not_confirmed");

    assert_eq!(
        dev_call(&server, &call, "press", Some("#")).await,
        StatusCode::NO_CONTENT
    );
    let status = server.challenge_status(&cookie, &challenge).await;
    assert_eq!(status.body["call"], "confirmed");
    let passed = complete(&server, &cookie, &challenge).await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
    assert_eq!(passed.body["method"]["kind"], "phone");
    assert_eq!(passed.body["method"]["detail"], "+1 4255550123");
    let again = complete(&server, &cookie, &challenge).await;
    assert_eq!(field_problem(&again), "code_used", "a call proves once");
    // Pressing again after the challenge was used changes nothing.
    assert_eq!(
        dev_call(&server, &call, "press", Some("#")).await,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn a_declined_call_may_be_placed_again_at_once_and_the_old_call_no_longer_counts() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let challenge = id_of(&server.start_phone(&cookie, "voice").await);
    let first = server.last_call_to(PHONE).await;
    assert_eq!(
        dev_call(&server, &first, "decline", None).await,
        StatusCode::NO_CONTENT
    );
    let status = server.challenge_status(&cookie, &challenge).await;
    assert_eq!(status.body["call"], "declined");
    assert_eq!(
        dev_call(&server, &first, "press", Some("#")).await,
        StatusCode::CONFLICT,
        "a declined call is over"
    );

    // "Call again" needs no 30-second wait once the call has ended.
    let path = format!("/api/v1/challenges/{challenge}/resend");
    let again = server.send(Method::POST, &path, None, Some(&cookie)).await;
    assert_eq!(again.status, StatusCode::OK, "{:?}", again.body);
    let second = server.last_call_to(PHONE).await;
    assert_ne!(first, second);
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "calling"
    );
    assert_eq!(
        dev_call(&server, &first, "press", Some("#")).await,
        StatusCode::CONFLICT
    );
    // While the new call rings, another needs the cooldown.
    let busy = server.send(Method::POST, &path, None, Some(&cookie)).await;
    assert_eq!(busy.status, StatusCode::TOO_MANY_REQUESTS);

    // Keys other than # end the call unconfirmed.
    assert_eq!(
        dev_call(&server, &second, "press", Some("1")).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "declined"
    );
}

#[tokio::test]
async fn an_unanswered_call_and_a_call_that_rings_two_minutes_end_the_attempt() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let challenge = id_of(&server.start_phone(&cookie, "voice").await);
    let call = server.last_call_to(PHONE).await;
    assert_eq!(
        dev_call(&server, &call, "miss", None).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "not_answered"
    );

    let path = format!("/api/v1/challenges/{challenge}/resend");
    server.send(Method::POST, &path, None, Some(&cookie)).await;
    let ringing = server.last_call_to(PHONE).await;
    server.clock.advance(119);
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "calling"
    );
    server.clock.advance(1);
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "timed_out"
    );
    assert_eq!(
        dev_call(&server, &ringing, "press", Some("#")).await,
        StatusCode::CONFLICT,
        "a # after two minutes is too late"
    );
    let late = complete(&server, &cookie, &challenge).await;
    assert_eq!(field_problem(&late), "call_not_confirmed");
}

#[tokio::test]
async fn an_enrolled_phone_verifies_by_call_too() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let challenge = id_of(&server.start_phone(&cookie, "sms").await);
    let code = server.last_code_to(PHONE).await;
    server.submit_code(&cookie, &challenge, &code).await;

    let fresh = server.signed_in().await;
    let (options, channels) = server.verification_options(&fresh).await;
    assert_eq!(channels, ["sms", "voice"]);
    let body = serde_json::json!({"method_id": options[1]["method_id"], "channel": "voice"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/verifications",
            Some(body),
            Some(&fresh),
        )
        .await;
    assert_eq!(started.body["destination"], "+1 ••••••0123");
    let call = server.last_call_to(PHONE).await;
    dev_call(&server, &call, "press", Some("#")).await;
    let passed = complete(&server, &fresh, &id_of(&started)).await;
    assert_eq!(passed.status, StatusCode::OK);
    assert!(passed.body["method"].is_null());
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&fresh))
        .await;
    assert_eq!(info.status, StatusCode::OK, "the call verified the session");
}

#[tokio::test]
async fn email_cannot_be_called_and_texts_cannot_be_answered() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let body = serde_json::json!({"kind": "email", "channel": "voice", "email": "j@example.net"});
    let refused = server
        .send(
            Method::POST,
            "/api/v1/enrollments",
            Some(body),
            Some(&cookie),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["fields"][0]["field"], "channel");

    server.start_phone(&cookie, "sms").await;
    server.deliver_all().await;
    let text = server.state.store.outbox().await.unwrap()[0].id.clone();
    assert_eq!(
        dev_call(&server, &text, "press", Some("#")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        dev_call(&server, "nope", "decline", None).await,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_dev_outbox_calls_are_404_outside_development_mode() {
    let mut args = support::test_args().await;
    args.server.dev = Some(false);
    let server =
        TestServer::with_config(latchkey_server::config::Config::resolve(args).unwrap()).await;
    for action in ["press", "decline", "miss"] {
        let path = format!("/api/v1/dev/outbox/anything/{action}");
        let body = (action == "press").then(|| serde_json::json!({"digits": "#"}));
        assert_eq!(
            server.send(Method::POST, &path, body, None).await.status,
            StatusCode::NOT_FOUND
        );
    }
}
