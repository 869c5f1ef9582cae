//! A channel with no delivery configured (production without an SMTP relay or gateway): every
//! message fails with a reason the administrator can act on, and the failure is recorded.

use super::sender::{Sender, Sending};
use crate::store::Delivery;

pub struct Unconfigured(pub &'static str);

impl Sender for Unconfigured {
    fn send<'a>(&'a self, _: &'a Delivery) -> Sending<'a> {
        Box::pin(async move { Err(self.0.to_string()) })
    }
}
