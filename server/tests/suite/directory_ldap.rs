//! Passwords that live in a real OpenLDAP (security.md 43–47): people sign in with their
//! directory password, unknown and disabled names and filter tricks are refused alike, a renamed
//! account keeps its security info, a reset is written to the directory (checked with
//! OpenLDAP's own tools) and its policy's refusals come back as reasons, a reset unlocks, a
//! service account without rights is reported and audited, and a directory that goes away gives
//! a clear 503 and comes back by itself.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use serde_json::json;
use support::reset::{
    NEW_PASSWORD, PERSONAL, directory_away, proven_reset, refused_for_want_of_rights, set_password,
    unlock,
};
use support::slapd::{READER_DN, SERVICE_DN, Slapd};
use support::{PASSWORD, TestServer};

/// A server whose passwords live in `slapd`, reached as `service`.
async fn server(slapd: &Slapd, service: &str) -> TestServer {
    let mut args = support::test_args().await;
    args.limits.reset_puzzle_difficulty = Some(2);
    slapd.settings_for(&mut args, service);
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

#[tokio::test]
async fn people_sign_in_with_their_directory_password_and_nobody_else_does() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    let signed_in = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    assert_eq!(signed_in.body["username"], "jdoe");
    assert_eq!(signed_in.body["display_name"], "Jane Doe");
    // The local record is keyed by the directory's ID and keeps no password.
    let user = server
        .state
        .store
        .find_user_for_sign_in("jdoe")
        .await
        .unwrap()
        .unwrap();
    assert!(user.directory_id.is_some());
    assert!(user.password_hash.is_empty());
    // By work email too, to the same record.
    let by_email = server.sign_in("jdoe@example.org", PASSWORD).await;
    assert_eq!(by_email.status, StatusCode::OK);
    assert_eq!(server.state.store.users().await.unwrap().len(), 1);

    // Wrong, unknown, disabled, and a filter trick: one answer for all.
    let refused = server.sign_in("jdoe", "not-the-password-at-all").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    for (name, password) in [
        ("nobody", PASSWORD),
        ("gone", PASSWORD),
        ("*)(uid=*", PASSWORD),
        ("*", PASSWORD),
    ] {
        let answer = server.sign_in(name, password).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(answer.body, refused.body, "{name}");
    }
    assert_eq!(server.state.store.users().await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_directorys_rules_are_shown_before_people_type() {
    let slapd = Slapd::start().await;
    // Stricter than Latchkey's 12: the page asks for the directory's 16.
    slapd.change(&format!(
        "dn: cn=default,ou=policies,{}\nchangetype: modify\nreplace: pwdMinLength\npwdMinLength: 16\n",
        support::slapd::BASE
    ));
    let server = server(&slapd, SERVICE_DN).await;
    let config = server.send(Method::GET, "/api/v1/config", None, None).await;
    assert_eq!(config.body["password_min_length"], 16);
    assert_eq!(config.body["password_history"], 3);
}

#[tokio::test]
async fn a_renamed_account_keeps_its_security_info() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    server.with_email_method(PERSONAL).await;
    slapd.change(&format!(
        "dn: uid=jdoe,{}\nchangetype: modrdn\nnewrdn: uid=janed\ndeleteoldrdn: 1\n",
        support::slapd::PEOPLE
    ));
    let signed_in = server.sign_in("janed", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    assert_eq!(signed_in.body["username"], "janed");
    let cookie = signed_in.session_cookie().unwrap();
    // The email registered before the rename is what the new session verifies with.
    let (options, channels) = server.verification_options(&cookie).await;
    assert_eq!(channels, ["email"], "{options}");
    assert_eq!(server.state.store.users().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_recycled_username_does_not_inherit_the_old_persons_methods() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    server.with_email_method(PERSONAL).await;
    // jdoe leaves; a new jdoe joins with the same name and address (a new entryUUID).
    let entry = format!("uid=jdoe,{}", support::slapd::PEOPLE);
    slapd.change(&format!("dn: {entry}\nchangetype: delete\n"));
    slapd.change(&format!(
        "dn: {entry}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: jdoe\ncn: Jo Doe\n\
         sn: Doe\ndisplayName: Jo Doe\nmail: jdoe@example.org\nuserPassword: {PASSWORD}\n"
    ));
    let signed_in = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    assert_eq!(signed_in.body["display_name"], "Jo Doe");
    // No methods to verify with: the security info is open to a new person's first method.
    let cookie = signed_in.session_cookie().unwrap();
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(&cookie))
        .await;
    assert_eq!(info.status, StatusCode::OK, "{:?}", info.body);
    assert_eq!(info.body["methods"], json!([]));
    // The old record keeps its history under a name nobody can type.
    assert_eq!(server.state.store.users().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_reset_is_written_to_the_directory_and_its_refusals_are_reasons() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    let cookie = proven_reset(&server).await;
    // The directory's history: the password the person has now.
    let again = set_password(&server, &cookie, PASSWORD).await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        again.body
    );
    assert_eq!(again.body["fields"][0]["code"], "used_before");
    assert!(slapd.accepts("jdoe", PASSWORD), "nothing changed");
    // The reset stays proven: another password goes through.
    let done = set_password(&server, &cookie, NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    assert!(slapd.accepts("jdoe", NEW_PASSWORD));
    assert!(!slapd.accepts("jdoe", PASSWORD));
    assert_eq!(
        server.sign_in("jdoe", NEW_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_person_changes_their_own_directory_password_under_its_rules() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    // The directory's minimum age: a day between changes.
    slapd.change(&format!(
        "dn: cn=default,ou=policies,{}\nchangetype: modify\nadd: pwdMinAge\npwdMinAge: 86400\n",
        support::slapd::BASE
    ));
    let cookie = server.signed_in().await;
    let change = |current, new| server.change_password(&cookie, current, new);
    let wrong = change("not-the-password-at-all", NEW_PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // Latchkey's own rules, once the bind proved the current password.
    let common = change(PASSWORD, "password1234").await;
    assert_eq!(common.body["fields"][0]["code"], "common_password");
    assert!(slapd.accepts("jdoe", PASSWORD), "nothing changed");
    let changed = change(PASSWORD, NEW_PASSWORD).await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:?}", changed.body);
    assert!(slapd.accepts("jdoe", NEW_PASSWORD));
    assert!(!slapd.accepts("jdoe", PASSWORD));
    let again = change(NEW_PASSWORD, "copper-heron-55-gently").await;
    assert_eq!(
        again.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        again.body
    );
    assert_eq!(again.body["fields"][0]["code"], "changed_too_recently");
    assert!(slapd.accepts("jdoe", NEW_PASSWORD), "nothing changed");
}

#[tokio::test]
async fn a_reset_unlocks_an_account_the_policy_locked() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    let cookie = proven_reset(&server).await;
    slapd.lock("jdoe");
    assert!(!slapd.accepts("jdoe", PASSWORD), "locked");
    let done = set_password(&server, &cookie, NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    assert!(slapd.accepts("jdoe", NEW_PASSWORD), "unlocked");
}

#[tokio::test]
async fn a_locked_person_unlocks_and_keeps_their_directory_password() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    let cookie = proven_reset(&server).await;
    slapd.lock("jdoe");
    assert!(!slapd.accepts("jdoe", PASSWORD), "locked");
    let unlocked = unlock(&server, &cookie).await;
    assert_eq!(
        unlocked.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        unlocked.body
    );
    assert!(
        slapd.accepts("jdoe", PASSWORD),
        "unlocked, the same password"
    );
}

#[tokio::test]
async fn a_service_account_without_rights_is_reported_and_audited() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, READER_DN).await;
    let cookie = proven_reset(&server).await;
    let detail = refused_for_want_of_rights(&server, &cookie).await;
    assert!(slapd.accepts("jdoe", PASSWORD), "nothing changed");
    assert!(detail.contains("50"), "the directory's words: {detail}");
}

#[tokio::test]
async fn a_directory_that_goes_away_gives_a_clear_503_and_comes_back() {
    let mut slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    slapd.stop();
    directory_away(&server).await;
    // The public answer names the missing part, and nothing of the directory (security.md 60):
    // no error text, no DN, no host.
    let ready = server.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        ready.body,
        serde_json::json!({"status": "not ready", "missing": ["directory"]})
    );
    let said = ready.body.to_string().to_lowercase();
    for secret in [
        "os error",
        "refused",
        "dc=",
        "ou=",
        "cn=",
        "127.0.0.1",
        "ldap",
    ] {
        assert!(!said.contains(secret), "{secret} in {said}");
    }
    // The reason is for operators: the log and the metrics listener.
    let missing = latchkey_server::http::health::readiness(&server.state).await;
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].part, "directory");
    assert!(
        missing[0].reason.to_lowercase().contains("refused"),
        "{}",
        missing[0].reason
    );
    slapd.start_again().await;
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    let ready = server.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body, serde_json::json!({"status": "ready"}));
}

#[tokio::test]
async fn a_password_an_administrator_reset_is_changed_at_sign_in() {
    let slapd = Slapd::start().await;
    // The policy asks for a change after an administrator's reset, and jdoe's was just reset.
    let base = support::slapd::BASE;
    slapd.change(&format!(
        "dn: cn=default,ou=policies,{base}\nchangetype: modify\nadd: pwdMustChange\npwdMustChange: TRUE\n"
    ));
    slapd.change(&format!(
        "dn: uid=jdoe,{}\nchangetype: modify\nadd: pwdReset\npwdReset: TRUE\n",
        support::slapd::PEOPLE
    ));
    let server = server(&slapd, SERVICE_DN).await;
    let expired = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(expired.status, StatusCode::FORBIDDEN, "{:?}", expired.body);
    assert_eq!(expired.body["code"], "password_expired");
    assert_eq!(
        server
            .sign_in("jdoe", "not-the-password-at-all")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let body = json!({"username": "jdoe", "current": PASSWORD, "password": NEW_PASSWORD});
    let changed = server
        .send(Method::POST, "/api/v1/password/expired", Some(body), None)
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert!(changed.session_cookie().is_some(), "signed in");
    assert!(slapd.accepts("jdoe", NEW_PASSWORD));
    assert!(!slapd.accepts("jdoe", PASSWORD));
    // Changed by the person: the directory wants nothing more.
    assert_eq!(
        server.sign_in("jdoe", NEW_PASSWORD).await.status,
        StatusCode::OK
    );
    assert!(server.jdoe().await.password_changed_at.is_some());
}

#[tokio::test]
async fn a_directory_group_gives_it_supports_role_at_sign_in() {
    let slapd = Slapd::start().await;
    let base = support::slapd::BASE;
    let people = support::slapd::PEOPLE;
    let group = format!("cn=helpdesk,ou=groups,{base}");
    slapd.change(&format!(
        "dn: ou=groups,{base}\nchangetype: add\nobjectClass: organizationalUnit\nou: groups\n\n\
         dn: {group}\nchangetype: add\nobjectClass: groupOfNames\ncn: helpdesk\n\
         member: uid=jdoe,{people}\n"
    ));
    let mut args = support::test_args().await;
    slapd.settings_for(&mut args, SERVICE_DN);
    args.directory.directory_helpdesk_group = Some(group.clone());
    args.directory.directory_admin_group = Some(format!("cn=admins,ou=groups,{base}"));
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    let jdoe = server.jdoe().await;
    assert_eq!(
        server.state.config.role_of(&jdoe),
        Some(latchkey_server::staff::Role::Helpdesk)
    );
    assert_eq!(
        server.sign_in("rsmith", PASSWORD).await.status,
        StatusCode::OK
    );
    let rsmith = server
        .state
        .store
        .find_user_for_sign_in("rsmith")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(server.state.config.role_of(&rsmith), None);
    // Leaving the group takes the role at the next sign-in.
    slapd.change(&format!(
        "dn: {group}\nchangetype: modify\nreplace: member\nmember: uid=rsmith,{people}\n"
    ));
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    assert_eq!(server.state.config.role_of(&server.jdoe().await), None);
}

#[tokio::test]
async fn it_support_finds_and_counts_the_directorys_people_who_never_signed_in() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    let admin = support::console::jdoe_as_admin(&server).await;
    support::console::directory_people_in_the_console(&server, &admin, "rsmith", "robin", 2).await;
}

/// The groups `admins` and `helpdesk` (under `ou=groups`) holding the people `admin` and
/// `helpdesk` (uids), and a server on `slapd` whose IT support roles come from them.
async fn server_with_groups(slapd: &Slapd, admin: &str, helpdesk: &str) -> TestServer {
    let base = support::slapd::BASE;
    let people = support::slapd::PEOPLE;
    let group = |name: &str, member: &str| {
        format!(
            "dn: cn={name},ou=groups,{base}\nchangetype: add\nobjectClass: groupOfNames\n\
             cn: {name}\nmember: uid={member},{people}\n"
        )
    };
    slapd.change(&format!(
        "dn: ou=groups,{base}\nchangetype: add\nobjectClass: organizationalUnit\nou: groups\n\n\
         {}\n{}",
        group("admins", admin),
        group("helpdesk", helpdesk)
    ));
    let mut args = support::test_args().await;
    slapd.settings_for(&mut args, SERVICE_DN);
    args.directory.directory_admin_group = Some(format!("cn=admins,ou=groups,{base}"));
    args.directory.directory_helpdesk_group = Some(format!("cn=helpdesk,ou=groups,{base}"));
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

/// The LDIF that makes `uid` the only member of the group `name` (a group needs one).
fn only_member(name: &str, uid: &str) -> String {
    let base = support::slapd::BASE;
    let people = support::slapd::PEOPLE;
    format!(
        "dn: cn={name},ou=groups,{base}\nchangetype: modify\nreplace: member\n\
         member: uid={uid},{people}\n"
    )
}

#[tokio::test]
async fn an_admin_the_directory_demotes_and_locks_loses_the_console_then_every_session() {
    let slapd = Slapd::start().await;
    let server = server_with_groups(&slapd, "jdoe", "gone").await;
    support::recheck::an_admin_demoted_then_ended(
        &server,
        ("rsmith", "robin"),
        || slapd.change(&only_member("admins", "gone")),
        ("locked", || slapd.lock("jdoe")),
    )
    .await;
}

#[tokio::test]
async fn helpdesk_loses_sight_of_a_person_the_directory_makes_an_admin() {
    let slapd = Slapd::start().await;
    let server = server_with_groups(&slapd, "gone", "jdoe").await;
    let helpdesk = server.with_email_method(PERSONAL).await;
    let rsmith = support::recheck::found_by(&server, &helpdesk, "robin").await;
    let page = format!("/api/v1/admin/people/{rsmith}");
    let opened = server.send(Method::GET, &page, None, Some(&helpdesk)).await;
    assert_eq!(opened.status, StatusCode::OK, "{:?}", opened.body);
    slapd.change(&only_member("admins", "rsmith"));
    server.clock.advance(61);
    let hidden = server.send(Method::GET, &page, None, Some(&helpdesk)).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{:?}", hidden.body);
    let pass = server
        .send(
            Method::POST,
            &format!("{page}/access-pass"),
            Some(json!({"lifetime_minutes": 60})),
            Some(&helpdesk),
        )
        .await;
    assert_eq!(pass.status, StatusCode::NOT_FOUND, "{:?}", pass.body);
}

#[tokio::test]
async fn a_person_the_directory_removes_is_signed_out_at_the_recheck() {
    let slapd = Slapd::start().await;
    let server = server(&slapd, SERVICE_DN).await;
    let cookie = server.signed_in().await;
    let entry = format!("uid=jdoe,{}", support::slapd::PEOPLE);
    support::recheck::every_session_ends_at_the_recheck(
        &server,
        "jdoe",
        &[cookie],
        "no longer has the account",
        || slapd.change(&format!("dn: {entry}\nchangetype: delete\n")),
    )
    .await;
}

#[tokio::test]
async fn a_directory_that_is_down_keeps_sessions_but_holds_staff_actions() {
    let mut slapd = Slapd::start().await;
    let server = server_with_groups(&slapd, "jdoe", "gone").await;
    let admin = server.with_email_method(PERSONAL).await;
    let page = format!(
        "/api/v1/admin/people/{}",
        support::recheck::found_by(&server, &admin, "robin").await
    );
    slapd.stop();
    server.clock.advance(support::recheck::RECHECK);
    let me = server
        .send(Method::GET, "/api/v1/me", None, Some(&admin))
        .await;
    assert_eq!(me.status, StatusCode::OK, "an outage signs nobody out");
    let held = server.send(Method::GET, &page, None, Some(&admin)).await;
    assert_eq!(
        held.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{:?}",
        held.body
    );
    assert_eq!(held.body["code"], "directory_unavailable");
    slapd.start_again().await;
    let back = server.send(Method::GET, &page, None, Some(&admin)).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
}
