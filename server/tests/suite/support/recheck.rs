//! What the directory says wins, soon (security.md 53), against a real directory (OpenLDAP or
//! Active Directory): an admin the directory takes out of its admin group is refused everywhere
//! in the console within the minute, and a pass she made before is refused; every session of a
//! person the directory disables, locks, expires or removes ends at the next re-check (5
//! minutes), on the injected clock.

use axum::http::{Method, StatusCode};
use serde_json::json;

use super::reset::PERSONAL;
use super::{PASSWORD, TestServer};

/// How long the directory's word that a person may use Latchkey holds by default.
pub const RECHECK: i64 = 5 * 60;

/// What an admin's session gets from the console for the person `id`: the coverage report, a
/// search, the person's page, "verified another way" and a reusable 8-hour pass (the pass, when
/// one was made).
pub async fn console_answers(
    server: &TestServer,
    admin: &str,
    id: &str,
) -> (Vec<StatusCode>, Option<String>) {
    let page = format!("/api/v1/admin/people/{id}");
    let get = |path: &str| {
        let path = path.to_string();
        async move { server.send(Method::GET, &path, None, Some(admin)).await }
    };
    let coverage = get("/api/v1/admin/reports/coverage").await;
    let search = get("/api/v1/admin/people?query=a").await;
    let opened = get(&page).await;
    let vouched = server
        .send(
            Method::POST,
            &format!("{page}/verification"),
            Some(json!({"reason": "INC-9: at the desk"})),
            Some(admin),
        )
        .await;
    let pass = server
        .send(
            Method::POST,
            &format!("{page}/access-pass"),
            Some(json!({"lifetime_minutes": 480, "reusable": true, "ticket": "INC-9"})),
            Some(admin),
        )
        .await;
    let made = pass.body["pass"].as_str().map(str::to_string);
    let answers = [coverage, search, opened, vouched, pass];
    (answers.iter().map(|answer| answer.status).collect(), made)
}

/// The ID of the one person a console search for `part` finds, by `staff`.
pub async fn found_by(server: &TestServer, staff: &str, part: &str) -> String {
    let path = format!("/api/v1/admin/people?query={part}");
    let found = server.send(Method::GET, &path, None, Some(staff)).await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    found.body[0]["id"].as_str().unwrap().to_string()
}

/// jdoe, an admin by the directory's group, verified, and signed in in another browser too:
/// taken out of the group (`demote`), the console refuses her within the minute, and the pass
/// she made for `someone` (found by `part`) is refused; then, once `end` disabled, locked,
/// expired or removed her (`reason`), every session of hers ends at the next re-check.
pub async fn an_admin_demoted_then_ended(
    server: &TestServer,
    (someone, part): (&str, &str),
    demote: impl FnOnce(),
    (reason, end): (&str, impl FnOnce()),
) {
    let admin = server.with_email_method(PERSONAL).await;
    let elsewhere = server.signed_in().await;
    let id = found_by(server, &admin, part).await;
    a_demoted_admin_is_refused_within_the_minute(server, &admin, someone, &id, demote).await;
    every_session_ends_at_the_recheck(server, "jdoe", &[admin, elsewhere], reason, end).await;
}

/// The console answers an admin, and then, once `demote` took her out of the directory's admin
/// group and a minute passed, refuses her everywhere; the pass she made for `username` (ID
/// `id`) before no longer signs them in, and their audit trail says why.
pub async fn a_demoted_admin_is_refused_within_the_minute(
    server: &TestServer,
    admin: &str,
    username: &str,
    id: &str,
    demote: impl FnOnce(),
) {
    let (before, pass) = console_answers(server, admin, id).await;
    let ok = StatusCode::OK;
    assert_eq!(before, [ok, ok, ok, StatusCode::NO_CONTENT, ok]);
    demote();
    server.clock.advance(61);
    let (after, none) = console_answers(server, admin, id).await;
    assert_eq!(after, [StatusCode::FORBIDDEN; 5]);
    assert_eq!(none, None);
    let signed_in = server
        .sign_in_with_access_pass(username, &pass.unwrap())
        .await;
    assert_eq!(
        signed_in.status,
        StatusCode::UNAUTHORIZED,
        "{:?}",
        signed_in.body
    );
    let audit = server.state.store.audit_of(id).await.unwrap();
    let (_, detail) = audit
        .iter()
        .find(|(action, _)| action == "access_pass_refused")
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert!(
        detail.contains("no longer has an IT support role"),
        "{detail}"
    );
}

/// Every session in `sessions` (of one person, `username`) goes on until the directory's word
/// is `RECHECK` old, then ends, once `end` disabled, locked, expired or removed them there; the
/// audit says why (`reason`), and a new sign-in fails too.
pub async fn every_session_ends_at_the_recheck(
    server: &TestServer,
    username: &str,
    sessions: &[String],
    reason: &str,
    end: impl FnOnce(),
) {
    let me = |cookie: &String| {
        let cookie = cookie.clone();
        async move {
            server
                .send(Method::GET, "/api/v1/me", None, Some(&cookie))
                .await
                .status
        }
    };
    // The directory is asked now, and says yes.
    server.clock.advance(RECHECK);
    for session in sessions {
        assert_eq!(me(session).await, StatusCode::OK);
    }
    let person = server.account(username).await;
    end();
    server.clock.advance(RECHECK - 1);
    assert_eq!(me(&sessions[0]).await, StatusCode::OK, "not asked yet");
    server.clock.advance(1);
    for session in sessions {
        assert_eq!(me(session).await, StatusCode::UNAUTHORIZED);
    }
    let audit = server.state.store.audit_of(&person.id).await.unwrap();
    let (_, detail) = audit
        .iter()
        .find(|(action, _)| action == "sessions_ended_by_directory")
        .unwrap_or_else(|| panic!("{audit:?}"));
    assert!(detail.contains(reason), "{detail}");
    assert_eq!(
        server.sign_in(username, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}
