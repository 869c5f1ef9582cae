//! Fifty people enrolling an email and a phone at the same moment, through the API, on a file
//! database (SQLite in WAL mode with a busy timeout, or PostgreSQL): every enrollment completes
//! exactly once, nothing is lost or doubled, and no request fails with "database is locked".

use crate::support;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use latchkey_api::types::MethodKind;
use latchkey_server::config::Config;
use serde_json::json;
use support::{DatabaseOnDisk, PASSWORD, TestServer};

const PEOPLE: usize = 50;

/// The code the outbox holds for `to`, once some worker delivered it (another task's worker
/// may be holding the message at this moment).
async fn code_for(server: &TestServer, to: &str) -> String {
    for _ in 0..100 {
        server.deliver_all().await;
        let outbox = server.state.store.outbox().await.unwrap();
        if let Some(code) = outbox
            .into_iter()
            .find(|m| m.recipient == to)
            .and_then(|m| m.code)
        {
            return code;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no code reached {to}");
}

/// Signs in, starts an enrollment and enters the code the outbox got; the statuses seen.
async fn enroll(server: &TestServer, username: &str, n: usize) -> Vec<StatusCode> {
    let signed_in = server.sign_in(username, PASSWORD).await;
    let cookie = signed_in.session_cookie().unwrap();
    let mut statuses = vec![signed_in.status];
    let email = format!("{username}@example.net");
    let phone = format!("+1425555{:04}", 1000 + n);
    let national = phone.trim_start_matches("+1").to_string();
    let bodies = [
        (
            json!({"kind": "email", "channel": "email", "email": email}),
            email.clone(),
        ),
        (
            json!({"kind": "phone", "channel": "sms", "country": "US", "number": national}),
            phone.clone(),
        ),
    ];
    for (body, to) in bodies {
        let started = server
            .send(
                Method::POST,
                "/api/v1/enrollments",
                Some(body),
                Some(&cookie),
            )
            .await;
        statuses.push(started.status);
        let Some(id) = started.body["id"].as_str() else {
            continue;
        };
        let code = code_for(server, &to).await;
        statuses.push(server.submit_code(&cookie, id, &code).await.status);
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_people_enroll_at_once_and_each_method_is_saved_once() {
    let database = DatabaseOnDisk::new().await;
    let mut args = support::test_args().await;
    args.server.database_url = Some(database.url.clone());
    args.server.database_pool_size = Some(8);
    let server = Arc::new(TestServer::with_config(Config::resolve(args).unwrap()).await);
    let usernames: Vec<String> = (0..PEOPLE).map(|n| format!("person{n}")).collect();
    for username in &usernames {
        server
            .add_person(username, username, &format!("{username}@contoso.com"))
            .await;
    }

    let tasks: Vec<_> = usernames
        .iter()
        .enumerate()
        .map(|(n, username)| {
            let (server, username) = (server.clone(), username.clone());
            tokio::spawn(async move { enroll(&server, &username, n).await })
        })
        .collect();
    for task in tasks {
        let statuses = task.await.unwrap();
        assert!(
            statuses.iter().all(|s| *s == StatusCode::OK),
            "every step succeeds: {statuses:?}"
        );
    }
    for username in &usernames {
        let user = server
            .state
            .store
            .find_user_for_sign_in(username)
            .await
            .unwrap()
            .unwrap();
        let methods = server.state.store.methods(&user.id).await.unwrap();
        let kinds: Vec<MethodKind> = methods.iter().map(|m| m.kind).collect();
        assert_eq!(kinds.len(), 2, "{username} has each method once: {kinds:?}");
        assert!(kinds.contains(&MethodKind::Email) && kinds.contains(&MethodKind::Phone));
    }
}
