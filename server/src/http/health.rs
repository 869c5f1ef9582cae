//! Health for load balancers and orchestrators, outside `/api` and without sessions:
//! `GET /healthz` (the process answers) and `GET /readyz` (it can serve: the database answers
//! with the schema this build expects, and the directory answers); 503 with the reason otherwise.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

use crate::state::AppState;

const LIVE: &str = "/healthz";
const READY: &str = "/readyz";

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

async fn ready(State(state): State<AppState>) -> (StatusCode, String) {
    if let Err(reason) = state.store.readiness().await {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database: {reason}\n"),
        );
    }
    if let Err(reason) = state.directory.readiness().await {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("directory: {reason}\n"),
        );
    }
    (StatusCode::OK, "ready\n".into())
}
