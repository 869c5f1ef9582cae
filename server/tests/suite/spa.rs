//! Serving the built SPA: index fallback for routes, precompressed files, caching and the CSP.

use std::io::Read;

use crate::support;
use http_body_util::BodyExt;
use tower::ServiceExt;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use latchkey_server::config::Config;
use support::TestServer;

const INDEX: &str = "<!doctype html><html><head>\
<meta name=\"latchkey-organisation\" content=\"\"><style>body{margin:0}</style>\
<script type=\"module\">import init from '/latchkey-0123456789abcdef.js';await init();</script>\
</head><body></body></html>";

/// index.html as sent: with the organisation's name (the tests' "Contoso") in its meta tag.
fn sent_index() -> String {
    INDEX.replace("content=\"\"", "content=\"Contoso\"")
}

async fn server_with_dist() -> (TestServer, std::path::PathBuf) {
    let dist = std::env::temp_dir().join(format!(
        "latchkey-dist-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    std::fs::write(
        dist.join("latchkey-0123456789abcdef.js"),
        "export default 1;",
    )
    .unwrap();
    std::fs::write(dist.join("latchkey-0123456789abcdef.js.br"), "brotli bytes").unwrap();
    let config = Config::resolve({
        let mut args = support::test_args().await;
        args.server.dist = Some(dist.clone());
        args.server.dev = Some(false);
        args
    })
    .unwrap();
    (TestServer::with_config(config).await, dist)
}

fn get(path: &str) -> Request<Body> {
    accepting(path, "br, gzip")
}

fn accepting(path: &str, encodings: &str) -> Request<Body> {
    Request::builder()
        .method(Method::GET)
        .uri(path)
        .header(header::ACCEPT_ENCODING, encodings)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn client_routes_get_index_html_with_the_csp() {
    let (server, dist) = server_with_dist().await;
    for path in [
        "/",
        "/signin",
        "/index.html",
        "/security-info",
        "/some/deep/route",
    ] {
        let reply = server.raw(accepting(path, "identity")).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(reply.body.as_str().unwrap(), sent_index(), "{path}");
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-cache");
        let csp = reply.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(csp.contains("'wasm-unsafe-eval' 'sha256-"), "{csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn a_browser_coming_back_is_told_the_page_has_not_changed() {
    let (server, dist) = server_with_dist().await;
    let first = server.raw(get("/security-info")).await;
    let etag = first.headers[header::ETAG].to_str().unwrap().to_string();
    let again = server
        .raw(
            Request::builder()
                .uri("/signin")
                .header(header::IF_NONE_MATCH, &etag)
                .header(header::ACCEPT_ENCODING, "br")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers[header::ETAG], etag.as_str());
    assert_eq!(again.headers[header::CACHE_CONTROL], "no-cache");
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn a_missing_file_is_not_found_and_not_kept() {
    let (server, dist) = server_with_dist().await;
    // A part of another build (a page opened before an upgrade, or a replica not yet upgraded),
    // a locale or an icon: never index.html, which the page would take for its code, and never
    // cached, so that asking again can find it.
    for path in [
        "/app-0123456789abcdef/chunk_3.wasm",
        "/app-0123456789abcdef/",
        "/latchkey-fedcba9876543210.js",
        "/locales/xx.json",
        "/favicon.png",
    ] {
        let reply = server.raw(get(path)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.headers[header::CACHE_CONTROL], "no-cache", "{path}");
    }
    // A person's page in the console is a route, with its ID.
    let person = server
        .raw(accepting(
            "/helpdesk/people/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "identity",
        ))
        .await;
    assert_eq!(person.status, StatusCode::OK);
    assert_eq!(person.body.as_str().unwrap(), sent_index());
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn hashed_assets_are_precompressed_and_immutable() {
    let (server, dist) = server_with_dist().await;
    let reply = server.raw(get("/latchkey-0123456789abcdef.js")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_ENCODING], "br");
    assert_eq!(reply.body.as_str().unwrap(), "brotli bytes");
    assert_eq!(
        reply.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    // Public: a cache between must keep the brotli and the plain file apart.
    assert_eq!(reply.headers[header::VARY], "accept-encoding");
    let plain = server
        .raw(accepting("/latchkey-0123456789abcdef.js", "identity"))
        .await;
    assert_eq!(plain.body.as_str().unwrap(), "export default 1;");
    assert_eq!(plain.headers[header::VARY], "accept-encoding");
    // Never revalidated, so nothing to revalidate with.
    assert!(!reply.headers.contains_key(header::LAST_MODIFIED));
    assert!(!reply.headers.contains_key(header::ACCEPT_RANGES));
    // The policy rules documents: a script carries none (every part would pay for it).
    assert!(!reply.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    std::fs::remove_dir_all(dist).unwrap();
}

#[tokio::test]
async fn index_html_is_sent_compressed_as_the_browser_accepts() {
    let (server, dist) = server_with_dist().await;
    for (accepted, encoding) in [
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0", ""),
    ] {
        let response = server
            .router
            .clone()
            .oneshot(accepting("/signin", accepted))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers().clone();
        assert_eq!(headers[header::VARY], "accept-encoding");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let sent = headers
            .get(header::CONTENT_ENCODING)
            .map(|value| value.to_str().unwrap().to_string())
            .unwrap_or_default();
        assert_eq!(sent, encoding, "for {accepted}");
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let mut page = String::new();
        match encoding {
            "br" => brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_string(&mut page)
                .unwrap(),
            "gzip" => flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut page)
                .unwrap(),
            _ => (&bytes[..]).read_to_string(&mut page).unwrap(),
        };
        assert_eq!(page, sent_index(), "for {accepted}");
    }
    std::fs::remove_dir_all(dist).unwrap();
}
