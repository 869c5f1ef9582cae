//! A number's destination, read from its E.164 form with libphonenumber's metadata: its country,
//! its prefix (as the caps count it: the country code and the next 6 digits) and its kind
//! (mobile, landline, premium-rate…).

use phonenumber::Type;
use phonenumber::metadata::DATABASE;

/// Where a number rings, the prefix it is counted under, and what kind of number it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// ISO 3166 ("DE"); "001" for numbers of no country (+800, +882…), as libphonenumber names
    /// them; "ZZ" for a number it can't place.
    pub country: String,
    pub prefix: String,
    pub kind: Type,
}

/// How many digits after the country code make a prefix.
const PREFIX_DIGITS: usize = 6;

/// The country a number libphonenumber can't place is counted under (ISO 3166's "unknown").
const UNKNOWN: &str = "ZZ";

/// The destination of an E.164 number; one libphonenumber can't place counts under "ZZ" with its
/// first digits as the prefix, so no number escapes the caps.
pub fn of(e164: &str) -> Destination {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    let Some(number) = phonenumber::parse(None, e164).ok() else {
        return Destination {
            country: UNKNOWN.to_string(),
            prefix: format!(
                "+{}",
                digits.chars().take(PREFIX_DIGITS + 3).collect::<String>()
            ),
            kind: Type::Unknown,
        };
    };
    let code = number.code().value().to_string();
    let national = digits.strip_prefix(code.as_str()).unwrap_or(&digits);
    let national: String = national.chars().take(PREFIX_DIGITS).collect();
    Destination {
        country: number
            .country()
            .id()
            .map_or_else(|| "001".to_string(), |id| format!("{id:?}")),
        prefix: format!("+{code} {national}"),
        kind: number.number_type(&DATABASE),
    }
}

/// Kinds of number whose callers pay the receiver (or that no person answers): never texted or
/// called.
pub fn is_refused(kind: Type) -> bool {
    matches!(
        kind,
        Type::PremiumRate
            | Type::SharedCost
            | Type::PersonalNumber
            | Type::Uan
            | Type::Pager
            | Type::Voicemail
    )
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

    /// libphonenumber's own example of `kind` in `region`, in E.164.
    fn example(region: &str, kind: Type) -> String {
        let metadata = DATABASE.by_id(region).expect("a region");
        let national = metadata
            .descriptors()
            .get(kind)
            .and_then(|descriptor| descriptor.example())
            .expect("an example");
        format!("+{}{national}", metadata.country_code())
    }

    #[test]
    fn premium_shared_personal_uan_pager_and_voicemail_numbers_are_refused() {
        for (region, kind) in [
            ("GB", Type::PremiumRate),
            ("US", Type::PremiumRate),
            ("DE", Type::PremiumRate),
            ("DE", Type::SharedCost),
            ("FR", Type::SharedCost),
            ("GB", Type::PersonalNumber),
            ("DE", Type::PersonalNumber),
            ("GB", Type::Uan),
            ("DE", Type::Uan),
            ("GB", Type::Pager),
            ("DE", Type::Pager),
            ("DE", Type::Voicemail),
        ] {
            let number = example(region, kind);
            let destination = of(&number);
            assert_eq!(destination.kind, kind, "{region} {number}");
            assert_eq!(destination.country, region);
            assert!(is_refused(destination.kind), "{region} {kind:?} {number}");
        }
    }

    #[test]
    fn mobiles_and_landlines_are_allowed() {
        for (number, country) in [
            ("+4915123456789", "DE"),
            ("+4930901820", "DE"),
            ("+447400123456", "GB"),
            ("+442071838750", "GB"),
            ("+14255550123", "US"),
            ("+33612345678", "FR"),
        ] {
            let destination = of(number);
            assert_eq!(destination.country, country);
            assert!(!is_refused(destination.kind), "{number}: {destination:?}");
        }
        assert!(!is_refused(of("+18002530000").kind), "toll-free");
    }

    #[test]
    fn a_number_has_its_country_and_a_six_digit_prefix() {
        assert_eq!(of("+4930901820").prefix, "+49 309018");
        assert_eq!(of("+4915123456789").prefix, "+49 151234");
        assert_eq!(of("+436641234567").country, "AT");
        assert_eq!(
            of("+18765550123").country,
            "JM",
            "a Caribbean +1 is not the US"
        );
        assert_eq!(of("+80012345678").country, "001");
        assert_eq!(of("+999123456789012").country, "ZZ");
        assert_eq!(of("+999123456789012").prefix, "+999123456");
        assert!(is_country("DE"));
        assert!(!is_country("de"));
        assert!(!is_country("ZZ"));
        assert!(!is_country("DEU"));
    }
}
