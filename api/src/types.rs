//! Request and response bodies of the API.

use serde::{Deserialize, Serialize};

/// `POST /api/v1/session`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// Username or work email address.
    pub username: String,
    /// The account's password.
    pub password: String,
}

/// The signed-in user (`GET /api/v1/me`, and the answer to a sign-in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Me {
    /// The sign-in name.
    pub username: String,
    /// How to greet the person.
    pub display_name: String,
    /// Work email address.
    pub email: String,
}

/// Settings the SPA shows before anyone signs in (`GET /api/v1/config`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PublicConfig {
    /// The organisation's name, as in "Sign in with your Contoso account".
    pub organisation_name: String,
    /// Where employees get help ("Contact IT Support").
    pub helpdesk_url: String,
    /// The shortest password the organisation accepts, in characters.
    pub password_min_length: usize,
    /// Whether the server runs in development mode (dev outbox, demo account).
    pub development_mode: bool,
}

/// One message in the development outbox (`GET /api/v1/dev/outbox`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OutboxEntry {
    pub id: String,
    /// `email`, `sms` or `voice`.
    pub channel: String,
    /// An email address, or a phone number in E.164 form.
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The one-time code the message carries, if any.
    pub code: Option<String>,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
}
