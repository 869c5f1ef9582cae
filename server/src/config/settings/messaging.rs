//! Where texts and calls may go: the countries each channel reaches.

use clap::Args;
use serde::{Deserialize, Serialize};

/// The countries texts and calls may go to.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Messaging {
    /// The countries texts may go to, ISO codes comma-separated (e.g. DE,AT), or * for every
    /// country [default: default_country alone; every country when that is unset too].
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_SMS_COUNTRIES",
        value_delimiter = ','
    )]
    pub sms_countries: Option<Vec<String>>,
    /// The countries calls may go to, ISO codes comma-separated (e.g. DE,AT), or * for every
    /// country [default: default_country alone; every country when that is unset too].
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_VOICE_COUNTRIES",
        value_delimiter = ','
    )]
    pub voice_countries: Option<Vec<String>>,
}
