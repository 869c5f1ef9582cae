//! Prometheus metrics, all named `latchkey_…`, served on their own listener (`metrics_listen`,
//! set up by the HTTP layer) so they never face the internet. Counters are recorded where things
//! happen; the delivery queue, the password hashing pool and the database pool are read when
//! Prometheus scrapes.

use std::time::Duration;

use anyhow::Context;
use metrics::{counter, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const REQUEST_SECONDS: &str = "latchkey_http_request_duration_seconds";

/// Installs the process's metrics registry; metrics recorded before this (or without it, when
/// `metrics_listen` is unset) go nowhere.
pub fn install() -> anyhow::Result<PrometheusHandle> {
    let buckets = [
        0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
    ];
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), &buckets)?
        .install_recorder()
        .context("cannot start the metrics registry")?;
    describe();
    Ok(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "latchkey_http_requests_total",
        "HTTP requests answered, by route and status"
    );
    describe_histogram!(REQUEST_SECONDS, "Time to answer an HTTP request, by route");
    describe_counter!("latchkey_sign_ins_total", "Sign-ins, by result");
    describe_counter!(
        "latchkey_codes_sent_total",
        "Emails, texts and calls handed to a gateway, by channel and result"
    );
    describe_gauge!(
        "latchkey_delivery_queue_depth",
        "Messages waiting to be delivered"
    );
    describe_gauge!(
        "latchkey_delivery_queue_oldest_seconds",
        "Age of the oldest message waiting to be delivered"
    );
    describe_counter!(
        "latchkey_resets_total",
        "Password resets, by stage: started, completed, refused"
    );
    describe_counter!(
        "latchkey_rate_limited_total",
        "Requests refused by a rate limit, by limit"
    );
    describe_gauge!(
        "latchkey_password_hashes_waiting",
        "Password hashes waiting for a free hashing thread"
    );
    describe_gauge!(
        "latchkey_database_connections",
        "Database connections, by state: in_use, idle"
    );
    describe_counter!(
        "latchkey_messages_sent_total",
        "Texts and calls counted against the caps (decoys' too), by channel and country"
    );
    describe_counter!(
        "latchkey_codes_proven_total",
        "Codes sent by text or call that were proven, by channel and country"
    );
    describe_gauge!(
        "latchkey_messaging_paused",
        "1 while a country is paused for a channel because few codes sent there were proven"
    );
    describe_gauge!(
        "latchkey_budget_remaining",
        "Cost units left of the day's budget for texts and calls"
    );
}

/// An HTTP request answered: `route` is the route's pattern (`/api/v1/challenges/{id}`), never
/// the path itself, so that IDs do not become labels.
pub fn request_answered(route: &str, status: u16, took: Duration) {
    let route = route.to_string();
    counter!("latchkey_http_requests_total", "route" => route.clone(), "status" => status.to_string())
        .increment(1);
    histogram!(REQUEST_SECONDS, "route" => route).record(took.as_secs_f64());
}

/// How a sign-in ended: `signed_in`, `refused` or `throttled`.
pub fn sign_in(result: &'static str) {
    counter!("latchkey_sign_ins_total", "result" => result).increment(1);
}

/// A message handed to its channel's gateway: `sent` or `failed`.
pub fn code_sent(channel: &'static str, result: &'static str) {
    counter!("latchkey_codes_sent_total", "channel" => channel, "result" => result).increment(1);
}

/// A reset `started`, `completed`, or `refused` (by the directory's policy or a rate limit).
pub fn reset(stage: &'static str) {
    counter!("latchkey_resets_total", "stage" => stage).increment(1);
}

/// A request refused by the rate limit named `limit` (`reset-ip`, `target`, `account`, …).
pub fn rate_limited(limit: &str) {
    counter!("latchkey_rate_limited_total", "limit" => limit.to_string()).increment(1);
}

/// A text or call counted against the caps (a decoy's too), by channel and country.
pub fn message_sent(channel: latchkey_api::types::Channel, country: &str) {
    let channel = crate::store::channel_name(channel);
    counter!("latchkey_messages_sent_total", "channel" => channel, "country" => country.to_string())
        .increment(1);
}

/// A code sent by text or call proven, by channel and country.
pub fn code_proven(channel: latchkey_api::types::Channel, country: &str) {
    let channel = crate::store::channel_name(channel);
    counter!("latchkey_codes_proven_total", "channel" => channel, "country" => country.to_string())
        .increment(1);
}

/// A country paused (1) or resumed (0) for a channel.
pub fn messaging_paused(channel: latchkey_api::types::Channel, country: &str, paused: bool) {
    let channel = crate::store::channel_name(channel);
    metrics::gauge!("latchkey_messaging_paused", "channel" => channel, "country" => country.to_string())
        .set(if paused { 1.0 } else { 0.0 });
}

/// Cost units left of the day's budget for texts and calls.
pub fn budget_remaining(units: u64) {
    metrics::gauge!("latchkey_budget_remaining").set(units as f64);
}
