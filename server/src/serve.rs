//! Running the server: logging, the demo account in development, housekeeping, graceful stop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use rand::Rng;

use crate::accounts::{DEMO_USERNAME, ensure_demo};
use crate::clock::{Clock, DevelopmentClock, SystemClock};
use crate::config::Config;
use crate::sessions::{ABSOLUTE_TIMEOUT, IDLE_TIMEOUT};
use crate::state::AppState;

/// Starts the server and runs until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LATCHKEY_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let clock: Arc<dyn Clock> = if config.development_mode {
        Arc::new(DevelopmentClock::default())
    } else {
        Arc::new(SystemClock)
    };
    let state = AppState::new(config.clone(), clock.clone()).await?;
    let demo_password = if config.development_mode {
        let password =
            std::env::var("LATCHKEY_DEMO_PASSWORD").unwrap_or_else(|_| random_password());
        ensure_demo(&state.store, &state.hasher, &config, &clock, &password)
            .await
            .context("cannot set up the demo account (check LATCHKEY_DEMO_PASSWORD)")?;
        Some(password)
    } else {
        None
    };
    tokio::spawn(housekeeping(state.clone()));
    tokio::spawn(crate::delivery::run_worker(state.clone()));
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.listen))?;
    let address = listener.local_addr()?;
    // On this machine, by name: browsers offer passkeys to localhost but not to 127.0.0.1.
    let shown = if address.ip().is_loopback() {
        format!("localhost:{}", address.port())
    } else {
        address.to_string()
    };
    println!("Latchkey is running at http://{shown}/");
    if let Some(password) = demo_password {
        println!("Development mode: sign in as {DEMO_USERNAME} with the password {password}");
    }
    axum::serve(
        listener,
        crate::app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stopped())
    .await?;
    Ok(())
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

/// Every ten minutes, deletes expired sessions and stale failure counts.
async fn housekeeping(state: AppState) {
    let mut every = tokio::time::interval(Duration::from_secs(600));
    loop {
        every.tick().await;
        let now = state.clock.now();
        let done = state
            .store
            .purge_expired(now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT, now - 86_400)
            .await;
        if let Err(error) = done {
            tracing::warn!(%error, "housekeeping failed");
        }
    }
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
