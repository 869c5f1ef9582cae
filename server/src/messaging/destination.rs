//! Where a text or call goes, as the caps count it: the number's country (ISO 3166) and its
//! prefix (the country code and the next 6 digits).

use phonenumber::Mode;

/// A number's country and prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    pub country: String,
    pub prefix: String,
}

/// How many digits after the country code make a prefix.
const PREFIX_DIGITS: usize = 6;

/// The country and prefix of an E.164 number, if it is one libphonenumber knows.
pub fn of(e164: &str) -> Option<Destination> {
    let number = phonenumber::parse(None, e164).ok()?;
    let country = format!("{:?}", number.country().id()?);
    let code = number.code().value().to_string();
    let national = number.format().mode(Mode::E164).to_string();
    let national = national.strip_prefix('+')?.strip_prefix(code.as_str())?;
    let prefix: String = national.chars().take(PREFIX_DIGITS).collect();
    Some(Destination {
        country,
        prefix: format!("+{code} {prefix}"),
    })
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
            Some(Destination {
                country: "DE".into(),
                prefix: "+49 309018".into()
            })
        );
        assert_eq!(of("+14255550123").unwrap().prefix, "+1 425555");
        assert_eq!(of("+14255550123").unwrap().country, "US");
        assert_eq!(of("not a number"), None);
        assert!(is_country("DE"));
        assert!(!is_country("de"));
        assert!(!is_country("ZZ"));
        assert!(!is_country("DEU"));
    }
}
