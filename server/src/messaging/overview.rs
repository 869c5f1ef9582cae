//! The console's "Texts and calls" page (#30): today's sends, proofs and spend per country and
//! channel, the caps, the budget, pauses and the safe list.

use std::collections::BTreeSet;

use latchkey_api::messaging::{CountryMessaging, MessagingOverview, MessagingPause};
use latchkey_api::types::Channel;

use super::caps::{BUDGET, proven_scope, sent_scope, spend_scope};
use super::safe_list::shown;
use crate::config::Countries;
use crate::origin::Context;
use crate::store::{Store, channel_called, channel_name, day_of};

/// The overview as it stands now.
pub async fn overview(store: &Store, cx: &Context<'_>) -> Result<MessagingOverview, sqlx::Error> {
    let counts = store.messaging_counts(cx.now).await?;
    let count = |scope: &str| {
        counts
            .iter()
            .find(|(name, _)| name == scope)
            .map_or(0, |(_, count)| *count)
    };
    let pauses = store.messaging_pauses().await?;
    // Every country a channel is open to (the organisation's own when every one is), every
    // country with sends today, every paused one.
    let mut rows: BTreeSet<(String, &str)> = BTreeSet::new();
    for channel in [Channel::Sms, Channel::Voice] {
        let open: Vec<&String> = match cx.config.countries_reached_by(channel) {
            Some(Countries::Only(codes)) => codes.iter().collect(),
            _ => cx.config.default_country.iter().collect(),
        };
        for country in open {
            rows.insert((country.clone(), channel_name(channel)));
        }
    }
    for (scope, _) in &counts {
        let sent = scope.strip_prefix("sent:").and_then(|s| s.split_once(':'));
        if let Some((channel, country)) =
            sent.and_then(|(name, country)| Some((channel_called(name)?, country)))
        {
            rows.insert((country.to_string(), channel_name(channel)));
        }
    }
    for pause in &pauses {
        rows.insert((pause.country.clone(), channel_name(pause.channel)));
    }
    let rules = &cx.config.spending;
    let countries = rows
        .into_iter()
        .filter_map(|(country, name)| {
            let channel = channel_called(name)?;
            let paused = pauses
                .iter()
                .find(|pause| pause.country == country && pause.channel == channel)
                .map(|pause| MessagingPause {
                    since: pause.since,
                    sends: pause.sends,
                    proven_percent: pause.proven_percent,
                });
            Some(CountryMessaging {
                sent_today: count(&sent_scope(channel, &country)),
                proven_today: count(&proven_scope(channel, &country)),
                spend_today: count(&spend_scope(channel, &country)),
                cap: rules.country_cap(channel),
                open: cx
                    .config
                    .countries_reached_by(channel)
                    .is_some_and(|countries| countries.allows(&country)),
                paused,
                channel,
                country,
            })
        })
        .collect();
    Ok(MessagingOverview {
        day: day_of(cx.now),
        budget: rules.daily_budget,
        spent: count(BUDGET),
        open_to_every_country: cx.config.open_to_every_country,
        countries,
        safe_numbers: store.safe_numbers().await?.into_iter().map(shown).collect(),
    })
}
