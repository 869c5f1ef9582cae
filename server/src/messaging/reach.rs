//! Whether texts or calls may reach a number under the settings (and, for a page listing phones,
//! today's pauses, caps and budget): the one question the rest of the server asks before
//! listing, offering or sending to a phone.

use latchkey_api::Problem;
use latchkey_api::messaging::{Unavailability, Unavailable};
use latchkey_api::types::Channel;

use super::destination;
use super::today::Today;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::security_info::error::SecurityInfoError;
use crate::store::{Store, StoredMethod};

/// Why `channel` can't reach `e164` under the settings, or `None` when it can (email always
/// can).
pub fn unavailability(config: &Config, channel: Channel, e164: &str) -> Option<Unavailability> {
    let countries = config.countries_reached_by(channel)?;
    let destination = destination::of(e164);
    let reason = if destination::is_refused(destination.kind) {
        Unavailable::NumberType
    } else if !countries.allows(&destination.country) {
        Unavailable::CountryClosed
    } else {
        return None;
    };
    Some(Unavailability {
        reason,
        country: destination.country,
    })
}

/// The settings and today's pauses, caps and budget: what a page listing phones asks of each.
pub struct Reach<'a> {
    config: &'a Config,
    today: Today,
}

impl<'a> Reach<'a> {
    /// Under `config`, as today stands at `now`.
    pub async fn now(
        store: &Store,
        config: &'a Config,
        now: Timestamp,
    ) -> Result<Reach<'a>, sqlx::Error> {
        Ok(Self {
            config,
            today: Today::read(store, now).await?,
        })
    }

    /// Under `config`, on a day with nothing sent, paused or safe-listed yet.
    #[cfg(test)]
    pub fn on_a_quiet_day(config: &'a Config) -> Reach<'a> {
        Self {
            config,
            today: Today::default(),
        }
    }

    /// Why `channel` can't reach a registered method now, if it is one of the method's
    /// channels: the settings first, then today's pauses, caps and budget.
    pub fn of_method(&self, method: &StoredMethod, channel: Channel) -> Option<Unavailability> {
        let config = self.config;
        if !method.kind.channels().contains(&channel) {
            return None;
        }
        if let Some(why) = unavailability(config, channel, &method.target) {
            return Some(why);
        }
        let destination = destination::of(&method.target);
        let reason =
            self.today
                .unavailable(&config.spending, channel, &method.target, &destination)?;
        Some(Unavailability {
            reason,
            country: destination.country,
        })
    }
}

/// The problem a refused send is answered with, on the `number` field.
pub fn problem(reason: Unavailable) -> Problem {
    match reason {
        Unavailable::NumberType => Problem::NumberTypeRefused,
        Unavailable::CountryClosed => Problem::CountryClosed,
        Unavailable::Paused | Unavailable::CapReached => Problem::UnavailableToday,
    }
}

/// Refuses sending by `channel` to `target` when the settings don't allow it: nothing is sent
/// and nothing counted.
pub fn refuse_unreachable(
    config: &Config,
    channel: Channel,
    target: &str,
) -> Result<(), SecurityInfoError> {
    match unavailability(config, channel, target) {
        Some(why) => Err(SecurityInfoError::refused(
            "number",
            "phone number",
            problem(why.reason),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Countries;

    /// An organisation texting Germany and Austria, calling Germany only.
    fn german() -> Config {
        let mut config = Config::for_tests();
        config.sms_countries = Countries::Only(vec!["DE".into(), "AT".into()]);
        config.voice_countries = Countries::Only(vec!["DE".into()]);
        config
    }

    fn why(config: &Config, channel: Channel, e164: &str) -> Option<(Unavailable, String)> {
        unavailability(config, channel, e164).map(|u| (u.reason, u.country))
    }

    #[test]
    fn each_channel_reaches_its_own_countries() {
        let config = german();
        assert_eq!(why(&config, Channel::Sms, "+4915123456789"), None);
        assert_eq!(why(&config, Channel::Sms, "+436641234567"), None);
        assert_eq!(
            why(&config, Channel::Voice, "+436641234567"),
            Some((Unavailable::CountryClosed, "AT".into()))
        );
        assert_eq!(
            why(&config, Channel::Sms, "+14255550123"),
            Some((Unavailable::CountryClosed, "US".into()))
        );
        assert_eq!(why(&config, Channel::Email, "jane@example.net"), None);
    }

    #[test]
    fn a_premium_number_is_refused_even_where_every_country_is_open() {
        let config = Config::for_tests();
        assert_eq!(config.sms_countries, Countries::Every);
        assert_eq!(
            why(&config, Channel::Sms, "+499001234567"),
            Some((Unavailable::NumberType, "DE".into()))
        );
        assert_eq!(why(&config, Channel::Sms, "+14255550123"), None);
        let refused = refuse_unreachable(&german(), Channel::Voice, "+499001234567");
        let Err(SecurityInfoError::Refused(field)) = refused else {
            panic!("refused");
        };
        assert_eq!(
            (field.field.as_str(), field.code),
            ("number", Problem::NumberTypeRefused)
        );
    }
}
