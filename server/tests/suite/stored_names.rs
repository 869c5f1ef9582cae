//! Names the database holds for a challenge's purpose, how its call ended and how its message
//! is doing are read as Latchkey's own values: a name it does not know fails the read (and the
//! request), never passes for another.

use crate::support;

use axum::http::StatusCode;
use latchkey_server::config::Config;
use latchkey_server::store::{CallOutcome, DeliveryStatus, Purpose};
use sqlx::Connection;
use support::{DatabaseOnDisk, TestServer};

/// Sets `column` of the only row of `table` to `name`, through a connection of its own.
async fn store_name(url: &str, table: &str, column: &str, name: &str) {
    let mut connection = sqlx::AnyConnection::connect(url).await.unwrap();
    sqlx::query(&format!("UPDATE {table} SET {column} = $1"))
        .bind(name)
        .execute(&mut connection)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unknown_stored_name_fails_the_read_instead_of_passing_for_another() {
    let database = DatabaseOnDisk::new().await;
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    let cookie = server.signed_in().await;
    let started = server.start_phone(&cookie, "voice").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let id = started.body["id"].as_str().unwrap();
    let store = &server.state.store;
    let challenge = store.challenge(id).await.unwrap().unwrap();
    assert_eq!(challenge.purpose, Purpose::Enroll);
    let delivery = challenge.delivery_id.unwrap();
    let (status, _) = store.delivery_state(&delivery).await.unwrap().unwrap();
    assert_eq!(status, DeliveryStatus::Queued);

    store_name(&database.url, "challenges", "call_result", "declined").await;
    let challenge = store.challenge(id).await.unwrap().unwrap();
    assert_eq!(challenge.call_result, Some(CallOutcome::Declined));

    store_name(&database.url, "challenges", "call_result", "hung_up").await;
    assert!(store.challenge(id).await.is_err(), "an unknown call result");
    let status = server.challenge_status(&cookie, id).await;
    assert_eq!(status.status, StatusCode::INTERNAL_SERVER_ERROR);

    store_name(&database.url, "challenges", "call_result", "not_answered").await;
    store_name(&database.url, "challenges", "purpose", "enrol").await;
    assert!(store.challenge(id).await.is_err(), "an unknown purpose");

    store_name(&database.url, "deliveries", "status", "lost").await;
    assert!(
        store.delivery_state(&delivery).await.is_err(),
        "an unknown status"
    );
}
