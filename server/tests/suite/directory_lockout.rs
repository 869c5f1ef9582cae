//! Anonymous traffic never locks a directory account (security.md 52), on a real OpenLDAP with
//! the password policy locking after 5 wrong passwords for good, and on a real Samba AD locking
//! after 4: fifty wrong passwords for one name from addresses that change each time, after
//! Latchkey's own wait has passed each time, leave the entry unlocked, and the person still
//! signs in from the browser they used before. Past its share, a name is answered exactly as a
//! wrong password is, in the same time, and its password is not sent.

use crate::support;

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use serde_json::json;
use support::reset::{NEW_PASSWORD, proven_reset, set_password};
use support::samba::{JDOE, SambaDc};
use support::slapd::{BASE, PEOPLE, SERVICE_DN, Slapd};
use support::{PASSWORD, Reply, TestServer};

/// More than Latchkey's longest sign-in wait (15 minutes): every try is read.
const AFTER_THE_WAIT: i64 = 16 * 60;

/// ppolicy as issue 28 found it: locked for good after 5 wrong passwords, never forgotten.
async fn openldap_locking_after_five() -> (Slapd, TestServer) {
    openldap_locking_after_five_told_its_policy(true).await
}

/// The same, with Latchkey told where the policy is (`directory_policy_dn`) or not.
async fn openldap_locking_after_five_told_its_policy(told: bool) -> (Slapd, TestServer) {
    let slapd = Slapd::start().await;
    slapd.change(&format!(
        "dn: cn=default,ou=policies,{BASE}\nchangetype: modify\nreplace: pwdMaxFailure\n\
         pwdMaxFailure: 5\n"
    ));
    let mut args = support::test_args().await;
    slapd.settings_for(&mut args, SERVICE_DN);
    if !told {
        args.directory.directory_policy_dn = None;
    }
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    (slapd, server)
}

/// A sign-in from `address`, from a browser that carries `cookie` (if any).
async fn sign_in(
    server: &TestServer,
    address: &str,
    cookie: Option<&str>,
    name: &str,
    password: &str,
) -> Reply {
    let body = json!({ "username": name, "password": password });
    server
        .send_from(address, Method::POST, "/api/v1/session", Some(body), cookie)
        .await
}

/// The familiar-browser cookie a successful sign-in set, as `name=value`.
fn familiar_cookie(signed_in: &Reply) -> String {
    let cookie = signed_in
        .cookie_named("latchkey_browser")
        .expect("a sign-in makes the browser familiar");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Max-Age="), "long-lived: {cookie}");
    cookie.split(';').next().unwrap().to_string()
}

/// Fifty wrong passwords for `name`, each from an address of its own after Latchkey's wait;
/// each is refused as the first was.
async fn fifty_wrong_passwords(server: &TestServer, name: &str) {
    let mut first: Option<Reply> = None;
    for n in 0..50 {
        server.clock.advance(AFTER_THE_WAIT);
        let address = format!("198.51.{}.{}", n / 200, n % 200 + 1);
        let refused = sign_in(server, &address, None, name, &format!("Not-it-{n}-x")).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "try {n}");
        if let Some(first) = &first {
            assert_eq!(refused.body, first.body, "try {n}");
        } else {
            first = Some(refused);
        }
    }
}

#[tokio::test]
async fn fifty_wrong_passwords_from_anywhere_leave_an_openldap_account_unlocked() {
    let (slapd, server) = openldap_locking_after_five().await;
    let usual = sign_in(&server, "203.0.113.7", None, "jdoe", PASSWORD).await;
    assert_eq!(usual.status, StatusCode::OK, "{:?}", usual.body);

    fifty_wrong_passwords(&server, "jdoe").await;
    assert_eq!(
        slapd.values_of("jdoe", "pwdAccountLockedTime"),
        Vec::<String>::new(),
        "locked in the directory"
    );
    // ppolicy's 5, less the margin of 2, less the share kept for Jane's usual browser.
    let failures = slapd.values_of("jdoe", "pwdFailureTime").len();
    assert_eq!(failures, 2, "wrong passwords that reached the directory");
    let familiar = familiar_cookie(&usual);
    // Strangers' share is spent: even the right password is not sent from a strange browser.
    server.clock.advance(AFTER_THE_WAIT);
    let stranger = sign_in(&server, "198.51.100.77", None, "jdoe", PASSWORD).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    // Jane's usual browser still signs her in, and then any browser may again.
    let back = sign_in(&server, "203.0.113.7", Some(&familiar), "jdoe", PASSWORD).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
    assert!(slapd.accepts("jdoe", PASSWORD));
    let elsewhere = sign_in(&server, "198.51.100.78", None, "jdoe", PASSWORD).await;
    assert_eq!(elsewhere.status, StatusCode::OK);
}

#[tokio::test]
async fn a_completed_reset_makes_its_browser_familiar_and_gives_the_shares_back() {
    let (slapd, server) = openldap_locking_after_five().await;
    let reset = proven_reset(&server).await;
    // Strangers spend their share (Latchkey's own wait starts only after five).
    for n in 0..4 {
        let address = format!("198.51.100.{}", n + 1);
        let refused = sign_in(&server, &address, None, "jdoe", "Not-it-at-all").await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(slapd.values_of("jdoe", "pwdFailureTime").len(), 2);
    let done = set_password(&server, &reset, NEW_PASSWORD).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{:?}", done.body);
    let familiar = familiar_cookie(&done);
    // Setting the password made the directory forget the failures, and Latchkey with it: the
    // reset gives sign-in back, even from a browser Jane never used.
    assert!(slapd.values_of("jdoe", "pwdFailureTime").is_empty());
    let elsewhere = sign_in(&server, "198.51.100.9", None, "jdoe", NEW_PASSWORD).await;
    assert_eq!(elsewhere.status, StatusCode::OK, "{:?}", elsewhere.body);
    let signed_in = sign_in(
        &server,
        "203.0.113.7",
        Some(&familiar),
        "jdoe",
        NEW_PASSWORD,
    )
    .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    assert!(slapd.values_of("jdoe", "pwdAccountLockedTime").is_empty());
}

#[tokio::test]
async fn a_familiar_browser_cookie_is_no_one_elses() {
    let (slapd, server) = openldap_locking_after_five().await;
    // Robin's familiar browser is a stranger's for Jane, and a forged cookie is nobody's.
    let robin = sign_in(&server, "203.0.113.8", None, "rsmith", PASSWORD).await;
    assert_eq!(robin.status, StatusCode::OK);
    let robins = familiar_cookie(&robin);
    let forged = "latchkey_browser=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for (n, cookie) in [robins.as_str(), forged]
        .into_iter()
        .cycle()
        .take(20)
        .enumerate()
    {
        server.clock.advance(AFTER_THE_WAIT);
        let address = format!("198.51.100.{}", n + 1);
        let refused = sign_in(&server, &address, Some(cookie), "jdoe", "Not-it-at-all").await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    }
    assert!(slapd.values_of("jdoe", "pwdAccountLockedTime").is_empty());
    assert_eq!(slapd.values_of("jdoe", "pwdFailureTime").len(), 2);
}

/// Header names and the values that describe the answer (not the request's own ID or date).
fn shape(reply: &Reply) -> (StatusCode, serde_json::Value, Vec<String>, Vec<String>) {
    let mut names: Vec<String> = reply.headers.keys().map(|n| n.to_string()).collect();
    names.sort();
    let described = ["content-type", "cache-control", "content-length"]
        .iter()
        .map(|name| format!("{:?}", reply.headers.get(*name)))
        .collect();
    (reply.status, reply.body.clone(), names, described)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::test]
async fn past_its_share_a_name_is_answered_as_a_wrong_password_in_the_same_time() {
    let (slapd, server) = openldap_locking_after_five().await;
    // Robin's own policy never locks: each of Robin's wrong passwords is a real bind.
    slapd.change(&format!(
        "dn: cn=never,ou=policies,{BASE}\nchangetype: add\nobjectClass: device\n\
         objectClass: pwdPolicy\ncn: never\npwdAttribute: userPassword\npwdLockout: FALSE\n\n\
         dn: uid=rsmith,{PEOPLE}\nchangetype: modify\nadd: pwdPolicySubentry\n\
         pwdPolicySubentry: cn=never,ou=policies,{BASE}\n"
    ));
    let wrong = |n: usize| format!("Not-it-{n}-x");
    // Jane's two tries for strangers, spent.
    for n in 0..2 {
        server.clock.advance(AFTER_THE_WAIT);
        let refused = sign_in(&server, &format!("192.0.2.{n}"), None, "jdoe", &wrong(n)).await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    }
    let failures_before = slapd.values_of("jdoe", "pwdFailureTime").len();
    let (mut sent, mut unsent) = (Vec::new(), Vec::new());
    let mut answers = (None, None);
    for n in 0..31 {
        server.clock.advance(AFTER_THE_WAIT);
        let address = format!("198.51.100.{}", n + 1);
        let started = Instant::now();
        let real = sign_in(&server, &address, None, "rsmith", &wrong(n)).await;
        sent.push(started.elapsed());
        let started = Instant::now();
        let past = sign_in(&server, &address, None, "jdoe", &wrong(n)).await;
        unsent.push(started.elapsed());
        assert_eq!(shape(&past), shape(&real), "try {n}");
        answers = (Some(real), Some(past));
    }
    let (real, past) = (answers.0.unwrap(), answers.1.unwrap());
    assert_eq!(real.status, StatusCode::UNAUTHORIZED);
    assert_eq!(past.body, real.body);
    assert_eq!(
        slapd.values_of("jdoe", "pwdFailureTime").len(),
        failures_before,
        "past the share, nothing reached the directory"
    );
    let (sent, unsent) = (median(sent), median(unsent));
    let difference = sent.abs_diff(unsent);
    eprintln!("median: a wrong password sent {sent:?}, past the share {unsent:?}");
    assert!(
        difference < Duration::from_millis(5),
        "a wrong password {sent:?}, past the share {unsent:?}"
    );
}

#[tokio::test]
async fn fifty_wrong_passwords_from_anywhere_leave_a_domain_account_unlocked() {
    let dc = SambaDc::start().await;
    // Failures forgotten only after the longest window samba-tool takes (99999 minutes), so
    // that the test's clock, moved on past Latchkey's wait, does not outrun the domain's.
    dc.password_settings(&[
        "--account-lockout-threshold=4",
        "--account-lockout-duration=99999",
        "--reset-account-lockout-after=99999",
    ]);
    let mut args = support::test_args().await;
    dc.settings_for(&mut args, support::samba::SERVICE_DN);
    let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
    let usual = sign_in(&server, "203.0.113.7", None, "jdoe", PASSWORD).await;
    assert_eq!(usual.status, StatusCode::OK, "{:?}", usual.body);

    fifty_wrong_passwords(&server, "jdoe").await;
    let shown = dc.samba_tool(&[
        "user",
        "show",
        "jdoe",
        "--attributes=lockoutTime,badPwdCount",
    ]);
    let value = |name: &str| {
        shown
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}: ")))
            .unwrap_or("0")
            .trim()
            .to_string()
    };
    assert_eq!(value("lockoutTime"), "0", "locked in the domain: {shown}");
    let bad: u32 = value("badPwdCount").parse().unwrap();
    // The domain's 4, less the margin of 2, less the share kept for Jane's usual browser.
    assert_eq!(bad, 1, "wrong passwords that reached the domain: {shown}");
    let familiar = familiar_cookie(&usual);
    let back = sign_in(&server, "203.0.113.7", Some(&familiar), "jdoe", PASSWORD).await;
    assert_eq!(back.status, StatusCode::OK, "{:?}", back.body);
    assert!(dc.accepts(JDOE, PASSWORD));
}

#[tokio::test]
async fn wrong_current_passwords_in_a_change_stay_within_the_share_too() {
    let (slapd, server) = openldap_locking_after_five().await;
    let signed_in = sign_in(&server, "203.0.113.7", None, "jdoe", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    let cookies = format!(
        "{}; {}",
        signed_in.session_cookie().unwrap(),
        familiar_cookie(&signed_in)
    );
    // Latchkey's own wait starts after five: each of these is read, none may lock Jane out.
    for n in 0..5 {
        let body = json!({"current": format!("Not-it-{n}-x"), "password": NEW_PASSWORD});
        let refused = server
            .send_from(
                "203.0.113.7",
                Method::POST,
                "/api/v1/me/password",
                Some(body),
                Some(&cookies),
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "try {n}");
    }
    assert!(slapd.values_of("jdoe", "pwdAccountLockedTime").is_empty());
    // ppolicy's 5, less the margin of 2, of which her usual browser's share is 1.
    assert_eq!(slapd.values_of("jdoe", "pwdFailureTime").len(), 1);
    assert!(slapd.accepts("jdoe", PASSWORD));
}

#[tokio::test]
async fn without_the_policy_named_failures_are_taken_as_never_forgotten() {
    // ppolicy's default keeps failures until a success; Latchkey is not told where the policy is.
    let (slapd, server) = openldap_locking_after_five_told_its_policy(false).await;
    // Four wrong passwords a day, for three days, from addresses that change each time.
    for day in 0..3 {
        server.clock.advance(25 * 60 * 60);
        for n in 0..4 {
            let address = format!("198.51.100.{}", day * 10 + n + 1);
            let refused = sign_in(&server, &address, None, "jdoe", "Not-it-at-all").await;
            assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
        }
    }
    assert!(slapd.values_of("jdoe", "pwdAccountLockedTime").is_empty());
    assert!(slapd.accepts("jdoe", PASSWORD));
}
