//! The storage seam on whichever backend is under test: schema checks and `db copy`.

use crate::support;

use axum::http::StatusCode;
use latchkey_server::accounts::{NewAccount, create};
use latchkey_server::config::Config;
use latchkey_server::password::Hasher;
use latchkey_server::store::{Store, copy_all};
use support::{PASSWORD, TestServer, database_url, test_args};

/// A SQLite file (not memory) so the database outlives one pool.
fn sqlite_file(name: &str) -> (String, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("latchkey-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    (format!("sqlite:{}", dir.join("latchkey.db").display()), dir)
}

async fn reopen_url() -> (String, Option<std::path::PathBuf>) {
    let url = database_url().await;
    if url.starts_with("sqlite:") {
        let (url, dir) = sqlite_file("reopen");
        (url, Some(dir))
    } else {
        (url, None)
    }
}

#[tokio::test]
async fn a_server_refuses_a_schema_newer_than_it_knows() {
    let (url, dir) = reopen_url().await;
    let store = Store::connect(&url, 2).await.unwrap();
    drop(store);
    // Pretend a newer Latchkey applied migration 9999.
    let checksum = if url.starts_with("sqlite:") {
        "x'00'"
    } else {
        "'\\x00'::bytea"
    };
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    sqlx::query(&format!(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (9999, 'from the future', TRUE, {checksum}, 0)"
    ))
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let error = Store::connect(&url, 2).await.unwrap_err().to_string();
    assert!(error.contains("newer than this server"), "{error}");
    assert!(error.contains("9999"), "{error}");
    if let Some(dir) = dir {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[tokio::test]
async fn migrations_are_idempotent_across_restarts() {
    let (url, dir) = reopen_url().await;
    Store::connect(&url, 2).await.unwrap();
    Store::connect(&url, 2).await.unwrap();
    if let Some(dir) = dir {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[tokio::test]
async fn db_copy_moves_accounts_and_sessions_from_sqlite() {
    // The source is always a SQLite file, as when an installation outgrows one machine.
    let (source_url, dir) = sqlite_file("copy");
    let source = Store::connect(&source_url, 2).await.unwrap();
    let config = Config::resolve(test_args().await).unwrap();
    let hasher = Hasher::new(1);
    let account = NewAccount {
        username: "jdoe",
        email: "jane.doe@contoso.com",
        display_name: "Jane Doe",
        password: PASSWORD,
    };
    create(&source, &hasher, &config, account, 1_800_000_000)
        .await
        .unwrap();
    source
        .autocommit()
        .await
        .unwrap()
        .create_session(
            "0123abcd",
            &source.users().await.unwrap()[0].id,
            1_800_000_000,
        )
        .await
        .unwrap();
    source
        .autocommit()
        .await
        .unwrap()
        .record_sign_in_failure("account:mallory", 1_800_000_000, 0)
        .await
        .unwrap();
    // A reset under way moves too (the copy once left out five of the sixteen tables).
    let flow = latchkey_server::store::NewResetFlow {
        id_hash: "abc",
        user_id: None,
        name_key: "key",
        steps_required: 1,
        expires_at: 1_800_000_900,
    };
    source
        .autocommit()
        .await
        .unwrap()
        .create_reset_flow(flow, 1_800_000_000)
        .await
        .unwrap();

    let destination = Store::connect(&config.database_url, 2).await.unwrap();
    let copied = copy_all(&source, &destination).await.unwrap();
    assert_eq!(copied, 4);
    assert!(destination.reset_flow("abc").await.unwrap().is_some());
    let users = destination.users().await.unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].display_name, "Jane Doe");
    assert!(destination.session("0123abcd").await.unwrap().is_some());
    assert_eq!(
        destination
            .sign_in_failures("account:mallory")
            .await
            .unwrap(),
        Some((1, 1_800_000_000))
    );
    // A second copy would duplicate accounts: refused.
    let again = copy_all(&source, &destination).await.unwrap_err();
    assert!(again.to_string().contains("already has accounts"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn the_copied_password_hash_still_signs_in() {
    let (source_url, dir) = sqlite_file("copy-sign-in");
    let source = Store::connect(&source_url, 2).await.unwrap();
    let server = TestServer::new().await;
    // The test server created jdoe; copy it the other way round into a fresh SQLite file.
    copy_all(&server.state.store, &source).await.unwrap();
    let user = source.find_user_for_sign_in("jdoe").await.unwrap().unwrap();
    assert!(
        Hasher::new(1)
            .verify(PASSWORD, Some(&user.password_hash))
            .await
    );
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// The directory's tries (security.md 52) on this backend: a share is never overrun, even by
/// requests racing each other, and starts again once the last try is older than the window.
#[tokio::test]
async fn directory_tries_stop_at_their_share_and_restart_after_the_window() {
    let store = Store::connect(&database_url().await, 8).await.unwrap();
    let now = 1_800_000_000;
    let mut raced = tokio::task::JoinSet::new();
    for _ in 0..12 {
        let store = store.clone();
        raced.spawn(async move {
            store
                .autocommit()
                .await
                .unwrap()
                .take_directory_try("directory:p", 3, now, now - 600)
                .await
        });
    }
    let taken = raced
        .join_all()
        .await
        .into_iter()
        .filter(|taken| *taken.as_ref().unwrap())
        .count();
    assert_eq!(taken, 3, "three of twelve racing tries");
    // Within the window, still spent, however late the last refusal.
    let later = now + 590;
    assert!(
        !store
            .autocommit()
            .await
            .unwrap()
            .take_directory_try("directory:p", 3, later, later - 600)
            .await
            .unwrap()
    );
    // The window after the last try sent: a new share.
    let after = now + 601;
    assert!(
        store
            .autocommit()
            .await
            .unwrap()
            .take_directory_try("directory:p", 3, after, after - 600)
            .await
            .unwrap()
    );
    store
        .autocommit()
        .await
        .unwrap()
        .clear_directory_tries(&["directory:p"])
        .await
        .unwrap();
    for _ in 0..3 {
        assert!(
            store
                .autocommit()
                .await
                .unwrap()
                .take_directory_try("directory:p", 3, after, after - 600)
                .await
                .unwrap()
        );
    }
    assert!(
        !store
            .autocommit()
            .await
            .unwrap()
            .take_directory_try("directory:p", 3, after, after - 600)
            .await
            .unwrap()
    );
    assert!(
        !store
            .autocommit()
            .await
            .unwrap()
            .take_directory_try("directory:q", 0, after, after - 600)
            .await
            .unwrap()
    );
}
