//! Texts and calls through real HTTP gateways: the signed webhook (checked against a local
//! receiver) and Twilio (a local stand-in that checks the requests Twilio documents), with
//! their signed callbacks; forged, stale and replayed callbacks are refused.

use crate::support;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::routing::post;
use latchkey_server::clock::Clock;
use latchkey_server::config::{Config, Gateway, Secret};
use latchkey_server::delivery::{twilio, webhook};
use support::TestServer;

const PHONE: &str = "+14255550123";
const SECRET: &str = "a-webhook-secret-of-at-least-32-characters";
const TOKEN: &str = "twilio-auth-token";
const PUBLIC: &str = "https://sspr.contoso.example";

/// One request the stand-in received.
#[derive(Clone, Debug)]
struct Received {
    path: String,
    headers: HeaderMap,
    body: String,
}

/// A local HTTP server that records every POST and answers with `status` after `delay`.
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    status: Arc<Mutex<StatusCode>>,
    delay: Arc<Mutex<std::time::Duration>>,
}

impl Receiver {
    async fn start() -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let status = Arc::new(Mutex::new(StatusCode::OK));
        let delay = Arc::new(Mutex::new(std::time::Duration::ZERO));
        let (log, answer, wait) = (received.clone(), status.clone(), delay.clone());
        let app = Router::new().fallback(post(move |uri: Uri, headers: HeaderMap, body: Bytes| {
            let (log, answer, wait) = (log.clone(), answer.clone(), wait.clone());
            async move {
                log.lock().unwrap().push(Received {
                    path: uri.path().to_string(),
                    headers,
                    body: String::from_utf8_lossy(&body).into_owned(),
                });
                let pause = *wait.lock().unwrap();
                tokio::time::sleep(pause).await;
                *answer.lock().unwrap()
            }
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self {
            url,
            received,
            status,
            delay,
        }
    }

    fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

fn form_pairs(body: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

fn field(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

async fn server_with(gateway: Gateway, receiver: &Receiver) -> TestServer {
    let mut args = support::test_args().await;
    args.delivery.sms_gateway = Some(gateway);
    args.delivery.voice_gateway = Some(gateway);
    args.server.public_url = Some(PUBLIC.into());
    args.delivery.webhook_url = Some(format!("{}/hook", receiver.url));
    args.delivery.webhook_secret = Some(SECRET.into());
    args.delivery.twilio_account_sid = Some("AC0123456789abcdef".into());
    args.delivery.twilio_auth_token = Some(TOKEN.into());
    args.delivery.twilio_from = Some("+14255550100".into());
    args.delivery.twilio_api_url = Some(receiver.url.clone());
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

async fn callback(server: &TestServer, timestamp: i64, body: &str, signature: &str) -> StatusCode {
    let request = axum::http::Request::post(webhook::CALLBACK_PATH)
        .header("content-type", "application/json")
        .header(webhook::TIMESTAMP_HEADER, timestamp.to_string())
        .header(webhook::SIGNATURE_HEADER, signature)
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    server.raw(request).await.status
}

#[tokio::test]
async fn the_webhook_gateway_gets_signed_texts_and_calls_and_reports_calls_back() {
    let receiver = Receiver::start().await;
    let server = server_with(Gateway::Webhook, &receiver).await;
    let secret = Secret::new(SECRET);
    let cookie = server.signed_in().await;

    let text = server.start_phone(&cookie, "sms").await;
    server.deliver_all().await;
    let sent = receiver.requests().pop().expect("the gateway got the text");
    assert_eq!(sent.path, "/hook");
    let timestamp: i64 = sent.headers[webhook::TIMESTAMP_HEADER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let signature = sent.headers[webhook::SIGNATURE_HEADER].to_str().unwrap();
    assert!(webhook::signature_matches(
        &secret,
        timestamp,
        sent.body.as_bytes(),
        signature
    ));
    let message: serde_json::Value = serde_json::from_str(&sent.body).unwrap();
    assert_eq!(message["channel"], "sms");
    assert_eq!(message["to"], PHONE);
    let text_body = message["text"].as_str().unwrap();
    let after = text_body
        .split("code is ")
        .nth(1)
        .expect("the text states the code");
    let code: String = after.chars().take(6).collect();
    let passed = server
        .submit_code(&cookie, text.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(
        passed.status,
        StatusCode::OK,
        "the texted code works: {:?}",
        passed.body
    );

    let call = server.start_phone(&cookie, "voice").await;
    let challenge = call.body["id"].as_str().unwrap().to_string();
    server.deliver_all().await;
    let placed: serde_json::Value =
        serde_json::from_str(&receiver.requests().pop().unwrap().body).unwrap();
    assert_eq!(placed["channel"], "voice");
    assert_eq!(
        placed["callback_url"],
        format!("{PUBLIC}/api/v1/gateway/webhook/calls")
    );
    let report =
        serde_json::json!({"id": placed["id"], "result": "pressed", "digits": "#"}).to_string();
    let now = server.clock.now();

    // Forged, stale and unsigned reports change nothing.
    let forged = webhook::signature(&Secret::new("x".repeat(40)), now, report.as_bytes());
    assert_eq!(
        callback(&server, now, &report, &forged).await,
        StatusCode::UNAUTHORIZED
    );
    let stale = webhook::signature(&secret, now - 301, report.as_bytes());
    assert_eq!(
        callback(&server, now - 301, &report, &stale).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        callback(&server, now, &report, "").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "calling"
    );

    let signed = webhook::signature(&secret, now, report.as_bytes());
    assert_eq!(
        callback(&server, now, &report, &signed).await,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "confirmed"
    );
    assert_eq!(
        callback(&server, now, &report, &signed).await,
        StatusCode::UNAUTHORIZED,
        "a replayed report is refused"
    );
}

#[tokio::test]
async fn a_failing_webhook_gateway_is_retried_and_the_page_is_told() {
    let receiver = Receiver::start().await;
    *receiver.status.lock().unwrap() = StatusCode::INTERNAL_SERVER_ERROR;
    let server = server_with(Gateway::Webhook, &receiver).await;
    let cookie = server.signed_in().await;
    let started = server.start_phone(&cookie, "sms").await;
    server.deliver_all().await;
    assert_eq!(receiver.requests().len(), 1);
    let challenge = started.body["id"].as_str().unwrap();
    assert_eq!(
        server.challenge_status(&cookie, challenge).await.body["delivery"],
        "retrying"
    );
    *receiver.status.lock().unwrap() = StatusCode::OK;
    server.clock.advance(10);
    server.deliver_all().await;
    assert_eq!(receiver.requests().len(), 2, "one retry, no duplicate");
    assert_eq!(
        server.challenge_status(&cookie, challenge).await.body["delivery"],
        "sent"
    );
}

#[tokio::test]
async fn a_gateway_that_hangs_is_given_up_on_and_the_same_message_retried() {
    let receiver = Receiver::start().await;
    *receiver.delay.lock().unwrap() = std::time::Duration::from_secs(30);
    let server = server_with(Gateway::Webhook, &receiver).await;
    let cookie = server.signed_in().await;
    // The request only queues the text: it answers whatever the gateway does.
    let started = server.start_phone(&cookie, "sms").await;
    assert_eq!(started.status, StatusCode::OK);
    let challenge = started.body["id"].as_str().unwrap();
    server.deliver_all().await; // gives up after its timeout
    assert_eq!(
        server.challenge_status(&cookie, challenge).await.body["delivery"],
        "retrying"
    );
    *receiver.delay.lock().unwrap() = std::time::Duration::ZERO;
    server.clock.advance(10);
    server.deliver_all().await;
    assert_eq!(
        server.challenge_status(&cookie, challenge).await.body["delivery"],
        "sent"
    );
    let ids: Vec<String> = receiver
        .requests()
        .iter()
        .map(|r| serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(
        ids[0], ids[1],
        "the retry carries the same id, so the gateway sends it once"
    );
}

#[tokio::test]
async fn twilio_gets_the_requests_its_api_documents_and_signed_callbacks_count() {
    let receiver = Receiver::start().await;
    let server = server_with(Gateway::Twilio, &receiver).await;
    let token = Secret::new(TOKEN);
    let cookie = server.signed_in().await;

    server.start_phone(&cookie, "sms").await;
    server.deliver_all().await;
    let text = receiver.requests().pop().unwrap();
    assert_eq!(
        text.path,
        "/2010-04-01/Accounts/AC0123456789abcdef/Messages.json"
    );
    let expected_auth = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("AC0123456789abcdef:{TOKEN}")
        )
    );
    assert_eq!(text.headers["authorization"], expected_auth.as_str());
    assert_eq!(
        text.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    let form = form_pairs(&text.body);
    assert_eq!(field(&form, "To"), PHONE);
    assert_eq!(field(&form, "From"), "+14255550100");
    assert!(field(&form, "Body").contains("verification code is"));

    let call = server.start_phone(&cookie, "voice").await;
    let challenge = call.body["id"].as_str().unwrap().to_string();
    server.deliver_all().await;
    let placed = receiver.requests().pop().unwrap();
    assert_eq!(
        placed.path,
        "/2010-04-01/Accounts/AC0123456789abcdef/Calls.json"
    );
    let form = form_pairs(&placed.body);
    let twiml = field(&form, "Twiml");
    assert!(
        twiml.contains("<Gather numDigits=\"1\" finishOnKey=\"\""),
        "{twiml}"
    );
    let status_url = field(&form, "StatusCallback");
    let delivery = status_url
        .strip_prefix(&format!("{PUBLIC}/api/v1/gateway/twilio/calls/"))
        .and_then(|rest| rest.strip_suffix("/status"))
        .expect("the status callback names the call")
        .to_string();
    assert!(twiml.contains(&format!("{PUBLIC}{}", twilio::gather_path(&delivery))));

    // Twilio posts the pressed key to the gather URL, signed.
    let params = vec![
        ("CallSid".to_string(), "CA42".to_string()),
        ("Digits".to_string(), "#".to_string()),
    ];
    let gather = twilio::gather_path(&delivery);
    let post_gather = |signature: String| {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params.iter())
            .finish();
        axum::http::Request::post(gather.as_str())
            .header("content-type", "application/x-www-form-urlencoded")
            .header(twilio::SIGNATURE_HEADER, signature)
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let unsigned = server.raw(post_gather("bm9wZQ==".into())).await;
    assert_eq!(unsigned.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "calling"
    );
    let signature = twilio::signature(&token, &format!("{PUBLIC}{gather}"), &params);
    let answered = server.raw(post_gather(signature)).await;
    assert_eq!(answered.status, StatusCode::OK);
    assert!(answered.body.as_str().unwrap().contains("You're verified"));
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "confirmed"
    );

    // The final "completed" status does not undo the #.
    let status_params = vec![("CallStatus".to_string(), "completed".to_string())];
    let path = twilio::status_path(&delivery);
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(status_params.iter())
        .finish();
    let request = axum::http::Request::post(path.as_str())
        .header("content-type", "application/x-www-form-urlencoded")
        .header(
            twilio::SIGNATURE_HEADER,
            twilio::signature(&token, &format!("{PUBLIC}{path}"), &status_params),
        )
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(server.raw(request).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.challenge_status(&cookie, &challenge).await.body["call"],
        "confirmed"
    );
}

#[tokio::test]
async fn gateway_callbacks_are_404_when_that_gateway_is_not_in_use() {
    let server = TestServer::new().await;
    let now = server.clock.now();
    assert_eq!(
        callback(&server, now, "{}", "v1=00").await,
        StatusCode::NOT_FOUND
    );
    let request = axum::http::Request::post("/api/v1/gateway/twilio/calls/x/status")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("CallStatus=busy"))
        .unwrap();
    assert_eq!(server.raw(request).await.status, StatusCode::NOT_FOUND);
}
