//! The command line: help text, which people paste into tickets, never shows a secret's value
//! even when the environment holds it.

use std::process::Command;

#[test]
fn help_names_secret_settings_without_their_values() {
    let secrets = [
        (
            "LATCHKEY_SECRET_KEY",
            "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
        ),
        (
            "LATCHKEY_SMTP_URL",
            "smtp://mailer:relay-password@mail.example.com",
        ),
        (
            "LATCHKEY_WEBHOOK_SECRET",
            "a-webhook-secret-of-32-characters-ok",
        ),
        ("LATCHKEY_TWILIO_AUTH_TOKEN", "very-secret-token"),
        (
            "LATCHKEY_DIRECTORY_BIND_PASSWORD",
            "service-velvet-otter-47",
        ),
    ];
    // With a directory configured, as where the bind password is given.
    let directory = [
        ("LATCHKEY_DIRECTORY", "ldap"),
        ("LATCHKEY_DIRECTORY_URL", "ldaps://ldap.example.org"),
        (
            "LATCHKEY_DIRECTORY_BIND_DN",
            "cn=latchkey,dc=example,dc=org",
        ),
        ("LATCHKEY_DIRECTORY_BASE_DN", "ou=people,dc=example,dc=org"),
    ];
    for arguments in [
        &["serve", "--help"][..],
        &["--help"],
        &["db", "copy", "--help"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_latchkey-server"))
            .args(arguments)
            .envs(secrets)
            .envs(directory)
            .output()
            .unwrap();
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{arguments:?}: {help}");
        for (name, value) in secrets {
            assert!(!help.contains(value), "{arguments:?} shows {name}: {help}");
        }
        if arguments[0] == "serve" {
            assert!(help.contains("LATCHKEY_SECRET_KEY"), "{help}");
        }
    }
}

#[tokio::test]
async fn user_disable_and_enable_change_the_account_and_name_a_missing_one() {
    let database = crate::support::DatabaseOnDisk::new().await;
    crate::support::process::add_account(&database.url);
    let run = |arguments: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_latchkey-server"))
            .args(arguments)
            .args(["--database-url", &database.url])
            .output()
            .unwrap()
    };
    let list = |_: ()| String::from_utf8(run(&["user", "list"]).stdout).unwrap();
    let disabled = run(&["user", "disable", "jdoe"]);
    assert!(disabled.status.success());
    assert!(list(()).contains("(disabled)"));
    assert!(run(&["user", "enable", "jdoe"]).status.success());
    assert!(!list(()).contains("(disabled)"));
    let missing = run(&["user", "disable", "nobody"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no account called \"nobody\""));
}

#[tokio::test]
async fn tap_issue_prints_a_pass_once_and_user_role_grants_a_role() {
    let database = crate::support::DatabaseOnDisk::new().await;
    crate::support::process::add_account(&database.url);
    let run = |arguments: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_latchkey-server"))
            .args(arguments)
            .args(["--database-url", &database.url])
            .env(
                "LATCHKEY_SECRET_KEY",
                "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
            )
            .output()
            .unwrap()
    };
    let role = run(&["user", "role", "jdoe", "helpdesk"]);
    assert!(role.status.success(), "{role:?}");
    assert_eq!(
        String::from_utf8_lossy(&role.stdout),
        "jdoe is now helpdesk.\n"
    );
    assert!(!run(&["user", "role", "jdoe", "root"]).status.success());
    assert!(!run(&["user", "role", "nobody", "admin"]).status.success());

    let issued = run(&["tap", "issue", "jdoe", "--lifetime", "2h"]);
    assert!(issued.status.success(), "{issued:?}");
    let pass = String::from_utf8(issued.stdout).unwrap();
    let pass = pass.trim();
    assert_eq!(pass.len(), 19, "{pass}");
    let told = String::from_utf8_lossy(&issued.stderr);
    assert!(told.contains("until") && told.contains("once"), "{told}");
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database.url).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT pass_hash FROM access_passes")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(stored, [latchkey_server::access_pass::hash(pass)]);
    let too_long = run(&["tap", "issue", "jdoe", "--lifetime", "9h"]);
    assert!(!too_long.status.success());
    assert!(String::from_utf8_lossy(&too_long.stderr).contains("8 hours"));
    assert!(!run(&["tap", "issue", "nobody"]).status.success());

    // The audit log, for auditors: the pass was made, from the command line, and is not in it.
    let exported = run(&["audit", "export", "--since", "2026-01-01"]);
    assert!(exported.status.success(), "{exported:?}");
    let csv = String::from_utf8(exported.stdout).unwrap();
    assert!(
        csv.starts_with(
            "\"time\",\"account\",\"staff\",\"action\",\"detail\",\"note\",\"client\",\"user_agent\"\n"
        ),
        "{csv}"
    );
    let issued = csv
        .lines()
        .find(|line| line.contains(",\"access_pass_issued\","))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        issued.contains(",\"jdoe\",") && issued.contains("\"command line\""),
        "{issued}"
    );
    assert!(!csv.contains(pass), "{csv}");
    assert!(
        !run(&["audit", "export", "--since", "last week"])
            .status
            .success()
    );
}
