//! Hostile input gets a clear 4xx and changes nothing: deeply nested JSON, invalid UTF-8, huge
//! and NUL-laden names, markup and SQL in text fields (kept as text), look-alike digits in
//! phone numbers, and paths that try to climb out.

use crate::support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::json;
use support::{PASSWORD, TestServer};

fn json_post(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header("x-requested-with", "latchkey")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

#[tokio::test]
async fn deeply_nested_json_is_a_400_not_a_crash() {
    let server = TestServer::new().await;
    let nested = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let reply = server.raw(json_post("/api/v1/session", nested)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["code"], "malformed_json");
    let objects = format!("{}{}", "{\"a\":".repeat(5_000), "}".repeat(5_000));
    let reply = server.raw(json_post("/api/v1/session", objects)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn invalid_utf8_is_a_400() {
    let server = TestServer::new().await;
    let bytes: Vec<u8> = [
        &b"{\"username\": \"j"[..],
        &[0xff, 0xfe],
        &b"\", \"password\": \"x\"}"[..],
    ]
    .concat();
    let reply = server.raw(json_post("/api/v1/session", bytes)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["code"], "malformed_json");
}

#[tokio::test]
async fn huge_and_nul_laden_names_are_refused_plainly() {
    let server = TestServer::new().await;
    let huge = server.sign_in(&"a".repeat(10_000), PASSWORD).await;
    assert_eq!(huge.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(huge.body["fields"][0]["code"], "too_long");
    let nul = server.sign_in("jdoe\u{0}", PASSWORD).await;
    assert_eq!(
        nul.status,
        StatusCode::BAD_REQUEST,
        "a NUL is refused before any database"
    );
    assert_eq!(nul.body["code"], "malformed_json");
    // jdoe is untouched by all of that.
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn markup_and_sql_in_names_are_kept_as_text() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    let name = "<script>alert(1)</script>'); DROP TABLE users;--";
    let started = server
        .send(
            Method::POST,
            "/api/v1/authenticators",
            Some(json!({ "name": name })),
            Some(&cookie),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let email = server
        .start_email(&cookie, "<img src=x onerror=alert(1)>@example.net")
        .await;
    assert_eq!(email.status, StatusCode::UNPROCESSABLE_ENTITY);
    let quote = server.start_email(&cookie, "o'brien@example.net").await;
    assert_eq!(
        quote.status,
        StatusCode::OK,
        "an apostrophe is a valid address"
    );
    assert_eq!(quote.body["destination"], "o'brien@example.net");
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK,
        "users is still there"
    );
}

#[tokio::test]
async fn look_alike_digits_in_phone_numbers_are_read_or_refused() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    for number in [
        "４２５ ５５５ ０１２３",     // fullwidth digits
        "٤٢٥٥٥٥٠١٢٣",                 // Arabic-Indic digits
        "425 555 O123",               // a capital O for a zero: refused, never read as 6
        "425\u{200b}555\u{200b}0123", // zero-width spaces
        "+1 (425) 555-0123 ext. 9; DROP TABLE methods",
    ] {
        let body = json!({"kind": "phone", "channel": "sms", "country": "US", "number": number});
        let reply = server
            .send(
                Method::POST,
                "/api/v1/enrollments",
                Some(body),
                Some(&cookie),
            )
            .await;
        if number.chars().any(char::is_alphabetic) {
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{number}");
        }
        match reply.status {
            StatusCode::OK => assert_eq!(reply.body["destination"], "+1 4255550123", "{number}"),
            StatusCode::UNPROCESSABLE_ENTITY => {
                assert_eq!(reply.body["fields"][0]["field"], "number", "{number}")
            }
            other => panic!("{number:?} answered {other}"),
        }
    }
}

#[tokio::test]
async fn paths_that_climb_out_find_nothing() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    for path in [
        "/api/v1/methods/..%2F..%2Fsessions",
        "/api/v1/challenges/%00/code",
        "/api/v1/passkeys/..%2f..%2fetc%2fpasswd",
    ] {
        let reply = server
            .send(
                Method::POST,
                path,
                Some(json!({"code": "123456"})),
                Some(&cookie),
            )
            .await;
        assert!(
            matches!(
                reply.status,
                StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED | StatusCode::BAD_REQUEST
            ),
            "{path}: {}",
            reply.status
        );
        assert!(
            reply.body["code"].is_string(),
            "{path} answers in the API's shape"
        );
    }
    let traversal = server
        .send(Method::GET, "/../../Cargo.toml", None, None)
        .await;
    assert!(!format!("{:?}", traversal.body).contains("[package]"));
}
