//! IT support in tests: staff members signed in and verified, their requests, and the audit
//! entries they leave.

use axum::http::{Method, StatusCode};
use latchkey_server::staff::Role;
use latchkey_server::store::{AuditFilter, AuditRecord};

use super::{PASSWORD, Reply, TestServer};

/// A staff member `username` with `role`, signed in and verified with a method of their own;
/// the session cookie.
pub async fn staff(server: &TestServer, username: &str, role: Role) -> String {
    let cookie = verified_person(server, username).await;
    let id = id_of(server, username).await;
    let store = &server.state.store;
    store
        .autocommit()
        .await
        .unwrap()
        .set_role(&id, Some(role))
        .await
        .unwrap();
    cookie
}

/// A new person `username`, signed in and verified with a method of their own; the cookie.
pub async fn verified_person(server: &TestServer, username: &str) -> String {
    let email = format!("{username}@example.com");
    server.add_person(username, username, &email).await;
    let signed_in = server.sign_in(username, PASSWORD).await;
    let cookie = signed_in.session_cookie().unwrap();
    let personal = format!("{username}@personal.example");
    let started = server.start_email(&cookie, &personal).await;
    let id = started.body["id"].as_str().unwrap().to_string();
    let code = server.last_code_to(&personal).await;
    let passed = server.submit_code(&cookie, &id, &code).await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
    server.newest_cookie(&cookie)
}

/// The ID of the account `username`.
pub async fn id_of(server: &TestServer, username: &str) -> String {
    let store = &server.state.store;
    store
        .find_user_for_sign_in(username)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no account {username}"))
        .id
}

pub async fn get(server: &TestServer, cookie: &str, path: &str) -> Reply {
    server.send(Method::GET, path, None, Some(cookie)).await
}

pub async fn post(server: &TestServer, cookie: &str, path: &str, body: serde_json::Value) -> Reply {
    server
        .send(Method::POST, path, Some(body), Some(cookie))
        .await
}

/// Every audit entry about `username`, newest first, as the store holds it.
pub async fn entries_of(server: &TestServer, username: &str) -> Vec<AuditRecord> {
    let filter = AuditFilter {
        person: Some(username.into()),
        newest_first: true,
        limit: i64::MAX,
        ..AuditFilter::default()
    };
    server.state.store.audit_entries(&filter).await.unwrap()
}

/// The newest entry about `username` recording `action`.
pub async fn newest(server: &TestServer, username: &str, action: &str) -> AuditRecord {
    entries_of(server, username)
        .await
        .into_iter()
        .find(|entry| entry.action == action)
        .unwrap_or_else(|| panic!("no {action} entry about {username}"))
}
