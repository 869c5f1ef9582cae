//! An enrollment's last step is one transaction: when a later write of it fails (a trigger
//! injected through another connection refuses the notice, or the audit entry), the method is
//! not saved, nothing is audited or queued, the code is not spent — and once the database takes
//! writes again, the same code finishes the enrollment.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use latchkey_server::store::Purpose;
use support::faults::{allow_inserts, refuse_inserts};
use support::{DatabaseOnDisk, TestServer};

const PERSONAL: &str = "jane@example.net";

/// A server on a database that other connections can reach.
async fn server_on(database: &DatabaseOnDisk) -> TestServer {
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

/// How many messages wait to be delivered.
async fn queued(server: &TestServer) -> i64 {
    let now = latchkey_server::clock::Clock::now(&server.clock);
    server
        .state
        .store
        .delivery_backlog(now)
        .await
        .unwrap()
        .waiting
}

#[tokio::test]
async fn a_refused_notice_leaves_an_enrollment_unsaved_unaudited_and_its_code_unspent() {
    for table in ["deliveries", "audit_log"] {
        let database = DatabaseOnDisk::new().await;
        let server = server_on(&database).await;
        let cookie = server.signed_in().await;
        let started = server.start_email(&cookie, PERSONAL).await;
        assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
        let id = started.body["id"].as_str().unwrap().to_string();
        let code = server.last_code_to(PERSONAL).await;
        let audited_before = server.audit_of_jdoe().await.len();

        refuse_inserts(&database.url, table, None).await;
        let refused = server.submit_code(&cookie, &id, &code).await;
        assert_eq!(
            refused.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{table}: {:?}",
            refused.body
        );
        let user = server.jdoe().await;
        let store = &server.state.store;
        assert!(store.methods(&user.id).await.unwrap().is_empty(), "{table}");
        assert_eq!(
            server.audit_of_jdoe().await.len(),
            audited_before,
            "{table}"
        );
        assert_eq!(queued(&server).await, 0, "{table}: no notice queued");
        let challenge = store.challenge(&id).await.unwrap().unwrap();
        assert_eq!(challenge.purpose, Purpose::Enroll);
        assert!(
            challenge.used_at.is_none(),
            "{table}: the code is not spent"
        );

        allow_inserts(&database.url, table).await;
        let passed = server.submit_code(&cookie, &id, &code).await;
        assert_eq!(passed.status, StatusCode::OK, "{table}: {:?}", passed.body);
        assert_eq!(store.methods(&user.id).await.unwrap().len(), 1, "{table}");
        assert_eq!(server.audit_of_jdoe().await[0].0, "method_added", "{table}");
        assert!(queued(&server).await > 0, "{table}: the notice is queued");
    }
}

#[tokio::test]
async fn a_refused_audit_entry_leaves_no_recovery_codes_behind() {
    let database = DatabaseOnDisk::new().await;
    let server = server_on(&database).await;
    let cookie = server.signed_in().await;
    refuse_inserts(&database.url, "audit_log", None).await;
    let refused = server
        .send(Method::POST, "/api/v1/recovery-codes", None, Some(&cookie))
        .await;
    assert_eq!(refused.status, StatusCode::INTERNAL_SERVER_ERROR);
    let user = server.jdoe().await;
    let store = &server.state.store;
    assert!(store.methods(&user.id).await.unwrap().is_empty());
    assert_eq!(store.recovery_codes_left(&user.id).await.unwrap(), 0);
    assert_eq!(queued(&server).await, 0);
}

#[tokio::test]
async fn a_refused_notice_leaves_an_app_unregistered_and_its_code_good_for_a_second_try() {
    use latchkey_server::clock::Clock;
    use latchkey_server::security_info::totp;
    let database = DatabaseOnDisk::new().await;
    let server = server_on(&database).await;
    let cookie = server.signed_in().await;
    let body = serde_json::json!({ "name": "Work phone" });
    let path = "/api/v1/authenticators";
    let started = server
        .send(Method::POST, path, Some(body), Some(&cookie))
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let key = started.body["key"].as_str().unwrap().replace(' ', "");
    let seed = totp_rs::Secret::Encoded(key).to_bytes().unwrap();
    let code = totp::code_at(&seed, server.clock.now());
    let path = format!("{path}/{}/code", started.body["id"].as_str().unwrap());
    let body = serde_json::json!({ "code": code });

    refuse_inserts(&database.url, "deliveries", None).await;
    let refused = server
        .send(Method::POST, &path, Some(body.clone()), Some(&cookie))
        .await;
    assert_eq!(refused.status, StatusCode::INTERNAL_SERVER_ERROR);
    let user = server.jdoe().await;
    let store = &server.state.store;
    assert!(store.methods(&user.id).await.unwrap().is_empty());
    assert!(server.audit_of_jdoe().await.is_empty());

    allow_inserts(&database.url, "deliveries").await;
    let added = server
        .send(Method::POST, &path, Some(body), Some(&cookie))
        .await;
    assert_eq!(added.status, StatusCode::OK, "{:?}", added.body);
    assert_eq!(store.methods(&user.id).await.unwrap().len(), 1);
}
