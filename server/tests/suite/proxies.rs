//! Behind a real nginx in front of two replicas (security.md 51): each person's limits count
//! apart, a forged `X-Forwarded-For` changes nothing, and the audit log has the person's address.

use crate::support;

use std::net::IpAddr;
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use latchkey_api::puzzle::solve;
use serde_json::json;
use support::nginx::Nginx;
use support::process::{Answer, Caller, Replica, add_account};
use support::{DatabaseOnDisk, PASSWORD};

/// Two people on their own addresses (the whole of 127.0.0.0/8 is this machine's).
const ALICE: &str = "127.0.0.2";
const BOB: &str = "127.0.0.3";

fn from(address: &'static str) -> Caller<'static> {
    Caller {
        from: Some(address.parse::<IpAddr>().unwrap()),
        headers: &[],
    }
}

/// Solves a puzzle and starts a reset for `name` through the server on `port`.
async fn start_reset(caller: Caller<'_>, port: u16, name: &str) -> Answer {
    let puzzle = caller
        .request(port, Method::GET, "/api/v1/reset/puzzle", None, None)
        .await
        .body;
    let text = puzzle["puzzle"].as_str().unwrap();
    let solution = solve(text, puzzle["difficulty"].as_u64().unwrap() as u8);
    let body = json!({"username": name, "puzzle": text, "solution": solution}).to_string();
    caller
        .request(port, Method::POST, "/api/v1/reset", Some(&body), None)
        .await
}

#[tokio::test]
async fn behind_nginx_each_person_is_counted_apart_and_forged_addresses_change_nothing() {
    let database = DatabaseOnDisk::new().await;
    let settings = [
        ("LATCHKEY_TRUSTED_PROXIES", "127.0.0.1/32"),
        ("LATCHKEY_RESET_PUZZLE_DIFFICULTY", "1"),
    ];
    // One after the other: on SQLite, the first brings the schema up to date.
    let mut a = Replica::spawn_with(&database.url, true, &settings);
    a.wait_until_up().await;
    let mut b = Replica::spawn_with(&database.url, true, &settings);
    b.wait_until_up().await;
    add_account(&database.url);
    let nginx = Nginx::start(&[a.port, b.port]).await;

    // Alice uses up her address's 50 resets an hour, across both replicas.
    for n in 0..50 {
        let started = start_reset(from(ALICE), nginx.port, &format!("person{n}")).await;
        assert_eq!(
            started.status,
            StatusCode::OK,
            "reset {n}: {:?}",
            started.body
        );
    }
    let refused = start_reset(from(ALICE), nginx.port, "person50").await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    // Naming another address in front changes nothing: nginx appends the real one.
    let claiming = Caller {
        headers: &[("x-forwarded-for", "198.51.100.1")],
        ..from(ALICE)
    };
    let forged = start_reset(claiming, nginx.port, "person51").await;
    assert_eq!(forged.status, StatusCode::TOO_MANY_REQUESTS);
    // Straight to a replica, not through a trusted proxy, the headers are not believed.
    let around = Caller {
        headers: &[
            ("x-forwarded-for", "198.51.100.1"),
            ("forwarded", "for=198.51.100.1;proto=https"),
        ],
        ..from(ALICE)
    };
    let direct = start_reset(around, a.port, "person52").await;
    assert_eq!(direct.status, StatusCode::TOO_MANY_REQUESTS);

    // Bob, behind the same nginx, is not held back — not even naming Alice's address.
    let bob_as_alice = Caller {
        headers: &[("x-forwarded-for", ALICE)],
        ..from(BOB)
    };
    let bob = start_reset(bob_as_alice, nginx.port, "jdoe").await;
    assert_eq!(bob.status, StatusCode::OK, "{:?}", bob.body);

    // Bob registers an email through nginx; the audit log has his address, not nginx's.
    let bob = from(BOB);
    let body = json!({"username": "jdoe", "password": PASSWORD}).to_string();
    let signed_in = bob
        .request(
            nginx.port,
            Method::POST,
            "/api/v1/session",
            Some(&body),
            None,
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let cookie = signed_in.cookie.unwrap();
    let started = bob
        .start_email(nginx.port, &cookie, "jane@example.net")
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let code = code_sent_to(nginx.port, "jane@example.net").await;
    let path = format!(
        "/api/v1/challenges/{}/code",
        started.body["id"].as_str().unwrap()
    );
    let passed = bob
        .request(
            nginx.port,
            Method::POST,
            &path,
            Some(&json!({"code": code}).to_string()),
            Some(&cookie),
        )
        .await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database.url).await.unwrap();
    let addresses: Vec<String> =
        sqlx::query_scalar("SELECT ip FROM audit_log WHERE action = 'method_added'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(addresses, [BOB]);
}

/// The code the dev outbox holds for `to`, once a replica's worker has delivered it.
async fn code_sent_to(port: u16, to: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let outbox = Caller::default()
            .request(port, Method::GET, "/api/v1/dev/outbox", None, None)
            .await;
        let sent = outbox.body.as_array().and_then(|messages| {
            messages
                .iter()
                .find(|message| message["to"] == to && message["code"].is_string())
        });
        if let Some(message) = sent {
            return message["code"].as_str().unwrap().to_string();
        }
        assert!(Instant::now() < deadline, "no code reached {to}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A request to `path` from `peer` with `headers`, to a portal at https://sspr.contoso.com behind
/// a proxy on 127.0.0.1.
async fn behind_tls_proxy(peer: &str, headers: &[(&str, &str)]) -> support::Reply {
    use axum::body::Body;
    let mut args = support::test_args().await;
    args.public_url = Some("https://sspr.contoso.com".into());
    args.trusted_proxies = Some(vec!["127.0.0.1".into()]);
    let config = latchkey_server::config::Config::resolve(args).unwrap();
    let server = support::TestServer::with_config(config).await;
    let mut request = axum::http::Request::builder().uri("/api/v1/config?from=proxy");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    let peer = std::net::SocketAddr::new(peer.parse().unwrap(), 40_000);
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    server.raw(request).await
}

#[tokio::test]
async fn what_the_proxy_says_came_over_plain_http_is_sent_to_https() {
    let plain = behind_tls_proxy("127.0.0.1", &[("x-forwarded-proto", "http")]).await;
    assert_eq!(plain.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        plain.headers["location"],
        "https://sspr.contoso.com/api/v1/config?from=proxy"
    );
    let forwarded = behind_tls_proxy("127.0.0.1", &[("forwarded", "for=192.0.2.7;proto=http")]);
    assert_eq!(forwarded.await.status, StatusCode::PERMANENT_REDIRECT);
    let secure = behind_tls_proxy("127.0.0.1", &[("x-forwarded-proto", "https")]).await;
    assert_eq!(secure.status, StatusCode::OK);
    // Only a trusted proxy is believed, either way.
    let outsider = behind_tls_proxy("192.0.2.7", &[("x-forwarded-proto", "http")]).await;
    assert_eq!(outsider.status, StatusCode::OK);
}
