//! "Are your security info details still current?" through the router: due after
//! `reconfirm_days` without a review or a new method; "Looks good" answers it.

use crate::support;

use axum::http::{Method, StatusCode};
use latchkey_server::config::Config;
use serde_json::Value;
use support::TestServer;

const DAY: i64 = 24 * 3600;

async fn review_due(server: &TestServer, cookie: &str) -> Value {
    let info = server
        .send(Method::GET, "/api/v1/security-info", None, Some(cookie))
        .await;
    info.body["review_due"].clone()
}

#[tokio::test]
async fn a_review_is_due_after_reconfirm_days_and_looks_good_answers_it() {
    let config = Config::resolve({
        let mut args = support::test_args().await;
        args.limits.reconfirm_days = Some(90);
        args
    })
    .unwrap();
    let server = TestServer::with_config(config).await;
    let cookie = server.signed_in().await;
    assert_eq!(
        review_due(&server, &cookie).await,
        false,
        "no methods, nothing to review"
    );
    server.with_email_method("jane@example.net").await;
    let cookie = server.signed_in_and_verified().await;
    assert_eq!(review_due(&server, &cookie).await, false);

    server.clock.advance(90 * DAY);
    let cookie = server.signed_in_and_verified().await;
    assert_eq!(review_due(&server, &cookie).await, true);
    let unverified = server.signed_in().await;
    let refused = server
        .send(Method::POST, "/api/v1/review", None, Some(&unverified))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let confirmed = server
        .send(Method::POST, "/api/v1/review", None, Some(&cookie))
        .await;
    assert_eq!(confirmed.status, StatusCode::NO_CONTENT);
    assert_eq!(review_due(&server, &cookie).await, false);
    assert_eq!(server.audit_of_jdoe().await[0].0, "security_info_reviewed");

    server.clock.advance(89 * DAY);
    let cookie = server.signed_in_and_verified().await;
    assert_eq!(review_due(&server, &cookie).await, false);
}

#[tokio::test]
async fn zero_days_never_asks() {
    let config = Config::resolve({
        let mut args = support::test_args().await;
        args.limits.reconfirm_days = Some(0);
        args
    })
    .unwrap();
    let server = TestServer::with_config(config).await;
    server.with_email_method("jane@example.net").await;
    server.clock.advance(1000 * DAY);
    let cookie = server.signed_in_and_verified().await;
    assert_eq!(review_due(&server, &cookie).await, false);
}
