//! How emails, texts and calls leave: the SMTP relay and the gateways for texts and calls.

use std::path::PathBuf;

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::config::secret::Secret;

/// The SMTP relay, the sender, and the gateways texts and calls go through.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Delivery {
    /// The SMTP relay for email, as a URL: `smtp://user:pass@host:587?tls=required` (STARTTLS)
    /// or `smtps://user:pass@host` (TLS). Unset: the dev outbox in development mode.
    #[arg(long, global = true, env = "LATCHKEY_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Secret>,
    /// A PEM file with the certificate of a CA to trust for the SMTP relay (an internal CA).
    #[arg(long, global = true, env = "LATCHKEY_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<PathBuf>,
    /// The sender of every email [default: "<organisation> <no-reply@localhost>"].
    #[arg(long, global = true, env = "LATCHKEY_EMAIL_FROM")]
    pub email_from: Option<String>,
    /// Where texts go: `webhook` or `twilio` [default: the dev outbox in development mode].
    #[arg(long, global = true, env = "LATCHKEY_SMS_GATEWAY")]
    pub sms_gateway: Option<Gateway>,
    /// Where calls go: `webhook` or `twilio` [default: the dev outbox in development mode].
    #[arg(long, global = true, env = "LATCHKEY_VOICE_GATEWAY")]
    pub voice_gateway: Option<Gateway>,
    /// The webhook gateway's URL: texts and calls are POSTed to it as signed JSON.
    #[arg(long, global = true, env = "LATCHKEY_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// The secret that signs webhook requests and callbacks (HMAC-SHA256; 32 characters or more).
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub webhook_secret: Option<Secret>,
    /// Twilio's Account SID (`AC…`).
    #[arg(long, global = true, env = "LATCHKEY_TWILIO_ACCOUNT_SID")]
    pub twilio_account_sid: Option<String>,
    /// Twilio's Auth Token: authenticates requests to Twilio and checks its callbacks.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_TWILIO_AUTH_TOKEN",
        hide_env_values = true
    )]
    pub twilio_auth_token: Option<Secret>,
    /// The Twilio number texts and calls come from, in E.164 form.
    #[arg(long, global = true, env = "LATCHKEY_TWILIO_FROM")]
    pub twilio_from: Option<String>,
    /// Twilio's API address.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_TWILIO_API_URL",
        default_value = "https://api.twilio.com"
    )]
    pub twilio_api_url: Option<String>,
}

/// A service that delivers texts and calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Gateway {
    /// Signed JSON POSTs to `webhook_url`; call results come back signed.
    Webhook,
    /// Twilio's Messages and Voice APIs.
    Twilio,
}
