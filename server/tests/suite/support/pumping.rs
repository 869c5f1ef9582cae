//! The pumping simulation's pieces (#30): the numbers an attacker texts, requests from rotating
//! addresses through a trusted proxy, accounts written to the store as an attacker who
//! registered them earlier, and the tally of what each attempt came to.

use std::collections::BTreeMap;

use axum::http::Method;
use latchkey_api::types::{Channel, MethodKind};
use latchkey_server::clock::Clock;
use latchkey_server::messaging::caps;
use latchkey_server::messaging::destination;
use latchkey_server::sessions::{SessionToken, hash_token};
use latchkey_server::store::NewUser;
use serde_json::json;

use super::{Peer, Reply, TestServer};

/// The proxy every request comes through (trusted in the simulation's settings).
pub const PROXY: &str = "127.0.0.1";

/// What an attempt aims at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// (a) Premium-rate numbers in an allowed country.
    Premium,
    /// (b) Mobiles in countries texts don't reach.
    ClosedCountry,
    /// (c) One prefix of an allowed second country.
    ForeignPrefix,
    /// (d) Plausible mobiles in an allowed country.
    Mobile,
}

/// A phone number: its country (ISO 3166), and its digits after the calling code.
pub struct Number {
    pub country: &'static str,
    calling_code: &'static str,
    pub national: String,
}

impl Number {
    pub fn e164(&self) -> String {
        format!("+{}{}", self.calling_code, self.national)
    }
}

/// The `n`th number of `target`: premium-rate numbers in Germany, mobiles in Britain and
/// Nigeria, numbers under one Austrian prefix, Austrian mobiles under many prefixes.
pub fn number(target: Target, n: usize) -> Number {
    let (country, calling_code, national) = match target {
        Target::Premium => ("DE", "49", format!("9001{:06}", n % 1_000_000)),
        Target::ClosedCountry if n.is_multiple_of(2) => {
            ("GB", "44", format!("7400{:06}", n % 1_000_000))
        }
        Target::ClosedCountry => ("NG", "234", format!("803{:07}", n % 10_000_000)),
        Target::ForeignPrefix => ("AT", "43", format!("664123{:04}", n % 10_000)),
        Target::Mobile => ("AT", "43", format!("676{:07}", n * 7919 % 10_000_000)),
    };
    Number {
        country,
        calling_code,
        national,
    }
}

/// The `n`th client address: each in a /24 or an IPv6 /64 of its own, so per-address limits
/// never see the same one twice.
pub fn address(n: usize) -> String {
    if n.is_multiple_of(2) {
        format!("{}.{}.{}.7", 100 + n / 65_536 % 100, n / 256 % 256, n % 256)
    } else {
        format!("2001:db8:{:x}:{:x}::1", n / 65_536, n % 65_536)
    }
}

/// A browser at `from` behind the trusted proxy (`X-Forwarded-For`).
pub fn behind_proxy(from: &str) -> Peer<'_> {
    Peer {
        address: PROXY,
        forwarded_for: Some(from),
    }
}

/// Accounts written to the store directly, each with a phone registered before the rules when
/// `phone` is given; their IDs.
pub async fn accounts(
    server: &TestServer,
    people: impl Iterator<Item = (String, Option<String>)>,
) -> Vec<String> {
    let now = server.clock.now();
    let mut tx = server.state.store.transaction().await.unwrap();
    let mut ids = Vec::new();
    for (name, phone) in people {
        let email = format!("{name}@example.org");
        let user = NewUser {
            username: &name,
            email: &email,
            display_name: &name,
            password_hash: "",
        };
        let user = tx.add_user(user, now).await.unwrap();
        if let Some(phone) = phone {
            tx.put_method(&user.id, MethodKind::Phone, &phone, now)
                .await
                .unwrap();
        }
        ids.push(user.id);
    }
    tx.commit().await.unwrap();
    ids
}

/// A session for `user_id` begun now, as its cookie (`name=value`).
pub async fn session(server: &TestServer, user_id: &str) -> String {
    let token = SessionToken::generate();
    let mut tx = server.state.store.transaction().await.unwrap();
    tx.create_session(&hash_token(token.expose()), user_id, server.clock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    format!("latchkey_session={}", token.expose())
}

/// Where the reset's puzzle is.
const PUZZLE: &str = "/api/v1/reset/puzzle";

/// Starts a reset for `name` from `from` and asks for a text to its first phone option,
/// typing `typed`; the answer and the reset's cookie, or `None` when no phone is offered.
pub async fn reset_text(
    server: &TestServer,
    from: &str,
    name: &str,
    typed: &str,
) -> Option<(Reply, String)> {
    let puzzle = server
        .send_by(behind_proxy(from), Method::GET, PUZZLE, None, None)
        .await
        .body;
    let body = super::reset::start_body(&puzzle, name);
    let started = server
        .send_by(
            behind_proxy(from),
            Method::POST,
            "/api/v1/reset",
            Some(body),
            None,
        )
        .await;
    assert!(started.status.is_success(), "{:?}", started.body);
    let cookie = started.session_cookie().unwrap();
    let options = started.body["options"].as_array().unwrap();
    let phone = options.iter().find(|o| o["channel"] == "sms")?;
    let body = json!({"option": phone["id"], "number": typed});
    let path = "/api/v1/reset/verifications";
    let sent = server
        .send_by(
            behind_proxy(from),
            Method::POST,
            path,
            Some(body),
            Some(&cookie),
        )
        .await;
    Some((sent, cookie))
}

/// Asks, signed in with `cookie`, for a text to enrol `number`.
pub async fn enrol_text(server: &TestServer, from: &str, cookie: &str, number: &Number) -> Reply {
    let body = json!({
        "kind": "phone", "channel": "sms", "country": number.country, "number": number.national,
    });
    let path = "/api/v1/enrollments";
    server
        .send_by(
            behind_proxy(from),
            Method::POST,
            path,
            Some(body),
            Some(cookie),
        )
        .await
}

/// Why an attempt sent nothing, in the report's words.
pub async fn refusal(server: &TestServer, reply: &Reply, e164: &str) -> &'static str {
    if reply.status == axum::http::StatusCode::TOO_MANY_REQUESTS {
        return "per-address or per-account limit";
    }
    let code = super::field_problem(reply);
    match code.as_str() {
        "number_type_refused" => "number type",
        "country_closed" => "country closed",
        "number_mismatch" => "number does not match",
        "unavailable_today" => unavailable_why(server, e164).await,
        _ => panic!("an unexpected refusal: {} {:?}", reply.status, reply.body),
    }
}

/// Which of the day's limits refused a text to `e164`: its country paused, its prefix's cap,
/// its country's cap or the budget (the counts hold only what was kept).
async fn unavailable_why(server: &TestServer, e164: &str) -> &'static str {
    let store = &server.state.store;
    let where_to = destination::of(e164);
    let flags = store.messaging_pause_flags().await.unwrap();
    if flags.iter().any(|(country, channel, paused)| {
        *country == where_to.country && *channel == Channel::Sms && *paused
    }) {
        return "paused";
    }
    let counts: BTreeMap<String, u64> = store
        .messaging_counts(server.clock.now())
        .await
        .unwrap()
        .into_iter()
        .collect();
    let count = |scope: &str| counts.get(scope).copied().unwrap_or_default();
    let rules = &server.state.config.spending;
    if count(&caps::prefix_scope(&where_to.prefix)) >= rules.sends_per_prefix {
        "prefix cap"
    } else if count(&caps::sent_scope(Channel::Sms, &where_to.country))
        >= rules.country_cap(Channel::Sms)
    {
        "country cap"
    } else {
        "budget"
    }
}

/// Every reason an attempt may send nothing for, in the report's words.
pub const REASONS: [&str; 9] = [
    "number type",
    "country closed",
    "prefix cap",
    "country cap",
    "budget",
    "paused",
    "per-address or per-account limit",
    "number does not match",
    "no phone offered",
];

/// What the attempts came to.
pub struct Tally {
    pub attempted: u64,
    pub queued: u64,
    pub refused: BTreeMap<&'static str, u64>,
}

impl Default for Tally {
    fn default() -> Self {
        Self {
            attempted: 0,
            queued: 0,
            refused: REASONS.iter().map(|why| (*why, 0)).collect(),
        }
    }
}

impl Tally {
    pub fn refused(&mut self, why: &'static str) {
        assert!(REASONS.contains(&why), "{why}");
        *self.refused.entry(why).or_default() += 1;
    }

    pub fn count(&self, why: &str) -> u64 {
        self.refused.get(why).copied().unwrap_or_default()
    }
}
