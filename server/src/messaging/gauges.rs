//! The texts-and-calls gauges, read from the store at each scrape so that every replica tells
//! the same: paused countries and the day's budget left.

use super::caps::BUDGET;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::store::Store;
use crate::telemetry::metrics;

/// Sets `latchkey_messaging_paused` for every country ever paused and `latchkey_budget_remaining`.
pub async fn read(store: &Store, config: &Config, now: Timestamp) -> Result<(), sqlx::Error> {
    // Resumed ones too, at 0: another replica may have resumed them.
    for (country, channel, paused) in store.messaging_pause_flags().await? {
        metrics::messaging_paused(channel, &country, paused);
    }
    let spent = store
        .messaging_counts(now)
        .await?
        .into_iter()
        .find(|(scope, _)| scope == BUDGET)
        .map_or(0, |(_, spent)| spent);
    metrics::budget_remaining(config.spending.daily_budget.saturating_sub(spent));
    Ok(())
}
