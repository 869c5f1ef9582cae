//! Texts and calls that cannot be turned into a bill (security.md 61): why a number can't get
//! them now, and the console's "Texts and calls" page.

use serde::{Deserialize, Serialize};

use crate::types::Channel;

/// Why texts (or calls) can't go to a number now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Unavailable {
    /// A premium-rate, shared-cost, personal, UAN, pager or voicemail-only number: never.
    NumberType,
    /// The organisation doesn't send this channel to the number's country.
    CountryClosed,
    /// Paused for the number's country because few codes sent there were used; an admin can
    /// resume it.
    Paused,
    /// Today's cap for the country or the number's prefix, or the day's budget, is reached:
    /// open again at the next midnight UTC.
    CapReached,
}

/// A channel that can't reach a number now: why, and the number's country (ISO 3166, "DE").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Unavailability {
    pub reason: Unavailable,
    pub country: String,
}

/// The console's "Texts and calls" page (`GET /api/v1/admin/messaging`, admin).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MessagingOverview {
    /// The UTC day the figures are for: its start, seconds since the epoch.
    pub day: i64,
    /// The day's budget in cost units, and how much of it is spent.
    pub budget: u64,
    pub spent: u64,
    /// Neither `default_country` nor a country list is set: texts and calls go to every
    /// country (the page warns).
    pub open_to_every_country: bool,
    /// A row per open country and channel, and per country with sends today or a pause.
    pub countries: Vec<CountryMessaging>,
    /// Numbers that are never capped or paused.
    pub safe_numbers: Vec<SafeNumber>,
}

/// One country's texts or calls today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CountryMessaging {
    /// ISO 3166, e.g. "DE".
    pub country: String,
    /// `sms` or `voice`.
    pub channel: Channel,
    /// Whether the settings allow this channel to the country.
    pub open: bool,
    /// Codes sent (or calls placed) today, those proven, and what they cost in cost units.
    pub sent_today: u64,
    pub proven_today: u64,
    pub spend_today: u64,
    /// The day's cap of sends to the country.
    pub cap: u64,
    /// Set while the country is paused for this channel.
    #[serde(default)]
    pub paused: Option<MessagingPause>,
}

/// Why and since when a country is paused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MessagingPause {
    /// Seconds since the epoch.
    pub since: i64,
    /// Of the sends looked at, how many, and the share whose code was proven (0–100).
    pub sends: u32,
    pub proven_percent: u32,
}

/// `POST /api/v1/admin/messaging/resume`: send to a paused country again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MessagingResume {
    pub country: String,
    pub channel: Channel,
}

/// A number on the safe list: never capped or paused (the chief executive's phone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SafeNumber {
    pub id: String,
    /// E.164, e.g. "+4930901820".
    pub number: String,
    /// Whose it is, as the admin wrote it.
    pub note: String,
    /// Seconds since the epoch, and the admin who added it.
    pub added_at: i64,
    pub added_by: String,
}

/// `POST /api/v1/admin/messaging/safe-numbers`: a number typed for a country, and a note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewSafeNumber {
    pub country: String,
    pub number: String,
    #[serde(default)]
    pub note: String,
}
