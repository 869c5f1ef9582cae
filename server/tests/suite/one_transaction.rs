//! One person's action, one transaction: when a write late in it fails (here queuing its
//! notices, through a trigger added behind the server's back), nothing of it is kept — a reset
//! is not finished, a change is not noted, nothing is audited, no session ends and nothing is
//! sent — and once the fault is gone the person does it again.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use sqlx::AnyPool;
use support::reset::{NEW_PASSWORD, PERSONAL, prove, set_password, start, unlock};
use support::{DatabaseOnDisk, TestServer};

/// A server on `database`, with an easy puzzle.
async fn server_on(database: &DatabaseOnDisk) -> TestServer {
    let mut args = support::test_args().await;
    args.database_url = Some(database.url.clone());
    args.reset_puzzle_difficulty = Some(2);
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

/// A connection of the test's own to the server's database.
async fn beside(database: &DatabaseOnDisk) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPool::connect(&database.url).await.unwrap()
}

/// From now on, every message fails to be queued (`false`: again as usual).
async fn refuse_messages(pool: &AnyPool, postgres: bool, refuse: bool) {
    let statements: &[&str] = match (postgres, refuse) {
        (false, true) => &["CREATE TRIGGER refuse_messages BEFORE INSERT ON deliveries
             BEGIN SELECT RAISE(ABORT, 'injected'); END"],
        (false, false) => &["DROP TRIGGER refuse_messages"],
        (true, true) => &[
            "CREATE FUNCTION refuse_messages() RETURNS trigger AS
             $$ BEGIN RAISE EXCEPTION 'injected'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_messages BEFORE INSERT ON deliveries
             FOR EACH ROW EXECUTE FUNCTION refuse_messages()",
        ],
        (true, false) => &["DROP TRIGGER refuse_messages ON deliveries"],
    };
    for statement in statements {
        sqlx::query(statement).execute(pool).await.unwrap();
    }
}

async fn messages(pool: &AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM deliveries")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// jdoe signed in with a personal email, and a reset proven with it; the session and the
/// reset's cookie.
async fn signed_in_and_proven(server: &TestServer) -> (String, String) {
    let session = server.with_email_method(PERSONAL).await;
    let (started, cookie) = start(server, "jdoe").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let cookie = cookie.unwrap();
    let proven = prove(server, &cookie, "email:email", None, PERSONAL).await;
    assert_eq!(proven.body["stage"], "new_password", "{:?}", proven.body);
    (session, cookie)
}

/// Nothing of a finish that failed was kept: the reset still asks for its password, the
/// session is still signed in, nothing is audited as `action` and no message is queued.
async fn nothing_kept(server: &TestServer, session: &str, reset: &str, action: &str) {
    let status = server
        .send(Method::GET, "/api/v1/reset", None, Some(reset))
        .await;
    assert_eq!(status.status, StatusCode::OK, "{:?}", status.body);
    assert_eq!(status.body["stage"], "new_password", "{:?}", status.body);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(session))
        .await;
    assert_eq!(
        me.status,
        StatusCode::OK,
        "the session ended: {:?}",
        me.body
    );
    let audit = server.audit_of_jdoe().await;
    assert!(
        audit.iter().all(|(done, _)| done != action),
        "audited though not finished: {audit:?}"
    );
}

#[tokio::test]
async fn a_reset_whose_notices_cannot_be_queued_is_not_finished_nor_audited() {
    let database = DatabaseOnDisk::new().await;
    let postgres = database.url.starts_with("postgres");
    let server = server_on(&database).await;
    let pool = beside(&database).await;
    let (session, reset) = signed_in_and_proven(&server).await;
    let before = messages(&pool).await;

    refuse_messages(&pool, postgres, true).await;
    let failed = set_password(&server, &reset, NEW_PASSWORD).await;
    assert!(failed.status.is_server_error(), "{:?}", failed.body);
    nothing_kept(&server, &session, &reset, "password_reset").await;
    assert_eq!(messages(&pool).await, before);

    refuse_messages(&pool, postgres, false).await;
    let again = set_password(&server, &reset, "copper-heron-47-gently").await;
    assert_eq!(again.status, StatusCode::NO_CONTENT, "{:?}", again.body);
    let audit = server.audit_of_jdoe().await;
    assert!(audit.iter().any(|(done, _)| done == "password_reset"));
    // The work address and the personal email.
    assert_eq!(messages(&pool).await, before + 2);
}

#[tokio::test]
async fn an_unlock_whose_notices_cannot_be_queued_is_not_finished_nor_audited() {
    let database = DatabaseOnDisk::new().await;
    let postgres = database.url.starts_with("postgres");
    let server = server_on(&database).await;
    let pool = beside(&database).await;
    let (session, reset) = signed_in_and_proven(&server).await;
    let before = messages(&pool).await;

    refuse_messages(&pool, postgres, true).await;
    let failed = unlock(&server, &reset).await;
    assert!(failed.status.is_server_error(), "{:?}", failed.body);
    nothing_kept(&server, &session, &reset, "account_unlocked").await;
    assert_eq!(messages(&pool).await, before);

    refuse_messages(&pool, postgres, false).await;
    let again = unlock(&server, &reset).await;
    assert_eq!(again.status, StatusCode::NO_CONTENT, "{:?}", again.body);
    assert_eq!(messages(&pool).await, before + 2);
}

#[tokio::test]
async fn a_password_change_whose_notices_cannot_be_queued_is_not_noted_nor_audited() {
    let database = DatabaseOnDisk::new().await;
    let postgres = database.url.starts_with("postgres");
    let server = server_on(&database).await;
    let pool = beside(&database).await;
    let session = server.with_email_method(PERSONAL).await;
    let noted = server.jdoe().await.password_changed_at;
    let before = messages(&pool).await;
    // A change noted now would show.
    server.clock.advance(60);

    refuse_messages(&pool, postgres, true).await;
    let failed = server
        .change_password(&session, support::PASSWORD, NEW_PASSWORD)
        .await;
    assert!(failed.status.is_server_error(), "{:?}", failed.body);
    assert_eq!(server.jdoe().await.password_changed_at, noted);
    let audit = server.audit_of_jdoe().await;
    assert!(
        audit.iter().all(|(done, _)| done != "password_changed"),
        "audited though not noted: {audit:?}"
    );
    assert_eq!(messages(&pool).await, before);

    refuse_messages(&pool, postgres, false).await;
    let again = server
        .change_password(&session, NEW_PASSWORD, "copper-heron-47-gently")
        .await;
    assert_eq!(again.status, StatusCode::NO_CONTENT, "{:?}", again.body);
    assert_ne!(server.jdoe().await.password_changed_at, noted);
    let audit = server.audit_of_jdoe().await;
    assert!(audit.iter().any(|(done, _)| done == "password_changed"));
    // The work address and the personal email.
    assert_eq!(messages(&pool).await, before + 2);
}

#[tokio::test]
async fn signing_out_everywhere_whose_notices_cannot_be_queued_ends_no_session() {
    let database = DatabaseOnDisk::new().await;
    let postgres = database.url.starts_with("postgres");
    let server = server_on(&database).await;
    let pool = beside(&database).await;
    let session = server.with_email_method(PERSONAL).await;
    let before = messages(&pool).await;
    let everywhere = || server.send(Method::DELETE, "/api/v1/sessions", None, Some(&session));

    refuse_messages(&pool, postgres, true).await;
    let failed = everywhere().await;
    assert!(failed.status.is_server_error(), "{:?}", failed.body);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&session))
        .await;
    assert_eq!(
        me.status,
        StatusCode::OK,
        "the session ended: {:?}",
        me.body
    );
    let audit = server.audit_of_jdoe().await;
    assert!(
        audit
            .iter()
            .all(|(done, _)| done != "signed_out_everywhere"),
        "audited though no session ended: {audit:?}"
    );
    assert_eq!(messages(&pool).await, before);

    refuse_messages(&pool, postgres, false).await;
    let again = everywhere().await;
    assert_eq!(again.status, StatusCode::NO_CONTENT, "{:?}", again.body);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&session))
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "{:?}", me.body);
    assert_eq!(messages(&pool).await, before + 2);
}
