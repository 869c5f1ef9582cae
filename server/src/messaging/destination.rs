//! Where a text or call goes, as the caps count it: the number's country (ISO 3166) and its
//! prefix (the country code and the next 6 digits).

/// A number's country and prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    pub country: String,
    pub prefix: String,
}

/// How many digits after the country code make a prefix.
const PREFIX_DIGITS: usize = 6;

/// The country a number libphonenumber can't place is counted under (ISO 3166's "unknown").
const UNKNOWN: &str = "ZZ";

/// The country and prefix of an E.164 number; one libphonenumber can't place counts under "ZZ"
/// with its first digits as the prefix, so no number escapes the caps.
pub fn of(e164: &str) -> Destination {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    let parsed = phonenumber::parse(None, e164).ok();
    let code = parsed
        .as_ref()
        .map(|number| number.code().value().to_string())
        .filter(|code| digits.starts_with(code.as_str()));
    let country = parsed
        .as_ref()
        .and_then(|number| number.country().id())
        .map_or_else(|| UNKNOWN.to_string(), |id| format!("{id:?}"));
    let prefix = match code {
        Some(code) => {
            let national: String = digits[code.len()..].chars().take(PREFIX_DIGITS).collect();
            format!("+{code} {national}")
        }
        None => format!(
            "+{}",
            digits.chars().take(PREFIX_DIGITS + 3).collect::<String>()
        ),
    };
    Destination { country, prefix }
}

/// Whether `country` is an ISO 3166 region with phone numbers (upper case).
pub fn is_country(country: &str) -> bool {
    country.len() == 2
        && country.chars().all(|c| c.is_ascii_uppercase())
        && country.parse::<phonenumber::country::Id>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_has_its_country_and_a_six_digit_prefix() {
        assert_eq!(
            of("+4930901820"),
            Destination {
                country: "DE".into(),
                prefix: "+49 309018".into()
            }
        );
        assert_eq!(of("+4915123456789").prefix, "+49 151234");
        assert_eq!(of("+436641234567").country, "AT");
        assert_eq!(of("+999123456789012").country, "ZZ");
        assert_eq!(of("+999123456789012").prefix, "+999123456");
        assert!(is_country("DE"));
        assert!(!is_country("de"));
        assert!(!is_country("ZZ"));
        assert!(!is_country("DEU"));
    }
}
