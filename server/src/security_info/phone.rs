//! Phone numbers: parsed for the chosen region and fully validated with libphonenumber's
//! metadata (the `phonenumber` crate), stored as E.164 (security.md 40).

use latchkey_api::Problem;
use phonenumber::Mode;

/// The longest input looked at (security.md 40).
const MAX_INPUT: usize = 250;

/// The E.164 form of a number typed for `region` (ISO 3166, e.g. "US"), if it is valid there.
pub fn to_e164(region: &str, typed: &str) -> Result<String, Problem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Problem::Required);
    }
    if typed.chars().count() > MAX_INPUT {
        return Err(Problem::TooLong);
    }
    // Letters would be read as keypad digits ("1-800-FLOWERS"), so a capital O typed for a
    // zero would text someone else: a number is digits and punctuation only.
    if typed.chars().any(char::is_alphabetic) {
        return Err(Problem::InvalidPhoneNumber);
    }
    let region: phonenumber::country::Id = region
        .trim()
        .to_ascii_uppercase()
        .parse()
        .map_err(|_| Problem::InvalidPhoneNumber)?;
    let number =
        phonenumber::parse(Some(region), typed).map_err(|_| Problem::InvalidPhoneNumber)?;
    if !phonenumber::is_valid(&number) {
        return Err(Problem::InvalidPhoneNumber);
    }
    Ok(number.format().mode(Mode::E164).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_validated_for_their_region_and_stored_as_e164() {
        assert_eq!(
            to_e164("US", "(425) 555-0123").as_deref(),
            Ok("+14255550123")
        );
        assert_eq!(to_e164("us", "425 555 0123").as_deref(), Ok("+14255550123"));
        assert_eq!(
            to_e164("GB", "020 7183 8750").as_deref(),
            Ok("+442071838750")
        );
        assert_eq!(to_e164("DE", "030 901820").as_deref(), Ok("+4930901820"));
        assert_eq!(to_e164("US", "12345"), Err(Problem::InvalidPhoneNumber));
        assert_eq!(
            to_e164("ZZ", "4255550123"),
            Err(Problem::InvalidPhoneNumber)
        );
        assert_eq!(to_e164("US", ""), Err(Problem::Required));
        assert_eq!(to_e164("US", &"1".repeat(251)), Err(Problem::TooLong));
    }
}

/// Whether `typed` is the registered number (E.164), typed with or without its country code.
pub fn is_same_number(typed: &str, registered: &str) -> bool {
    let Some(region) = phonenumber::parse(None, registered)
        .ok()
        .and_then(|number| number.country().id())
    else {
        return false;
    };
    to_e164(&format!("{region:?}"), typed).is_ok_and(|e164| e164 == registered)
}

#[cfg(test)]
mod same_number_tests {
    use super::is_same_number;

    #[test]
    fn the_whole_number_matches_however_it_is_typed() {
        assert!(is_same_number("(425) 555-0123", "+14255550123"));
        assert!(is_same_number("+1 425 555 0123", "+14255550123"));
        assert!(is_same_number("07911 123456", "+447911123456"));
        assert!(!is_same_number("425 555 0124", "+14255550123"));
        assert!(!is_same_number("0123", "+14255550123"));
        assert!(!is_same_number("", "+14255550123"));
    }
}
