//! Automatic pauses (#30): when few of the codes sent to a country on a channel are proven —
//! under `pause_below_percent` of the last 50 settled sends within 24 hours, once there are
//! `pause_minimum_sends` — the country is paused for that channel, audited, the admins emailed
//! and the metric raised. An admin resumes it; its window then starts afresh.

use latchkey_api::Problem;
use latchkey_api::messaging::MessagingResume;
use latchkey_api::types::{Channel, Channel::Email};

use super::caps::proven_scope;
use super::destination;
use super::error::MessagingError;
use crate::clock::Timestamp;
use crate::origin::Context;
use crate::security_info::messages::{Language, pause_notice};
use crate::staff::Role;
use crate::staff::member::Staff;
use crate::store::{AuditEntry, NewDelivery, Store, StoredPause, Tx, channel_name};
use crate::telemetry::metrics;

/// The settled sends looked at, at most.
const WINDOW_SENDS: u32 = 50;
/// How far back they are looked for.
const WINDOW_SECONDS: i64 = 24 * 60 * 60;
/// Whose trail the automatic pause's entry is in: Latchkey's own.
const LATCHKEY: &str = "latchkey";

/// Looks at the country's last settled sends on the channel before another goes to `target`,
/// and pauses it (in a transaction of its own) when too few were proven.
pub async fn judge(
    store: &Store,
    cx: &Context<'_>,
    channel: Channel,
    target: &str,
) -> Result<(), sqlx::Error> {
    let rules = &cx.config.spending;
    if !matches!(channel, Channel::Sms | Channel::Voice) || rules.pause_below_percent == 0 {
        return Ok(());
    }
    let destination = destination::of(target);
    let now = cx.now;
    // Read first, outside any transaction: most sends find nothing to do.
    let mut reading = store.autocommit().await?;
    let due = pause_due(&mut reading, cx, destination.country, channel).await?;
    drop(reading);
    let Some(pause) = due else {
        return Ok(());
    };
    let to = admins(store, cx).await?;
    let mut tx = store.transaction().await?;
    // Another send may have paused it a moment ago: then it is told once.
    if !tx.pause_messaging(&pause).await? {
        return Ok(());
    }
    let what = format!(
        "{} to {} paused: {}% of the last {} codes proven",
        channel_called(channel),
        pause.country,
        pause.proven_percent,
        pause.sends
    );
    tx.audit(
        AuditEntry {
            user_id: LATCHKEY,
            action: "messaging_paused",
            detail: &what,
            ip: &cx.origin.ip,
            user_agent: &cx.origin.user_agent,
        },
        now,
    )
    .await?;
    tell(&mut tx, cx, &to, &pause).await?;
    tx.commit().await?;
    tracing::warn!(country = %pause.country, channel = channel_name(channel), "{what}");
    metrics::messaging_paused(channel, &pause.country, true);
    Ok(())
}

/// "Texts" or "Calls".
fn channel_called(channel: Channel) -> &'static str {
    match channel {
        Channel::Voice => "Calls",
        _ => "Texts",
    }
}

/// The pause the country's last settled sends on the channel call for, if any.
async fn pause_due(
    reading: &mut Tx,
    cx: &Context<'_>,
    country: String,
    channel: Channel,
) -> Result<Option<StoredPause>, sqlx::Error> {
    let rules = &cx.config.spending;
    let now = cx.now;
    if reading.is_messaging_paused(&country, channel).await? {
        return Ok(None);
    }
    let settled = reading
        .settled_messaging_sends(&country, channel, now - WINDOW_SECONDS, WINDOW_SENDS, now)
        .await?;
    let sends = settled.len() as u32;
    let proven = settled.iter().filter(|proven| **proven).count() as u32;
    if sends < rules.pause_minimum_sends || proven * 100 >= rules.pause_below_percent * sends {
        return Ok(None);
    }
    Ok(Some(StoredPause {
        country,
        channel,
        since: now,
        sends,
        proven_percent: proven * 100 / sends,
    }))
}

/// Whom a pause is told to, each in their language: the admins Latchkey knows (by stored role,
/// by the settings, or by the directory's groups as last seen), at their account's address; and
/// the addresses in `pause_alerts_to`, in the organisation's.
async fn admins(store: &Store, cx: &Context<'_>) -> Result<Vec<(String, Language)>, sqlx::Error> {
    let mut to: Vec<(String, Language)> = store
        .users()
        .await?
        .into_iter()
        .filter(|user| cx.config.role_of(user) == Some(Role::Admin) && !user.email.is_empty())
        .map(|user| (user.email.clone(), cx.language_for(&user)))
        .collect();
    let organisations = cx.config.message_language;
    to.extend(
        (cx.config.spending.pause_alerts_to.iter()).map(|address| (address.clone(), organisations)),
    );
    to.sort_by(|a, b| a.0.cmp(&b.0));
    to.dedup_by(|a, b| a.0 == b.0);
    Ok(to)
}

/// Queues in `tx` the email telling each of `to`, in their language, what was paused.
async fn tell(
    tx: &mut Tx,
    cx: &Context<'_>,
    to: &[(String, Language)],
    pause: &StoredPause,
) -> Result<(), sqlx::Error> {
    for (recipient, language) in to {
        let (subject, body) = pause_notice(
            *language,
            &cx.config.organisation_name,
            pause.channel,
            &pause.country,
            pause.proven_percent,
            pause.sends,
        );
        let message = NewDelivery {
            channel: Email,
            recipient,
            subject: &subject,
            body: &body,
            code: None,
        };
        tx.enqueue(message, cx.now).await?;
    }
    Ok(())
}

/// Notes in `tx` that the challenge's latest text or call was proven.
pub async fn proven(tx: &mut Tx, challenge_id: &str, now: Timestamp) -> Result<(), sqlx::Error> {
    if let Some((country, channel)) = tx.note_messaging_proven(challenge_id, now).await? {
        tx.add_to_messaging_count(&proven_scope(channel, &country), 1, now)
            .await?;
        metrics::code_proven(channel, &country);
    }
    Ok(())
}

/// The country and channel an admin asked about: a country with phone numbers, texts or calls.
pub fn checked(country: &str, channel: Channel) -> Result<String, MessagingError> {
    let country = country.trim().to_ascii_uppercase();
    if !destination::is_country(&country) {
        return Err(MessagingError::refused(
            "country",
            "country",
            Problem::Invalid,
        ));
    }
    if !matches!(channel, Channel::Sms | Channel::Voice) {
        return Err(MessagingError::refused(
            "channel",
            "channel",
            Problem::Invalid,
        ));
    }
    Ok(country)
}

/// Resumes a paused country for a channel, audited with the admin, in one transaction.
pub async fn resume(
    store: &Store,
    staff: &Staff,
    request: &MessagingResume,
    now: Timestamp,
) -> Result<(), MessagingError> {
    let country = checked(&request.country, request.channel)?;
    let mut tx = store.transaction().await?;
    if !tx.resume_messaging(&country, request.channel, now).await? {
        return Err(MessagingError::NotFound);
    }
    let what = format!("{} to {country} resumed", channel_called(request.channel));
    staff
        .acted(&mut tx, &staff.user, "messaging_resumed", &what, None, now)
        .await?;
    tx.commit().await?;
    metrics::messaging_paused(request.channel, &country, false);
    Ok(())
}
