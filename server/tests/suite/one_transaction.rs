//! One person's action, one transaction: when a write late in it fails (here queuing its
//! notices, through a trigger added behind the server's back), nothing of it is kept — a reset
//! is not finished, a change is not noted, nothing is audited, no session ends and nothing is
//! sent — and once the fault is gone the person does it again.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use sqlx::AnyPool;
use support::faults::{allow_inserts, refuse_inserts};
use support::reset::{NEW_PASSWORD, PERSONAL, prove, set_password, start, unlock};
use support::{DatabaseOnDisk, Reply, TestServer};

const ANOTHER_PASSWORD: &str = "copper-heron-47-gently";

/// A server on `database`, with an easy puzzle.
async fn server_on(database: &DatabaseOnDisk) -> TestServer {
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    args.limits.reset_puzzle_difficulty = Some(2);
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

/// The server's database seen through a connection of the test's own, from the end of a
/// test's set-up: where the fault is put in, and the messages queued since are counted.
struct Beside {
    url: String,
    pool: AnyPool,
    before: i64,
}

impl Beside {
    async fn after_set_up(database: &DatabaseOnDisk) -> Self {
        sqlx::any::install_default_drivers();
        let pool = AnyPool::connect(&database.url).await.unwrap();
        let before = messages(&pool).await;
        Self {
            url: database.url.clone(),
            pool,
            before,
        }
    }

    /// From now on, every message fails to be queued (`false`: again as usual).
    async fn refuse_messages(&self, refuse: bool) {
        if refuse {
            refuse_inserts(&self.url, "deliveries", None).await;
        } else {
            allow_inserts(&self.url, "deliveries").await;
        }
    }

    /// The action refused with the fault in: an error, and no message queued.
    async fn failed(&self, reply: &Reply) {
        assert!(reply.status.is_server_error(), "{:?}", reply.body);
        assert_eq!(messages(&self.pool).await, self.before);
    }

    /// The action done once the fault is gone: its two notices (the work address and the
    /// personal email) are queued.
    async fn done(&self, reply: &Reply) {
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{:?}", reply.body);
        assert_eq!(messages(&self.pool).await, self.before + 2);
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

/// Whether the session is still signed in.
async fn signed_in(server: &TestServer, session: &str) -> bool {
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(session))
        .await;
    me.status == StatusCode::OK
}

/// Whether jdoe's audit log has an entry for `action`.
async fn audited(server: &TestServer, action: &str) -> bool {
    let audit = server.audit_of_jdoe().await;
    audit.iter().any(|(done, _)| done == action)
}

/// Nothing of a reset's finish that failed was kept: the reset still asks for its password,
/// the session is still signed in and nothing is audited as `action`.
async fn nothing_kept(server: &TestServer, session: &str, reset: &str, action: &str) {
    let status = server
        .send(Method::GET, "/api/v1/reset", None, Some(reset))
        .await;
    assert_eq!(status.status, StatusCode::OK, "{:?}", status.body);
    assert_eq!(status.body["stage"], "new_password", "{:?}", status.body);
    assert!(signed_in(server, session).await, "the session ended");
    assert!(
        !audited(server, action).await,
        "audited though not finished"
    );
}

#[tokio::test]
async fn a_reset_whose_notices_cannot_be_queued_is_not_finished_nor_audited() {
    let database = DatabaseOnDisk::new().await;
    let server = server_on(&database).await;
    let (session, reset) = signed_in_and_proven(&server).await;
    let beside = Beside::after_set_up(&database).await;

    beside.refuse_messages(true).await;
    beside
        .failed(&set_password(&server, &reset, NEW_PASSWORD).await)
        .await;
    nothing_kept(&server, &session, &reset, "password_reset").await;

    beside.refuse_messages(false).await;
    beside
        .done(&set_password(&server, &reset, ANOTHER_PASSWORD).await)
        .await;
    assert!(audited(&server, "password_reset").await);
}

#[tokio::test]
async fn an_unlock_whose_notices_cannot_be_queued_is_not_finished_nor_audited() {
    let database = DatabaseOnDisk::new().await;
    let server = server_on(&database).await;
    let (session, reset) = signed_in_and_proven(&server).await;
    let beside = Beside::after_set_up(&database).await;

    beside.refuse_messages(true).await;
    beside.failed(&unlock(&server, &reset).await).await;
    nothing_kept(&server, &session, &reset, "account_unlocked").await;

    beside.refuse_messages(false).await;
    beside.done(&unlock(&server, &reset).await).await;
    assert!(audited(&server, "account_unlocked").await);
}

#[tokio::test]
async fn a_password_change_whose_notices_cannot_be_queued_is_not_noted_nor_audited() {
    let database = DatabaseOnDisk::new().await;
    let server = server_on(&database).await;
    let session = server.with_email_method(PERSONAL).await;
    let noted = server.jdoe().await.password_changed_at;
    let beside = Beside::after_set_up(&database).await;
    // A change noted now would show.
    server.clock.advance(60);

    beside.refuse_messages(true).await;
    let change = |current, new| server.change_password(&session, current, new);
    beside
        .failed(&change(support::PASSWORD, NEW_PASSWORD).await)
        .await;
    assert_eq!(server.jdoe().await.password_changed_at, noted);
    assert!(
        !audited(&server, "password_changed").await,
        "audited though not noted"
    );

    beside.refuse_messages(false).await;
    beside
        .done(&change(NEW_PASSWORD, ANOTHER_PASSWORD).await)
        .await;
    assert_ne!(server.jdoe().await.password_changed_at, noted);
    assert!(audited(&server, "password_changed").await);
}

#[tokio::test]
async fn signing_out_everywhere_whose_notices_cannot_be_queued_ends_no_session() {
    let database = DatabaseOnDisk::new().await;
    let server = server_on(&database).await;
    let session = server.with_email_method(PERSONAL).await;
    let beside = Beside::after_set_up(&database).await;
    let everywhere = || server.send(Method::DELETE, "/api/v1/sessions", None, Some(&session));

    beside.refuse_messages(true).await;
    beside.failed(&everywhere().await).await;
    assert!(signed_in(&server, &session).await, "the session ended");
    let action = "signed_out_everywhere";
    assert!(
        !audited(&server, action).await,
        "audited though no session ended"
    );

    beside.refuse_messages(false).await;
    beside.done(&everywhere().await).await;
    assert!(!signed_in(&server, &session).await);
    assert!(audited(&server, action).await);
}
