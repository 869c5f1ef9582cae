//! What sends one message over one channel: an SMTP relay, a gateway, the dev outbox.

use std::future::Future;
use std::pin::Pin;

use crate::store::Delivery;

/// A future a sender returns.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Sends one message over one channel. The error is a reason for the log, without secrets.
pub trait Sender: Send + Sync + 'static {
    fn send<'a>(&'a self, delivery: &'a Delivery) -> Sending<'a>;
}
