//! Only a directory whose certificate is trusted is spoken to (security.md 43), over LDAPS and
//! over StartTLS against a real slapd (whose plain port takes nothing before StartTLS): people
//! sign in over either; a certificate from a CA Latchkey was not told of stops the server at
//! start, and, when the directory comes back with one, is refused at reconnect (503, and ready
//! no more) — as the SMTP relay's is.

use crate::support;

use std::sync::Arc;

use axum::http::{Method, StatusCode};
use latchkey_server::config::{Config, ServeArgs};
use latchkey_server::state::AppState;
use support::slapd::{SERVICE_DN, Slapd};
use support::{PASSWORD, TestServer};

/// Settings for `slapd` over LDAPS, or over plain LDAP with StartTLS.
async fn args_for(slapd: &Slapd, starttls: bool) -> ServeArgs {
    let mut args = support::test_args().await;
    slapd.settings_for(&mut args, SERVICE_DN);
    if starttls {
        args.directory.directory_url = Some(slapd.starttls_url());
        args.directory.directory_starttls = Some(true);
    }
    args
}

#[tokio::test]
async fn people_sign_in_over_starttls_to_a_real_slapd() {
    let slapd = Slapd::start().await;
    let server =
        TestServer::with_config(Config::resolve(args_for(&slapd, true).await).unwrap()).await;
    let signed_in = server.sign_in("jdoe", PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{:?}", signed_in.body);
    // Without StartTLS, the same port refuses the service account (slapd's `security tls=1`).
    let mut plain = args_for(&slapd, true).await;
    plain.directory.directory_starttls = Some(false);
    let refused = AppState::new(
        Config::resolve(plain).unwrap(),
        Arc::new(server.clock.clone()),
    )
    .await;
    assert!(refused.is_err(), "a bind in the clear was taken");
}

#[tokio::test]
async fn an_untrusted_certificate_stops_the_server_at_start() {
    let slapd = Slapd::start().await;
    for starttls in [false, true] {
        let mut args = args_for(&slapd, starttls).await;
        args.directory.directory_ca_file = None;
        let clock = latchkey_server::clock::ManualClock::at(1_800_000_000);
        let started = AppState::new(Config::resolve(args).unwrap(), Arc::new(clock)).await;
        let Err(error) = started else {
            panic!("started with an untrusted directory (StartTLS: {starttls})");
        };
        let error = format!("{error:#}");
        assert!(
            error.contains("certificate"),
            "StartTLS {starttls}: {error}"
        );
    }
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_at_reconnect() {
    for starttls in [false, true] {
        let mut slapd = Slapd::start().await;
        let args = args_for(&slapd, starttls).await;
        let server = TestServer::with_config(Config::resolve(args).unwrap()).await;
        assert_eq!(
            server.sign_in("jdoe", PASSWORD).await.status,
            StatusCode::OK
        );
        slapd.restart_with_a_new_certificate().await;
        assert!(slapd.accepts("jdoe", PASSWORD), "slapd is back");
        for _ in 0..2 {
            let signed_in = server.sign_in("jdoe", PASSWORD).await;
            assert_eq!(
                signed_in.status,
                StatusCode::SERVICE_UNAVAILABLE,
                "StartTLS {starttls}: {:?}",
                signed_in.body
            );
        }
        let ready = server.send(Method::GET, "/readyz", None, None).await;
        assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    }
}
