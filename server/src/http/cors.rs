//! Cross-origin calls to the API (security.md 39): only from the origins `cors_origins` names,
//! each answered with its own origin (never `*`, never `null`) and credentials, and `Vary: Origin`
//! so that no cache hands one origin's answer to another. Without `cors_origins`, no answer
//! grants another origin anything.

use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
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
