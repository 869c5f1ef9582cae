//! Passwords that live in a real Active Directory (Samba as a domain controller, in a network
//! namespace of the test's own): sign-in by binding as the person, disabled accounts and filter
//! tricks answered like unknown names, the domain's rules shown before people type, a reset
//! written to `unicodePwd` (checked by binding with OpenLDAP's tools), AD's bare "password
//! restriction" told as its reason (too soon, used before), "must change at next logon" leading
//! to a change instead of a dead end, a reset unlocking, a service account without the "Reset
//! password" right audited, and a domain controller that goes away.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use serde_json::json;
use support::reset::{
    NEW_PASSWORD, directory_away, proven_reset, refused_for_want_of_rights, set_password, unlock,
};
use support::samba::{GRACE, JDOE, READER_DN, SERVICE_DN, SambaDc};
use support::{PASSWORD, TestServer};

/// A domain with Latchkey-sized rules: 12 characters, complexity, 3 remembered passwords, no
/// minimum age (tests that need one set it).
async fn domain() -> SambaDc {
    let dc = SambaDc::start().await;
    dc.password_settings(&[
        "--min-pwd-length=12",
        "--complexity=on",
        "--history-length=3",
        "--min-pwd-age=0",
    ]);
    dc
}

/// A server whose passwords live in `dc`, reached as `service`.
async fn server(dc: &SambaDc, service: &str) -> TestServer {
    let mut args = support::test_args().await;
    args.limits.reset_puzzle_difficulty = Some(2);
    dc.settings_for(&mut args, service);
    TestServer::with_config(Config::resolve(args).unwrap()).await
}

/// Three wrong passwords at a Windows sign-in lock Jane out (with a threshold of 3).
fn lock_out_jdoe(dc: &SambaDc) {
    dc.password_settings(&["--account-lockout-threshold=3"]);
    for _ in 0..3 {
        assert!(!dc.accepts(JDOE, "not-the-Password-4"));
    }
    assert!(!dc.accepts(JDOE, PASSWORD), "locked out");
}

#[tokio::test]
async fn people_sign_in_with_their_domain_password_and_nobody_else_does() {
    let dc = domain().await;
    let server = server(&dc, SERVICE_DN).await;
    let signed_in = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    assert_eq!(signed_in.body["display_name"], "Jane Doe");
    // Keyed by objectGUID, as Windows writes it.
    let user = server.jdoe().await;
    let guid = user.directory_id.clone().unwrap();
    assert_eq!(guid.len(), 36, "{guid}");
    assert!(
        dc.samba_tool(&["user", "show", "jdoe", "--attributes=objectGUID"])
            .contains(&guid)
    );
    // By userPrincipalName too, to the same record.
    let by_upn = server.sign_in("jdoe@example.org", PASSWORD).await;
    assert_eq!(by_upn.status, StatusCode::OK);
    assert_eq!(server.state.store.users().await.unwrap().len(), 1);

    let refused = server.sign_in("jdoe", "not-the-Password-4").await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    for name in ["nobody", "gone", "*)(sAMAccountName=*", "*"] {
        let answer = server.sign_in(name, PASSWORD).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{name}");
        assert_eq!(answer.body, refused.body, "{name}");
    }
    assert_eq!(server.state.store.users().await.unwrap().len(), 1);

    // The domain's rules, before anyone types.
    let config = server.send(Method::GET, "/api/v1/config", None, None).await;
    assert_eq!(config.body["password_min_length"], 12);
    assert_eq!(config.body["password_history"], 3);
    assert_eq!(config.body["password_complexity"], true);
}

#[tokio::test]
async fn a_reset_is_written_to_the_domain_and_unlocks() {
    let dc = domain().await;
    let server = server(&dc, SERVICE_DN).await;
    let cookie = proven_reset(&server).await;
    lock_out_jdoe(&dc);
    // Not complex enough for the domain: told before anything is sent.
    let simple = set_password(&server, &cookie, "amberkestrelsoftly").await;
    assert_eq!(simple.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(simple.body["fields"][0]["code"], "not_complex_enough");
    // The reset stays proven: another password goes through, and the lockout is lifted.
    let done = set_password(&server, &cookie, NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    assert!(dc.accepts(JDOE, NEW_PASSWORD), "set, and unlocked");
    assert!(!dc.accepts(JDOE, PASSWORD));
    let user = server.jdoe().await;
    assert!(user.password_changed_at.is_some());
}

#[tokio::test]
async fn a_locked_out_person_unlocks_and_keeps_their_domain_password() {
    let dc = domain().await;
    let server = server(&dc, SERVICE_DN).await;
    let cookie = proven_reset(&server).await;
    lock_out_jdoe(&dc);
    let unlocked = unlock(&server, &cookie).await;
    assert_eq!(
        unlocked.status,
        StatusCode::NO_CONTENT,
        "{:?}",
        unlocked.body
    );
    assert!(dc.accepts(JDOE, PASSWORD), "unlocked, the same password");
}

#[tokio::test]
async fn a_person_changes_their_own_password_under_the_domains_rules() {
    let dc = domain().await;
    let server = server(&dc, SERVICE_DN).await;
    let cookie = server.signed_in().await;
    let wrong = server
        .change_password(&cookie, "not-the-Password-4", NEW_PASSWORD)
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let changed = server
        .change_password(&cookie, PASSWORD, NEW_PASSWORD)
        .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{:?}", changed.body);
    assert!(dc.accepts(JDOE, NEW_PASSWORD));
    assert!(!dc.accepts(JDOE, PASSWORD));
    // The domain's history: the password Jane had before, which only AD can know.
    let back = server
        .change_password(&cookie, NEW_PASSWORD, PASSWORD)
        .await;
    assert_eq!(
        back.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        back.body
    );
    assert_eq!(back.body["fields"][0]["code"], "used_before");
    // The domain's minimum age: a day between a person's own changes.
    dc.password_settings(&["--min-pwd-age=1"]);
    let soon = server
        .change_password(&cookie, NEW_PASSWORD, "copper-Heron-55-gently")
        .await;
    assert_eq!(
        soon.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        soon.body
    );
    assert_eq!(soon.body["fields"][0]["code"], "changed_too_recently");
    assert!(dc.accepts(JDOE, NEW_PASSWORD), "nothing changed");
}

#[tokio::test]
async fn a_password_that_must_be_changed_leads_to_the_change_not_a_dead_end() {
    let dc = domain().await;
    dc.samba_tool(&[
        "user",
        "setpassword",
        "grace",
        &format!("--newpassword={PASSWORD}"),
        "--must-change-at-next-login",
    ]);
    let server = server(&dc, SERVICE_DN).await;
    let expired = server.sign_in("grace", PASSWORD).await;
    assert_eq!(expired.status, StatusCode::FORBIDDEN, "{:?}", expired.body);
    assert_eq!(expired.body["code"], "password_expired");
    assert!(expired.session_cookie().is_none());
    // A wrong password is a wrong password, whatever the account's state.
    let wrong = server.sign_in("grace", "not-the-Password-4").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let change = |current: &str, new: &str| {
        let body = json!({"username": "grace", "current": current, "password": new});
        server.send(Method::POST, "/api/v1/password/expired", Some(body), None)
    };
    let wrong = change("not-the-Password-4", NEW_PASSWORD).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{:?}", wrong.body);
    let simple = change(PASSWORD, "amberkestrelsoftly").await;
    assert_eq!(simple.body["fields"][0]["code"], "not_complex_enough");
    // A change like any other: the domain's history applies.
    let same = change(PASSWORD, PASSWORD).await;
    assert_eq!(
        same.body["fields"][0]["code"], "used_before",
        "{:?}",
        same.body
    );
    let changed = change(PASSWORD, NEW_PASSWORD).await;
    assert_eq!(changed.status, StatusCode::OK, "{:?}", changed.body);
    assert_eq!(changed.body["username"], "grace");
    assert!(changed.session_cookie().is_some(), "signed in");
    assert!(dc.accepts(GRACE, NEW_PASSWORD));
    assert_eq!(
        server.sign_in("grace", NEW_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_service_account_without_the_reset_right_is_reported_and_audited() {
    let dc = domain().await;
    let server = server(&dc, READER_DN).await;
    let cookie = proven_reset(&server).await;
    let detail = refused_for_want_of_rights(&server, &cookie).await;
    assert!(dc.accepts(JDOE, PASSWORD), "nothing changed");
    assert!(detail.contains("50"), "the directory's words: {detail}");
}

#[tokio::test]
async fn a_domain_controller_that_goes_away_gives_a_clear_503_and_comes_back() {
    let mut dc = domain().await;
    let server = server(&dc, SERVICE_DN).await;
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
    dc.stop();
    directory_away(&server).await;
    dc.start_again().await;
    assert_eq!(
        server.sign_in("jdoe", PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_nested_domain_group_gives_it_supports_role_at_sign_in() {
    let dc = domain().await;
    for group in ["IT Helpdesk", "Tier1"] {
        dc.samba_tool(&["group", "add", group]);
    }
    dc.samba_tool(&["group", "addmembers", "IT Helpdesk", "Tier1"]);
    dc.samba_tool(&["group", "addmembers", "Tier1", "grace"]);
    let mut args = support::test_args().await;
    dc.settings_for(&mut args, SERVICE_DN);
    args.directory.directory_helpdesk_group =
        Some("CN=IT Helpdesk,CN=Users,DC=example,DC=org".into());
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    for name in ["grace", "jdoe"] {
        assert_eq!(server.sign_in(name, PASSWORD).await.status, StatusCode::OK);
    }
    let role = |name: &'static str| {
        let server = &server;
        async move {
            let user = server
                .state
                .store
                .find_user_for_sign_in(name)
                .await
                .unwrap()
                .unwrap();
            server.state.config.role_of(&user)
        }
    };
    assert_eq!(
        role("grace").await,
        Some(latchkey_server::staff::Role::Helpdesk)
    );
    assert_eq!(role("jdoe").await, None);
}

#[tokio::test]
async fn it_support_finds_and_counts_the_domains_people_who_never_signed_in() {
    let dc = domain().await;
    let server = server(&dc, SERVICE_DN).await;
    let admin = support::console::jdoe_as_admin(&server).await;
    // Jane and Grace are the people (the service accounts live outside OU=People); gone is
    // disabled.
    support::console::directory_people_in_the_console(&server, &admin, "grace", "hopper", 2).await;
}

#[tokio::test]
async fn an_admin_the_domain_demotes_and_disables_loses_the_console_then_every_session() {
    let dc = domain().await;
    dc.samba_tool(&["group", "add", "Latchkey Admins"]);
    dc.samba_tool(&["group", "addmembers", "Latchkey Admins", "jdoe"]);
    let mut args = support::test_args().await;
    dc.settings_for(&mut args, SERVICE_DN);
    args.directory.directory_admin_group =
        Some("CN=Latchkey Admins,CN=Users,DC=example,DC=org".into());
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    support::recheck::an_admin_demoted_then_ended(
        &server,
        ("grace", "hopper"),
        || {
            dc.samba_tool(&["group", "removemembers", "Latchkey Admins", "jdoe"]);
        },
        ("disabled", || {
            dc.samba_tool(&["user", "disable", "jdoe"]);
        }),
    )
    .await;
}

#[tokio::test]
async fn people_the_domain_locks_out_or_expires_are_signed_out_at_the_recheck() {
    let dc = domain().await;
    let server = server(&dc, SERVICE_DN).await;
    let jane = server.signed_in().await;
    let locked = || lock_out_jdoe(&dc);
    support::recheck::every_session_ends_at_the_recheck(&server, "jdoe", &[jane], "locked", locked)
        .await;
    let grace = server
        .sign_in("grace", PASSWORD)
        .await
        .session_cookie()
        .unwrap();
    support::recheck::every_session_ends_at_the_recheck(
        &server,
        "grace",
        &[grace],
        "expired",
        || {
            dc.samba_tool(&["user", "setexpiry", "grace", "--days=0"]);
        },
    )
    .await;
}
