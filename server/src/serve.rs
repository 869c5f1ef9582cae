//! Running the server: logs and metrics, the demo account in development, housekeeping, the
//! delivery worker, connections within limits (`connections`), and a graceful stop on SIGTERM
//! or Ctrl-C.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use rand::Rng;
use tokio::sync::watch;

use crate::accounts::{DEMO_USERNAME, ensure_demo};
use crate::clock::{Clock, DevelopmentClock, SystemClock};
use crate::config::{Config, LogFormat};
use crate::state::AppState;

/// Starts the server and runs until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    crate::telemetry::logs::start(config.log_format);
    let metrics = config
        .metrics_listen
        .map(|_| crate::telemetry::metrics::install())
        .transpose()?;
    if config.open_to_every_country {
        tracing::warn!(
            "texts and calls go to every country: set default_country, sms_countries or \
             voice_countries (docs/gateways.md, \"Countries and kinds of numbers\")"
        );
    }
    let clock: Arc<dyn Clock> = if config.development_mode {
        Arc::new(DevelopmentClock::default())
    } else {
        Arc::new(SystemClock)
    };
    let state = AppState::new(config.clone(), clock.clone()).await?;
    // The demo account is one of Latchkey's own; with a directory, the people are its.
    let demo_password = if config.development_mode && config.directory.is_none() {
        let password =
            std::env::var("LATCHKEY_DEMO_PASSWORD").unwrap_or_else(|_| random_password());
        ensure_demo(&state.store, &state.hasher, &config, &clock, &password)
            .await
            .context("cannot set up the demo account (check LATCHKEY_DEMO_PASSWORD)")?;
        Some(password)
    } else {
        None
    };
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    if let (Some(handle), Some(listen)) = (metrics, config.metrics_listen) {
        let serving = crate::http::metrics_listener::listen(listen, handle, state.clone()).await?;
        tokio::spawn(serving);
        announce(
            &config,
            &format!("Metrics are served at http://{listen}/metrics"),
        );
    }
    let (stop, stopping) = watch::channel(false);
    tokio::spawn(crate::housekeeping::run(state.clone()));
    let worker = tokio::spawn(crate::delivery::run_worker(state.clone(), stopping.clone()));
    let address = listener.local_addr()?;
    // On this machine, by name: browsers offer passkeys to localhost but not to 127.0.0.1.
    let shown = if address.ip().is_loopback() {
        format!("localhost:{}", address.port())
    } else {
        address.to_string()
    };
    announce(&config, &format!("Latchkey is running at http://{shown}/"));
    if let Some(password) = demo_password {
        announce(
            &config,
            &format!("Development mode: sign in as {DEMO_USERNAME} with the password {password}"),
        );
    }
    let cap = crate::http::connections::connection_cap(
        config.max_connections,
        crate::http::connections::RESERVE,
    );
    tracing::info!(cap, "serving at most {cap} connections at once");
    let serving = crate::http::connections::serve(listener, crate::app(state), cap, async move {
        stopped().await;
        tracing::info!("stopping: no new connections; finishing the requests under way");
        let _ = stop.send(true);
    });
    // Requests under way get a bounded time to finish once the server is told to stop.
    let mut told = stopping.clone();
    tokio::select! {
        () = serving => {},
        () = async {
            let _ = told.wait_for(|stopped| *stopped).await;
            tokio::time::sleep(REQUEST_GRACE).await;
        } => tracing::warn!("stopping: requests still under way after {REQUEST_GRACE:?} are cut off"),
    }
    // The delivery worker finishes or gives back the message it holds.
    let grace = crate::delivery::STOP_GRACE + Duration::from_secs(1);
    if tokio::time::timeout(grace, worker).await.is_err() {
        tracing::warn!("stopping: the delivery worker did not finish");
    }
    tracing::info!("stopped");
    Ok(())
}

/// How long requests under way may take to finish once the server is told to stop.
const REQUEST_GRACE: Duration = Duration::from_secs(20);

/// Tells the person who started the server something: on standard output beside text logs, on
/// standard error when standard output carries JSON for a log collector.
fn announce(config: &Config, line: &str) {
    match config.log_format {
        LogFormat::Text => println!("{line}"),
        LogFormat::Json => eprintln!("{line}"),
    }
}

/// A demo password that passes the policy: four groups of four letters and digits.
fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rngs::OsRng;
    let groups: Vec<String> = (0..4)
        .map(|_| {
            (0..4)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect()
        })
        .collect();
    groups.join("-")
}

async fn stopped() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_demo_passwords_pass_the_policy() {
        let config = Config::for_tests();
        for _ in 0..20 {
            let password = random_password();
            assert_eq!(password.len(), 19);
            let account = crate::accounts::NewAccount {
                username: DEMO_USERNAME,
                email: crate::accounts::DEMO_EMAIL,
                display_name: "Demo User",
                password: &password,
            };
            crate::accounts::check(&config, &account).unwrap();
        }
    }
}
