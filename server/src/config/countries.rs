//! The countries a channel (texts, calls) may reach: every one, or those listed; unset, the
//! organisation's `default_country` alone.

use anyhow::Context;

/// The countries texts (or calls) may go to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Countries {
    Every,
    /// ISO 3166 codes, upper case.
    Only(Vec<String>),
}

impl Countries {
    /// The setting `key` as given (`*` for every country), else the default country alone, else
    /// every country; an unknown code is refused.
    pub fn resolve(
        key: &str,
        given: Option<Vec<String>>,
        default_country: Option<&str>,
    ) -> anyhow::Result<Self> {
        let Some(given) = given else {
            return Ok(match default_country {
                Some(country) => Self::Only(vec![country.to_string()]),
                None => Self::Every,
            });
        };
        let codes: Vec<String> = given
            .iter()
            .map(|code| code.trim().to_uppercase())
            .filter(|code| !code.is_empty())
            .collect();
        if codes.iter().any(|code| code == "*") {
            return Ok(Self::Every);
        }
        codes
            .into_iter()
            .map(|code| {
                latchkey_api::countries::find(&code)
                    .map(|country| country.region.to_string())
                    .with_context(|| {
                        format!(
                            "{key}: {code:?} is not an ISO 3166 country with phone numbers, e.g. DE (or * for all)"
                        )
                    })
            })
            .collect::<anyhow::Result<_>>()
            .map(Self::Only)
    }

    /// Whether `country` (ISO 3166) is one of these.
    pub fn allows(&self, country: &str) -> bool {
        match self {
            Self::Every => true,
            Self::Only(codes) => codes.iter().any(|code| code == country),
        }
    }

    /// The first country listed, if any are.
    pub fn first(&self) -> Option<&str> {
        match self {
            Self::Every => None,
            Self::Only(codes) => codes.first().map(String::as_str),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(codes: &[&str]) -> Option<Vec<String>> {
        Some(codes.iter().map(|code| code.to_string()).collect())
    }

    #[test]
    fn unset_is_the_default_country_alone_else_every_country() {
        let de = Countries::resolve("sms_countries", None, Some("DE")).unwrap();
        assert_eq!(de, Countries::Only(vec!["DE".into()]));
        assert!(de.allows("DE") && !de.allows("US"));
        let every = Countries::resolve("sms_countries", None, None).unwrap();
        assert_eq!(every, Countries::Every);
        assert!(every.allows("NG"));
    }

    #[test]
    fn a_list_is_read_in_any_case_and_a_star_opens_every_country() {
        let two = Countries::resolve("sms_countries", list(&[" de", "AT "]), Some("FR")).unwrap();
        assert_eq!(two, Countries::Only(vec!["DE".into(), "AT".into()]));
        assert!(!two.allows("FR"), "a list replaces the default country");
        assert_eq!(two.first(), Some("DE"));
        let every = Countries::resolve("voice_countries", list(&["*"]), Some("DE")).unwrap();
        assert_eq!(every, Countries::Every);
        let none = Countries::resolve("voice_countries", list(&[]), Some("DE")).unwrap();
        assert!(!none.allows("DE"), "an empty list closes every country");
    }

    #[test]
    fn unknown_codes_are_refused_with_the_setting_named() {
        let error = Countries::resolve("voice_countries", list(&["DE", "XX"]), None).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("voice_countries") && message.contains("\"XX\""),
            "{message}"
        );
    }
}
