//! Rules for every API request: CSRF (security.md 23), no caching (24), and the JSON 404/405.
//! Gateway callbacks carry no cookie and prove themselves by signature, so the CSRF rule is not
//! theirs.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use latchkey_api::routes::{CSRF_HEADER, CSRF_VALUE};

use super::error::AppError;

/// Where gateways call back.
const GATEWAY_PATHS: &str = "/api/v1/gateway/";

/// Refuses state-changing requests without the custom header or from another site, and marks
/// every API response `Cache-Control: no-store`.
pub async fn api_rules(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || request.uri().path().starts_with(GATEWAY_PATHS);
    let headers = request.headers();
    let cross_site = headers
        .get("sec-fetch-site")
        .is_some_and(|value| value == "cross-site");
    let has_custom_header = headers
        .get(CSRF_HEADER)
        .is_some_and(|value| value == CSRF_VALUE);
    let mut response = if !safe && (cross_site || !has_custom_header) {
        AppError::CrossSite.into_response()
    } else {
        next.run(request).await
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Answers requests for API paths that do not exist.
pub async fn not_found() -> AppError {
    AppError::NoSuchRoute
}

/// Answers requests with a method the path does not take.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
