//! Daily caps and the budget (#30): each text or call is checked and counted in the transaction
//! that queues it, per country and channel, per number prefix and against the day's budget, so
//! parallel sends can't overshoot; a paused country gets none. Safe numbers are counted but never
//! refused. Everything rolls over at midnight UTC.

use latchkey_api::Problem;
use latchkey_api::types::Channel;

use super::destination::{self, Destination};
use crate::origin::Context;
use crate::security_info::error::SecurityInfoError;
use crate::store::{MessagingSend, Purpose, Tx, channel_name};
use crate::telemetry::metrics;

/// The scope of the day's total spend.
pub const BUDGET: &str = "budget";

/// The scope of the day's sends to a country on a channel.
pub fn sent_scope(channel: Channel, country: &str) -> String {
    format!("sent:{}:{country}", channel_name(channel))
}

/// The scope of the day's codes proven that were sent to a country on a channel.
pub fn proven_scope(channel: Channel, country: &str) -> String {
    format!("proven:{}:{country}", channel_name(channel))
}

/// The scope of the day's spend on a country's channel.
pub fn spend_scope(channel: Channel, country: &str) -> String {
    format!("spend:{}:{country}", channel_name(channel))
}

/// The scope of the day's sends to the numbers under a prefix.
pub fn prefix_scope(prefix: &str) -> String {
    format!("prefix:{prefix}")
}

/// A text or call counted: told to the metrics once it is kept.
pub struct Counted {
    channel: Channel,
    country: String,
}

impl Counted {
    /// Records the send in the metrics (after the commit).
    pub fn kept(self) {
        metrics::message_sent(self.channel, &self.country);
    }
}

/// One text or call about to be queued (or, for a decoy, as if it were).
pub struct Send<'a> {
    pub challenge_id: &'a str,
    pub purpose: Purpose,
    pub channel: Channel,
    /// The number, E.164.
    pub target: &'a str,
    pub expires_at: crate::clock::Timestamp,
}

/// Checks and counts a text or call in `tx`: refused with `UnavailableToday` (on the `number`
/// while enrolling, else the `option`) when its country is paused or a cap or the budget is
/// reached, unless the number is on the safe list. Emails aren't counted.
pub async fn count(
    tx: &mut Tx,
    cx: &Context<'_>,
    send: &Send<'_>,
) -> Result<Option<Counted>, SecurityInfoError> {
    if !matches!(send.channel, Channel::Sms | Channel::Voice) {
        return Ok(None);
    }
    let Destination {
        country, prefix, ..
    } = destination::of(send.target);
    let rules = &cx.config.spending;
    let now = cx.now;
    let safe = tx.is_safe_number(send.target).await?;
    let field = match send.purpose {
        Purpose::Enroll => "number",
        _ => "option",
    };
    let unavailable = || SecurityInfoError::refused(field, field, Problem::UnavailableToday);
    if !safe && tx.is_messaging_paused(&country, send.channel).await? {
        return Err(unavailable());
    }
    let cost = rules.cost(send.channel, &country);
    let sent = tx
        .add_to_messaging_count(&sent_scope(send.channel, &country), 1, now)
        .await?;
    tx.add_to_messaging_count(&spend_scope(send.channel, &country), cost, now)
        .await?;
    let to_prefix = tx
        .add_to_messaging_count(&prefix_scope(&prefix), 1, now)
        .await?;
    let spent = tx.add_to_messaging_count(BUDGET, cost, now).await?;
    let over = sent > rules.country_cap(send.channel)
        || to_prefix > rules.sends_per_prefix
        || spent > rules.daily_budget;
    // The refusal drops `tx`, and the counts with it.
    if over && !safe {
        metrics::rate_limited("messaging_cap");
        return Err(unavailable());
    }
    tx.note_messaging_send(
        &MessagingSend {
            challenge_id: send.challenge_id,
            country: &country,
            channel: send.channel,
            expires_at: send.expires_at,
        },
        now,
    )
    .await?;
    Ok(Some(Counted {
        channel: send.channel,
        country,
    }))
}

/// Counts in `tx` a notice's text (a reset ended) in the day's spend and budget: it follows a
/// proven reset, so no cap refuses it, but it is paid for.
pub async fn count_notice(tx: &mut Tx, cx: &Context<'_>, target: &str) -> Result<(), sqlx::Error> {
    let country = destination::of(target).country;
    let cost = cx.config.spending.cost(Channel::Sms, &country);
    tx.add_to_messaging_count(&spend_scope(Channel::Sms, &country), cost, cx.now)
        .await?;
    tx.add_to_messaging_count(BUDGET, cost, cx.now).await?;
    Ok(())
}
