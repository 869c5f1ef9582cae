//! Rules for every API request: CSRF (security.md 23), no caching (24), the JSON 404/405, and no
//! NUL characters in paths or bodies (text columns cannot hold them, and no name or code needs
//! one). Gateway callbacks carry no cookie and prove themselves by signature, so the CSRF rule is
//! not theirs.

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
    } else if request.uri().path().to_ascii_lowercase().contains("%00") {
        AppError::NoSuchRoute.into_response()
    } else {
        match without_nul(request).await {
            Ok(request) => next.run(request).await,
            Err(refused) => refused.into_response(),
        }
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The request again, once its body (read whole, within the size limit) is known to hold no NUL
/// character: raw, escaped in JSON as `\u0000`, or encoded in a form as `%00`.
async fn without_nul(request: Request) -> Result<Request, AppError> {
    let (parts, body) = request.into_parts();
    let is_form = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| {
            value
                .as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        });
    let bytes = axum::body::to_bytes(body, super::BODY_LIMIT)
        .await
        .map_err(|_| AppError::PayloadTooLarge)?;
    let escaped = bytes
        .windows(6)
        .any(|window| window.eq_ignore_ascii_case(b"\\u0000"));
    let encoded = is_form && bytes.windows(3).any(|w| w.eq_ignore_ascii_case(b"%00"));
    if bytes.contains(&0) || escaped || encoded {
        return Err(AppError::MalformedJson(
            "Text may not contain a NUL character.".into(),
        ));
    }
    Ok(Request::from_parts(parts, axum::body::Body::from(bytes)))
}

/// Answers requests for API paths that do not exist.
pub async fn not_found() -> AppError {
    AppError::NoSuchRoute
}

/// Answers requests with a method the path does not take.
pub async fn method_not_allowed() -> AppError {
    AppError::MethodNotAllowed
}
