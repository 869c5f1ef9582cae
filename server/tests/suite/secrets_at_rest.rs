//! Secrets never rest in readable form (security.md 4, 18, 29): after a whole enrollment and
//! reset, no code that was sent, no password, session ID or authenticator key is found in any
//! column of any table (the development outbox aside, which exists to show codes), nor in the
//! logs at any level.

use crate::support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use latchkey_server::clock::Clock;
use latchkey_server::config::Config;
use serde_json::json;
use sqlx::{Column, Row};
use support::reset::{NEW_PASSWORD, PERSONAL, PHONE, enroll, post, prove, start};
use support::{DatabaseOnDisk, PASSWORD, TestServer};

/// Everything logged, at every level.
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<Vec<u8>>>);

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything any test in this binary logs from now on, at every level. A process-wide
/// subscriber, because a scoped one misses log statements that another test's thread met
/// first (tracing caches each statement's interest).
fn everything_logged() -> Logs {
    static LOGS: std::sync::OnceLock<Logs> = std::sync::OnceLock::new();
    LOGS.get_or_init(|| {
        let logs = Logs::default();
        let writer = logs.clone();
        // JSON lines with the request's span, as `LATCHKEY_LOG_FORMAT=json` writes them.
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .json()
            .flatten_event(true)
            .with_current_span(true)
            // Times carry six-digit fractions that a code could match by chance.
            .without_time()
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other test sets one");
        logs
    })
    .clone()
}

/// Every text in every table but the development outbox, one string per value.
async fn every_stored_text(url: &str) -> Vec<String> {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let tables = if url.starts_with("sqlite") {
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    } else {
        "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables
         WHERE table_schema = current_schema()"
    };
    let mut texts = Vec::new();
    for table in sqlx::query(tables).fetch_all(&pool).await.unwrap() {
        let table: String = table.try_get("name").unwrap();
        if table == "outbox" || table == "_sqlx_migrations" {
            continue;
        }
        let rows = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(&pool)
            .await
            .unwrap();
        for row in rows {
            for column in row.columns() {
                if let Ok(Some(text)) = row.try_get::<Option<String>, _>(column.ordinal()) {
                    texts.push(format!("{table}.{}={text}", column.name()));
                }
            }
        }
    }
    pool.close().await;
    texts
}

#[tokio::test]
async fn no_code_password_session_or_key_is_kept_readable_or_logged() {
    let logs = everything_logged();
    let database = DatabaseOnDisk::new().await;
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    args.limits.reset_puzzle_difficulty = Some(2);
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    let session = enroll(&server, true).await;
    // An authenticator app: its key is shown once and kept only sealed.
    let started = post(&server, &session, "/api/v1/authenticators", json!({})).await;
    let key = started.body["key"].as_str().unwrap().replace(' ', "");
    let seed = totp_rs::Secret::Encoded(key.clone()).to_bytes().unwrap();
    let path = format!(
        "/api/v1/authenticators/{}/code",
        started.body["id"].as_str().unwrap()
    );
    let app_code = latchkey_server::security_info::totp::code_at(&seed, server.clock.now());
    let added = post(&server, &session, &path, json!({ "code": app_code })).await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    let recovery = post(&server, &session, "/api/v1/recovery-codes", json!(null)).await;
    let recovery_codes: Vec<String> = recovery.body["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    // A reset by text, and the new password.
    let (_, reset) = start(&server, "jdoe").await;
    let reset = reset.unwrap();
    let proven = prove(&server, &reset, "phone:sms", Some("425 555 0123"), PHONE).await;
    assert_eq!(proven.body["stage"], "new_password", "{:?}", proven.body);
    let done = post(
        &server,
        &reset,
        "/api/v1/reset/password",
        json!({"password": NEW_PASSWORD}),
    )
    .await;
    assert_eq!(done.status, StatusCode::NO_CONTENT);
    server.deliver_all().await;
    let signed_in = server.sign_in("jdoe", NEW_PASSWORD).await;
    let new_session = signed_in.session_cookie().unwrap();
    let familiar_browser = signed_in.cookie_named("latchkey_browser").unwrap();
    // A Temporary Access Pass, used.
    let jdoe = server.jdoe().await;
    let client = latchkey_server::origin::Origin::command_line();
    let cx = server.state.context(&client);
    let (pass, _) =
        latchkey_server::access_pass::issue_alone(&server.state.store, &cx, &jdoe, 3600, false)
            .await
            .unwrap();
    let body = json!({"username": "jdoe", "password": pass});
    let with_pass = post(&server, "", "/api/v1/session/access-pass", body).await;
    assert_eq!(with_pass.status, StatusCode::OK, "{:?}", with_pass.body);

    let mut secrets: Vec<String> = server
        .state
        .store
        .outbox()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|m| m.code)
        .collect();
    assert!(secrets.len() >= 3, "codes went to {PHONE} and {PERSONAL}");
    secrets.extend(recovery_codes);
    secrets.extend([
        key,
        PASSWORD.to_string(),
        NEW_PASSWORD.to_string(),
        session.split_once('=').unwrap().1.to_string(),
        new_session.split_once('=').unwrap().1.to_string(),
        reset.split_once('=').unwrap().1.to_string(),
        cookie_value(&familiar_browser),
        pass.replace('-', ""),
    ]);
    let stored = every_stored_text(&database.url).await;
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("signed in"), "the logs were captured");
    assert!(
        logged.contains("\"request_id\""),
        "request lines were captured"
    );
    for secret in &secrets {
        for text in &stored {
            assert!(
                !text.contains(secret.as_str()),
                "{secret:?} is kept in {text}"
            );
        }
        assert!(!logged.contains(secret.as_str()), "{secret:?} was logged");
    }
    assert!(!logged.contains("jdoe"), "typed names are not logged");
}

/// A `Set-Cookie` header's value.
fn cookie_value(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap();
    pair.split_once('=').unwrap().1.to_string()
}

/// The directory's service account password (security.md 44), with a real slapd configured:
/// not in the settings' `Debug`, not in an error at start, not in the logs of sign-ins, of the
/// directory going away and coming back, or of a reset.
#[tokio::test]
async fn the_directorys_bind_password_is_never_shown_or_logged() {
    use support::slapd::{SERVICE_DN, SERVICE_PASSWORD, Slapd};
    let logs = everything_logged();
    let mut slapd = Slapd::start().await;
    let mut args = support::test_args().await;
    args.limits.reset_puzzle_difficulty = Some(2);
    slapd.settings_for(&mut args, SERVICE_DN);
    let config = Config::resolve(args.clone()).unwrap();
    let settings = config.directory.clone().expect("a directory is configured");
    assert_eq!(settings.bind_password.expose(), SERVICE_PASSWORD);
    for shown in [
        format!("{args:?}"),
        format!("{config:?}"),
        format!("{settings:?}"),
        format!("{:#?}", config),
    ] {
        assert!(
            shown.contains(SERVICE_DN),
            "the settings were shown: {shown}"
        );
        assert!(!shown.contains(SERVICE_PASSWORD), "{shown}");
    }
    // A service password the directory refuses: the error names the account, not the password.
    let mut refused = args.clone();
    let wrong_password = "not-the-service-velvet-otter";
    refused.directory.directory_bind_password = Some(wrong_password.into());
    let clock = Arc::new(latchkey_server::clock::ManualClock::at(1_800_000_000));
    let Err(error) =
        latchkey_server::state::AppState::new(Config::resolve(refused).unwrap(), clock).await
    else {
        panic!("a wrong service password was taken");
    };
    let error = format!("{error:#} {error:?}");
    assert!(error.contains(SERVICE_DN), "{error}");
    assert!(!error.contains(wrong_password), "{error}");

    let server = TestServer::with_config(config).await;
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    let refused = server.sign_in("jdoe", "not-the-password-at-all").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    slapd.stop();
    let away = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(away.status, StatusCode::SERVICE_UNAVAILABLE);
    slapd.start_again().await;
    let (_, reset) = start(&server, "jdoe").await;
    assert!(reset.is_some(), "a reset starts");
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );

    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(logged.contains("signed in"), "the logs were captured");
    assert!(
        !logged.contains(SERVICE_PASSWORD),
        "the service password was logged"
    );
    assert!(
        !logged.contains(wrong_password),
        "a service password was logged"
    );
}
