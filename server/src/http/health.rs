//! Health for load balancers and orchestrators, outside `/api` and without sessions:
//! `GET /healthz` (the process answers) and `GET /readyz` (it can serve: the database answers
//! with the schema this build expects, and the directory answers). The public answer says only
//! ready or not and which part is missing (security.md 60); why goes to the log and to the
//! metrics listener's `/readyz`.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::state::AppState;

const LIVE: &str = "/healthz";
pub const READY: &str = "/readyz";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(LIVE, get(live))
        .route(READY, get(ready))
}

/// Whether `route` is one of these checks (they are logged at debug level only).
pub fn is_health_check(route: &str) -> bool {
    route == LIVE || route == READY
}

async fn live() -> &'static str {
    "ok\n"
}

/// A part the server cannot serve without, and why (error texts, DNs, hosts: for operators).
pub struct Missing {
    pub part: &'static str,
    pub reason: String,
}

/// The parts that cannot serve now, each with its reason; none when the server is ready.
pub async fn readiness(state: &AppState) -> Vec<Missing> {
    let mut missing = Vec::new();
    if let Err(reason) = state.store.readiness().await {
        missing.push(Missing {
            part: "database",
            reason,
        });
    }
    if let Err(reason) = state.directory.readiness().await {
        missing.push(Missing {
            part: "directory",
            reason,
        });
    }
    for Missing { part, reason } in &missing {
        tracing::warn!(part = *part, reason = %reason, "not ready");
    }
    missing
}

/// `{"status":"ready"}`, or 503 with `{"status":"not ready","missing":["directory"]}`.
async fn ready(State(state): State<AppState>) -> Response {
    let missing = readiness(&state).await;
    if missing.is_empty() {
        return axum::Json(json!({"status": "ready"})).into_response();
    }
    let parts: Vec<&str> = missing.iter().map(|missing| missing.part).collect();
    (
        StatusCode::SERVICE_UNAVAILABLE,
        axum::Json(json!({"status": "not ready", "missing": parts})),
    )
        .into_response()
}

/// For the metrics listener, which only operators reach: `ready`, or 503 with each missing
/// part and why, one a line (`directory: …`).
pub async fn ready_in_detail(State(state): State<AppState>) -> (StatusCode, String) {
    let missing = readiness(&state).await;
    if missing.is_empty() {
        return (StatusCode::OK, "ready\n".into());
    }
    let lines = missing
        .iter()
        .map(|Missing { part, reason }| format!("{part}: {reason}\n"))
        .collect();
    (StatusCode::SERVICE_UNAVAILABLE, lines)
}
