//! Delivering queued messages. A worker on every replica claims due messages from the queue and
//! hands each to its channel's [`Sender`]; a failure is retried with backoff and then recorded.
//! Requests never wait for delivery.

mod outbox;
mod smtp;
pub mod twilio;
mod unconfigured;
pub mod webhook;

pub use outbox::OutboxSender;
pub use smtp::SmtpSender;
use twilio::TwilioSender;
use unconfigured::Unconfigured;
use webhook::WebhookSender;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::config::Gateway;
use crate::state::AppState;
use crate::store::{Delivery, NewDelivery, Store};
use crate::telemetry::metrics;

/// How long a claimed message is reserved for its worker. A worker that dies leaves it to be
/// claimed again once this runs out.
pub const LEASE_SECONDS: i64 = 20;
/// A send must finish well inside the lease.
const SEND_TIMEOUT: Duration = Duration::from_secs(15);
/// Attempts before a message is given up.
const MAX_ATTEMPTS: i64 = 5;

pub use crate::store::channel_name;
pub use latchkey_api::types::Channel;

/// A future a sender returns.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Sends one message over one channel. The error is a reason for the log, without secrets.
pub trait Sender: Send + Sync + 'static {
    fn send<'a>(&'a self, delivery: &'a Delivery) -> Sending<'a>;
}

/// The sender for each channel, chosen in configuration.
#[derive(Clone)]
pub struct Senders {
    pub email: Arc<dyn Sender>,
    pub sms: Arc<dyn Sender>,
    pub voice: Arc<dyn Sender>,
}

impl Senders {
    /// The senders the configuration chooses: SMTP for email when `smtp_url` is set, and the
    /// chosen gateway for texts and for calls; otherwise the dev outbox in development mode;
    /// otherwise none (messages fail, and say why).
    pub fn from_config(
        config: &crate::config::Config,
        store: Store,
        clock: Arc<dyn crate::clock::Clock>,
    ) -> anyhow::Result<Self> {
        let mut senders = if config.development_mode {
            Self::outbox(store, clock.clone())
        } else {
            let none: Arc<dyn Sender> =
                Arc::new(Unconfigured("no SMS or voice gateway is configured"));
            Self {
                email: Arc::new(Unconfigured("no SMTP relay is configured (smtp_url)")),
                sms: none.clone(),
                voice: none,
            }
        };
        if let Some(url) = &config.smtp_url {
            senders.email = Arc::new(SmtpSender::new(
                url.expose(),
                &config.email_from,
                config.smtp_ca_file.as_deref(),
            )?);
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()?;
        let gateway = |gateway: Gateway| -> Arc<dyn Sender> {
            match gateway {
                Gateway::Webhook => Arc::new(WebhookSender::new(
                    client.clone(),
                    config.webhook.clone().expect("checked with the settings"),
                    config.public_address(webhook::CALLBACK_PATH),
                    clock.clone(),
                )),
                Gateway::Twilio => Arc::new(TwilioSender::new(
                    client.clone(),
                    config.twilio.clone().expect("checked with the settings"),
                    config.public_address(""),
                    config.message_language,
                )),
            }
        };
        if let Some(chosen) = config.sms_gateway {
            senders.sms = gateway(chosen);
        }
        if let Some(chosen) = config.voice_gateway {
            senders.voice = gateway(chosen);
        }
        Ok(senders)
    }

    /// Every channel into the development outbox.
    pub fn outbox(store: Store, clock: Arc<dyn crate::clock::Clock>) -> Self {
        let outbox: Arc<dyn Sender> = Arc::new(OutboxSender::new(store, clock));
        Self {
            email: outbox.clone(),
            sms: outbox.clone(),
            voice: outbox,
        }
    }

    fn for_channel(&self, channel: Channel) -> Option<&Arc<dyn Sender>> {
        match channel {
            Channel::Email => Some(&self.email),
            Channel::Sms => Some(&self.sms),
            Channel::Voice => Some(&self.voice),
            // Nothing is sent for what the person holds.
            Channel::App | Channel::Passkey | Channel::RecoveryCode => None,
        }
    }
}

/// A message to queue.
pub struct Message<'a> {
    pub channel: Channel,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// The one-time code in the message, shown by the dev outbox; erased once delivered.
    pub code: Option<&'a str>,
}

/// Queues a message; a worker sends it shortly.
pub async fn enqueue(state: &AppState, message: Message<'_>) -> Result<String, sqlx::Error> {
    let id = state
        .store
        .autocommit()
        .await?
        .enqueue(
            NewDelivery {
                channel: message.channel,
                recipient: message.to,
                subject: message.subject,
                body: message.body,
                code: message.code,
            },
            state.clock.now(),
        )
        .await?;
    Ok(id)
}

/// Delivers one due message if there is one; `Ok(false)` when the queue has nothing due.
pub async fn deliver_one(state: &AppState) -> Result<bool, sqlx::Error> {
    let now = state.clock.now();
    let Some(delivery) = claim(&state.store, now).await? else {
        return Ok(false);
    };
    deliver(state, &delivery).await?;
    Ok(true)
}

/// Sends a claimed message and records how it went.
async fn deliver(state: &AppState, delivery: &Delivery) -> Result<(), sqlx::Error> {
    let outcome = match state.senders.for_channel(delivery.channel) {
        Some(sender) => tokio::time::timeout(SEND_TIMEOUT, sender.send(delivery))
            .await
            .unwrap_or_else(|_| Err("timed out".into())),
        None => Err(format!(
            "no sender for channel {}",
            channel_name(delivery.channel)
        )),
    };
    let now = state.clock.now();
    let channel = channel_name(delivery.channel);
    let result = if outcome.is_ok() { "sent" } else { "failed" };
    metrics::code_sent(channel, result);
    state
        .store
        .autocommit()
        .await?
        .tally(&format!("{channel}_{result}"), now)
        .await?;
    match outcome {
        Ok(()) => {
            state
                .store
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
                .store
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
    state: &AppState,
    delivery: &Delivery,
    now: crate::clock::Timestamp,
) -> Result<(), sqlx::Error> {
    let Some(user_id) = state.store.user_awaiting_delivery(&delivery.id).await? else {
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
    state.store.autocommit().await?.audit(entry, now).await
}

/// Seconds before the next try after `attempts` failed ones: 10, 20, 40, 80.
fn retry_delay(attempts: i64) -> i64 {
    10 * 2_i64.pow(attempts.clamp(1, 4) as u32 - 1)
}

/// Runs until `stop` turns true: delivers due messages, then waits to be woken by a new one (or
/// for a second, for retries and other replicas' messages). A message being sent when the server
/// stops gets [`STOP_GRACE`] to finish; then its lease is given back, for another replica.
pub async fn run_worker(state: AppState, mut stop: watch::Receiver<bool>) {
    let wakeup = state.store.delivery_wakeup();
    while !*stop.borrow() {
        let now = state.clock.now();
        match claim(&state.store, now).await {
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
async fn claim(
    store: &Store,
    now: crate::clock::Timestamp,
) -> Result<Option<Delivery>, sqlx::Error> {
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
async fn give_back(state: &AppState, delivery: &Delivery) {
    tracing::info!(delivery = %delivery.id, "stopping: the message goes back to the queue");
    let released = async {
        state
            .store
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
