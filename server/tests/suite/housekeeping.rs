//! Old rows go away by themselves: after a day of sign-ins, codes, resets and gateway traffic,
//! the sweep leaves only accounts, their methods and the audit log, which is kept for
//! `audit_retention_days` — so the tables stay bounded however long the server runs.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use serde_json::json;
use support::reset::{PERSONAL, start};
use support::{DatabaseOnDisk, PASSWORD, TestServer};

/// Tables that only hold what expires.
const PASSING: &[&str] = &[
    "sessions",
    "sign_in_failures",
    "challenges",
    "reset_flows",
    "pending_methods",
    "send_limits",
    "deliveries",
    "outbox",
    "spent_puzzles",
];

async fn rows(pool: &sqlx::AnyPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// A day's traffic: a wrong sign-in, a sign-in verified by email (an email registered on the
/// first day: a notice and an audit entry too), an app's registration left half-done, and a
/// reset started.
async fn a_day_of_use(server: &TestServer, first: bool) {
    assert_eq!(
        server.sign_in("jdoe", "not-the-password").await.status,
        StatusCode::UNAUTHORIZED
    );
    let cookie = if first {
        server.with_email_method(PERSONAL).await
    } else {
        server.signed_in_and_verified().await
    };
    server.deliver_all().await;
    let app = json!({"name": "Phone app"});
    let started = server
        .send(
            Method::POST,
            "/api/v1/authenticators",
            Some(app),
            Some(&cookie),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let (started, _) = start(server, "jdoe").await;
    assert_eq!(started.status, StatusCode::OK);
}

#[tokio::test]
async fn the_sweep_keeps_every_table_bounded() {
    let database = DatabaseOnDisk::new().await;
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    args.limits.reset_puzzle_difficulty = Some(2);
    args.limits.audit_retention_days = Some(30);
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database.url).await.unwrap();

    for day in 0..3 {
        a_day_of_use(&server, day == 0).await;
        for table in PASSING {
            assert!(
                rows(&pool, table).await > 0,
                "day {day}: nothing in {table}"
            );
        }
        // Within the day nothing is swept too early: the session still works.
        latchkey_server::housekeeping::sweep(&server.state)
            .await
            .unwrap();
        assert!(rows(&pool, "sessions").await > 0);
        server.clock.advance(2 * 24 * 60 * 60);
        let deleted = latchkey_server::housekeeping::sweep(&server.state)
            .await
            .unwrap();
        assert!(deleted > 0);
        for table in PASSING {
            assert_eq!(rows(&pool, table).await, 0, "day {day}: {table} kept rows");
        }
    }
    // What lasts: the account, its methods, and the audit log.
    assert_eq!(rows(&pool, "users").await, 1);
    assert_eq!(rows(&pool, "methods").await, 1);
    assert!(rows(&pool, "audit_log").await > 0);
    // Until audit_retention_days have passed.
    server.clock.advance(30 * 24 * 60 * 60);
    latchkey_server::housekeeping::sweep(&server.state)
        .await
        .unwrap();
    assert_eq!(rows(&pool, "audit_log").await, 0);
    assert_eq!(rows(&pool, "methods").await, 1);
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
}
