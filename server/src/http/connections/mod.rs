//! Accepting and serving HTTP connections so slow clients cannot hold the server (security.md
//! 55): a request's headers must arrive within 10 seconds (an idle keep-alive connection waits
//! for the next request's headers, so it closes after 10 seconds too), its body within 30;
//! connections are capped below the open-file limit, and a small reserve beyond the cap answers
//! the health checks (and everything else with 503), so `/healthz` still answers while the cap
//! is reached.

mod body_deadline;
mod open_files;

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::AbortHandle;
use tower::ServiceExt;

pub use open_files::connection_cap;

/// How long a request's headers may take to arrive, and an idle connection may wait for the
/// next request.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request's body may take to arrive, from its headers.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served beyond the cap, for the health checks only.
pub const RESERVE: usize = 16;
/// How long a connection of the reserve may take to send its request: health checkers send
/// theirs at once.
const RESERVE_HEADER_TIMEOUT: Duration = Duration::from_secs(2);
/// Seconds a client turned away at the cap is told to wait.
const RETRY_AFTER: u32 = 2;

/// Serves `app` on `listener` with at most `cap` connections (and [`RESERVE`] more for the
/// health checks) until `stop` resolves; then accepts no more, lets each connection finish the
/// request under way, and returns when all have closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    cap: usize,
    stop: impl Future<Output = ()> + Send,
) {
    let full = Arc::new(Semaphore::new(cap.min(Semaphore::MAX_PERMITS)));
    // The reserve's connections, oldest first: a new one closes the oldest when all are taken,
    // so clients that connect and send nothing cannot keep a health check out.
    let mut reserve: VecDeque<AbortHandle> = VecDeque::with_capacity(RESERVE);
    let graceful = GracefulShutdown::new();
    let mut warned: Option<Instant> = None;
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    pause_after(error).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let served = with_client(app.clone(), client);
        if let Ok(place) = full.clone().try_acquire_owned() {
            let connection = builder(HEADER_TIMEOUT, true)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(served));
            spawn(graceful.watch(connection), Some(place));
            continue;
        }
        if warned.is_none_or(|at| at.elapsed() > Duration::from_secs(60)) {
            tracing::warn!(
                cap,
                "connection limit reached: new connections get only the health checks"
            );
            warned = Some(Instant::now());
        }
        reserve.retain(|connection| !connection.is_finished());
        if reserve.len() >= RESERVE
            && let Some(oldest) = reserve.pop_front()
        {
            oldest.abort();
        }
        let service = tower::service_fn(move |request: Request<Incoming>| {
            health_only(served.clone(), request)
        });
        let connection = builder(RESERVE_HEADER_TIMEOUT, false)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        reserve.push_back(spawn(graceful.watch(connection), None));
    }
    drop(listener);
    graceful.shutdown().await;
}

/// HTTP/1.1 with a deadline for each request's headers (and for the next one's, on an idle
/// connection), keeping the connection open between requests or not.
fn builder(header_timeout: Duration, keep_alive: bool) -> http1::Builder {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .keep_alive(keep_alive);
    builder
}

/// The application as one connection sees it: the client's address for `ConnectInfo`, and a
/// deadline on each request's body.
fn with_client(
    app: Router,
    client: SocketAddr,
) -> impl tower::Service<
    Request<Incoming>,
    Response = Response,
    Error = Infallible,
    Future = impl Future<Output = Result<Response, Infallible>> + Send,
> + Clone
+ Send
+ 'static {
    ServiceExt::<Request<Body>>::map_request(app, move |request: Request<Incoming>| {
        let (mut parts, body) = request.into_parts();
        parts.extensions.insert(ConnectInfo(client));
        Request::from_parts(
            parts,
            Body::new(body_deadline::Deadline::new(body, BODY_TIMEOUT)),
        )
    })
}

/// A connection of the reserve: the health checks answer; everything else is told to come back
/// shortly.
async fn health_only<S>(app: S, request: Request<Incoming>) -> Result<Response, Infallible>
where
    S: tower::Service<Request<Incoming>, Response = Response, Error = Infallible>,
{
    if crate::http::health::is_health_check(request.uri().path()) {
        return app.oneshot(request).await;
    }
    let mut response = (
        StatusCode::SERVICE_UNAVAILABLE,
        "The server is busy. Try again in a few seconds.\n",
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER));
    Ok(response)
}

/// Runs a connection until it closes, holding its place under the cap if it has one.
fn spawn(
    connection: impl Future<Output = Result<(), hyper::Error>> + Send + 'static,
    place: Option<OwnedSemaphorePermit>,
) -> AbortHandle {
    tokio::spawn(async move {
        // A client that went away or was too slow is not the server's error.
        let _ = connection.await;
        drop(place);
    })
    .abort_handle()
}

/// After a failed accept: nothing for a client's own failure; otherwise (out of descriptors,
/// say) logged, and a second's pause so the loop does not spin.
async fn pause_after(error: std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(%error, "cannot accept a connection");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
