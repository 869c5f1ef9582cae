//! IT support's console against a directory (OpenLDAP or Active Directory): its people who never
//! signed in are counted and named by the coverage report, found by a search, and then have a
//! page like anyone's.

use axum::http::{Method, StatusCode};
use latchkey_server::staff::Role;
use serde_json::Value;

use super::TestServer;
use super::reset::PERSONAL;

/// jdoe, signed in from the directory with an email method and made an admin: the session,
/// verified.
pub async fn jdoe_as_admin(server: &TestServer) -> String {
    let cookie = server.with_email_method(PERSONAL).await;
    let jdoe = server.jdoe().await;
    let store = &server.state.store;
    store
        .autocommit()
        .await
        .unwrap()
        .set_role(&jdoe.id, Some(Role::Admin))
        .await
        .unwrap();
    server.newest_cookie(&cookie)
}

async fn get(server: &TestServer, cookie: &str, path: &str) -> Value {
    let reply = server.send(Method::GET, path, None, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    reply.body
}

/// `someone` (a username in the directory, who never signed in) cannot reset yet and has no
/// page, until a search for `part` of their name finds them; then their page opens and the
/// report links to it. `people`: everyone in the directory who is not disabled.
pub async fn directory_people_in_the_console(
    server: &TestServer,
    admin: &str,
    someone: &str,
    part: &str,
    people: u64,
) {
    let coverage = "/api/v1/admin/reports/coverage";
    let report = get(server, admin, coverage).await;
    assert_eq!(report["people"], people, "{report}");
    assert_eq!(report["can_reset"], 1, "jdoe has an email: {report}");
    let not_yet = report["not_yet"].as_array().unwrap();
    let line = not_yet.iter().find(|p| p["username"] == someone);
    let line = line.unwrap_or_else(|| panic!("{someone} is not in {report}"));
    assert_eq!(line["id"], "", "no record of {someone} yet");
    assert!(!not_yet.iter().any(|p| p["username"] == "gone"), "disabled");

    let found = get(server, admin, &format!("/api/v1/admin/people?query={part}")).await;
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["username"], someone);
    let id = found[0]["id"].as_str().unwrap();
    assert!(!id.is_empty());
    let page = get(server, admin, &format!("/api/v1/admin/people/{id}")).await;
    assert_eq!(page["username"], someone);
    assert_eq!(page["can_reset"], false);
    let report = get(server, admin, coverage).await;
    let line = report["not_yet"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["username"] == someone);
    assert_eq!(line.unwrap()["id"], id);
    // A filter's special characters are looked for as themselves: they find nobody.
    let tricks = get(server, admin, "/api/v1/admin/people?query=*)(uid%3D*").await;
    assert_eq!(tricks, serde_json::json!([]));
}
