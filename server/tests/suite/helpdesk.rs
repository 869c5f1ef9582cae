//! IT support's API (security.md 48–50): only staff, verified in their session, see it; helpdesk
//! acts on employees, not on staff, and nobody on themselves; opening a person's page is
//! audited; a pass needs the caller verified within the hour (an admin may vouch "another way",
//! with a reason), and is audited with the staff member and the ticket, each apart from
//! Latchkey's words.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::staff::Role;
use serde_json::json;
use support::reset::PERSONAL;
use support::staff::{get, newest, post, staff, verified_person};
use support::{PASSWORD, TestServer};

/// The staff member `username` (made by [`staff`]) verifies again with their personal email, as
/// the console's step-up does.
async fn verify_again(server: &TestServer, cookie: &str, username: &str) {
    let (options, channels) = server.verification_options(cookie).await;
    assert_eq!(channels, ["email"], "{options}");
    let body = json!({"method_id": options[0]["method_id"], "channel": "email"});
    let started = post(server, cookie, "/api/v1/verifications", body).await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let id = started.body["id"].as_str().unwrap();
    let code = server
        .last_code_to(&format!("{username}@personal.example"))
        .await;
    let passed = server.submit_code(cookie, id, &code).await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
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
    let viewed = newest(&server, "jdoe", "person_viewed").await;
    assert_eq!(viewed.staff.as_deref(), Some("helen"));
    assert_eq!(viewed.detail, "Their details were viewed");
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
    let made = newest(&server, "jdoe", "staff_access_pass").await;
    assert_eq!(made.note.as_deref(), Some("INC-4711"));
    assert_eq!(made.staff.as_deref(), Some("ada"));
    let vouched = newest(&server, "jdoe", "caller_verified").await;
    assert_eq!(vouched.note.as_deref(), Some("INC-4711: badge at the desk"));
    assert_eq!(vouched.detail, "The caller was verified another way");
    // The verification lasts an hour for that staff member (whose session stays in use, and who
    // verified themselves again, as staff do every 15 minutes).
    for _ in 0..3 {
        server.clock.advance(1200);
        assert_eq!(
            get(&server, &admin, "/api/v1/me").await.status,
            StatusCode::OK
        );
    }
    verify_again(&server, &admin, "ada").await;
    let later = post(&server, &admin, &pass_path, json!({"lifetime_minutes": 60})).await;
    assert_eq!(later.body["code"], "verification_required");
}

/// An admin signed in and verified, who vouched for jdoe's caller; (cookie, jdoe's ID).
async fn admin_with_verified_caller(server: &TestServer) -> (String, String) {
    let admin = staff(server, "ada", Role::Admin).await;
    let jdoe = server.jdoe().await;
    let path = format!("/api/v1/admin/people/{}/verification", jdoe.id);
    let vouched = post(
        server,
        &admin,
        &path,
        json!({"reason": "INC-1: at the desk"}),
    )
    .await;
    assert_eq!(vouched.status, StatusCode::NO_CONTENT, "{:?}", vouched.body);
    (admin, jdoe.id)
}

#[tokio::test]
async fn a_lost_phone_is_removed_and_the_person_signed_out_everywhere() {
    let server = TestServer::new().await;
    let jane = server.with_email_method(PERSONAL).await;
    let (admin, id) = admin_with_verified_caller(&server).await;
    let method = server.state.store.methods(&id).await.unwrap()[0].id.clone();
    let path = format!("/api/v1/admin/people/{id}/methods/{method}?ticket=INC-2");
    let deleted = server.send(Method::DELETE, &path, None, Some(&admin)).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT, "{:?}", deleted.body);
    assert!(server.state.store.methods(&id).await.unwrap().is_empty());
    let everywhere = format!("/api/v1/admin/people/{id}/sign-out-everywhere");
    let ended = post(&server, &admin, &everywhere, json!({"ticket": "INC-2"})).await;
    assert_eq!(ended.status, StatusCode::NO_CONTENT, "{:?}", ended.body);
    let me = get(&server, &jane, "/api/v1/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "Jane's session ended");
    for action in [
        "staff_method_deleted",
        "method_deleted",
        "staff_signed_out_everywhere",
    ] {
        let entry = newest(&server, "jdoe", action).await;
        if action.starts_with("staff") {
            assert_eq!(entry.note.as_deref(), Some("INC-2"), "{action}");
            assert_eq!(entry.staff.as_deref(), Some("ada"), "{action}");
        }
    }
    // Told at the address she had.
    server.deliver_all().await;
    let notice = server.sent_to(PERSONAL, "email").await;
    assert!(
        notice.contains("was removed from your security info"),
        "{notice}"
    );
}

#[tokio::test]
async fn re_registration_clears_everything_and_unlock_lifts_the_wait() {
    let server = TestServer::new().await;
    let jane = server.with_email_method(PERSONAL).await;
    let (admin, id) = admin_with_verified_caller(&server).await;
    let again = format!("/api/v1/admin/people/{id}/re-registration");
    let cleared = post(&server, &admin, &again, json!({"ticket": "INC-3"})).await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT, "{:?}", cleared.body);
    assert!(server.state.store.methods(&id).await.unwrap().is_empty());
    assert_eq!(
        get(&server, &jane, "/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
    server.deliver_all().await;
    let notice = server.sent_to(PERSONAL, "email").await;
    assert!(notice.contains("register your methods again"), "{notice}");
    // Wrong passwords close sign-in for a while; IT support opens it again.
    for _ in 0..6 {
        server.sign_in("jdoe", "not-the-password").await;
    }
    let held = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(held.status, StatusCode::UNAUTHORIZED, "held back");
    let page = get(&server, &admin, &format!("/api/v1/admin/people/{id}")).await;
    assert!(
        page.body["sign_in_wait_seconds"].as_i64().unwrap() > 0,
        "{:?}",
        page.body
    );
    let unlock = format!("/api/v1/admin/people/{id}/unlock");
    let unlocked = post(&server, &admin, &unlock, json!({})).await;
    assert_eq!(
        unlocked.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        unlocked.body
    );
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    let unlocked = newest(&server, "jdoe", "staff_unlocked").await;
    assert_eq!(unlocked.note, None, "no ticket was given");
    assert_eq!(unlocked.detail, "The account was unlocked");
}

#[tokio::test]
async fn actions_need_the_caller_verified() {
    let server = TestServer::new().await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let jdoe = server.jdoe().await;
    for action in ["re-registration", "sign-out-everywhere", "unlock"] {
        let path = format!("/api/v1/admin/people/{}/{action}", jdoe.id);
        let refused = post(&server, &helen, &path, json!({})).await;
        assert_eq!(refused.body["code"], "verification_required", "{action}");
    }
}

#[tokio::test]
async fn helpdesk_verifies_a_caller_with_a_code_they_read_out() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let jdoe = server.jdoe().await;
    let method = server.state.store.methods(&jdoe.id).await.unwrap()[0]
        .id
        .clone();
    let codes = format!("/api/v1/admin/people/{}/caller-codes", jdoe.id);
    let by_call = post(
        &server,
        &helen,
        &codes,
        json!({"method_id": method, "channel": "voice"}),
    )
    .await;
    assert_eq!(by_call.status, StatusCode::UNPROCESSABLE_ENTITY);
    let sent = post(
        &server,
        &helen,
        &codes,
        json!({"method_id": method, "channel": "email"}),
    )
    .await;
    assert_eq!(sent.status, StatusCode::OK, "{:?}", sent.body);
    assert!(
        !sent.body["destination"]
            .as_str()
            .unwrap()
            .starts_with("jane@"),
        "masked"
    );
    let check = format!("{codes}/{}", sent.body["id"].as_str().unwrap());
    let code = server.last_code_to(PERSONAL).await;
    let wrong = post(
        &server,
        &helen,
        &check,
        json!({"code": support::wrong_code_for(&code)}),
    )
    .await;
    assert_eq!(wrong.body["fields"][0]["code"], "wrong_code");
    // The person's own session cannot use IT support's code.
    let jane = server.signed_in().await;
    let theirs = format!(
        "/api/v1/challenges/{}/code",
        sent.body["id"].as_str().unwrap()
    );
    assert_eq!(
        post(&server, &jane, &theirs, json!({"code": code}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let right = post(&server, &helen, &check, json!({"code": code})).await;
    assert_eq!(right.status, StatusCode::NO_CONTENT, "{:?}", right.body);
    let pass_path = format!("/api/v1/admin/people/{}/access-pass", jdoe.id);
    let made = post(&server, &helen, &pass_path, json!({"lifetime_minutes": 30})).await;
    assert_eq!(made.status, StatusCode::OK, "{:?}", made.body);
    let verified = newest(&server, "jdoe", "caller_verified").await;
    assert!(verified.detail.contains("a code by email"), "{verified:?}");
    assert_eq!(verified.staff.as_deref(), Some("helen"));
}

#[tokio::test]
async fn the_audit_log_filters_pages_and_downloads() {
    let server = TestServer::new().await;
    let (admin, id) = admin_with_verified_caller(&server).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    for _ in 0..55 {
        get(&server, &helen, &format!("/api/v1/admin/people/{id}")).await;
    }
    let viewed = get(
        &server,
        &admin,
        "/api/v1/admin/audit?person=JDOE&action=person_viewed",
    )
    .await;
    assert_eq!(viewed.status, StatusCode::OK, "{:?}", viewed.body);
    assert_eq!(viewed.body["entries"].as_array().unwrap().len(), 50);
    assert_eq!(viewed.body["more"], true);
    assert_eq!(
        viewed.body["entries"][0]["actor"],
        json!({"staff": "helen"})
    );
    let second = get(
        &server,
        &admin,
        "/api/v1/admin/audit?person=jdoe&action=person_viewed&page=2",
    )
    .await;
    assert_eq!(second.body["entries"].as_array().unwrap().len(), 5);
    assert_eq!(second.body["more"], false);
    let by_ada = get(&server, &admin, "/api/v1/admin/audit?staff=ada").await;
    let actions: Vec<_> = by_ada.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(actions, [json!("caller_verified")]);
    let today = get(
        &server,
        &admin,
        "/api/v1/admin/audit?from=2020-01-01&to=2020-01-02",
    )
    .await;
    assert_eq!(today.body["entries"], json!([]));
    let bad_day = get(&server, &admin, "/api/v1/admin/audit?from=yesterday").await;
    assert_eq!(bad_day.status, StatusCode::UNPROCESSABLE_ENTITY);
    let csv = get(&server, &admin, "/api/v1/admin/audit.csv?staff=ada").await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = csv.body.as_str().unwrap_or_default().to_string();
    assert!(
        text.starts_with("\"time\",\"account\",\"staff\",\"action\""),
        "{text}"
    );
    assert!(
        text.contains(",\"jdoe\",\"ada\",\"caller_verified\","),
        "{text}"
    );
    let jane = server.signed_in().await;
    assert_eq!(
        get(&server, &jane, "/api/v1/admin/audit").await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn entries_of_the_same_second_are_listed_in_the_order_they_happened() {
    let server = TestServer::new().await;
    let (admin, id) = admin_with_verified_caller(&server).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    // The test clock stands still: every entry is written in the same second.
    let viewers = [&helen, &admin, &helen, &helen, &admin];
    for viewer in viewers {
        get(&server, viewer, &format!("/api/v1/admin/people/{id}")).await;
    }
    let audit = "/api/v1/admin/audit?person=jdoe&action=person_viewed";
    let newest_first: Vec<_> = get(&server, &admin, audit).await.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["actor"]["staff"].as_str().unwrap().to_string())
        .take(viewers.len())
        .collect();
    assert_eq!(newest_first, ["ada", "helen", "helen", "ada", "helen"]);
    let csv = get(&server, &admin, &audit.replace("audit?", "audit.csv?")).await;
    let text = csv.body.as_str().unwrap_or_default().to_string();
    let downloaded: Vec<_> = text
        .lines()
        .skip(1)
        .map(|line| line.split(',').nth(2).unwrap_or_default().trim_matches('"'))
        .take(viewers.len())
        .collect();
    assert_eq!(downloaded, newest_first);
}

#[tokio::test]
async fn roles_can_come_from_the_configuration() {
    let mut args = support::test_args().await;
    args.staff.helpdesk_users = Some(vec!["Helen".into()]);
    let config = latchkey_server::config::Config::resolve(args).unwrap();
    let server = TestServer::with_config(config).await;
    let helen = verified_person(&server, "helen").await;
    let found = get(&server, &helen, "/api/v1/admin/people?query=jdoe").await;
    assert_eq!(found.status, StatusCode::OK, "{:?}", found.body);
    assert_eq!(found.body[0]["username"], "jdoe");
}

#[tokio::test]
async fn the_coverage_report_counts_who_can_reset_and_names_who_cannot() {
    let server = TestServer::new().await;
    server.with_email_method(PERSONAL).await;
    server
        .add_person("kim", "Kim Sato", "kim@contoso.com")
        .await;
    let admin = staff(&server, "ada", Role::Admin).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let refused = get(&server, &helen, "/api/v1/admin/reports/coverage").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "admins only");
    let report = get(&server, &admin, "/api/v1/admin/reports/coverage").await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    // jdoe, kim and the two staff, who registered an email each; kim has nothing.
    assert_eq!(report.body["people"], 4);
    assert_eq!(report.body["can_reset"], 3);
    let not_yet: Vec<_> = report.body["not_yet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["username"].clone())
        .collect();
    assert_eq!(not_yet, [json!("kim")]);
    let emails = report.body["methods_by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kind"] == "email")
        .unwrap()["count"]
        .clone();
    assert_eq!(emails, 3);
    let weeks = report.body["registrations_per_week"].as_array().unwrap();
    assert_eq!(weeks.len(), 12);
    assert_eq!(weeks[11]["count"], 3, "all this week");
    let monday = 4 * 24 * 60 * 60;
    let week = weeks[11]["week"].as_i64().unwrap();
    assert_eq!(
        (week - monday) % (7 * 24 * 60 * 60),
        0,
        "weeks start on Mondays"
    );
}

#[tokio::test]
async fn the_activity_report_counts_resets_and_messages_per_day() {
    let server = support::reset::server(1).await;
    let cookie = support::reset::proven_reset(&server).await;
    let done = support::reset::set_password(&server, &cookie, support::reset::NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    // An unknown name's reset is no one's: not counted as a reset.
    let (unknown, _) = support::reset::start(&server, "nobody").await;
    assert_eq!(unknown.status, StatusCode::OK);
    server.deliver_all().await;
    let admin = staff(&server, "ada", Role::Admin).await;
    server.deliver_all().await;
    let report = get(&server, &admin, "/api/v1/admin/reports/activity").await;
    assert_eq!(report.status, StatusCode::OK, "{:?}", report.body);
    let days = report.body["days"].as_array().unwrap();
    assert_eq!(days.len(), 30);
    let today = &days[29];
    assert_eq!(today["resets_started"], 1, "{today}");
    assert_eq!(today["resets_completed"], 1, "{today}");
    assert_eq!(today["resets_refused"], 0, "{today}");
    assert!(today["emails_sent"].as_u64().unwrap() >= 3, "{today}");
    assert_eq!(days[28]["emails_sent"], 0);
    assert_eq!(
        report.body["proven_by"],
        json!([{"way": "email", "count": 1}])
    );
}

#[tokio::test]
async fn staff_act_only_within_fifteen_minutes_of_verifying() {
    let server = TestServer::new().await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let search = "/api/v1/admin/people?query=doe";
    assert_eq!(get(&server, &helen, search).await.status, StatusCode::OK);
    server.clock.advance(15 * 60 - 1);
    assert_eq!(get(&server, &helen, search).await.status, StatusCode::OK);
    server.clock.advance(60);
    let later = get(&server, &helen, search).await;
    assert_eq!(later.status, StatusCode::FORBIDDEN, "{:?}", later.body);
    assert_eq!(later.body["code"], "verification_required");
    // Still signed in: verifying again lets them go on.
    assert_eq!(
        get(&server, &helen, "/api/v1/me").await.status,
        StatusCode::OK
    );
    verify_again(&server, &helen, "helen").await;
    assert_eq!(get(&server, &helen, search).await.status, StatusCode::OK);
}
