//! The webhook gateway for texts and calls: each message is POSTed as JSON to the configured
//! URL, signed with HMAC-SHA256 over `"{timestamp}.{body}"` (docs/gateways.md). For a call, the
//! gateway reports how it ended to the callback URL, signed the same way.

use std::sync::Arc;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use latchkey_api::types::Channel;

use super::sender::{Sender, Sending};
use crate::clock::{Clock, Timestamp};
use crate::config::{Secret, WebhookSettings};
use crate::store::{Delivery, channel_name};

/// The header with the Unix time a request or callback was signed at.
pub const TIMESTAMP_HEADER: &str = "x-latchkey-timestamp";
/// The header with `v1=` and the hex HMAC-SHA256 signature.
pub const SIGNATURE_HEADER: &str = "x-latchkey-signature";
/// Where gateways report call results.
pub const CALLBACK_PATH: &str = "/api/v1/gateway/webhook/calls";
/// Signed callbacks older or newer than this many seconds are refused.
pub const CALLBACK_TOLERANCE: i64 = 300;

/// The HMAC-SHA256 of `"{timestamp}.{body}"` under `secret`, ready to finish or verify.
fn mac(secret: &Secret, timestamp: Timestamp, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// `v1=` and the hex HMAC-SHA256 of `"{timestamp}.{body}"` under `secret`.
pub fn signature(secret: &Secret, timestamp: Timestamp, body: &[u8]) -> String {
    let digest = mac(secret, timestamp, body).finalize().into_bytes();
    format!("v1={}", hex::encode(digest))
}

/// Whether `given` is the signature of `body` at `timestamp`, compared in constant time.
pub fn signature_matches(secret: &Secret, timestamp: Timestamp, body: &[u8], given: &str) -> bool {
    let Some(hex_part) = given.trim().strip_prefix("v1=") else {
        return false;
    };
    let Ok(bytes) = hex::decode(hex_part) else {
        return false;
    };
    mac(secret, timestamp, body).verify_slice(&bytes).is_ok()
}

/// Posts texts and calls to the webhook gateway.
pub struct WebhookSender {
    client: reqwest::Client,
    settings: WebhookSettings,
    callback_url: String,
    clock: Arc<dyn Clock>,
}

impl WebhookSender {
    pub fn new(
        client: reqwest::Client,
        settings: WebhookSettings,
        callback_url: String,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            client,
            settings,
            callback_url,
            clock,
        }
    }
}

impl Sender for WebhookSender {
    fn send<'a>(&'a self, delivery: &'a Delivery) -> Sending<'a> {
        Box::pin(async move {
            let mut message = serde_json::json!({
                "id": delivery.id,
                "channel": channel_name(delivery.channel),
                "to": delivery.recipient,
                "text": delivery.body,
            });
            if delivery.channel == Channel::Voice {
                message["callback_url"] = self.callback_url.clone().into();
            }
            let body = message.to_string();
            let timestamp = self.clock.now();
            let response = self
                .client
                .post(&self.settings.url)
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .header(TIMESTAMP_HEADER, timestamp.to_string())
                .header(
                    SIGNATURE_HEADER,
                    signature(&self.settings.secret, timestamp, body.as_bytes()),
                )
                .body(body)
                .send()
                .await
                .map_err(|error| format!("the webhook gateway could not be reached: {error}"))?;
            if response.status().is_success() {
                Ok(())
            } else {
                Err(format!(
                    "the webhook gateway answered {}",
                    response.status()
                ))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_cover_the_timestamp_and_the_body() {
        let secret = Secret::new("k".repeat(32));
        let signed = signature(&secret, 1_800_000_000, b"{\"id\":\"1\"}");
        assert!(signed.starts_with("v1=") && signed.len() == 3 + 64);
        assert!(signature_matches(
            &secret,
            1_800_000_000,
            b"{\"id\":\"1\"}",
            &signed
        ));
        assert!(!signature_matches(
            &secret,
            1_800_000_001,
            b"{\"id\":\"1\"}",
            &signed
        ));
        assert!(!signature_matches(
            &secret,
            1_800_000_000,
            b"{\"id\":\"2\"}",
            &signed
        ));
        let other = Secret::new("x".repeat(32));
        assert!(!signature_matches(
            &other,
            1_800_000_000,
            b"{\"id\":\"1\"}",
            &signed
        ));
        assert!(!signature_matches(
            &secret,
            1_800_000_000,
            b"{\"id\":\"1\"}",
            "v1=zz"
        ));
        assert!(!signature_matches(
            &secret,
            1_800_000_000,
            b"{\"id\":\"1\"}",
            &signed[3..]
        ));
    }

    #[test]
    fn a_known_signature() {
        // printf '1800000000.hello' | openssl dgst -sha256 -hmac 'secret'
        let secret = Secret::new("secret");
        assert_eq!(
            signature(&secret, 1_800_000_000, b"hello"),
            "v1=b203f7f3c076e11ad916bb3d1d5b7c08e874e484d2c24aaa421bc93201b1aba2"
        );
    }
}
