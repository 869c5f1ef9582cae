//! What helpdesk may read (security.md 59): the audit entries of the people it may act on, and
//! nothing that tells who the admins and the other staff are — not their entries (by person,
//! page or CSV), not their names on the entries of others, not a search, not a report.

use crate::support;

use axum::http::StatusCode;
use latchkey_server::staff::Role;
use latchkey_server::store::{AuditEntry, StaffNote};
use serde_json::{Value, json};
use support::TestServer;
use support::staff::{entries_of, get, id_of, post, staff};

/// Names no other word of an entry contains.
const ADMIN: &str = "adminada";
const OTHER_ADMIN: &str = "adminalan";
const OTHER_HELPDESK: &str = "deskhal";
const HELPDESK: &str = "deskhelen";

/// The staff, each of whom has acted: (helen's cookie, ada's cookie). ada and alan opened each
/// other's pages, jdoe's and hal's; hal opened jdoe's; helen tried ada's; ada unlocked jdoe
/// long ago, and the entry names her in its detail.
async fn staff_who_acted(server: &TestServer) -> (String, String) {
    let ada = staff(server, ADMIN, Role::Admin).await;
    let alan = staff(server, OTHER_ADMIN, Role::Admin).await;
    let hal = staff(server, OTHER_HELPDESK, Role::Helpdesk).await;
    let helen = staff(server, HELPDESK, Role::Helpdesk).await;
    let jdoe = server.jdoe().await.id;
    let (ada_id, alan_id, hal_id) = (
        id_of(server, ADMIN).await,
        id_of(server, OTHER_ADMIN).await,
        id_of(server, OTHER_HELPDESK).await,
    );
    for (cookie, person) in [
        (&ada, &alan_id),
        (&alan, &ada_id),
        (&ada, &jdoe),
        (&alan, &hal_id),
        (&hal, &jdoe),
        (&helen, &jdoe),
    ] {
        let page = get(server, cookie, &format!("/api/v1/admin/people/{person}")).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
    }
    let tried = get(server, &helen, &format!("/api/v1/admin/people/{ada_id}")).await;
    assert_eq!(tried.status, StatusCode::NOT_FOUND);
    // An entry as they were written before the actor had a column of their own.
    let legacy = AuditEntry {
        user_id: &jdoe,
        action: "staff_unlocked",
        detail: &format!("The account was unlocked (ticket none) — by {ADMIN} (admin)"),
        ip: "192.0.2.1",
        user_agent: "",
    };
    let by = StaffNote {
        actor_id: &ada_id,
        note: None,
    };
    let now = latchkey_server::clock::Clock::now(&server.clock);
    server
        .state
        .store
        .autocommit()
        .await
        .unwrap()
        .audit_by_staff(legacy, by, now)
        .await
        .unwrap();
    (helen, ada)
}

fn entries(page: &Value) -> &Vec<Value> {
    page["entries"].as_array().unwrap()
}

#[tokio::test]
async fn helpdesk_reads_no_entry_of_staff_by_person_filter_or_csv() {
    let server = TestServer::new().await;
    let (helen, ada) = staff_who_acted(&server).await;
    for name in [ADMIN, OTHER_ADMIN, OTHER_HELPDESK, HELPDESK] {
        assert!(
            !entries_of(&server, name).await.is_empty(),
            "{name} has entries"
        );
        let page = get(
            &server,
            &helen,
            &format!("/api/v1/admin/audit?person={name}"),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        assert_eq!(page.body["entries"], json!([]), "{name}");
        assert_eq!(page.body["more"], false, "{name}");
        let csv = get(
            &server,
            &helen,
            &format!("/api/v1/admin/audit.csv?person={name}"),
        )
        .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert_eq!(
            csv.body.as_str().unwrap().lines().count(),
            1,
            "the header alone"
        );
        // An admin reads them.
        let page = get(&server, &ada, &format!("/api/v1/admin/audit?person={name}")).await;
        assert!(!entries(&page.body).is_empty(), "{name}");
    }
}

#[tokio::test]
async fn helpdesk_reads_the_whole_log_without_learning_who_the_staff_are() {
    let server = TestServer::new().await;
    let (helen, ada) = staff_who_acted(&server).await;
    let page = get(&server, &helen, "/api/v1/admin/audit").await;
    assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
    let lines = entries(&page.body);
    assert!(!lines.is_empty());
    for line in lines {
        assert_eq!(line["person"], "jdoe", "{line}");
    }
    let actors: Vec<_> = lines.iter().map(|line| line["actor"].clone()).collect();
    assert!(actors.contains(&json!({"staff": HELPDESK})), "{actors:?}");
    assert!(actors.contains(&json!("it_support")), "{actors:?}");
    let text = page.body.to_string();
    let csv = get(&server, &helen, "/api/v1/admin/audit.csv").await;
    let csv = csv.body.as_str().unwrap().to_string();
    assert!(csv.lines().count() > 1, "{csv}");
    // Nor where another staff member acted from: a known desk's address would name them.
    assert!(!text.contains("192.0.2.1"), "{text}");
    assert!(!csv.contains("192.0.2.1"), "{csv}");
    for other in [ADMIN, OTHER_ADMIN, OTHER_HELPDESK] {
        assert!(!text.contains(other), "{other} in {text}");
        assert!(!csv.contains(other), "{other} in {csv}");
        // Nor by asking for their actions.
        let by = get(
            &server,
            &helen,
            &format!("/api/v1/admin/audit?staff={other}"),
        )
        .await;
        assert_eq!(by.body["entries"], json!([]), "{other}");
        let by = get(
            &server,
            &helen,
            &format!("/api/v1/admin/audit.csv?staff={other}"),
        )
        .await;
        assert_eq!(by.body.as_str().unwrap().lines().count(), 1, "{other}");
    }
    // Helpdesk's own actions, by name.
    let own = get(
        &server,
        &helen,
        &format!("/api/v1/admin/audit?staff={HELPDESK}"),
    )
    .await;
    assert_eq!(entries(&own.body).len(), 1, "{:?}", own.body);
    // An admin is told every name.
    let all = get(&server, &ada, "/api/v1/admin/audit")
        .await
        .body
        .to_string();
    for name in [ADMIN, OTHER_ADMIN, OTHER_HELPDESK, HELPDESK] {
        assert!(all.contains(name), "{name} in {all}");
    }
}

#[tokio::test]
async fn helpdesk_pages_through_only_what_it_may_read() {
    let server = TestServer::new().await;
    let (helen, _) = staff_who_acted(&server).await;
    let bob = staff(&server, "adminbob", Role::Admin).await;
    let (ada_id, jdoe) = (id_of(&server, ADMIN).await, server.jdoe().await.id);
    // Staff's entries among an ordinary person's, more than a page of each.
    for _ in 0..60 {
        for person in [&ada_id, &jdoe] {
            get(&server, &bob, &format!("/api/v1/admin/people/{person}")).await;
        }
    }
    let readable = entries_of(&server, "jdoe").await.len();
    let mut seen = 0;
    for page in 1.. {
        let path = format!("/api/v1/admin/audit?page={page}");
        let body = get(&server, &helen, &path).await.body;
        let lines = entries(&body);
        assert!(lines.iter().all(|line| line["person"] == "jdoe"), "{body}");
        seen += lines.len();
        if body["more"] == false {
            break;
        }
        assert_eq!(lines.len(), 50, "a full page before more");
    }
    assert_eq!(seen, readable);
}

#[tokio::test]
async fn helpdesk_is_not_told_of_staff_on_a_persons_page_a_search_or_a_report() {
    let server = TestServer::new().await;
    let (helen, ada) = staff_who_acted(&server).await;
    let jdoe = server.jdoe().await.id;
    let page = get(&server, &helen, &format!("/api/v1/admin/people/{jdoe}")).await;
    let activity = page.body["activity"].as_array().unwrap();
    let actors: Vec<_> = activity
        .iter()
        .map(|entry| entry["actor"].clone())
        .collect();
    assert!(actors.contains(&json!("it_support")), "{actors:?}");
    assert!(actors.contains(&json!({"staff": HELPDESK})), "{actors:?}");
    let text = page.body.to_string();
    for other in [ADMIN, OTHER_ADMIN, OTHER_HELPDESK] {
        assert!(!text.contains(other), "{other} in {text}");
        let found = get(
            &server,
            &helen,
            &format!("/api/v1/admin/people?query={other}"),
        )
        .await;
        assert_eq!(found.body, json!([]), "{other}");
    }
    let found = get(&server, &helen, "/api/v1/admin/people?query=admin").await;
    assert_eq!(found.body, json!([]));
    for report in ["coverage", "activity"] {
        let path = format!("/api/v1/admin/reports/{report}");
        assert_eq!(
            get(&server, &helen, &path).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(get(&server, &ada, &path).await.status, StatusCode::OK);
    }
    // Nor by acting: on staff, as on nobody.
    let ada_id = id_of(&server, ADMIN).await;
    for person in [ada_id.as_str(), "no-such-person"] {
        let path = format!("/api/v1/admin/people/{person}/caller-codes");
        let tried = post(
            &server,
            &helen,
            &path,
            json!({"method_id": "x", "channel": "email"}),
        )
        .await;
        assert_eq!(tried.status, StatusCode::NOT_FOUND, "{person}");
    }
}
