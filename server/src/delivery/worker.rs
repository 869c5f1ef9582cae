//! The delivery worker: claims due messages from the queue with a lease, hands each to its
//! channel's sender, retries a failure with backoff and then gives it up (written in its
//! owner's audit log). Its writes are bookkeeping, each kept as it is made.

use std::time::Duration;

use latchkey_api::types::Channel;
use tokio::sync::watch;

use super::senders::Senders;
use crate::clock::{Clock, Timestamp};
use crate::store::{Delivery, Store, channel_name};
use crate::telemetry::metrics;

/// How long a claimed message is reserved for its worker. A worker that dies leaves it to be
/// claimed again once this runs out.
pub const LEASE_SECONDS: i64 = 20;
/// A send must finish well inside the lease.
const SEND_TIMEOUT: Duration = Duration::from_secs(15);
/// Attempts before a message is given up.
const MAX_ATTEMPTS: i64 = 5;

/// What a delivery worker works with: the queue, the senders and the clock.
pub trait Workplace: Clone + Send + Sync + 'static {
    fn store(&self) -> &Store;
    fn senders(&self) -> &Senders;
    fn clock(&self) -> &dyn Clock;
}

/// Delivers one due message if there is one; `Ok(false)` when the queue has nothing due.
pub async fn deliver_one(state: &impl Workplace) -> Result<bool, sqlx::Error> {
    let now = state.clock().now();
    let Some(delivery) = claim(state.store(), now).await? else {
        return Ok(false);
    };
    deliver(state, &delivery).await?;
    Ok(true)
}

/// Sends a claimed message and records how it went.
async fn deliver(state: &impl Workplace, delivery: &Delivery) -> Result<(), sqlx::Error> {
    let outcome = match state.senders().for_channel(delivery.channel) {
        Some(sender) => tokio::time::timeout(SEND_TIMEOUT, sender.send(delivery))
            .await
            .unwrap_or_else(|_| Err("timed out".into())),
        None => Err(format!(
            "no sender for channel {}",
            channel_name(delivery.channel)
        )),
    };
    let now = state.clock().now();
    let channel = channel_name(delivery.channel);
    let result = if outcome.is_ok() { "sent" } else { "failed" };
    metrics::code_sent(channel, result);
    state
        .store()
        .autocommit()
        .await?
        .tally(&format!("{channel}_{result}"), now)
        .await?;
    match outcome {
        Ok(()) => {
            state
                .store()
                .autocommit()
                .await?
                .delivery_sent(&delivery.id, now)
                .await?
        }
        Err(reason) => {
            let retry_at =
                (delivery.attempts < MAX_ATTEMPTS).then(|| now + retry_delay(delivery.attempts));
            tracing::warn!(
                delivery = %delivery.id,
                channel,
                attempt = delivery.attempts,
                %reason,
                "delivery failed{}",
                if retry_at.is_some() { "; will retry" } else { "; giving up" }
            );
            state
                .store()
                .autocommit()
                .await?
                .delivery_failed(&delivery.id, &reason, retry_at)
                .await?;
            if retry_at.is_none() {
                audit_given_up(state, delivery, now).await?;
            }
        }
    }
    Ok(())
}

/// A code or call that could not be delivered goes in its owner's audit log.
async fn audit_given_up(
    state: &impl Workplace,
    delivery: &Delivery,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let Some(user_id) = state.store().user_awaiting_delivery(&delivery.id).await? else {
        return Ok(());
    };
    let detail = format!(
        "A {} could not be delivered after {} tries.",
        match delivery.channel {
            Channel::Voice => "verification call",
            Channel::Sms => "text message with a code",
            _ => "email with a code",
        },
        delivery.attempts
    );
    let entry = crate::store::AuditEntry {
        user_id: &user_id,
        action: "delivery_failed",
        detail: &detail,
        ip: "-",
        user_agent: "delivery worker",
    };
    state.store().autocommit().await?.audit(entry, now).await
}

/// Seconds before the next try after `attempts` failed ones: 10, 20, 40, 80.
fn retry_delay(attempts: i64) -> i64 {
    10 * 2_i64.pow(attempts.clamp(1, 4) as u32 - 1)
}

/// Runs until `stop` turns true: delivers due messages, then waits to be woken by a new one (or
/// for a second, for retries and other replicas' messages). A message being sent when the server
/// stops gets [`STOP_GRACE`] to finish; then its lease is given back, for another replica.
pub async fn run_worker(state: impl Workplace, mut stop: watch::Receiver<bool>) {
    let wakeup = state.store().delivery_wakeup();
    while !*stop.borrow() {
        let now = state.clock().now();
        match claim(state.store(), now).await {
            Ok(Some(delivery)) => {
                let mut watching = stop.clone();
                tokio::select! {
                    done = deliver(&state, &delivery) => {
                        if let Err(error) = done {
                            tracing::warn!(%error, "delivery worker cannot record a delivery");
                        }
                    }
                    () = stopped_for(&mut watching, STOP_GRACE) => {
                        give_back(&state, &delivery).await;
                    }
                }
                continue;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "delivery worker cannot reach the database"),
        }
        tokio::select! {
            _ = tokio::time::timeout(Duration::from_secs(1), wakeup.notified()) => {}
            _ = stop.changed() => {}
        }
    }
}

/// Claims the next due message, if there is one.
async fn claim(store: &Store, now: Timestamp) -> Result<Option<Delivery>, sqlx::Error> {
    store
        .autocommit()
        .await?
        .claim_delivery(now, LEASE_SECONDS)
        .await
}

/// How long a message being sent may still take once the server is stopping.
pub const STOP_GRACE: Duration = Duration::from_secs(5);

/// Returns once `stop` has been true for `grace`.
async fn stopped_for(stop: &mut watch::Receiver<bool>, grace: Duration) {
    if stop.wait_for(|stopped| *stopped).await.is_err() {
        // The server is gone without saying stop: never give up on the message for that.
        std::future::pending::<()>().await;
    }
    tokio::time::sleep(grace).await;
}

/// Frees a message this worker will not finish, as if it had never been claimed.
async fn give_back(state: &impl Workplace, delivery: &Delivery) {
    tracing::info!(delivery = %delivery.id, "stopping: the message goes back to the queue");
    let released = async {
        state
            .store()
            .autocommit()
            .await?
            .release_delivery(&delivery.id)
            .await
    };
    if let Err(error) = released.await {
        tracing::warn!(%error, "cannot give back a message; its lease runs out by itself");
    }
}

#[cfg(test)]
mod tests {
    use super::retry_delay;

    #[test]
    fn retries_back_off() {
        assert_eq!([1, 2, 3, 4, 5].map(retry_delay), [10, 20, 40, 80, 80]);
    }
}
