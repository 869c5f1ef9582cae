//! Cross-origin calls to the API (security.md 39): only from the origins `cors_origins` names,
//! each answered with its own origin (never `*`, never `null`) and credentials, and `Vary: Origin`
//! so that no cache hands one origin's answer to another. Without `cors_origins`, no answer
//! grants another origin anything.

use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::Config;

/// The CORS rules for the API, when origins are configured.
pub fn layer(config: &Config) -> Option<CorsLayer> {
    if config.cors_origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = config
        .cors_origins
        .iter()
        .map(|origin| HeaderValue::from_str(origin).expect("origins are checked at start-up"))
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_credentials(true)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                header::CONTENT_TYPE,
                HeaderName::from_static(latchkey_api::routes::CSRF_HEADER),
            ])
            // The page says when to try again after a 429.
            .expose_headers([header::RETRY_AFTER])
            .max_age(Duration::from_secs(600)),
    )
}

/// Drops every `access-control-*` header from an answer that grants no origin (tower-http's
/// layer sends `allow-credentials` and the like to any origin): another origin learns nothing.
pub async fn nothing_for_other_origins(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN) {
        let granting: Vec<HeaderName> = headers
            .keys()
            .filter(|name| name.as_str().starts_with("access-control-"))
            .cloned()
            .collect();
        for name in granting {
            headers.remove(name);
        }
    }
    response
}
