//! Rules every API response follows: the error shape, CSRF, caching, limits, security headers.

use crate::support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use support::TestServer;

fn request(method: Method, path: &str) -> axum::http::request::Builder {
    Request::builder().method(method).uri(path)
}

#[tokio::test]
async fn unknown_api_paths_are_json_404s() {
    let server = TestServer::new().await;
    let reply = server
        .send(Method::GET, "/api/v1/nothing-here", None, None)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.body["code"], "not_found");
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn wrong_methods_are_json_405s() {
    let server = TestServer::new().await;
    let reply = server.send(Method::PUT, "/api/v1/me", None, None).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.body["code"], "method_not_allowed");
}

#[tokio::test]
async fn malformed_json_is_a_400_in_the_api_shape() {
    let server = TestServer::new().await;
    let reply = server
        .raw(
            request(Method::POST, "/api/v1/session")
                .header("x-requested-with", "latchkey")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{\"username\": "))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["code"], "malformed_json");
}

#[tokio::test]
async fn unknown_fields_are_refused() {
    let server = TestServer::new().await;
    let body = serde_json::json!({"username": "jdoe", "password": "x", "admin": true});
    let reply = server
        .send(Method::POST, "/api/v1/session", Some(body), None)
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["code"], "malformed_json");
    assert!(reply.body["message"].as_str().unwrap().contains("admin"));
}

#[tokio::test]
async fn bodies_over_64_kib_are_413s() {
    let server = TestServer::new().await;
    let big = serde_json::json!({"username": "x".repeat(70 * 1024), "password": "x"});
    let reply = server
        .send(Method::POST, "/api/v1/session", Some(big), None)
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.body["code"], "payload_too_large");
}

#[tokio::test]
async fn non_json_bodies_are_415s() {
    let server = TestServer::new().await;
    let reply = server
        .raw(
            request(Method::POST, "/api/v1/session")
                .header("x-requested-with", "latchkey")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("username=jdoe&password=x"))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.body["code"], "unsupported_media_type");
}

#[tokio::test]
async fn state_changes_need_the_custom_header() {
    let server = TestServer::new().await;
    let reply = server
        .raw(
            request(Method::POST, "/api/v1/session")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    r#"{"username":"jdoe","password":"velvet-otter-47-quietly"}"#,
                ))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.body["code"], "csrf_rejected");
    assert!(reply.set_cookie().is_none());
}

#[tokio::test]
async fn cross_site_state_changes_are_refused_even_with_the_header() {
    let server = TestServer::new().await;
    let reply = server
        .raw(
            request(Method::DELETE, "/api/v1/session")
                .header("x-requested-with", "latchkey")
                .header("sec-fetch-site", "cross-site")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.body["code"], "csrf_rejected");
}

#[tokio::test]
async fn get_never_changes_state() {
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    // A GET to the session route is not a sign-out.
    let reply = server
        .send(Method::GET, "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::OK);
}

#[tokio::test]
async fn api_responses_are_never_cached_and_carry_security_headers() {
    let server = TestServer::new().await;
    let reply = server.send(Method::GET, "/api/v1/config", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["organisation_name"], "Contoso");
    assert_eq!(reply.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(reply.headers[header::REFERRER_POLICY], "no-referrer");
    assert_eq!(reply.headers["cross-origin-opener-policy"], "same-origin");
    assert!(
        !reply
            .headers
            .contains_key(header::STRICT_TRANSPORT_SECURITY)
    );
}

#[tokio::test]
async fn the_organisations_default_country_is_public() {
    let server = TestServer::new().await;
    let reply = server.send(Method::GET, "/api/v1/config", None, None).await;
    assert!(
        reply.body["default_country"].is_null(),
        "unset: the browser's"
    );
    let mut args = support::test_args().await;
    args.organisation.default_country = Some("gb".into());
    let config = latchkey_server::config::Config::resolve(args).unwrap();
    let server = TestServer::with_config(config).await;
    let reply = server.send(Method::GET, "/api/v1/config", None, None).await;
    assert_eq!(reply.body["default_country"], "GB");
}

/// Origins that are not `https://portal.example.com`, though some look like it: `null` (a
/// sandboxed frame, a file), another host, scheme or port, and a name with it at the front or the
/// back.
const HOSTILE_ORIGINS: &[&str] = &[
    "null",
    "https://evil.example",
    "http://portal.example.com",
    "https://portal.example.com:8443",
    "https://portal.example.com.evil.test",
    "https://evilportal.example.com",
    "https://sub.portal.example.com",
];

/// Simple reads (with the session cookie) and a preflight for a sign-in, from `origin`.
async fn cross_origin_answers(
    server: &TestServer,
    cookie: &str,
    origin: &str,
) -> Vec<(String, support::Reply)> {
    let mut answers = Vec::new();
    for (method, path) in [
        (Method::GET, "/api/v1/me"),
        (Method::GET, "/api/v1/config"),
        (Method::POST, "/api/v1/session"),
        (Method::OPTIONS, "/api/v1/session"),
    ] {
        let mut request = Request::builder()
            .method(method.clone())
            .uri(path)
            .header(header::ORIGIN, origin)
            .header(header::COOKIE, cookie);
        if method == Method::OPTIONS {
            request = request
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    "content-type,x-requested-with",
                );
        } else if method == Method::POST {
            request = request
                .header("x-requested-with", "latchkey")
                .header(header::CONTENT_TYPE, "application/json");
        }
        let body = if method == Method::POST {
            Body::from(r#"{"username":"nobody-at-all","password":"not the password"}"#)
        } else {
            Body::empty()
        };
        let reply = server.raw(request.body(body).unwrap()).await;
        answers.push((format!("{method} {path} from {origin}"), reply));
    }
    answers
}

/// The `access-control-*` headers of an answer.
fn grants(reply: &support::Reply) -> Vec<String> {
    reply
        .headers
        .keys()
        .map(|name| name.as_str().to_string())
        .filter(|name| name.starts_with("access-control-"))
        .collect()
}

#[tokio::test]
async fn no_cross_origin_reads_are_allowed_and_no_token_is_in_a_body() {
    // security.md 39: no CORS is configured, so no answer grants another origin anything.
    let server = TestServer::new().await;
    let cookie = server.signed_in().await;
    for origin in HOSTILE_ORIGINS
        .iter()
        .chain(&["https://portal.example.com"])
    {
        for (what, reply) in cross_origin_answers(&server, &cookie, origin).await {
            assert!(grants(&reply).is_empty(), "{what}: {:?}", reply.headers);
        }
    }
    // security.md 24: the session ID travels only in its HttpOnly cookie, never in a body.
    let signed_in = server.sign_in("jdoe", support::PASSWORD).await;
    let token = signed_in.session_cookie().unwrap();
    let token = token.split_once('=').unwrap().1;
    assert!(!signed_in.body.to_string().contains(token));
    assert!(signed_in.set_cookie().unwrap().contains("HttpOnly"));
}

#[tokio::test]
async fn only_a_configured_origin_may_call_the_api_and_answers_vary_by_origin() {
    // security.md 39: the configured origin, by name, with credentials; nobody else.
    let mut args = support::test_args().await;
    args.proxies.cors_origins = Some(vec!["https://portal.example.com".into()]);
    let config = latchkey_server::config::Config::resolve(args).unwrap();
    let server = TestServer::with_config(config).await;
    let cookie = server.signed_in().await;
    let varies_by_origin = |reply: &support::Reply| {
        reply.headers.get_all(header::VARY).iter().any(|value| {
            value
                .to_str()
                .unwrap()
                .split(',')
                .any(|name| name.trim().eq_ignore_ascii_case("origin"))
        })
    };
    for (what, reply) in cross_origin_answers(&server, &cookie, "https://portal.example.com").await
    {
        let granted = |name| {
            reply
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
        };
        assert_eq!(
            granted(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            Some("https://portal.example.com"),
            "{what}: {:?}",
            reply.headers
        );
        assert_eq!(
            granted(header::ACCESS_CONTROL_ALLOW_CREDENTIALS),
            Some("true"),
            "{what}"
        );
        assert!(varies_by_origin(&reply), "{what}: {:?}", reply.headers);
        if what.starts_with("OPTIONS") {
            let allowed = reply.headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
                .to_str()
                .unwrap()
                .to_lowercase();
            assert!(allowed.contains("x-requested-with"), "{allowed}");
        }
    }
    for origin in HOSTILE_ORIGINS {
        for (what, reply) in cross_origin_answers(&server, &cookie, origin).await {
            assert!(grants(&reply).is_empty(), "{what}: {:?}", reply.headers);
            assert!(varies_by_origin(&reply), "{what}: {:?}", reply.headers);
        }
    }
}
