//! Delivering queued messages. A worker on every replica claims due messages from the queue and
//! hands each to its channel's [`Sender`]; a failure is retried with backoff and then recorded.
//! Requests never wait for delivery.

mod outbox;
mod sender;
mod senders;
mod smtp;
pub mod twilio;
mod unconfigured;
pub mod webhook;
mod worker;

pub use outbox::OutboxSender;
pub use sender::{Sender, Sending};
pub use senders::Senders;
pub use smtp::SmtpSender;
pub use worker::{LEASE_SECONDS, STOP_GRACE, Workplace, deliver_one, run_worker};

pub use crate::store::{NewDelivery, channel_name};
pub use latchkey_api::types::Channel;

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
pub async fn enqueue(state: &impl Workplace, message: Message<'_>) -> Result<String, sqlx::Error> {
    let id = state
        .store()
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
            state.clock().now(),
        )
        .await?;
    Ok(id)
}
