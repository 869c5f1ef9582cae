//! A server killed with SIGKILL in the middle of an enrollment and of a reset, and started again
//! on the same database: nothing it acknowledged is lost, nothing is half-saved, and the person
//! carries on where they were (or starts that step again).

use crate::support;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::process::{Answer, Caller, Replica, add_account, request};
use support::{DatabaseOnDisk, PASSWORD};

const PERSONAL: &str = "jane@example.net";
const NEW_PASSWORD: &str = "amber-kestrel-91-softly";

async fn started(database: &str) -> Replica {
    let mut server = Replica::spawn_dev(database);
    server.wait_until_up().await;
    server
}

/// The newest code the dev outbox holds for `to` (other than `old`), once delivered.
async fn code_for(server: &Replica, to: &str, old: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let outbox = server
            .call(Method::GET, "/api/v1/dev/outbox", None, None)
            .await;
        let found = outbox.body.as_array().and_then(|messages| {
            messages
                .iter()
                .filter(|m| m["to"] == to)
                .filter_map(|m| m["code"].as_str())
                .find(|code| !old.contains(code))
                .map(String::from)
        });
        if let Some(code) = found {
            return code;
        }
        assert!(Instant::now() < deadline, "no code reached {to}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The ways this session's person can verify (one per saved email); needs only a sign-in.
async fn ways_to_verify(server: &Replica, cookie: &str) -> Vec<Value> {
    let path = "/api/v1/verification-options";
    let ways = server.call(Method::GET, path, None, Some(cookie)).await;
    ways.body.as_array().cloned().unwrap_or_default()
}

async fn post(server: &Replica, path: &str, body: Value, cookie: &str) -> Answer {
    server
        .call(Method::POST, path, Some(&body.to_string()), Some(cookie))
        .await
}

/// jdoe signs in and registers the personal email; the code that proved it.
async fn enroll_personal_email(server: &Replica) -> String {
    let cookie = server.sign_in(PASSWORD).await.cookie.unwrap();
    let body = json!({"kind": "email", "channel": "email", "email": PERSONAL});
    let enrollment = post(server, "/api/v1/enrollments", body, &cookie).await;
    let id = enrollment.body["id"].as_str().unwrap();
    let enrolled = code_for(server, PERSONAL, &[]).await;
    let path = format!("/api/v1/challenges/{id}/code");
    assert_eq!(
        post(server, &path, json!({ "code": enrolled }), &cookie)
            .await
            .status,
        StatusCode::OK
    );
    enrolled
}

/// Starts a reset for jdoe and sends a code to the personal email; the reset's cookie and the
/// code's challenge.
async fn reset_sending_a_code(server: &Replica) -> (String, String) {
    let puzzle = server
        .call(Method::GET, "/api/v1/reset/puzzle", None, None)
        .await
        .body;
    let text = puzzle["puzzle"].as_str().unwrap();
    let solution = latchkey_api::puzzle::solve(text, puzzle["difficulty"].as_u64().unwrap() as u8);
    let body = json!({"username": "jdoe", "puzzle": text, "solution": solution}).to_string();
    let reset = server
        .call(Method::POST, "/api/v1/reset", Some(&body), None)
        .await;
    let reset_cookie = reset.cookie.unwrap();
    let option = reset.body["options"][0]["id"].clone();
    let sent = post(
        server,
        "/api/v1/reset/verifications",
        json!({ "option": option }),
        &reset_cookie,
    )
    .await;
    let challenge = sent.body["id"].as_str().unwrap().to_string();
    (reset_cookie, challenge)
}

#[tokio::test]
async fn an_enrollment_survives_a_kill_between_its_steps_and_during_its_last() {
    let on_disk = DatabaseOnDisk::new().await;
    let database = on_disk.url.as_str();
    add_account(database);
    let server = started(database).await;
    let cookie = server.sign_in(PASSWORD).await.cookie.unwrap();
    let body = json!({"kind": "email", "channel": "email", "email": PERSONAL});
    let enrollment = post(&server, "/api/v1/enrollments", body, &cookie).await;
    assert_eq!(enrollment.status, StatusCode::OK);
    let challenge = enrollment.body["id"].as_str().unwrap().to_string();
    let code = code_for(&server, PERSONAL, &[]).await;
    drop(server); // SIGKILL

    // The session, the challenge and its code were acknowledged: all still there.
    let server = started(database).await;
    let path = format!("/api/v1/challenges/{challenge}/code");
    // Killed while the right code is being checked: either it was saved whole, or not at all.
    let racing = {
        let (path, cookie) = (path.clone(), cookie.clone());
        let body = json!({ "code": code }).to_string();
        let port = server.port;
        tokio::spawn(
            async move { request(port, Method::POST, &path, Some(&body), Some(&cookie)).await },
        )
    };
    tokio::time::sleep(Duration::from_millis(5)).await;
    drop(server);
    let (acknowledged, mut cookie) = match racing.await {
        // A proven code moves the session to a new ID, whose cookie came with the answer.
        Ok(answer) if answer.status == StatusCode::OK => (true, answer.cookie.unwrap()),
        _ => (false, cookie),
    };

    let server = started(database).await;
    let mut again = post(&server, &path, json!({ "code": code }), &cookie).await;
    if again.status == StatusCode::UNAUTHORIZED {
        // The code was saved with the session's new ID, and the answer carrying it was lost:
        // the person signs in again, and the code stays used.
        assert!(!acknowledged);
        cookie = server.sign_in(PASSWORD).await.cookie.unwrap();
        again = post(&server, &path, json!({ "code": code }), &cookie).await;
    }
    if let Some(renewed) = again.cookie.clone() {
        cookie = renewed;
    }
    let code_used =
        again.body["fields"][0]["code"] == "code_used" || again.status == StatusCode::NOT_FOUND;
    if acknowledged {
        assert!(
            code_used,
            "an acknowledged code stays used: {:?}",
            again.body
        );
    } else {
        assert!(
            again.status == StatusCode::OK || code_used,
            "{:?}",
            again.body
        );
    }
    if code_used && !acknowledged && ways_to_verify(&server, &cookie).await.is_empty() {
        // Killed after the code was spent and before the email was saved: starting that step
        // again works cleanly.
        let body = json!({"kind": "email", "channel": "email", "email": PERSONAL});
        let restarted = post(&server, "/api/v1/enrollments", body, &cookie).await;
        let id = restarted.body["id"].as_str().unwrap();
        let fresh = code_for(&server, PERSONAL, &[&code]).await;
        let path = format!("/api/v1/challenges/{id}/code");
        let passed = post(&server, &path, json!({ "code": fresh }), &cookie).await;
        assert_eq!(passed.status, StatusCode::OK);
        cookie = passed.cookie.unwrap();
    }
    let ways = ways_to_verify(&server, &cookie).await;
    assert_eq!(ways.len(), 1, "the email is saved exactly once: {:?}", ways);
    assert_eq!(ways[0]["masked"], "j••••@example.net");
}

#[tokio::test]
async fn a_reset_survives_a_kill_and_its_new_password_is_kept() {
    let on_disk = DatabaseOnDisk::new().await;
    let database = on_disk.url.as_str();
    add_account(database);
    let server = started(database).await;
    let enrolled = enroll_personal_email(&server).await;
    let (reset_cookie, challenge) = reset_sending_a_code(&server).await;
    let code = code_for(&server, PERSONAL, &[&enrolled]).await;
    drop(server);

    let server = started(database).await;
    let status = server
        .call(Method::GET, "/api/v1/reset", None, Some(&reset_cookie))
        .await;
    assert_eq!(
        status.body["stage"], "verify",
        "the reset carries on: {:?}",
        status.body
    );
    let proven = post(
        &server,
        "/api/v1/reset/code",
        json!({"challenge": challenge, "code": code}),
        &reset_cookie,
    )
    .await;
    assert_eq!(proven.body["stage"], "new_password", "{:?}", proven.body);
    let set = post(
        &server,
        "/api/v1/reset/password",
        json!({ "password": NEW_PASSWORD }),
        &reset_cookie,
    )
    .await;
    assert!(set.status.is_success(), "{:?}", set.body);
    drop(server);

    let server = started(database).await;
    assert_eq!(server.sign_in(NEW_PASSWORD).await.status, StatusCode::OK);
    assert_eq!(
        server.sign_in(PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// Messages ever queued, read beside the server.
async fn messages_queued(database: &str) -> i64 {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(database).await.unwrap();
    let count = sqlx::query_scalar("SELECT COUNT(*) FROM deliveries")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    count
}

/// Proves a new reset for jdoe with a code to the personal email (`old`: the codes sent so
/// far, to which this one is added); the reset's cookie.
async fn proven_reset(server: &Replica, old: &mut Vec<String>) -> String {
    let (reset_cookie, challenge) = reset_sending_a_code(server).await;
    let sent: Vec<&str> = old.iter().map(String::as_str).collect();
    let code = code_for(server, PERSONAL, &sent).await;
    old.push(code.clone());
    let body = json!({"challenge": challenge, "code": code});
    let proven = post(server, "/api/v1/reset/code", body, &reset_cookie).await;
    assert_eq!(proven.body["stage"], "new_password", "{:?}", proven.body);
    reset_cookie
}

#[tokio::test]
async fn a_reset_killed_while_it_finishes_is_finished_with_its_notices_or_not_at_all() {
    let on_disk = DatabaseOnDisk::new().await;
    let database = on_disk.url.as_str();
    add_account(database);
    let mut server = started(database).await;
    let mut codes = vec![enroll_personal_email(&server).await];
    // A finish takes about as long as a sign-in (one password hashed): kills are spread around it.
    let timed = Instant::now();
    server.sign_in(PASSWORD).await;
    let finish = timed.elapsed();
    // Four resets are left this hour for the name (five codes to an address): one per finish.
    let mut resets_left = 4;
    let mut reset_cookie = proven_reset(&server, &mut codes).await;
    for tenths in [0, 3, 6, 8, 9, 10, 11, 12, 14, 17, 20, 30] {
        let before = messages_queued(database).await;
        let racing = {
            let body = json!({ "password": NEW_PASSWORD }).to_string();
            let (port, cookie) = (server.port, reset_cookie.clone());
            let path = "/api/v1/reset/password";
            tokio::spawn(async move {
                let call = Caller::default();
                call.try_request(port, Method::POST, path, Some(&body), Some(&cookie))
                    .await
            })
        };
        tokio::time::sleep(finish * tenths / 10).await;
        drop(server); // SIGKILL
        let acknowledged = matches!(racing.await, Ok(Ok(answer)) if answer.status.is_success());

        server = started(database).await;
        let status = server
            .call(Method::GET, "/api/v1/reset", None, Some(&reset_cookie))
            .await;
        let finished = status.status == StatusCode::CONFLICT;
        if !finished {
            assert_eq!(status.body["stage"], "new_password", "{:?}", status.body);
        }
        assert!(
            finished || !acknowledged,
            "an acknowledged reset is finished"
        );
        // The work address and the personal email are told, with the finish or not at all.
        let notices = messages_queued(database).await - before;
        assert_eq!(
            notices,
            if finished { 2 } else { 0 },
            "killed after {tenths}/10 of a finish: finished {finished}, {notices} notices"
        );
        if finished {
            resets_left -= 1;
            if resets_left == 0 {
                break;
            }
            reset_cookie = proven_reset(&server, &mut codes).await;
        }
    }
}
