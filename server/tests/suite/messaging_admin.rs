//! The admins' "Texts and calls" API (#30): today's overview, resuming a country and the safe
//! list — admins only, verified recently, each change audited; bad input gets a clear error and
//! changes nothing.

use axum::http::{Method, StatusCode};
use latchkey_api::routes::{MESSAGING, MESSAGING_RESUME, SAFE_NUMBERS, safe_number};
use latchkey_api::types::Channel;
use latchkey_server::staff::Role;
use serde_json::json;

use crate::support;
use support::messaging::{german, send, server_with};
use support::staff::{get, newest, post, staff};
use support::{PASSWORD, TestServer, field_problem};

async fn delete(server: &TestServer, cookie: &str, path: &str) -> support::Reply {
    server.send(Method::DELETE, path, None, Some(cookie)).await
}

#[tokio::test]
async fn the_overview_shows_todays_texts_and_calls_and_the_safe_list() {
    let server = server_with(|args| {
        args.organisation.default_country = Some("DE".into());
        args.messaging.voice_countries = Some(vec!["DE".into(), "AT".into()]);
        args.spending.texts_per_country_per_day = Some(7);
    })
    .await;
    let ada = staff(&server, "ada", Role::Admin).await;
    send(&server, 0, &german(0), Channel::Sms).await.unwrap();
    send(&server, 1, "+436641234567", Channel::Voice)
        .await
        .unwrap();
    let added = post(
        &server,
        &ada,
        SAFE_NUMBERS,
        json!({"country": "DE", "number": "0151 99999999", "note": "The CEO"}),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{:?}", added.body);
    assert_eq!(added.body["number"], "+4915199999999");
    assert_eq!(added.body["added_by"], "ada");
    let entry = newest(&server, "ada", "safe_number_added").await;
    assert!(!entry.detail.contains("99999999"), "{}", entry.detail);

    let overview = get(&server, &ada, MESSAGING).await;
    assert_eq!(overview.status, StatusCode::OK, "{:?}", overview.body);
    let body = &overview.body;
    assert_eq!(body["open_to_every_country"], false);
    assert_eq!(
        (body["budget"].as_u64(), body["spent"].as_u64()),
        (Some(2000), Some(3))
    );
    let row = |country: &str, channel: &str| {
        body["countries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row["country"] == country && row["channel"] == channel)
            .cloned()
            .unwrap_or_else(|| panic!("no {country} {channel} in {body}"))
    };
    assert_eq!(row("DE", "sms")["sent_today"], 1);
    assert_eq!(row("DE", "sms")["cap"], 7);
    assert_eq!(
        row("DE", "voice")["sent_today"],
        0,
        "the organisation's own country"
    );
    assert_eq!(row("AT", "voice")["spend_today"], 2);
    assert_eq!(row("AT", "voice")["open"], true, "calls go to Austria");
    assert_eq!(body["safe_numbers"][0]["note"], "The CEO");

    let id = added.body["id"].as_str().unwrap();
    let removed = delete(&server, &ada, &safe_number(id)).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    newest(&server, "ada", "safe_number_removed").await;
    assert!(server.state.store.safe_numbers().await.unwrap().is_empty());
}

#[tokio::test]
async fn only_admins_verified_recently_reach_texts_and_calls() {
    let server = server_with(|_| {}).await;
    let helen = staff(&server, "helen", Role::Helpdesk).await;
    let safe = json!({"country": "DE", "number": "0151 99999999"});
    let resume = json!({"country": "DE", "channel": "sms"});
    assert_eq!(
        get(&server, &helen, MESSAGING).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&server, &helen, SAFE_NUMBERS, safe.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        post(&server, &helen, MESSAGING_RESUME, resume.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        delete(&server, &helen, &safe_number("x")).await.status,
        StatusCode::FORBIDDEN
    );

    // An admin who only signed in (no method proven in this session).
    server.add_person("otto", "Otto", "otto@contoso.com").await;
    let otto = server
        .sign_in("otto", PASSWORD)
        .await
        .session_cookie()
        .unwrap();
    let id = support::staff::id_of(&server, "otto").await;
    let mut tx = server.state.store.autocommit().await.unwrap();
    tx.set_role(&id, Some(Role::Admin)).await.unwrap();
    drop(tx);
    let unverified = get(&server, &otto, MESSAGING).await;
    assert_eq!(unverified.status, StatusCode::FORBIDDEN);
    assert_eq!(unverified.body["code"], "verification_required");
    let refused = post(&server, &otto, SAFE_NUMBERS, safe).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(server.state.store.safe_numbers().await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_input_is_refused_clearly_and_changes_nothing() {
    let server = server_with(|_| {}).await;
    let ada = staff(&server, "ada", Role::Admin).await;
    let first = post(
        &server,
        &ada,
        SAFE_NUMBERS,
        json!({"country": "DE", "number": "+49 151 99999999"}),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    let refusals = [
        (
            json!({"country": "XX", "number": "0151 99999999"}),
            "country",
            "invalid",
        ),
        (
            json!({"country": "DE", "number": "12"}),
            "number",
            "invalid_phone_number",
        ),
        (
            json!({"country": "DE", "number": "0151 9999 9999"}),
            "number",
            "taken",
        ),
        (
            json!({"country": "DE", "number": "0151 88888888", "note": "a\nb"}),
            "note",
            "",
        ),
    ];
    for (body, field, problem) in refusals {
        let refused = post(&server, &ada, SAFE_NUMBERS, body.clone()).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(
            refused.body["fields"][0]["field"], field,
            "{:?}",
            refused.body
        );
        if !problem.is_empty() {
            assert_eq!(field_problem(&refused), problem, "{body}");
        }
    }
    let unknown_field = post(
        &server,
        &ada,
        SAFE_NUMBERS,
        json!({"country": "DE", "number": "1", "x": 1}),
    )
    .await;
    assert!(unknown_field.status.is_client_error());
    assert_eq!(server.state.store.safe_numbers().await.unwrap().len(), 1);

    let resumes = [
        (
            json!({"country": "XX", "channel": "sms"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"country": "DE", "channel": "email"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"country": "DE", "channel": "fax"}),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({"country": "DE", "channel": "sms"}),
            StatusCode::NOT_FOUND,
        ),
    ];
    for (body, status) in resumes {
        let refused = post(&server, &ada, MESSAGING_RESUME, body.clone()).await;
        assert_eq!(refused.status, status, "{body}: {:?}", refused.body);
    }
    let unknown = delete(&server, &ada, &safe_number("no-such-id")).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(server.state.store.safe_numbers().await.unwrap().len(), 1);
    let changes = support::staff::entries_of(&server, "ada").await;
    let audited = changes
        .iter()
        .filter(|e| e.action.starts_with("safe_number") || e.action.starts_with("messaging"))
        .count();
    assert_eq!(audited, 1, "only the one change");
}
