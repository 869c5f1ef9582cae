//! IT support's rules that a green run must prove (security.md 48 and 49): each action's entry
//! holds the client address and the result; refused actions are audited too; a caller's
//! verification belongs to the staff member who made it; five wrong caller codes void the code;
//! and the person hears of an unlock and of a pass IT support made.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::staff::Role;
use serde_json::json;
use support::reset::PERSONAL;
use support::staff::{entries_of, get, id_of, newest, post, staff};
use support::{TestServer, field_problem, wrong_code_for};

/// Where the staff member's browser is.
const DESK: &str = "192.0.2.10";

#[tokio::test]
async fn each_action_is_audited_with_the_client_address_and_the_result() {
    let server = TestServer::new().await;
    let ada = staff(&server, "ada", Role::Admin).await;
    let id = server.jdoe().await.id;
    let act = |path: String, body: serde_json::Value| {
        let (server, ada) = (&server, &ada);
        async move {
            server
                .send_from(DESK, Method::POST, &path, Some(body), Some(ada))
                .await
        }
    };
    let unlock = format!("/api/v1/admin/people/{id}/unlock");
    let refused = act(unlock.clone(), json!({"ticket": "INC-5"})).await;
    assert_eq!(refused.body["code"], "verification_required");
    let vouched = act(
        format!("/api/v1/admin/people/{id}/verification"),
        json!({"reason": "at the desk"}),
    )
    .await;
    assert_eq!(vouched.status, StatusCode::NO_CONTENT, "{:?}", vouched.body);
    let done = act(unlock, json!({"ticket": "INC-5"})).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    let entries = entries_of(&server, "jdoe").await;
    // Oldest first: refused, verified, done (the person's own notice between).
    let staff_entries: Vec<_> = entries
        .iter()
        .rev()
        .filter(|entry| entry.staff.is_some())
        .map(|entry| {
            (
                entry.action.as_str(),
                entry.ip.as_str(),
                entry.staff.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        staff_entries,
        [
            ("staff_action_refused", DESK, Some("ada")),
            ("caller_verified", DESK, Some("ada")),
            ("staff_unlocked", DESK, Some("ada")),
        ]
    );
    let refused = newest(&server, "jdoe", "staff_action_refused").await;
    assert!(
        refused.detail.contains("the caller was not verified"),
        "{refused:?}"
    );
    assert!(refused.detail.contains("/unlock"), "{refused:?}");
    assert_eq!(newest(&server, "jdoe", "account_unlocked").await.ip, DESK);
}

#[tokio::test]
async fn refused_staff_actions_are_audited_on_the_person_they_were_aimed_at() {
    let server = TestServer::new().await;
    let ada = staff(&server, "ada", Role::Admin).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let (ada_id, helen_id) = (id_of(&server, "ada").await, id_of(&server, "helen").await);
    let jdoe = server.jdoe().await.id;
    let tries = [
        (
            &helen,
            format!("/api/v1/admin/people/{ada_id}/unlock"),
            StatusCode::NOT_FOUND,
        ),
        (
            &helen,
            format!("/api/v1/admin/people/{helen_id}/unlock"),
            StatusCode::NOT_FOUND,
        ),
        (
            &ada,
            format!("/api/v1/admin/people/{ada_id}/re-registration"),
            StatusCode::NOT_FOUND,
        ),
        (
            &helen,
            format!("/api/v1/admin/people/{jdoe}/verification"),
            StatusCode::FORBIDDEN,
        ),
    ];
    for (cookie, path, status) in &tries {
        let body = if path.ends_with("verification") {
            json!({"reason": "trust me"})
        } else {
            json!({"ticket": "INC-6"})
        };
        let refused = server
            .send_from(DESK, Method::POST, path, Some(body), Some(cookie))
            .await;
        assert_eq!(refused.status, *status, "{path}: {:?}", refused.body);
    }
    let expected = [
        ("ada", "helen", "helpdesk does not act on IT support staff"),
        ("helen", "helen", "nobody acts on their own account"),
        ("ada", "ada", "nobody acts on their own account"),
        ("jdoe", "helen", "only an admin may do this"),
    ];
    for (person, by, why) in expected {
        let entries = entries_of(&server, person).await;
        let refusal = entries
            .iter()
            .find(|entry| entry.action == "staff_action_refused" && entry.detail.contains(why))
            .unwrap_or_else(|| panic!("{person}: no refusal for {why:?} in {entries:?}"));
        assert_eq!(refusal.staff.as_deref(), Some(by), "{refusal:?}");
        assert_eq!(refusal.ip, DESK, "{refusal:?}");
    }
    // And nothing was done: ada's methods are still there, jdoe's caller is not verified.
    assert_eq!(server.state.store.methods(&ada_id).await.unwrap().len(), 1);
    let page = get(&server, &ada, &format!("/api/v1/admin/people/{jdoe}")).await;
    assert_eq!(page.body["caller_verified_until"], json!(null));
}

/// helen sent a code to jdoe's personal address for the caller to read out: (the check's path,
/// the code).
async fn caller_code_sent(server: &TestServer, helen: &str) -> (String, String) {
    let jdoe = server.jdoe().await.id;
    let method = server.state.store.methods(&jdoe).await.unwrap()[0]
        .id
        .clone();
    let codes = format!("/api/v1/admin/people/{jdoe}/caller-codes");
    let sent = post(
        server,
        helen,
        &codes,
        json!({"method_id": method, "channel": "email"}),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    let check = format!("{codes}/{}", sent.body["id"].as_str().unwrap());
    (check, server.last_code_to(PERSONAL).await)
}

#[tokio::test]
async fn a_callers_verification_belongs_to_the_staff_member_who_made_it() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let hank = staff(&server, "hank", Role::Helpdesk).await;
    let ada = staff(&server, "ada", Role::Admin).await;
    let jdoe = server.jdoe().await.id;
    let (check, code) = caller_code_sent(&server, &helen).await;
    // Another staff member cannot use helen's code, not even the right one.
    for other in [&hank, &ada] {
        let taken = post(&server, other, &check, json!({"code": code})).await;
        assert_eq!(taken.status, StatusCode::NOT_FOUND, "{:?}", taken.body);
    }
    let right = post(&server, &helen, &check, json!({"code": code})).await;
    assert_eq!(right.status, StatusCode::NO_CONTENT, "{:?}", right.body);
    let unlock = format!("/api/v1/admin/people/{jdoe}/unlock");
    let pass = format!("/api/v1/admin/people/{jdoe}/access-pass");
    // helen's verification is hers: the others get nothing from it.
    for other in [&hank, &ada] {
        let page = get(&server, other, &format!("/api/v1/admin/people/{jdoe}")).await;
        assert_eq!(page.body["caller_verified_until"], json!(null));
        let refused = post(&server, other, &unlock, json!({})).await;
        assert_eq!(refused.body["code"], "verification_required");
        let refused = post(&server, other, &pass, json!({"lifetime_minutes": 60})).await;
        assert_eq!(refused.body["code"], "verification_required");
    }
    let page = get(&server, &helen, &format!("/api/v1/admin/people/{jdoe}")).await;
    assert!(
        page.body["caller_verified_until"].is_i64(),
        "{:?}",
        page.body
    );
    let done = post(&server, &helen, &unlock, json!({})).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
}

#[tokio::test]
async fn five_wrong_caller_codes_void_the_code() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let jdoe = server.jdoe().await.id;
    let (check, code) = caller_code_sent(&server, &helen).await;
    let wrong = wrong_code_for(&code);
    for attempt in 1..=5 {
        let refused = post(&server, &helen, &check, json!({"code": wrong})).await;
        let expected = if attempt < 5 {
            "wrong_code"
        } else {
            "too_many_tries"
        };
        assert_eq!(field_problem(&refused), expected, "attempt {attempt}");
    }
    let voided = post(&server, &helen, &check, json!({"code": code})).await;
    assert_eq!(voided.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_problem(&voided), "too_many_tries");
    let unlock = format!("/api/v1/admin/people/{jdoe}/unlock");
    let refused = post(&server, &helen, &unlock, json!({})).await;
    assert_eq!(refused.body["code"], "verification_required");
}

#[tokio::test]
async fn the_person_hears_of_an_unlock_and_of_a_pass_it_support_made() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    let ada = staff(&server, "ada", Role::Admin).await;
    let jdoe = server.jdoe().await;
    let base = format!("/api/v1/admin/people/{}", jdoe.id);
    let vouched = post(
        &server,
        &ada,
        &format!("{base}/verification"),
        json!({"reason": "desk"}),
    )
    .await;
    assert_eq!(vouched.status, StatusCode::NO_CONTENT);
    server.deliver_all().await;
    let told = |at: &'static str| {
        let server = &server;
        async move { server.sent_to(at, "email").await }
    };
    let unlocked = post(
        &server,
        &ada,
        &format!("{base}/unlock"),
        json!({"ticket": "INC-8"}),
    )
    .await;
    assert_eq!(
        unlocked.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        unlocked.body
    );
    server.deliver_all().await;
    for address in [PERSONAL, "jane.doe@contoso.com"] {
        let notice = told(address).await;
        assert!(
            notice.contains("IT support unlocked your account"),
            "{address}: {notice}"
        );
        assert!(
            !notice.contains("INC-8") && !notice.contains("ada"),
            "{notice}"
        );
    }
    let request = json!({"lifetime_minutes": 60, "ticket": "INC-8"});
    let made = post(&server, &ada, &format!("{base}/access-pass"), request).await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    let pass = made.body["pass"].as_str().unwrap().to_string();
    server.deliver_all().await;
    for address in [PERSONAL, "jane.doe@contoso.com"] {
        let notice = told(address).await;
        assert!(
            notice.contains("Temporary Access Pass"),
            "{address}: {notice}"
        );
        assert!(
            !notice.contains(&pass),
            "the pass itself is never sent: {notice}"
        );
    }
}
