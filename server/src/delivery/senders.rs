//! The sender for each channel, as the settings choose it.

use std::sync::Arc;
use std::time::Duration;

use latchkey_api::types::Channel;

use super::outbox::OutboxSender;
use super::sender::Sender;
use super::smtp::SmtpSender;
use super::twilio::TwilioSender;
use super::unconfigured::Unconfigured;
use super::webhook::{self, WebhookSender};
use crate::config::Gateway;
use crate::store::Store;

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

    pub(super) fn for_channel(&self, channel: Channel) -> Option<&Arc<dyn Sender>> {
        match channel {
            Channel::Email => Some(&self.email),
            Channel::Sms => Some(&self.sms),
            Channel::Voice => Some(&self.voice),
            // Nothing is sent for what the person holds.
            Channel::App | Channel::Passkey | Channel::RecoveryCode => None,
        }
    }
}
