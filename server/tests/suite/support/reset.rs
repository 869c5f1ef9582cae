//! Helpers for the reset's suites: a server with an easy puzzle, jdoe's methods, starting a
//! reset and proving a step.

use axum::http::{Method, StatusCode};
use latchkey_api::puzzle::solve;
use latchkey_server::config::Config;
use serde_json::{Value, json};

use super::{Reply, TestServer};

pub const PHONE: &str = "+14255550123";
pub const PERSONAL: &str = "jane@example.net";
pub const NEW_PASSWORD: &str = "amber-kestrel-91-softly";

/// A server whose puzzle is easy (the tests solve many), asking for `methods` methods.
pub async fn server(methods: u32) -> TestServer {
    let args = args(methods).await;
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

/// The same on `database`, where requests at the same moment really run side by side.
pub async fn server_on(methods: u32, database: &super::DatabaseOnDisk) -> TestServer {
    let mut args = args(methods).await;
    args.server.database_url = Some(database.url.clone());
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

async fn args(methods: u32) -> latchkey_server::config::ServeArgs {
    let mut args = super::test_args().await;
    args.limits.reset_puzzle_difficulty = Some(2);
    args.limits.methods_required = Some(methods);
    args
}

/// Signs in as jdoe and registers a phone (by text) and, with `email`, a personal address;
/// returns the session, verified just now.
pub async fn enroll(server: &TestServer, email: bool) -> String {
    let cookie = if email {
        server.with_email_method(PERSONAL).await
    } else {
        server.signed_in().await
    };
    let phone = server.start_phone(&cookie, "sms").await;
    assert_eq!(phone.status, StatusCode::OK, "{:?}", phone.body);
    let code = server.last_code_to(PHONE).await;
    let passed = server
        .submit_code(&cookie, phone.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
    cookie
}

/// Solves a fresh puzzle and starts a reset for `name`; returns the reply and the reset cookie.
pub async fn start(server: &TestServer, name: &str) -> (Reply, Option<String>) {
    let puzzle = server
        .send(Method::GET, "/api/v1/reset/puzzle", None, None)
        .await
        .body;
    let body = start_body(&puzzle, name);
    let reply = server
        .send(Method::POST, "/api/v1/reset", Some(body), None)
        .await;
    let cookie = reply.session_cookie();
    (reply, cookie)
}

/// What starts a reset for `name`: the name and `puzzle` (as `GET /api/v1/reset/puzzle` gave
/// it) solved.
pub fn start_body(puzzle: &Value, name: &str) -> Value {
    let text = puzzle["puzzle"].as_str().unwrap();
    let solution = solve(text, puzzle["difficulty"].as_u64().unwrap() as u8);
    json!({"username": name, "puzzle": text, "solution": solution})
}

pub async fn post(server: &TestServer, cookie: &str, path: &str, body: Value) -> Reply {
    server
        .send(Method::POST, path, Some(body), Some(cookie))
        .await
}

/// Sends a code for `option` (with `number` for a phone) and enters it; returns the answer.
pub async fn prove(
    server: &TestServer,
    cookie: &str,
    option: &str,
    number: Option<&str>,
    to: &str,
) -> Reply {
    let mut body = json!({"option": option});
    if let Some(number) = number {
        body["number"] = number.into();
    }
    let started = post(server, cookie, "/api/v1/reset/verifications", body).await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let code = server.last_code_to(to).await;
    let challenge = started.body["id"].as_str().unwrap();
    post(
        server,
        cookie,
        "/api/v1/reset/code",
        json!({"challenge": challenge, "code": code}),
    )
    .await
}

/// "Unlock my account" on a proven reset.
pub async fn unlock(server: &TestServer, cookie: &str) -> Reply {
    server
        .send(Method::POST, "/api/v1/reset/unlock", None, Some(cookie))
        .await
}

pub fn option_ids(status: &Value) -> Vec<String> {
    status["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

/// Signs jdoe in, registers a personal email, and proves it in a new reset; the reset's cookie.
pub async fn proven_reset(server: &TestServer) -> String {
    server.with_email_method(PERSONAL).await;
    let (started, cookie) = start(server, "jdoe").await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let cookie = cookie.unwrap();
    let proven = prove(server, &cookie, "email:email", None, PERSONAL).await;
    assert_eq!(proven.body["stage"], "new_password", "{:?}", proven.body);
    cookie
}

pub async fn set_password(server: &TestServer, cookie: &str, password: &str) -> Reply {
    post(
        server,
        cookie,
        "/api/v1/reset/password",
        json!({ "password": password }),
    )
    .await
}

/// A reset the directory's service account may not finish: the person is told to contact IT
/// support (503 `password_not_changed`), and the audit log keeps the directory's words, which
/// this returns.
pub async fn refused_for_want_of_rights(server: &TestServer, cookie: &str) -> String {
    let refused = set_password(server, cookie, NEW_PASSWORD).await;
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{:?}",
        refused.body
    );
    assert_eq!(refused.body["code"], "password_not_changed");
    let audit = server.audit_of_jdoe().await;
    let (_, detail) = audit
        .iter()
        .find(|(action, _)| action == "password_reset_failed")
        .unwrap_or_else(|| panic!("not audited: {audit:?}"));
    detail.clone()
}

/// Signing in while the directory is away: a clear 503 that names it.
pub async fn directory_away(server: &TestServer) {
    let away = server.sign_in("jdoe", super::PASSWORD).await;
    assert_eq!(
        away.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{:?}",
        away.body
    );
    assert_eq!(away.body["code"], "directory_unavailable");
}

/// A server whose passwords live in `slapd` (reached as its service account that may set
/// passwords), with an easy puzzle, where jdoe has registered a personal email.
pub async fn directory_server(slapd: &super::slapd::Slapd) -> TestServer {
    let mut args = super::test_args().await;
    args.limits.reset_puzzle_difficulty = Some(2);
    slapd.settings_for(&mut args, super::slapd::SERVICE_DN);
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    server.with_email_method(PERSONAL).await;
    server
}
