//! The development channel: messages land in the outbox table, shown at `/dev/outbox`, and
//! nothing leaves the machine.

use std::sync::Arc;

use super::sender::{Sender, Sending};
use crate::clock::Clock;
use crate::store::{Delivery, Store};

/// Puts every message in the dev outbox.
pub struct OutboxSender {
    store: Store,
    clock: Arc<dyn Clock>,
}

impl OutboxSender {
    pub fn new(store: Store, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }
}

impl Sender for OutboxSender {
    fn send<'a>(&'a self, delivery: &'a Delivery) -> Sending<'a> {
        Box::pin(async move {
            let put = async {
                let mut tx = self.store.autocommit().await?;
                tx.put_in_outbox(delivery, self.clock.now()).await
            };
            put.await
                .map_err(|error| format!("cannot write to the outbox: {error}"))
        })
    }
}
