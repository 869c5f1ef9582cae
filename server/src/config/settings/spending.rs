//! What texts and calls may cost a day (#30): caps per country and number prefix, the day's
//! budget and each country's price in cost units, and when a country pauses by itself.

use clap::Args;
use serde::{Deserialize, Serialize};

/// Daily caps, the budget, the cost table and the automatic pause.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Spending {
    /// Texts a day to the numbers of one country (safe numbers aside).
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_TEXTS_PER_COUNTRY_PER_DAY",
        default_value = "1000"
    )]
    pub texts_per_country_per_day: Option<u64>,
    /// Calls a day to the numbers of one country (safe numbers aside).
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_CALLS_PER_COUNTRY_PER_DAY",
        default_value = "300"
    )]
    pub calls_per_country_per_day: Option<u64>,
    /// Texts and calls a day to the numbers sharing a prefix: the country code and the next 6
    /// digits.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_SENDS_PER_PREFIX_PER_DAY",
        default_value = "50"
    )]
    pub sends_per_prefix_per_day: Option<u64>,
    /// Cost units texts and calls may spend a day, all countries together.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DAILY_BUDGET",
        default_value = "2000"
    )]
    pub daily_budget: Option<u64>,
    /// What a text costs in some countries, in cost units (`GB=2,NG=8`, comma-separated);
    /// every other country costs 1.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_TEXT_COSTS",
        value_delimiter = ','
    )]
    pub text_costs: Option<Vec<String>>,
    /// What a minute of a call costs in some countries, in cost units (`GB=4`); every other
    /// country costs 2. A call counts one minute when it is placed.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_CALL_COSTS",
        value_delimiter = ','
    )]
    pub call_costs: Option<Vec<String>>,
    /// A country pauses for a channel when fewer than this share (percent) of its last 50
    /// settled codes within 24 hours were proven; 0 never pauses.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_PAUSE_BELOW_PERCENT",
        default_value = "20"
    )]
    pub pause_below_percent: Option<u32>,
    /// Settled codes a country needs before it can pause.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_PAUSE_MINIMUM_SENDS",
        default_value = "20"
    )]
    pub pause_minimum_sends: Option<u32>,
    /// Addresses (comma-separated) told when a country pauses, besides the admins' own.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_PAUSE_ALERTS_TO",
        value_delimiter = ','
    )]
    pub pause_alerts_to: Option<Vec<String>>,
}
