//! Countries and regions for phone numbers: calling code and national number lengths, enough for
//! the browser to refuse a number that cannot be valid before anything is sent. The full check
//! runs on the server with libphonenumber; a server test keeps this table in step with it.

use crate::error::Problem;

/// One country or region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2, e.g. "US". Its name comes from the browser (`Intl.DisplayNames`).
    pub region: &'static str,
    /// The international calling code, e.g. 1.
    pub calling_code: u16,
    /// The shortest national number, in digits.
    pub min_length: u8,
    /// The longest national number, in digits.
    pub max_length: u8,
}

const fn country(
    region: &'static str,
    calling_code: u16,
    min_length: u8,
    max_length: u8,
) -> Country {
    Country {
        region,
        calling_code,
        min_length,
        max_length,
    }
}

/// Every region libphonenumber knows, by ISO code. The list is generated (see
/// server/tests/suite/countries.rs) into a fragment that is only ever included here.
pub const COUNTRIES: &[Country] = &include!("countries_table.in");

/// The country with this ISO code.
pub fn find(region: &str) -> Option<&'static Country> {
    COUNTRIES
        .iter()
        .find(|country| country.region.eq_ignore_ascii_case(region))
}

/// Checks that a typed number could be valid in `region`: only digits and the usual separators,
/// and a plausible number of digits (one more allowed for a leading trunk prefix such as 0).
pub fn check_phone_shape(region: &str, typed: &str) -> Result<(), Problem> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Problem::Required);
    }
    if typed.chars().count() > 250 {
        return Err(Problem::TooLong);
    }
    let country = find(region).ok_or(Problem::InvalidPhoneNumber)?;
    let allowed = |c: char| c.is_ascii_digit() || " -().".contains(c);
    let (international, rest) = match typed.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, typed),
    };
    if !rest.chars().all(allowed) {
        return Err(Problem::InvalidPhoneNumber);
    }
    let mut digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if international {
        let code = country.calling_code.to_string();
        digits = digits
            .strip_prefix(&code)
            .ok_or(Problem::InvalidPhoneNumber)?
            .to_string();
    }
    let length = digits.len();
    let min = usize::from(country.min_length);
    let max = usize::from(country.max_length) + usize::from(!international);
    if (min..=max).contains(&length) {
        Ok(())
    } else {
        Err(Problem::InvalidPhoneNumber)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_regions_are_present() {
        assert_eq!(find("us").map(|c| c.calling_code), Some(1));
        assert_eq!(find("GB").map(|c| c.calling_code), Some(44));
        assert_eq!(find("DE").map(|c| c.calling_code), Some(49));
        assert!(COUNTRIES.len() > 200);
        assert!(find("ZZ").is_none());
    }

    #[test]
    fn shapes_are_checked_before_sending() {
        assert_eq!(check_phone_shape("US", "(425) 555-0123"), Ok(()));
        assert_eq!(check_phone_shape("US", "+1 425 555 0123"), Ok(()));
        assert_eq!(check_phone_shape("GB", "020 7183 8750"), Ok(()));
        assert_eq!(
            check_phone_shape("US", "555"),
            Err(Problem::InvalidPhoneNumber)
        );
        assert_eq!(
            check_phone_shape("US", "425-555-01234567"),
            Err(Problem::InvalidPhoneNumber)
        );
        assert_eq!(
            check_phone_shape("US", "425 555 O123"),
            Err(Problem::InvalidPhoneNumber)
        );
        assert_eq!(
            check_phone_shape("US", "+44 20 7183 8750"),
            Err(Problem::InvalidPhoneNumber)
        );
        assert_eq!(check_phone_shape("US", ""), Err(Problem::Required));
        assert_eq!(
            check_phone_shape("US", &"1".repeat(251)),
            Err(Problem::TooLong)
        );
        assert_eq!(
            check_phone_shape("ZZ", "4255550123"),
            Err(Problem::InvalidPhoneNumber)
        );
    }
}
