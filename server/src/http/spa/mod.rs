//! Serving the built SPA: precompressed files, immutable caching of hashed assets, `index.html`
//! for client-side routes, and the browser security headers of security.md 37–38.

mod index;

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::path::PathBuf;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

use crate::config::Config;
use crate::page::content_security_policy;
use index::Index;

/// The built SPA and the headers its responses carry.
#[derive(Clone, Debug)]
pub struct Spa {
    dist: PathBuf,
    index: IndexPage,
    headers: Arc<SecurityHeaders>,
}

/// Headers computed once at start-up.
#[derive(Debug)]
pub struct SecurityHeaders {
    content_security_policy: HeaderValue,
    hsts: bool,
}

impl Spa {
    /// Reads `index.html` from the dist folder to hash its inline scripts and styles for the CSP,
    /// and to send it with the organisation's look.
    pub fn load(config: &Config) -> Self {
        let index = config.dist.join("index.html");
        let html = std::fs::read_to_string(&index).unwrap_or_else(|_| {
            tracing::warn!(
                path = %index.display(),
                "the SPA is not built: only the API is served (run `cargo xtask dist`)"
            );
            String::new()
        });
        let policy = content_security_policy(&html, config.logo_url.as_deref());
        Self {
            dist: config.dist.clone(),
            index: IndexPage(
                (!html.is_empty()).then(|| Arc::new(Index::new(&html, &shell(config)))),
            ),
            headers: Arc::new(SecurityHeaders {
                content_security_policy: HeaderValue::from_str(&policy)
                    .expect("the policy is ASCII"),
                hsts: config.is_https(),
            }),
        }
    }

    /// Files from dist/, `.br`/`.gz` twins when the browser accepts them, and `index.html` for
    /// any other path that could be one of the SPA's routes (a missing file is a 404).
    pub fn service(&self) -> ServeDir<IndexPage> {
        ServeDir::new(&self.dist)
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false)
            .fallback(self.index.clone())
    }

    /// `index.html` itself, for its own address.
    pub fn index(&self) -> IndexPage {
        self.index.clone()
    }

    /// The headers, for [`security_headers`].
    pub fn headers(&self) -> Arc<SecurityHeaders> {
        self.headers.clone()
    }
}

/// What index.html's static shell shows before the app starts, from the settings, by the name of
/// the meta tag that carries it: the app shows the same from `/api/v1/config`, so nothing moves
/// or changes colour when it starts.
fn shell(config: &Config) -> [(&'static str, &str); 4] {
    fn or_none(value: &Option<String>) -> &str {
        value.as_deref().unwrap_or_default()
    }
    [
        ("latchkey-organisation", config.organisation_name.as_str()),
        ("latchkey-logo", or_none(&config.logo_url)),
        ("latchkey-accent-colour", or_none(&config.accent_colour)),
        ("latchkey-sign-in-message", or_none(&config.sign_in_message)),
    ]
}

/// Sends index.html with the organisation's look, for the SPA's routes: 404 for a missing file
/// (a part of another build, say, during an upgrade), which the page would otherwise take for
/// its code, and when the SPA is not built.
#[derive(Clone, Debug)]
pub struct IndexPage(Option<Arc<Index>>);

impl<B> tower::Service<axum::http::Request<B>> for IndexPage {
    type Response = Response;
    type Error = Infallible;
    type Future = Ready<Result<Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: axum::http::Request<B>) -> Self::Future {
        ready(Ok(match &self.0 {
            Some(index) if is_page(request.uri().path()) => index.response(request.headers()),
            _ => StatusCode::NOT_FOUND.into_response(),
        }))
    }
}

/// Adds the security headers to every response, the CSP and caching rules to the SPA's.
pub async fn security_headers(
    State(headers): State<Arc<SecurityHeaders>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    // Only a part that was found is kept for ever: a 404 (of a build not here yet) must be asked
    // again, or the browser would remember it.
    let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let out = response.headers_mut();
    let set = |out: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        out.insert(name, HeaderValue::from_static(value));
    };
    set(out, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(out, header::REFERRER_POLICY, "no-referrer");
    set(
        out,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if headers.hsts {
        set(out, header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    if !path.starts_with("/api/") {
        // Every file is sent brotli-, gzip- or un-compressed as the browser accepts: a cache
        // between (a CDN, a proxy; the parts are `public`) must keep each apart.
        set(out, header::VARY, "accept-encoding");
        // A policy rules documents only (browsers ignore it on scripts, WASM and JSON): sent with
        // each of the page's dozen parts it would only add to a phone's first load.
        if is_document(out) {
            out.insert(
                header::CONTENT_SECURITY_POLICY,
                headers.content_security_policy.clone(),
            );
        }
        if is_hashed_asset(&path) && found {
            set(
                out,
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable",
            );
            // Kept for ever and never asked for again, nor in ranges: each of the app's dozens of
            // parts would only carry these to a phone for nothing.
            out.remove(header::LAST_MODIFIED);
            out.remove(header::ACCEPT_RANGES);
        } else {
            set(out, header::CACHE_CONTROL, "no-cache");
        }
    }
    response
}

/// Whether a path is index.html's own or one of the SPA's routes, rather than a file's: a name
/// with an extension (`chunk_3.wasm`, `en.json`), or anything in a folder of the app's parts, is
/// a file's. Routes have neither.
fn is_page(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    path == "/index.html" || !(name.contains('.') || is_hashed_asset(path))
}

/// Whether a response is something a browser may show as a page and run scripts in: HTML or SVG
/// (or a type it must sniff, which `nosniff` forbids anyway).
fn is_document(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_none_or(|kind| kind.starts_with("text/html") || kind.starts_with("image/svg+xml"))
}

/// Whether a path names a file whose name carries Trunk's content hash (`app-0123abcd….js`), or
/// a file in a folder named by one (`/app-0123abcd…/split_reset.wasm`, the app's parts), so it
/// can be cached for ever.
fn is_hashed_asset(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    let name = segments.next_back().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hashed = |text: &str| {
        text.rsplit_once('-').is_some_and(|(_, hash)| {
            hash.len() >= 16 && hash.chars().all(|c| c.is_ascii_hexdigit())
        })
    };
    hashed(stem) || segments.any(hashed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/latchkey-9f86d081884c7d65_bg.wasm"));
        assert!(is_hashed_asset("/latchkey-9f86d081884c7d65.js"));
        assert!(is_hashed_asset("/style-9f86d081884c7d65.css"));
        assert!(is_hashed_asset("/app-9f86d081884c7d65/split_reset.wasm"));
        assert!(is_hashed_asset("/app-9f86d081884c7d65/parts.js"));
        assert!(!is_hashed_asset("/app-latest/parts.js"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/security-info"));
        assert!(!is_hashed_asset("/favicon.svg"));
        assert!(!is_hashed_asset("/my-page"));
    }
}
