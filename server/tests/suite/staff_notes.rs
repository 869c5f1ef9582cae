//! What IT support writes (security.md 57, 58): a ticket or reason is one line of printable
//! characters, at most 200, refused otherwise before anything is done; it is stored and shown
//! apart from Latchkey's own words and from who acted, so no ticket can make an audit line that
//! looks like another's; and the audit log's CSV keeps every hostile value as text.

use crate::support;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use latchkey_server::staff::Role;
use serde_json::json;
use support::reset::PERSONAL;
use support::staff::{entries_of, get, newest, post, staff};
use support::{TestServer, field_problem};

/// The ticket the security review used to write a line that looked like another admin's.
const FORGED: &str = "T1) — by alan (admin)\nstaff_unlocked The account was unlocked (ticket 2";

/// An admin, signed in and verified, who vouched for jdoe's caller: (cookie, jdoe's ID).
async fn admin_for_jdoe(server: &TestServer) -> (String, String) {
    let admin = staff(server, "ada", Role::Admin).await;
    let jdoe = server.jdoe().await;
    let path = format!("/api/v1/admin/people/{}/verification", jdoe.id);
    let vouched = post(server, &admin, &path, json!({"reason": "at the desk"})).await;
    assert_eq!(vouched.status, StatusCode::NO_CONTENT, "{:?}", vouched.body);
    (admin, jdoe.id)
}

#[tokio::test]
async fn a_ticket_or_reason_that_is_not_one_printable_line_of_200_is_refused() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    let (admin, id) = admin_for_jdoe(&server).await;
    let long = "x".repeat(201);
    let unlock = format!("/api/v1/admin/people/{id}/unlock");
    let pass = format!("/api/v1/admin/people/{id}/access-pass");
    let verification = format!("/api/v1/admin/people/{id}/verification");
    for (ticket, problem) in [
        (FORGED, "invalid"),
        ("INC-1\rstaff_unlocked", "invalid"),
        ("INC-1\u{1b}[2K", "invalid"),
        ("INC-1\u{2028}staff_unlocked", "invalid"),
        ("INC-1\u{202E}nimda", "invalid"),
        (long.as_str(), "too_long"),
    ] {
        let refused = post(&server, &admin, &unlock, json!({"ticket": ticket})).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{ticket:?}"
        );
        assert_eq!(refused.body["fields"][0]["field"], "ticket", "{ticket:?}");
        assert_eq!(field_problem(&refused), problem, "{ticket:?}");
        let request = json!({"lifetime_minutes": 60, "ticket": ticket});
        let refused = post(&server, &admin, &pass, request).await;
        assert_eq!(field_problem(&refused), problem, "{ticket:?}");
        let refused = post(&server, &admin, &verification, json!({"reason": ticket})).await;
        assert_eq!(refused.body["fields"][0]["field"], "reason", "{ticket:?}");
        assert_eq!(field_problem(&refused), problem, "{ticket:?}");
    }
    // Refused in the query of a DELETE too, and nothing was done.
    let method = server.state.store.methods(&id).await.unwrap()[0].id.clone();
    let path = format!("/api/v1/admin/people/{id}/methods/{method}?ticket=INC-1%0Afake");
    let refused = server.send(Method::DELETE, &path, None, Some(&admin)).await;
    assert_eq!(field_problem(&refused), "invalid");
    assert_eq!(server.state.store.methods(&id).await.unwrap().len(), 1);
    let actions: Vec<_> = entries_of(&server, "jdoe")
        .await
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    for undone in [
        "staff_unlocked",
        "staff_access_pass",
        "staff_method_deleted",
    ] {
        assert!(
            !actions.iter().any(|a| a == undone),
            "{undone}: {actions:?}"
        );
    }
}

#[tokio::test]
async fn two_hundred_characters_in_any_script_are_kept_as_written() {
    let server = TestServer::new().await;
    let (admin, id) = admin_for_jdoe(&server).await;
    let unlock = format!("/api/v1/admin/people/{id}/unlock");
    for ticket in [
        "x".repeat(200),
        "تذكرة ٤٧١١ — 工单 👍 Ärger; =1+1".to_string(),
    ] {
        let done = post(
            &server,
            &admin,
            &unlock,
            json!({"ticket": format!(" {ticket} ")}),
        )
        .await;
        assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
        let entry = newest(&server, "jdoe", "staff_unlocked").await;
        assert_eq!(entry.note.as_deref(), Some(ticket.as_str()));
        assert_eq!(entry.detail, "The account was unlocked");
    }
}

#[tokio::test]
async fn the_persons_page_shows_who_acted_and_the_ticket_apart_from_what_happened() {
    let server = TestServer::new().await;
    let (ada, id) = admin_for_jdoe(&server).await;
    let unlock = format!("/api/v1/admin/people/{id}/unlock");
    let ticket = "T1) — by alan (admin) staff_unlocked The account was unlocked (ticket 2";
    let done = post(&server, &ada, &unlock, json!({"ticket": ticket})).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    let alan = staff(&server, "alan", Role::Admin).await;
    let page = get(&server, &alan, &format!("/api/v1/admin/people/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
    let activity = page.body["activity"].as_array().unwrap();
    let unlocked = activity
        .iter()
        .find(|entry| entry["action"] == "staff_unlocked")
        .unwrap();
    assert_eq!(unlocked["detail"], "The account was unlocked");
    assert_eq!(unlocked["actor"], json!({"staff": "ada"}));
    assert_eq!(unlocked["note"], ticket);
    // No line of the page is worded by the ticket, nor says alan acted.
    for entry in activity {
        let detail = entry["detail"].as_str().unwrap();
        assert!(
            !detail.contains("alan") && !detail.contains("ticket"),
            "{entry}"
        );
        assert_ne!(entry["actor"], json!({"staff": "alan"}), "{entry}");
    }
    // The person's own changes name no staff member.
    let own = activity
        .iter()
        .find(|entry| entry["action"] == "account_unlocked")
        .unwrap();
    assert_eq!(own["actor"], json!("person"));
    assert_eq!(own["note"], json!(null));
    // The audit log's lines too.
    let log = get(&server, &alan, "/api/v1/admin/audit?action=staff_unlocked").await;
    let line = &log.body["entries"][0];
    assert_eq!(line["actor"], json!({"staff": "ada"}));
    assert_eq!(line["note"], ticket);
    assert_eq!(line["detail"], "The account was unlocked");
}

/// A request as a browser with `user_agent` sends it.
fn from_browser(path: &str, cookie: &str, user_agent: &str) -> Request<Body> {
    Request::builder()
        .method(Method::GET)
        .uri(path)
        .header("x-requested-with", "latchkey")
        .header(header::COOKIE, cookie)
        .header(header::USER_AGENT, user_agent)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn the_csv_keeps_hostile_values_as_text_in_comma_and_semicolon_locales() {
    let server = TestServer::new().await;
    let (ada, id) = admin_for_jdoe(&server).await;
    let hostile = "Mozilla/5.0;=cmd|' /C calc'!A0";
    let cookie = server.newest_cookie(&ada);
    let viewed = server
        .raw(from_browser(
            &format!("/api/v1/admin/people/{id}"),
            &cookie,
            hostile,
        ))
        .await;
    assert_eq!(viewed.status, StatusCode::OK, "{:?}", viewed.body);
    let unlock = format!("/api/v1/admin/people/{id}/unlock");
    let ticket = "INC-9,@SUM(A1);-2+3";
    post(&server, &ada, &unlock, json!({"ticket": ticket})).await;
    let csv = get(&server, &ada, "/api/v1/admin/audit.csv?person=jdoe").await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.body.as_str().unwrap().to_string();
    assert!(
        text.contains("\"Mozilla/5.0;'=cmd|' /C calc'!A0\""),
        "{text}"
    );
    assert!(text.contains("\"INC-9,'@SUM(A1);'-2+3\""), "{text}");
    for line in text.lines() {
        assert!(
            line.starts_with('"') && line.ends_with('"'),
            "every cell quoted: {line}"
        );
        // However a spreadsheet splits it, and whether or not it reads the quotes.
        for cell in line.split([',', ';']) {
            let cell = cell.trim_start_matches([' ', '"']);
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {line}"
            );
        }
    }
}
