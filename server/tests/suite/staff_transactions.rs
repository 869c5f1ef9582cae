//! One staff action, one transaction (#29): when a later write of "require re-registration",
//! of making a Temporary Access Pass, or of a person removing their own method fails — a notice,
//! or the staff member's own audit entry — none of it is kept: the methods and sessions stay, no
//! pass is made, and no audit entry or notice of it is left. The failure is injected with a
//! database trigger added through a connection of its own.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use latchkey_server::staff::Role;
use serde_json::json;
use sqlx::Row;
use support::faults::{allow_inserts, refuse_inserts};
use support::reset::PERSONAL;
use support::staff::{entries_of, get, post, staff};
use support::{DatabaseOnDisk, TestServer};

/// How many messages are queued for `recipient`, read through a connection of its own.
async fn queued_for(url: &str, recipient: &str) -> i64 {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let row = sqlx::query("SELECT COUNT(*) AS queued FROM deliveries WHERE recipient = $1")
        .bind(recipient)
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    row.try_get("queued").unwrap()
}

/// A server on a database file, jdoe with an email method (and her session), and an admin who
/// verified her as a caller: the database, the server, her cookie, the admin's, and her ID.
async fn jane_and_ada() -> (DatabaseOnDisk, TestServer, String, String, String) {
    let database = DatabaseOnDisk::new().await;
    let mut config = Config::resolve(support::test_args().await).unwrap();
    config.database_url = database.url.clone();
    let server = TestServer::with_config(config).await;
    let jane = server.with_email_method(PERSONAL).await;
    let admin = staff(&server, "ada", Role::Admin).await;
    let id = server.jdoe().await.id;
    let vouched = format!("/api/v1/admin/people/{id}/verification");
    let reason = json!({"reason": "INC-1: at the desk"});
    let verified = post(&server, &admin, &vouched, reason).await;
    assert_eq!(
        verified.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        verified.body
    );
    server.deliver_all().await;
    (database, server, jane, admin, id)
}

#[tokio::test]
async fn a_re_registration_that_fails_half_way_leaves_nothing_of_itself() {
    let (database, server, jane, admin, id) = jane_and_ada().await;
    let methods = server.state.store.methods(&id).await.unwrap();
    let entries = entries_of(&server, "jdoe").await.len();
    let queued = queued_for(&database.url, PERSONAL).await;
    let again = format!("/api/v1/admin/people/{id}/re-registration");
    let last_entry = "NEW.action = 'staff_re_registration'";
    for (table, condition) in [("deliveries", "1 = 1"), ("audit_log", last_entry)] {
        refuse_inserts(&database.url, table, Some(condition)).await;
        let failed = post(&server, &admin, &again, json!({"ticket": "INC-3"})).await;
        assert_eq!(
            failed.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{table}: {:?}",
            failed.body
        );
        allow_inserts(&database.url, table).await;
        assert_eq!(
            server.state.store.methods(&id).await.unwrap(),
            methods,
            "{table}: the methods stay"
        );
        let me = get(&server, &jane, "/api/v1/me").await;
        assert_eq!(me.status, StatusCode::OK, "{table}: the sessions stay");
        assert_eq!(
            entries_of(&server, "jdoe").await.len(),
            entries,
            "{table}: no audit entry"
        );
        assert_eq!(
            queued_for(&database.url, PERSONAL).await,
            queued,
            "{table}: no notice"
        );
    }
    // Without the failure, the same request does it all.
    let done = post(&server, &admin, &again, json!({"ticket": "INC-3"})).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    assert!(server.state.store.methods(&id).await.unwrap().is_empty());
    assert!(queued_for(&database.url, PERSONAL).await > queued);
    let actions: Vec<String> = entries_of(&server, "jdoe")
        .await
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert!(actions.contains(&"re_registration_required".to_string()));
    assert!(actions.contains(&"staff_re_registration".to_string()));
}

#[tokio::test]
async fn a_pass_whose_staff_entry_fails_is_not_made_nor_announced() {
    let (database, server, _, admin, id) = jane_and_ada().await;
    let entries = entries_of(&server, "jdoe").await.len();
    let queued = queued_for(&database.url, PERSONAL).await;
    let path = format!("/api/v1/admin/people/{id}/access-pass");
    let request = json!({"lifetime_minutes": 60, "reusable": false, "ticket": "INC-4"});
    let last_entry = "NEW.action = 'staff_access_pass'";
    refuse_inserts(&database.url, "audit_log", Some(last_entry)).await;
    let failed = post(&server, &admin, &path, request.clone()).await;
    allow_inserts(&database.url, "audit_log").await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    let store = &server.state.store;
    assert_eq!(store.access_pass_issuer(&id).await.unwrap(), None);
    assert_eq!(entries_of(&server, "jdoe").await.len(), entries);
    assert_eq!(queued_for(&database.url, PERSONAL).await, queued);
    let made = post(&server, &admin, &path, request).await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    assert!(store.access_pass_issuer(&id).await.unwrap().is_some());
}

#[tokio::test]
async fn a_method_removal_whose_notice_fails_keeps_the_method() {
    let (database, server, jane, _, id) = jane_and_ada().await;
    let methods = server.state.store.methods(&id).await.unwrap();
    let entries = entries_of(&server, "jdoe").await.len();
    let path = format!("/api/v1/methods/{}", methods[0].id);
    refuse_inserts(&database.url, "deliveries", None).await;
    let failed = server.send(Method::DELETE, &path, None, Some(&jane)).await;
    allow_inserts(&database.url, "deliveries").await;
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(server.state.store.methods(&id).await.unwrap(), methods);
    assert_eq!(entries_of(&server, "jdoe").await.len(), entries);
    let removed = server.send(Method::DELETE, &path, None, Some(&jane)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{:?}", removed.body);
    assert!(server.state.store.methods(&id).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_callers_code_whose_staff_entry_fails_is_not_used_up() {
    let (database, server, _jane, _admin, id) = jane_and_ada().await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let method = server.state.store.methods(&id).await.unwrap()[0].id.clone();
    let codes = format!("/api/v1/admin/people/{id}/caller-codes");
    let body = json!({"method_id": method, "channel": "email"});
    let sent = post(&server, &helen, &codes, body).await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let check = format!("{codes}/{}", sent.body["id"].as_str().unwrap());
    let code = server.last_code_to(PERSONAL).await;
    let entries = entries_of(&server, "jdoe").await.len();
    refuse_inserts(&database.url, "audit_log", None).await;
    let failed = post(&server, &helen, &check, json!({"code": code})).await;
    allow_inserts(&database.url, "audit_log").await;
    assert!(failed.status.is_server_error(), "{:?}", failed.body);
    assert_eq!(entries_of(&server, "jdoe").await.len(), entries);
    // Nothing of it was kept: the same code verifies the caller now.
    let verified = post(&server, &helen, &check, json!({"code": code})).await;
    assert_eq!(
        verified.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        verified.body
    );
}
