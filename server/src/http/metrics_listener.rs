//! The metrics listener (`metrics_listen`): `GET /metrics` in Prometheus's text format, with the
//! delivery queue and the pools read at each scrape, and `GET /readyz` with its reasons.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use metrics::gauge;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::state::AppState;

/// Connections to the metrics listener served at once.
const SCRAPERS: usize = 16;

/// Listens on `listen`; the future returned serves `GET /metrics` (and `GET /readyz` with its
/// reasons) there until the process ends.
pub async fn listen(
    listen: SocketAddr,
    handle: PrometheusHandle,
    state: AppState,
) -> anyhow::Result<impl Future<Output = ()> + Send> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot serve metrics on {listen}"))?;
    // Beside the metrics, readiness with its reasons, which the public `/readyz` keeps to itself.
    let router = Router::new()
        .route("/metrics", get(scrape))
        .with_state((handle.clone(), state.clone()))
        .merge(
            Router::new()
                .route(super::health::READY, get(super::health::ready_in_detail))
                .with_state(state),
        );
    Ok(async move {
        // Histograms are summed up here between scrapes.
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(5));
            loop {
                every.tick().await;
                handle.run_upkeep();
            }
        });
        // Scrapers are few; the same limits on slow clients as the main listener.
        super::connections::serve(listener, router, SCRAPERS, std::future::pending::<()>()).await;
    })
}

/// The metrics in Prometheus's text format, with the queue and pools read now.
async fn scrape(State((handle, state)): State<(PrometheusHandle, AppState)>) -> impl IntoResponse {
    let now = state.clock.now();
    match state.store.delivery_backlog(now).await {
        Ok(backlog) => {
            gauge!("latchkey_delivery_queue_depth").set(backlog.waiting as f64);
            gauge!("latchkey_delivery_queue_oldest_seconds").set(backlog.oldest_age as f64);
        }
        Err(error) => tracing::warn!(%error, "metrics cannot read the delivery queue"),
    }
    if let Err(error) = crate::messaging::gauges::read(&state.store, &state.config, now).await {
        tracing::warn!(%error, "metrics cannot read the texts and calls");
    }
    gauge!("latchkey_password_hashes_waiting").set(state.hasher.waiting() as f64);
    let (in_use, idle) = state.store.connections();
    gauge!("latchkey_database_connections", "state" => "in_use").set(in_use as f64);
    gauge!("latchkey_database_connections", "state" => "idle").set(idle as f64);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
}
