//! Daily caps and the budget (#30): per country and channel, per number prefix and in cost
//! units; each holds, rolls over at midnight UTC, can't be overshot by sends at the same
//! moment, counts decoys as if their codes were sent, and never refuses a safe number.

use std::sync::Arc;

use latchkey_api::types::Channel;

use crate::support;
use support::messaging::{
    german, put_on_safe_list, send, send_for, server_on, server_with, unavailable_today,
    until_midnight,
};

#[tokio::test]
async fn a_countrys_daily_cap_holds_for_its_channel_and_rolls_over_at_midnight_utc() {
    let server = server_with(|args| {
        args.spending.texts_per_country_per_day = Some(3);
        args.spending.calls_per_country_per_day = Some(1);
    })
    .await;
    for n in 0..3 {
        send(&server, n, &german(n), Channel::Sms).await.unwrap();
    }
    let over = send(&server, 3, &german(3), Channel::Sms).await;
    assert!(unavailable_today(&over), "{over:?}");
    // Another country, and calls to this one, count apart.
    send(&server, 4, "+436641234567", Channel::Sms)
        .await
        .unwrap();
    send(&server, 5, &german(5), Channel::Voice).await.unwrap();
    let call = send(&server, 6, &german(6), Channel::Voice).await;
    assert!(unavailable_today(&call), "{call:?}");
    // Nothing was queued or counted for the refused ones.
    let overview = latchkey_server::messaging::overview::overview(
        &server.state.store,
        &latchkey_server::origin::Context {
            config: &server.state.config,
            origin: &support::messaging::origin(0),
            now: latchkey_server::clock::Clock::now(&server.clock),
        },
    )
    .await
    .unwrap();
    let de_sms = overview
        .countries
        .iter()
        .find(|row| row.country == "DE" && row.channel == Channel::Sms)
        .unwrap();
    assert_eq!((de_sms.sent_today, de_sms.cap), (3, 3));
    assert_eq!(overview.spent, 3 + 1 + 2);

    server.clock.advance(until_midnight(&server) - 1);
    let still = send(&server, 7, &german(7), Channel::Sms).await;
    assert!(unavailable_today(&still), "a second before midnight");
    server.clock.advance(1);
    send(&server, 8, &german(8), Channel::Sms).await.unwrap();
    send(&server, 9, &german(9), Channel::Voice).await.unwrap();
}

#[tokio::test]
async fn a_number_prefix_gets_its_daily_share_across_channels_then_waits_for_midnight() {
    let server = server_with(|args| args.spending.sends_per_prefix_per_day = Some(4)).await;
    // Numbers +49 151234 xxxxx: one prefix.
    let same_prefix = |n: usize| format!("+49151234{n:05}");
    for n in 0..3 {
        send(&server, n, &same_prefix(n), Channel::Sms)
            .await
            .unwrap();
    }
    send(&server, 3, &same_prefix(3), Channel::Voice)
        .await
        .unwrap();
    let over = send(&server, 4, &same_prefix(4), Channel::Sms).await;
    assert!(unavailable_today(&over), "{over:?}");
    // The next prefix is open.
    send(&server, 5, "+4915123500005", Channel::Sms)
        .await
        .unwrap();
    server.clock.advance(until_midnight(&server));
    send(&server, 6, &same_prefix(6), Channel::Sms)
        .await
        .unwrap();
}

#[tokio::test]
async fn the_daily_budget_counts_each_countrys_price_and_a_refused_send_spends_nothing() {
    let server = server_with(|args| {
        args.spending.daily_budget = Some(10);
        args.spending.text_costs = Some(vec!["AT=3".into()]);
    })
    .await;
    // Two calls at 2 a minute, a text to Austria at 3: 7.
    send(&server, 0, &german(0), Channel::Voice).await.unwrap();
    send(&server, 1, &german(1), Channel::Voice).await.unwrap();
    send(&server, 2, "+436641234567", Channel::Sms)
        .await
        .unwrap();
    // Another call would make 9, another Austrian text 10; a third call then 12: refused.
    send(&server, 3, &german(3), Channel::Voice).await.unwrap();
    let call = send(&server, 4, &german(4), Channel::Voice).await;
    assert!(unavailable_today(&call), "{call:?}");
    // The refused call spent nothing: a text at 1 still fits.
    send(&server, 5, &german(5), Channel::Sms).await.unwrap();
    let text = send(&server, 6, &german(6), Channel::Sms).await;
    assert!(unavailable_today(&text), "the budget is spent");
    // Email is never counted.
    send(&server, 7, "someone@example.net", Channel::Email)
        .await
        .unwrap();
    server.clock.advance(until_midnight(&server));
    send(&server, 8, &german(8), Channel::Sms).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sends_at_the_same_moment_cannot_overshoot_a_cap() {
    let database = support::DatabaseOnDisk::new().await;
    let server = Arc::new(
        server_on(&database, |args| {
            args.server.database_pool_size = Some(8);
            args.spending.texts_per_country_per_day = Some(5);
        })
        .await,
    );
    let tasks: Vec<_> = (0..20)
        .map(|n| {
            let server = server.clone();
            tokio::spawn(async move { send(&server, n, &german(n), Channel::Sms).await })
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    let sent = results.iter().filter(|result| result.is_ok()).count();
    assert_eq!(sent, 5, "{results:?}");
    assert!(results.iter().all(|r| r.is_ok() || unavailable_today(r)));
}

#[tokio::test]
async fn a_decoys_texts_count_against_the_caps_as_if_they_were_sent() {
    let server = server_with(|args| args.spending.texts_per_country_per_day = Some(3)).await;
    let jdoe = server.jdoe().await;
    // Two decoys' codes (nothing is queued for them) and one real one.
    send(&server, 0, &german(0), Channel::Sms).await.unwrap();
    send(&server, 1, &german(1), Channel::Sms).await.unwrap();
    send_for(&server, &jdoe.id, 2, &german(2), Channel::Sms)
        .await
        .unwrap();
    let outbox = server.state.store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 0, "not delivered yet");
    // The real person is refused exactly as a decoy is.
    let real = send_for(&server, &jdoe.id, 3, &german(3), Channel::Sms).await;
    let decoy = send(&server, 4, &german(4), Channel::Sms).await;
    assert!(unavailable_today(&real), "{real:?}");
    assert!(unavailable_today(&decoy), "{decoy:?}");
}

#[tokio::test]
async fn a_safe_number_is_never_capped_but_counts_in_the_days_figures() {
    let server = server_with(|args| {
        args.spending.texts_per_country_per_day = Some(1);
        args.spending.daily_budget = Some(1);
    })
    .await;
    let ceo = "+4915199999999";
    put_on_safe_list(&server, ceo).await;
    send(&server, 0, &german(0), Channel::Sms).await.unwrap();
    let over = send(&server, 1, &german(1), Channel::Sms).await;
    assert!(unavailable_today(&over));
    for n in 2..5 {
        send(&server, n, ceo, Channel::Sms).await.unwrap();
    }
    let counts = server
        .state
        .store
        .messaging_counts(latchkey_server::clock::Clock::now(&server.clock))
        .await
        .unwrap();
    assert!(
        counts.contains(&("sent:sms:DE".to_string(), 4)),
        "{counts:?}"
    );
    assert!(counts.contains(&("budget".to_string(), 4)), "{counts:?}");
}

#[tokio::test]
async fn the_days_counts_and_sends_are_swept_once_a_day_old() {
    let server = server_with(|_| {}).await;
    send(&server, 0, &german(0), Channel::Sms).await.unwrap();
    let then = latchkey_server::clock::Clock::now(&server.clock);
    let store = &server.state.store;
    let sends = || async {
        let mut reading = store.autocommit().await.unwrap();
        let now = latchkey_server::clock::Clock::now(&server.clock);
        reading
            .settled_messaging_sends("DE", Channel::Sms, 0, 50, now + 3600)
            .await
            .unwrap()
            .len()
    };
    latchkey_server::housekeeping::sweep(&server.state)
        .await
        .unwrap();
    assert_eq!(sends().await, 1);
    assert!(!store.messaging_counts(then).await.unwrap().is_empty());
    server.clock.advance(2 * 24 * 60 * 60);
    latchkey_server::housekeeping::sweep(&server.state)
        .await
        .unwrap();
    assert_eq!(sends().await, 0);
    assert!(store.messaging_counts(then).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_reached_cap_is_told_on_the_number_when_enrolling_and_on_the_option_in_a_reset() {
    let server = server_with(|args| {
        args.limits.reset_puzzle_difficulty = Some(2);
        args.spending.texts_per_country_per_day = Some(1);
    })
    .await;
    // jdoe's phone takes the day's one text to the US.
    let cookie = support::reset::enroll(&server, false).await;
    let again = server.start_phone(&cookie, "sms").await;
    assert_eq!(again.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.body["fields"][0]["field"], "number");
    assert_eq!(support::field_problem(&again), "unavailable_today");
    let (_, reset) = support::reset::start(&server, "jdoe").await;
    let body = serde_json::json!({"option": "phone:sms", "number": "425 555 0123"});
    let refused = support::reset::post(
        &server,
        &reset.unwrap(),
        "/api/v1/reset/verifications",
        body,
    )
    .await;
    assert_eq!(refused.status, axum::http::StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.body["fields"][0]["field"], "option");
    assert_eq!(support::field_problem(&refused), "unavailable_today");
    server.deliver_all().await;
    let texts = server.state.store.outbox().await.unwrap();
    assert_eq!(
        texts.iter().filter(|m| m.channel == "sms").count(),
        1,
        "nothing queued for the refused ones"
    );
}
