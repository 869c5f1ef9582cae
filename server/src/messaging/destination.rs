//! A number's destination, read from its E.164 form with libphonenumber's metadata: its country
//! and its kind (mobile, landline, premium-rate…).

use phonenumber::Type;
use phonenumber::metadata::DATABASE;

/// Where a number rings and what kind of number it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    /// ISO 3166 ("DE"); "001" for numbers of no country (+800, +882…), as libphonenumber names
    /// them.
    pub country: String,
    pub kind: Type,
}

/// The destination of an E.164 number, if it is one.
pub fn of(e164: &str) -> Option<Destination> {
    let number = phonenumber::parse(None, e164).ok()?;
    let country = number
        .country()
        .id()
        .map_or_else(|| "001".to_string(), |id| format!("{id:?}"));
    Some(Destination {
        country,
        kind: number.number_type(&DATABASE),
    })
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
            let destination = of(&number).expect("a number");
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
            let destination = of(number).expect("a number");
            assert_eq!(destination.country, country);
            assert!(!is_refused(destination.kind), "{number}: {destination:?}");
        }
        assert!(!is_refused(of("+18002530000").unwrap().kind), "toll-free");
    }

    #[test]
    fn numbers_of_no_country_are_named_001() {
        assert_eq!(
            of("+80012345678").map(|d| d.country).as_deref(),
            Some("001")
        );
        assert_eq!(of("not a number"), None);
    }
}
