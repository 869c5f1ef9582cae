//! Every request gets an ID (returned as `X-Request-ID`, and on every log line written while it
//! is answered), one log line when answered — route, status, latency, client address — and its
//! count and latency in the metrics. Health checks log only at debug level.

use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use super::forwarded::Source;
use crate::telemetry::metrics;

/// The response header naming the request, for matching a person's report to the logs.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Answers the request inside a span carrying its ID, then logs and counts it.
pub async fn observe(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = hex::encode(rand::random::<[u8; 8]>());
    // The route's pattern, never the path: paths hold IDs.
    let route = request.extensions().get::<MatchedPath>().map_or_else(
        || fallback_route(request.uri().path()),
        |path| path.as_str().to_string(),
    );
    let client = request.extensions().get::<Source>().map_or_else(
        || "unknown".to_string(),
        |origin| origin.address.to_string(),
    );
    let method = request.method().clone();
    let span = tracing::info_span!("request", request_id = %id);
    let mut response = next.run(request).instrument(span.clone()).await;
    let took = started.elapsed();
    let status = response.status().as_u16();
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
    }
    let latency_ms = took.as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if super::health::is_health_check(&route) {
            tracing::debug!(%method, %route, status, latency_ms, %client, "answered");
        } else {
            tracing::info!(%method, %route, status, latency_ms, %client, "answered");
        }
    });
    metrics::request_answered(&route, status, took);
    response
}

/// What a request no API route matched is counted as: the app's pages, its files, or an unknown
/// API address.
fn fallback_route(path: &str) -> String {
    if path.starts_with("/api/") {
        "/api/*".into()
    } else {
        "app".into()
    }
}
