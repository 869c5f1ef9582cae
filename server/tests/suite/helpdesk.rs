//! IT support's API (security.md 48–50): only staff, verified in their session, see it; helpdesk
//! acts on employees, not on staff, and nobody on themselves; opening a person's page is
//! audited; a pass needs the caller verified within the hour (an admin may vouch "another way",
//! with a reason), and is audited with the staff member and the ticket.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::staff::Role;
use serde_json::json;
use support::reset::PERSONAL;
use support::{PASSWORD, Reply, TestServer};

/// A staff member `username` with `role`, signed in and verified with a method of their own;
/// the session cookie.
async fn staff(server: &TestServer, username: &str, role: Role) -> String {
    let email = format!("{username}@example.com");
    server.add_person(username, username, &email).await;
    let user = server
        .state
        .store
        .find_user_for_sign_in(username)
        .await
        .unwrap()
        .unwrap();
    server
        .state
        .store
        .set_role(&user.id, Some(role))
        .await
        .unwrap();
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

async fn get(server: &TestServer, cookie: &str, path: &str) -> Reply {
    server.send(Method::GET, path, None, Some(cookie)).await
}

async fn post(server: &TestServer, cookie: &str, path: &str, body: serde_json::Value) -> Reply {
    server
        .send(Method::POST, path, Some(body), Some(cookie))
        .await
}

#[tokio::test]
async fn only_verified_staff_reach_it_and_helpdesk_does_not_see_staff() {
    let server = TestServer::new().await;
    let jane = server.signed_in().await;
    let denied = get(&server, &jane, "/api/v1/admin/people?query=j").await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN, "{:?}", denied.body);
    assert_eq!(denied.body["code"], "forbidden");
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let admin = staff(&server, "ada", Role::Admin).await;
    let found = get(&server, &helen, "/api/v1/admin/people?query=DOE").await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    assert_eq!(found.body[0]["username"], "jdoe");
    // Helpdesk does not see staff, nor itself; an admin sees helpdesk.
    let staff_search = get(&server, &helen, "/api/v1/admin/people?query=a").await;
    let names: Vec<_> = staff_search
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["username"].clone())
        .collect();
    assert!(
        !names.contains(&json!("ada")) && !names.contains(&json!("helen")),
        "{names:?}"
    );
    let by_admin = get(&server, &admin, "/api/v1/admin/people?query=helen").await;
    assert_eq!(by_admin.body[0]["username"], "helen");
    let ada_id = server
        .state
        .store
        .find_user_for_sign_in("ada")
        .await
        .unwrap()
        .unwrap()
        .id;
    let hidden = get(&server, &helen, &format!("/api/v1/admin/people/{ada_id}")).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    let own = get(&server, &admin, &format!("/api/v1/admin/people/{ada_id}")).await;
    assert_eq!(
        own.status,
        StatusCode::NOT_FOUND,
        "nobody acts on themselves"
    );
    // A `%` typed is looked for as itself.
    let wild = get(&server, &helen, "/api/v1/admin/people?query=%25").await;
    assert_eq!(wild.body, json!([]));
}

#[tokio::test]
async fn a_persons_page_is_masked_and_its_opening_audited() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let jdoe = server.jdoe().await;
    let page = get(
        &server,
        &helen,
        &format!("/api/v1/admin/people/{}", jdoe.id),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
    assert_eq!(page.body["display_name"], "Jane Doe");
    assert_eq!(page.body["methods"][0]["kind"], "email");
    let shown = page.body["methods"][0]["detail"].as_str().unwrap();
    assert!(!shown.contains("jane@"), "masked: {shown}");
    assert_eq!(page.body["can_reset"], true);
    assert_eq!(page.body["caller_verified_until"], json!(null));
    let audit = server.audit_of_jdoe().await;
    let (_, detail) = audit.iter().find(|(a, _)| a == "person_viewed").unwrap();
    assert!(detail.contains("helen (helpdesk)"), "{detail}");
}

#[tokio::test]
async fn a_pass_needs_a_verified_caller_and_is_audited_with_the_ticket() {
    let server = TestServer::new().await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let admin = staff(&server, "ada", Role::Admin).await;
    let jdoe = server.jdoe().await;
    let pass_path = format!("/api/v1/admin/people/{}/access-pass", jdoe.id);
    let request = json!({"lifetime_minutes": 60, "ticket": "INC-4711"});
    let unverified = post(&server, &helen, &pass_path, request.clone()).await;
    assert_eq!(unverified.status, StatusCode::FORBIDDEN);
    assert_eq!(unverified.body["code"], "verification_required");
    // Only an admin may vouch "another way", and says why.
    let verify_path = format!("/api/v1/admin/people/{}/verification", jdoe.id);
    let by_helpdesk = post(&server, &helen, &verify_path, json!({"reason": "knew her"})).await;
    assert_eq!(by_helpdesk.status, StatusCode::FORBIDDEN);
    let no_reason = post(&server, &admin, &verify_path, json!({"reason": " "})).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    let vouched = post(
        &server,
        &admin,
        &verify_path,
        json!({"reason": "INC-4711: badge at the desk"}),
    )
    .await;
    assert_eq!(vouched.status, StatusCode::NO_CONTENT, "{:?}", vouched.body);
    let too_long = post(
        &server,
        &admin,
        &pass_path,
        json!({"lifetime_minutes": 481}),
    )
    .await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let made = post(&server, &admin, &pass_path, request).await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    let pass = made.body["pass"].as_str().unwrap();
    let signed_in = server
        .send(
            Method::POST,
            "/api/v1/session/access-pass",
            Some(json!({"username": "jdoe", "password": pass})),
            None,
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let audit = server.audit_of_jdoe().await;
    let (_, detail) = audit
        .iter()
        .find(|(a, _)| a == "staff_access_pass")
        .unwrap();
    assert!(
        detail.contains("INC-4711") && detail.contains("ada (admin)"),
        "{detail}"
    );
    assert!(
        audit
            .iter()
            .any(|(a, d)| a == "caller_verified" && d.contains("badge"))
    );
    // The verification lasts an hour for that staff member (whose session stays in use).
    for _ in 0..3 {
        server.clock.advance(1200);
        assert_eq!(
            get(&server, &admin, "/api/v1/me").await.status,
            StatusCode::OK
        );
    }
    let later = post(&server, &admin, &pass_path, json!({"lifetime_minutes": 60})).await;
    assert_eq!(later.body["code"], "verification_required");
}
