//! docs/deployment.md's nginx recipe for hosting the SPA as static files, run by a real nginx: the page,
//! its routes and every file carry the security headers, the app's parts are kept for ever, the
//! page and the locales are asked for again, a missing part is a 404 no browser keeps, and the
//! API's answers, from a real server behind it, carry each security header once.

use crate::support;

use axum::http::{Method, StatusCode, header};
use support::DatabaseOnDisk;
use support::nginx::Nginx;
use support::process::{Replica, request};

/// docs/deployment.md's nginx configuration for static hosting, as written.
fn static_hosting_recipe() -> String {
    support::nginx::recipe("docs/deployment.md", "```nginx\n# How long")
}

/// A built SPA in miniature: the page, one part, one locale.
fn dist() -> std::path::PathBuf {
    let dist = std::env::temp_dir().join(format!("latchkey-static-{}", std::process::id()));
    let part = dist.join("app-0123456789abcdef");
    std::fs::create_dir_all(&part).unwrap();
    std::fs::create_dir_all(dist.join("locales")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Latchkey</title>",
    )
    .unwrap();
    std::fs::write(part.join("latchkey_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(part.join("latchkey_bg.wasm.gz"), b"gzip bytes").unwrap();
    std::fs::write(dist.join("locales/en.json"), "{}").unwrap();
    dist
}

#[tokio::test]
async fn the_readmes_nginx_recipe_serves_the_spa_as_the_server_does() {
    let dist = dist();
    let recipe = static_hosting_recipe();
    let database = DatabaseOnDisk::new().await;
    let mut server = Replica::spawn_dev(&database.url);
    server.wait_until_up().await;
    for written in [
        "listen 443 ssl;",
        "root /srv/latchkey/dist;",
        "brotli_static on;",
        "proxy_pass http://127.0.0.1:3000;",
    ] {
        assert!(
            recipe.contains(written),
            "the recipe no longer says {written}"
        );
    }
    let nginx = Nginx::serving(|port| {
        recipe
            .replace("listen 443 ssl;", &format!("listen 127.0.0.1:{port};"))
            .replace("/srv/latchkey/dist", &dist.display().to_string())
            // Debian's nginx has no brotli module.
            .replace("brotli_static on;", "gzip_static on;")
            .replace("127.0.0.1:3000", &format!("127.0.0.1:{}", server.port))
    })
    .await;
    let get = |path: &'static str| request(nginx.port, Method::GET, path, None, None);
    let cache = |answer: &support::process::Answer| {
        answer
            .headers
            .get(header::CACHE_CONTROL)
            .map(|value| value.to_str().unwrap().to_string())
    };
    for route in [
        "/",
        "/signin",
        "/helpdesk/people/0f1e2d3c4b5a6978",
        "/index.html",
    ] {
        let page = get(route).await;
        assert_eq!(page.status, StatusCode::OK, "{route}");
        assert!(page.text.contains("<title>Latchkey</title>"), "{route}");
        assert_eq!(cache(&page).as_deref(), Some("no-cache"), "{route}");
        // The headers of the server level reach every location.
        assert!(
            page.headers.contains_key(header::CONTENT_SECURITY_POLICY),
            "{route}"
        );
        assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
    let part = get("/app-0123456789abcdef/latchkey_bg.wasm").await;
    assert_eq!(part.status, StatusCode::OK);
    assert_eq!(part.headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        cache(&part).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(part.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(part.headers[header::VARY], "Accept-Encoding");
    let words = get("/locales/en.json").await;
    assert_eq!(words.status, StatusCode::OK);
    assert_eq!(cache(&words).as_deref(), Some("no-cache"));
    // A part of another build, and a language there is no file for: 404s, never kept.
    for missing in ["/app-fedcba9876543210/chunk_3.wasm", "/locales/xx.json"] {
        let answer = get(missing).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(cache(&answer), None, "{missing}");
    }
    // The API's answers: the server's, with each security header once (nginx adds its own).
    let answer = get("/api/v1/config").await;
    assert_eq!(answer.status, StatusCode::OK);
    for name in [
        header::X_CONTENT_TYPE_OPTIONS,
        header::REFERRER_POLICY,
        header::HeaderName::from_static("cross-origin-opener-policy"),
    ] {
        assert_eq!(answer.headers.get_all(&name).iter().count(), 1, "{name}");
    }
    drop(nginx);
    std::fs::remove_dir_all(dist).unwrap();
}
