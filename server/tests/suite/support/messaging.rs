//! Texts and calls in tests (#30): a server with small caps, sends from ever-new people and
//! networks (so only the daily caps can refuse), and the day's start.

use latchkey_api::types::{Channel, MethodKind};
use latchkey_server::config::{Config, ServeArgs};
use latchkey_server::origin::{Context, Origin};
use latchkey_server::proof::{self, Owner};
use latchkey_server::security_info::error::SecurityInfoError;
use latchkey_server::store::Purpose;

use super::TestServer;

/// A server whose settings `change` sets (over the test defaults).
pub async fn server_with(change: impl FnOnce(&mut ServeArgs)) -> TestServer {
    let mut args = super::test_args().await;
    change(&mut args);
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

/// The same on `database`, where sends at the same moment really run side by side.
pub async fn server_on(
    database: &super::DatabaseOnDisk,
    change: impl FnOnce(&mut ServeArgs),
) -> TestServer {
    server_with(|args| {
        args.server.database_url = Some(database.url.clone());
        change(args);
    })
    .await
}

/// Someone's network, different for each `n`.
pub fn origin(n: usize) -> Origin {
    let address = format!("10.{}.{}.{}", n / 65536 % 256, n / 256 % 256, n % 256);
    Origin {
        ip: address.clone(),
        network: address,
        user_agent: "test".into(),
        language: None,
    }
}

/// Sends a code (or places a call) to `number` for `user_id` from network `n`, as an enrollment
/// does; the challenge's ID, or the refusal.
pub async fn send_for(
    server: &TestServer,
    user_id: &str,
    n: usize,
    number: &str,
    channel: Channel,
) -> Result<String, SecurityInfoError> {
    let origin = origin(n);
    let cx = Context {
        config: &server.state.config,
        origin: &origin,
        now: latchkey_server::clock::Clock::now(&server.clock),
    };
    let owner = Owner {
        user_id,
        session_hash: "session",
    };
    proof::issue(
        &server.state.store,
        &cx,
        &owner,
        Purpose::Enroll,
        MethodKind::Phone,
        channel,
        number,
    )
    .await
    .map(|challenge| challenge.id)
}

/// A send to `number` for a decoy (a name without an account) from network `n`.
pub async fn send(
    server: &TestServer,
    n: usize,
    number: &str,
    channel: Channel,
) -> Result<String, SecurityInfoError> {
    send_for(server, &format!("decoy:name{n}"), n, number, channel).await
}

/// Whether a send was refused as unavailable today, on the number.
pub fn unavailable_today(sent: &Result<String, SecurityInfoError>) -> bool {
    match sent {
        Err(SecurityInfoError::Refused(field)) => {
            field.field == "number" && field.code == latchkey_api::Problem::UnavailableToday
        }
        _ => false,
    }
}

/// A German mobile number, different for each `n` (and each prefix for `n` under 1000).
pub fn german(n: usize) -> String {
    format!("+49151{:03}{:05}", n % 1000, n)
}

/// Seconds from now to the next midnight UTC.
pub fn until_midnight(server: &TestServer) -> i64 {
    let now = latchkey_server::clock::Clock::now(&server.clock);
    86_400 - now.rem_euclid(86_400)
}

/// Puts `number` (E.164) on the safe list, as an admin would.
pub async fn put_on_safe_list(server: &TestServer, number: &str) {
    let mut tx = server.state.store.transaction().await.unwrap();
    let safe = latchkey_server::store::StoredSafeNumber {
        id: latchkey_server::store::new_id(),
        number: number.into(),
        note: "The CEO".into(),
        added_at: 0,
        added_by: "ada".into(),
    };
    assert!(tx.add_safe_number(&safe).await.unwrap());
    tx.commit().await.unwrap();
}
