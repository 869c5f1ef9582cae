//! Running it like production: health checks, Prometheus metrics, JSON logs with request IDs,
//! a graceful stop on SIGTERM, and a backup taken while the server serves.

use crate::support;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::process::{Answer, Caller, Replica, add_account, request};
use support::{DatabaseOnDisk, PASSWORD, TestServer, free_port};

async fn sign_in(port: u16, password: &str) -> Answer {
    let body = json!({"username": "jdoe", "password": password}).to_string();
    request(port, Method::POST, "/api/v1/session", Some(&body), None).await
}

/// The status and text of `GET path` on `port`.
async fn text_of(port: u16, path: &str) -> (StatusCode, String) {
    let answer = request(port, Method::GET, path, None, None).await;
    (answer.status, answer.text)
}

#[tokio::test]
async fn health_checks_answer_and_readiness_says_what_is_wrong() {
    let database = DatabaseOnDisk::new().await;
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    let config = latchkey_server::config::Config::resolve(args).unwrap();
    let server = TestServer::with_config(config).await;
    let live = server.send(Method::GET, "/healthz", None, None).await;
    assert_eq!(live.status, StatusCode::OK);
    let ready = server.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK, "{:?}", ready.body);
    assert_eq!(ready.body, serde_json::json!({"status": "ready"}));

    // A schema older than this build expects (someone restored an old backup under it).
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database.url).await.unwrap();
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&pool)
    .await
    .unwrap();
    let behind = server.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(behind.status, StatusCode::SERVICE_UNAVAILABLE);
    // Which part, publicly; why, for operators (security.md 60).
    assert_eq!(
        behind.body,
        serde_json::json!({"status": "not ready", "missing": ["database"]})
    );
    let missing = latchkey_server::http::health::readiness(&server.state).await;
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].part, "database");
    assert!(
        missing[0].reason.starts_with("the schema is at migration"),
        "{}",
        missing[0].reason
    );
    // Liveness is only about the process.
    let live = server.send(Method::GET, "/healthz", None, None).await;
    assert_eq!(live.status, StatusCode::OK);
}

#[tokio::test]
async fn metrics_count_what_happened_and_logs_are_json_lines_with_request_ids() {
    let database = DatabaseOnDisk::new().await;
    let metrics_port = free_port();
    let metrics_listen = format!("127.0.0.1:{metrics_port}");
    let log_path = std::env::temp_dir().join(format!(
        "latchkey-log-{}-{metrics_port}.jsonl",
        std::process::id()
    ));
    let log = std::fs::File::create(&log_path).unwrap();
    let settings = [
        ("LATCHKEY_METRICS_LISTEN", metrics_listen.as_str()),
        ("LATCHKEY_LOG_FORMAT", "json"),
        ("LATCHKEY_LOG", "info"),
        ("LATCHKEY_RESET_PUZZLE_DIFFICULTY", "1"),
    ];
    let mut replica = Replica::spawn_logged(&database.url, &settings, log);
    replica.wait_until_up().await;
    add_account(&database.url);

    let signed_in = sign_in(replica.port, PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert_eq!(
        sign_in(replica.port, "not-the-password").await.status,
        StatusCode::UNAUTHORIZED
    );
    let cookie = signed_in.cookie.unwrap();
    let started = Caller::default()
        .start_email(replica.port, &cookie, "jane@example.net")
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let (ready, _) = text_of(replica.port, "/readyz").await;
    assert_eq!(ready, StatusCode::OK);

    // The metrics listener answers readiness too, with reasons when there are any.
    assert_eq!(
        text_of(metrics_port, "/readyz").await,
        (StatusCode::OK, "ready\n".to_string())
    );
    let (status, metrics) = text_of(metrics_port, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    for expected in [
        "latchkey_http_requests_total{route=\"/api/v1/session\",status=\"200\"} 1",
        "latchkey_http_requests_total{route=\"/api/v1/session\",status=\"401\"} 1",
        "latchkey_http_request_duration_seconds_bucket{route=\"/api/v1/session\",le=\"+Inf\"} 2",
        "latchkey_sign_ins_total{result=\"signed_in\"} 1",
        "latchkey_sign_ins_total{result=\"refused\"} 1",
        "latchkey_password_hashes_waiting 0",
        "latchkey_database_connections{state=\"idle\"}",
        "latchkey_delivery_queue_depth",
        "latchkey_delivery_queue_oldest_seconds",
    ] {
        assert!(metrics.contains(expected), "{expected} not in:\n{metrics}");
    }
    // Routes are counted by pattern, never by path with its IDs.
    assert!(!metrics.contains(started.body["id"].as_str().unwrap()));
    // The metrics listener is not the application's, and the application does not serve them.
    let (on_app, _) = text_of(replica.port, "/metrics").await;
    assert_ne!(on_app, StatusCode::OK);

    // Every log line is one JSON object; each answered request has a line carrying its ID.
    drop(replica);
    let log = std::fs::read_to_string(&log_path).unwrap();
    std::fs::remove_file(&log_path).unwrap();
    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let request_id = signed_in.headers["x-request-id"].to_str().unwrap();
    let answered = lines
        .iter()
        .find(|line| line["span"]["request_id"] == request_id && line["message"] == "answered")
        .unwrap_or_else(|| panic!("no line for request {request_id} in {log}"));
    assert_eq!(answered["route"], "/api/v1/session");
    assert_eq!(answered["status"], 200);
    assert_eq!(answered["client"], "127.0.0.1");
    assert_eq!(answered["level"], "INFO");
    assert!(answered["latency_ms"].as_f64().unwrap() > 0.0);
    assert!(answered["timestamp"].is_string());
    // Health checks stay out of the log at info level.
    assert!(!log.contains("/readyz"), "{log}");
}

#[tokio::test]
async fn sigterm_finishes_the_requests_under_way_and_loses_nothing() {
    let database = DatabaseOnDisk::new().await;
    // One hashing thread: a burst of sign-ins queues up behind it.
    let settings = [("LATCHKEY_PASSWORD_HASH_CONCURRENCY", "1")];
    let mut replica = Replica::spawn_with(&database.url, true, &settings);
    replica.wait_until_up().await;
    add_account(&database.url);
    let port = replica.port;
    let burst: Vec<_> = (0..24)
        .map(|_| {
            tokio::spawn(async move {
                let body = json!({"username": "jdoe", "password": PASSWORD}).to_string();
                let answer = Caller::default()
                    .try_request(port, Method::POST, "/api/v1/session", Some(&body), None)
                    .await;
                (answer, Instant::now())
            })
        })
        .collect();
    // Wait until the burst is under way, then ask the server to stop.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !burst.iter().any(|task| task.is_finished()) {
        assert!(Instant::now() < deadline, "no sign-in was answered");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let stopped_at = Instant::now();
    let signal = std::process::Command::new("kill")
        .args(["-TERM", &replica.child.id().to_string()])
        .status()
        .unwrap();
    assert!(signal.success());
    let mut answered_after_stop = 0;
    let mut signed_in = 0;
    for task in burst {
        let (answer, at) = task.await.unwrap();
        let answer = answer.unwrap_or_else(|error| panic!("a request under way was lost: {error}"));
        assert_eq!(answer.status, StatusCode::OK);
        signed_in += 1;
        if at > stopped_at {
            answered_after_stop += 1;
        }
    }
    assert!(
        answered_after_stop > 0,
        "the burst was over before the signal"
    );
    let exit = tokio::task::spawn_blocking(move || {
        let status = replica.child.wait().unwrap();
        (status, replica)
    })
    .await
    .unwrap()
    .0;
    assert!(exit.success(), "the server stopped with {exit}");
    // Every sign-in answered is a session in the database.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database.url).await.unwrap();
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(sessions, signed_in);
    // And once stopped, nothing is listening.
    assert!(
        tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
    );
}

#[tokio::test]
async fn a_backup_taken_while_the_server_serves_restores_and_signs_in() {
    let database = DatabaseOnDisk::new().await;
    let backup = std::env::temp_dir().join(format!(
        "latchkey-backup-{}-{}.db",
        std::process::id(),
        latchkey_server::store::new_id()
    ));
    if database.url.starts_with("postgres") {
        // PostgreSQL is backed up with pg_dump, and the command says so.
        let refused = backup_command(&database.url, &backup);
        assert!(!refused.status.success());
        assert!(String::from_utf8_lossy(&refused.stderr).contains("pg_dump"));
        assert!(!backup.exists());
        return;
    }
    let mut replica = Replica::spawn(&database.url);
    replica.wait_until_up().await;
    add_account(&database.url);
    let port = replica.port;
    // Sign-ins keep writing sessions while the backup is taken.
    let traffic = tokio::spawn(async move {
        let mut answered = 0;
        for _ in 0..15 {
            assert_eq!(sign_in(port, PASSWORD).await.status, StatusCode::OK);
            answered += 1;
        }
        answered
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let made = backup_command(&database.url, &backup);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert_eq!(traffic.await.unwrap(), 15);
    // A second backup to the same file is refused rather than overwriting it.
    let again = backup_command(&database.url, &backup);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    drop(replica);

    let restored_url = format!("sqlite:{}", backup.display());
    let mut restored = Replica::spawn(&restored_url);
    restored.wait_until_up().await;
    assert_eq!(
        sign_in(restored.port, PASSWORD).await.status,
        StatusCode::OK
    );
    drop(restored);
    for ending in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ending}", backup.display()));
    }
}

fn backup_command(database_url: &str, to: &std::path::Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_latchkey-server"))
        .args(["db", "backup", "--database-url", database_url, "--to"])
        .arg(to)
        .output()
        .unwrap()
}
