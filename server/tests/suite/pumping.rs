//! SMS pumping, simulated (#30): 2 000 resets and enrollments in a day, from addresses rotating
//! through /24s and IPv6 /64s behind a trusted proxy, to premium-rate numbers, to closed
//! countries, to one Austrian prefix and to plausible Austrian mobiles, none of them ever proven
//! — with decoys (unknown names) in the mix. An organisation texting Germany and Austria: its
//! real person in Germany gets their code before, during and after. Run with `--nocapture`, it
//! prints one `PUMPING {json}` line that `cargo xtask bench pumping` reports.

use axum::http::{Method, StatusCode};
use latchkey_api::types::Channel;
use latchkey_server::clock::{Clock, Timestamp};
use latchkey_server::messaging::{caps, destination};
use latchkey_server::staff::Role;
use latchkey_server::store::AuditFilter;
use serde_json::json;

use crate::support;
use support::messaging::{server_with, until_midnight};
use support::pumping::{
    Number, PROXY, Tally, Target, accounts, address, behind_proxy, enrol_text, number, refusal,
    reset_text, session,
};
use support::{Reply, TestServer};

/// Resets and enrollments the attack makes.
const ATTEMPTS: usize = 2_000;
/// The first of them come in a burst, 2 s apart; the rest 30 s apart until the evening.
const BURST: usize = 200;
const BURST_STEP: i64 = 2;
const STEP: i64 = 30;
/// The attack starts at 06:00 UTC.
const ATTACK_STARTS: i64 = 6 * 3600;
/// Texts a day to one country in the simulation.
const COUNTRY_CAP: u64 = 120;
/// The real person: in Germany, the organisation's default country.
const ANNA: &str = "anna";
const ANNA_PHONE: &str = "+4915112345678";
const ANNA_ADDRESS: &str = "192.0.2.10";
/// When (seconds after midnight) she resets her password: before, during and after.
const ANNA_RESETS: [i64; 8] = [
    2 * 3600,
    6 * 3600 + 180,
    6 * 3600 + 660,
    9 * 3600,
    12 * 3600,
    16 * 3600,
    20 * 3600,
    23 * 3600 + 1800,
];

/// What the attempt `i` aims at, and whether it is a reset (else an enrollment); one in ten is
/// a decoy's reset (`None`).
fn attempt(i: usize) -> Option<(Target, bool)> {
    let target = match i % 10 {
        0 => Target::Premium,
        1 => Target::ClosedCountry,
        2..=4 => Target::ForeignPrefix,
        5..=8 => Target::Mobile,
        _ => return None,
    };
    Some((target, (i / 10).is_multiple_of(2)))
}

/// When attempt `i` comes, in seconds after midnight.
fn when(i: usize) -> i64 {
    if i < BURST {
        ATTACK_STARTS + i as i64 * BURST_STEP
    } else {
        ATTACK_STARTS + BURST as i64 * BURST_STEP + (i - BURST) as i64 * STEP
    }
}

/// The organisation in two countries, behind a proxy, jdoe its admin, anna its person in
/// Germany; the clock at midnight UTC.
async fn organisation() -> TestServer {
    let server = server_with(|args| {
        args.organisation.default_country = Some("DE".into());
        args.messaging.sms_countries = Some(vec!["DE".into(), "AT".into()]);
        args.proxies.trusted_proxies = Some(vec![PROXY.into()]);
        args.spending.texts_per_country_per_day = Some(COUNTRY_CAP);
        args.limits.reset_puzzle_difficulty = Some(2);
    })
    .await;
    let jdoe = server.jdoe().await;
    let mut tx = server.state.store.autocommit().await.unwrap();
    tx.set_role(&jdoe.id, Some(Role::Admin)).await.unwrap();
    drop(tx);
    accounts(
        &server,
        [(ANNA.to_string(), Some(ANNA_PHONE.into()))].into_iter(),
    )
    .await;
    server.clock.advance(until_midnight(&server));
    server
}

/// Moves the clock to `at` seconds after `midnight`.
fn move_to(server: &TestServer, midnight: Timestamp, at: i64) {
    let now = server.clock.now();
    assert!(midnight + at >= now);
    server.clock.advance(midnight + at - now);
}

/// Anna resets her password by text, and her code proves it.
async fn anna_resets(server: &TestServer) {
    let (sent, cookie) = reset_text(server, ANNA_ADDRESS, ANNA, ANNA_PHONE)
        .await
        .unwrap();
    assert_eq!(sent.status, StatusCode::OK, "anna's text: {:?}", sent.body);
    let code = server.last_code_to(ANNA_PHONE).await;
    let body = json!({"challenge": sent.body["id"], "code": code});
    let path = "/api/v1/reset/code";
    let from = behind_proxy(ANNA_ADDRESS);
    let proven = server
        .send_by(from, Method::POST, path, Some(body), Some(&cookie))
        .await;
    assert_eq!(proven.body["stage"], "new_password", "{:?}", proven.body);
}

/// The day's spend so far.
async fn spent(server: &TestServer) -> u64 {
    let counts = server
        .state
        .store
        .messaging_counts(server.clock.now())
        .await
        .unwrap();
    counts
        .into_iter()
        .find(|(scope, _)| scope == caps::BUDGET)
        .map_or(0, |(_, count)| count)
}

/// What the day came to: the tally, when each text to Austria was queued, and when the first
/// text was refused because Austria was paused.
struct Day {
    tally: Tally,
    to_austria: Vec<Timestamp>,
    first_paused: Option<Timestamp>,
}

/// Attempt `i` of the attack, as the attacker's account `id` where it has one; its answer
/// (`None`: no phone was offered) and the number it texts.
async fn one_attempt(server: &TestServer, i: usize, id: &str) -> (Option<Reply>, Number) {
    let from = address(i);
    match attempt(i) {
        None => {
            let typed = number(Target::Mobile, i);
            let name = format!("ghost{i}");
            let reply = reset_text(server, &from, &name, &typed.e164()).await;
            (reply.map(|(reply, _)| reply), typed)
        }
        Some((target, true)) => {
            let registered = number(target, i);
            let name = format!("pump{i}");
            let reply = reset_text(server, &from, &name, &registered.e164()).await;
            (reply.map(|(reply, _)| reply), registered)
        }
        Some((target, false)) => {
            let cookie = session(server, id).await;
            let to = number(target, i);
            (Some(enrol_text(server, &from, &cookie, &to).await), to)
        }
    }
}

/// The day: the attack's attempts, with anna's resets at their times; the spend checked
/// against the budget after each.
async fn the_day(server: &TestServer, midnight: Timestamp, ids: &[String]) -> Day {
    let budget = server.state.config.spending.daily_budget;
    let mut day = Day {
        tally: Tally::default(),
        to_austria: Vec::new(),
        first_paused: None,
    };
    let mut anna = ANNA_RESETS.iter().peekable();
    for (i, id) in ids.iter().enumerate() {
        while let Some(at) = anna.next_if(|at| **at <= when(i)) {
            move_to(server, midnight, *at);
            anna_resets(server).await;
        }
        move_to(server, midnight, when(i));
        let (reply, target) = one_attempt(server, i, id).await;
        day.tally.attempted += 1;
        match reply {
            None => day.tally.refused("no phone offered"),
            Some(reply) if reply.status == StatusCode::OK => {
                assert!(attempt(i).is_some(), "a decoy's text: {:?}", reply.body);
                day.tally.queued += 1;
                if target.country == "AT" {
                    day.to_austria.push(server.clock.now());
                }
            }
            Some(reply) => {
                let why = refusal(server, &reply, &target.e164()).await;
                if why == "paused" && day.first_paused.is_none() {
                    day.first_paused = Some(server.clock.now());
                }
                day.tally.refused(why);
            }
        }
        assert!(spent(server).await <= budget, "over budget");
    }
    for at in anna {
        move_to(server, midnight, *at);
        anna_resets(server).await;
    }
    day
}

#[tokio::test]
async fn sms_pumping_spends_little_pauses_the_attacked_country_and_spares_the_real_person() {
    let server = organisation().await;
    let midnight = server.clock.now();
    let rules = server.state.config.spending.clone();
    // The attacker's accounts: one per attempt, registered before the rules (for resets) or
    // signed in (for enrollments).
    let people = (0..ATTEMPTS).map(|i| match attempt(i) {
        Some((target, true)) => (format!("pump{i}"), Some(number(target, i).e164())),
        _ => (format!("pump{i}"), None),
    });
    let ids = accounts(&server, people).await;
    let Day {
        tally,
        to_austria,
        first_paused,
    } = the_day(&server, midnight, &ids).await;

    // Nothing went to premium numbers or closed countries; the prefix stopped at its cap.
    server.deliver_all().await;
    let outbox = server.state.store.outbox().await.unwrap();
    let texts: Vec<_> = outbox.iter().filter(|m| m.channel == "sms").collect();
    for text in &texts {
        let to = destination::of(&text.recipient);
        assert!(!destination::is_refused(to.kind), "texted {:?}", to);
        assert!(["DE", "AT"].contains(&to.country.as_str()), "texted {to:?}");
    }
    let prefix = destination::of(&number(Target::ForeignPrefix, 0).e164()).prefix;
    let to_prefix = texts
        .iter()
        .filter(|m| destination::of(&m.recipient).prefix == prefix)
        .count() as u64;
    assert_eq!(to_prefix, rules.sends_per_prefix, "the prefix capped");
    assert!(tally.count("prefix cap") > 0);
    let at_texts = texts
        .iter()
        .filter(|m| m.recipient.starts_with("+43"))
        .count();
    assert!(at_texts as u64 <= COUNTRY_CAP);
    assert!(tally.count("number type") > 0 && tally.count("country closed") > 0);

    // Austria paused once its codes went unproven — not before the minimum sample — the
    // admins were emailed and the audit log says so; Germany stayed open.
    let pauses = server.state.store.messaging_pauses().await.unwrap();
    assert_eq!(pauses.len(), 1, "{pauses:?}");
    let pause = &pauses[0];
    assert_eq!(
        (pause.country.as_str(), pause.channel),
        ("AT", Channel::Sms)
    );
    assert!(pause.sends >= rules.pause_minimum_sends, "{pause:?}");
    let settled_before = to_austria
        .iter()
        .filter(|sent| **sent + latchkey_server::security_info::codes::LIFETIME <= pause.since)
        .count() as u32;
    assert!(settled_before >= rules.pause_minimum_sends);
    assert_eq!(first_paused, Some(pause.since), "refused from the pause on");
    let told = outbox
        .iter()
        .filter(|m| m.channel == "email" && m.subject.contains("texts to AT paused"))
        .map(|m| m.recipient.as_str())
        .collect::<Vec<_>>();
    assert_eq!(told, ["jane.doe@contoso.com"]);
    let filter = AuditFilter {
        action: Some("messaging_paused".into()),
        limit: 10,
        ..AuditFilter::default()
    };
    let audited = server.state.store.audit_entries(&filter).await.unwrap();
    assert_eq!(audited.len(), 1);

    // Anna's every code went out (and was proven).
    let to_anna = texts.iter().filter(|m| m.recipient == ANNA_PHONE).count();
    assert_eq!(to_anna, ANNA_RESETS.len());

    let spend = spent(&server).await;
    assert!(spend <= rules.daily_budget);
    let figures = json!({
        "attempted": tally.attempted,
        "queued": tally.queued,
        "refused": tally.refused,
        "spend": spend,
        "budget": rules.daily_budget,
        "country_cap": COUNTRY_CAP,
        "prefix_cap": rules.sends_per_prefix,
        "texts_to_attacked_country": at_texts,
        "texts_to_the_prefix": to_prefix,
        "paused_at": format!("{:02}:{:02} UTC", (pause.since - midnight) / 3600, (pause.since - midnight) % 3600 / 60),
        "paused_after_minutes": (pause.since - midnight - ATTACK_STARTS) / 60,
        "pause_sample": pause.sends,
        "real_person_codes": to_anna,
        "real_person_resets": ANNA_RESETS.len(),
    });
    println!("PUMPING {figures}");
}
