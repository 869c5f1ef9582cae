//! What today's pauses, caps and budget leave open, read once for a page that lists phones: a
//! country paused for a channel, or whose daily cap or the day's budget is reached, can't be
//! reached today (a safe number still can). A number prefix's cap is only met when sending.

use latchkey_api::messaging::Unavailable;
use latchkey_api::types::Channel;

use super::caps::{BUDGET, sent_scope};
use super::destination::Destination;
use crate::clock::Timestamp;
use crate::config::SpendingRules;
use crate::store::{Store, StoredPause};

/// Today's counts, the pauses in force and the safe list, as they stood when read.
#[derive(Default)]
pub struct Today {
    counts: Vec<(String, u64)>,
    pauses: Vec<StoredPause>,
    safe_numbers: Vec<String>,
}

impl Today {
    /// Reads them for the day of `now`.
    pub async fn read(store: &Store, now: Timestamp) -> Result<Self, sqlx::Error> {
        Ok(Self {
            counts: store.messaging_counts(now).await?,
            pauses: store.messaging_pauses().await?,
            safe_numbers: store
                .safe_numbers()
                .await?
                .into_iter()
                .map(|safe| safe.number)
                .collect(),
        })
    }

    fn count(&self, scope: &str) -> u64 {
        self.counts
            .iter()
            .find(|(name, _)| name == scope)
            .map_or(0, |(_, count)| *count)
    }

    /// Why `channel` can't reach `e164` (at `destination`) today, if it can't.
    pub fn unavailable(
        &self,
        rules: &SpendingRules,
        channel: Channel,
        e164: &str,
        destination: &Destination,
    ) -> Option<Unavailable> {
        if self.safe_numbers.iter().any(|safe| safe == e164) {
            return None;
        }
        let country = destination.country.as_str();
        let paused = self
            .pauses
            .iter()
            .any(|pause| pause.country == country && pause.channel == channel);
        let sent = self.count(&sent_scope(channel, country));
        let over_budget = self.count(BUDGET) + rules.cost(channel, country) > rules.daily_budget;
        if paused {
            Some(Unavailable::Paused)
        } else if sent >= rules.country_cap(channel) || over_budget {
            Some(Unavailable::CapReached)
        } else {
            None
        }
    }
}
