//! The HTTP surface: each module brings its own routes; this file only merges them and adds the
//! rules every response follows.

mod access_pass;
pub(crate) mod account;
mod admin;
pub mod auth;
mod authenticators;
mod calls;
mod challenges;
pub mod client;
pub mod connections;
mod cors;
mod default_method;
mod dev_outbox;
pub mod error;
mod expired_password;
mod familiar_browser;
pub mod forwarded;
mod gateway;
mod guard;
pub mod health;
mod json;
pub mod metrics_listener;
pub mod observe;
pub mod openapi;
mod passkeys;
mod password;
mod public_config;
mod recovery_codes;
mod refusals;
mod reset;
mod review;
pub(crate) mod security_info;
mod session;
pub mod spa;
mod step_up;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware;
use axum::routing::any;
use utoipa_axum::router::OpenApiRouter;

use crate::state::AppState;
use spa::Spa;

/// Request bodies over this size get a 413 (security.md 42).
pub const BODY_LIMIT: usize = 64 * 1024;

/// Every API route with its OpenAPI description.
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(public_config::router())
        .merge(session::router())
        .merge(access_pass::router())
        .merge(admin::router())
        .merge(account::router())
        .merge(password::router())
        .merge(expired_password::router())
        .merge(security_info::router())
        .merge(challenges::router())
        .merge(calls::router())
        .merge(default_method::router())
        .merge(authenticators::router())
        .merge(passkeys::router())
        .merge(recovery_codes::router())
        .merge(review::router())
        .merge(reset::router())
        .merge(dev_outbox::router())
        .merge(gateway::router())
        .merge(openapi::router())
}

/// The whole application: the API under `/api`, health checks, the SPA everywhere else.
pub fn app(state: AppState) -> Router {
    let spa = Spa::load(&state.config);
    let (api, _) = api_routes().split_for_parts();
    let app = api
        .merge(health::router())
        .route("/api/{*rest}", any(guard::not_found))
        .route_service("/index.html", spa.index())
        .method_not_allowed_fallback(guard::method_not_allowed)
        .fallback_service(spa.service())
        .layer(middleware::from_fn(guard::api_rules));
    // Around everything, preflights included (which no route takes).
    let app = match cors::layer(&state.config) {
        Some(cors) => app
            .layer(cors)
            .layer(middleware::from_fn(cors::nothing_for_other_origins)),
        None => app,
    };
    app.layer(middleware::from_fn_with_state(
        spa.headers(),
        spa::security_headers,
    ))
    .layer(DefaultBodyLimit::max(BODY_LIMIT))
    .layer(middleware::from_fn(observe::observe))
    .layer(middleware::from_fn_with_state(
        state.config.clone(),
        forwarded::find_source,
    ))
    .with_state(state)
}
