//! The spending settings in force: caps, the budget, the cost table and the automatic pause,
//! checked when the settings are read.

use std::collections::BTreeMap;

use anyhow::Context;

use super::settings::{Spending, defaulted};

/// What texts and calls may cost a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpendingRules {
    pub texts_per_country: u64,
    pub calls_per_country: u64,
    pub sends_per_prefix: u64,
    pub daily_budget: u64,
    /// A text's cost by country (ISO 3166, upper case); 1 elsewhere.
    pub text_costs: BTreeMap<String, u64>,
    /// A call's cost a minute by country; 2 elsewhere.
    pub call_costs: BTreeMap<String, u64>,
    pub pause_below_percent: u32,
    pub pause_minimum_sends: u32,
    pub pause_alerts_to: Vec<String>,
}

/// What a text costs where the table doesn't say.
pub const TEXT_COST: u64 = 1;
/// What a minute of a call costs where the table doesn't say.
pub const CALL_COST: u64 = 2;

/// The settings as rules; a cost table entry that isn't `XX=units` is refused.
pub fn resolve(spending: Spending) -> anyhow::Result<SpendingRules> {
    Ok(SpendingRules {
        texts_per_country: defaulted(spending.texts_per_country_per_day),
        calls_per_country: defaulted(spending.calls_per_country_per_day),
        sends_per_prefix: defaulted(spending.sends_per_prefix_per_day),
        daily_budget: defaulted(spending.daily_budget),
        text_costs: cost_table("text_costs", spending.text_costs)?,
        call_costs: cost_table("call_costs", spending.call_costs)?,
        pause_below_percent: defaulted(spending.pause_below_percent).min(100),
        pause_minimum_sends: defaulted(spending.pause_minimum_sends).max(1),
        pause_alerts_to: spending
            .pause_alerts_to
            .unwrap_or_default()
            .into_iter()
            .map(|address| address.trim().to_string())
            .filter(|address| !address.is_empty())
            .collect(),
    })
}

fn cost_table(name: &str, entries: Option<Vec<String>>) -> anyhow::Result<BTreeMap<String, u64>> {
    entries
        .unwrap_or_default()
        .iter()
        .filter(|entry| !entry.trim().is_empty())
        .map(|entry| {
            let (country, units) = entry
                .split_once('=')
                .with_context(|| format!("{name}: {entry:?} is not COUNTRY=units, e.g. GB=2"))?;
            let country = country.trim().to_ascii_uppercase();
            if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
                anyhow::bail!("{name}: {country:?} is not an ISO 3166 country, e.g. GB");
            }
            let units = units
                .trim()
                .parse()
                .with_context(|| format!("{name}: {entry:?} needs whole cost units"))?;
            Ok((country, units))
        })
        .collect()
}

impl SpendingRules {
    /// What one text, or a call's first minute, to `country` costs.
    pub fn cost(&self, channel: latchkey_api::types::Channel, country: &str) -> u64 {
        use latchkey_api::types::Channel;
        match channel {
            Channel::Voice => self.call_costs.get(country).copied().unwrap_or(CALL_COST),
            _ => self.text_costs.get(country).copied().unwrap_or(TEXT_COST),
        }
    }

    /// The day's cap of `channel` sends to one country.
    pub fn country_cap(&self, channel: latchkey_api::types::Channel) -> u64 {
        match channel {
            latchkey_api::types::Channel::Voice => self.calls_per_country,
            _ => self.texts_per_country,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cost_table_reads_countries_and_refuses_the_rest() {
        let table = cost_table("text_costs", Some(vec!["gb=3".into(), " NG = 8".into()])).unwrap();
        assert_eq!(table.get("GB"), Some(&3));
        assert_eq!(table.get("NG"), Some(&8));
        assert!(cost_table("text_costs", Some(vec!["GB".into()])).is_err());
        assert!(cost_table("text_costs", Some(vec!["GBR=1".into()])).is_err());
        assert!(cost_table("text_costs", Some(vec!["GB=one".into()])).is_err());
    }
}
