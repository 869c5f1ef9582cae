//! Plausible mobile numbers in a country, drawn from a seed: a decoy's phone looks like one a
//! person there would have.

use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, Type};

/// How many leading digits of the country's example mobile are kept: enough to stay in a
/// mobile range, the rest drawn.
const KEPT: usize = 3;

/// How many draws are tried before the country's example mobile itself is used.
const TRIES: u32 = 32;

/// A valid mobile number in `country` (ISO 3166), in E.164, from `draw(n)` for tries n = 0, 1…:
/// the country's example mobile's first digits, the rest from the draw.
pub fn plausible_mobile(country: &str, draw: impl Fn(u32) -> u64) -> Option<String> {
    let metadata = DATABASE.by_id(country)?;
    let example = metadata.descriptors().mobile()?.example()?;
    let calling_code = metadata.country_code();
    let kept = &example[..KEPT.min(example.len())];
    let drawn = example.len() - kept.len();
    let is_mobile = |e164: &str| {
        phonenumber::parse(None, e164).is_ok_and(|number| {
            phonenumber::is_valid(&number)
                && matches!(
                    number.number_type(&DATABASE),
                    Type::Mobile | Type::FixedLineOrMobile
                )
        })
    };
    (0..TRIES)
        .map(|n| {
            let rest = draw(n) % 10u64.pow(drawn as u32);
            format!("+{calling_code}{kept}{rest:0drawn$}")
        })
        .chain(std::iter::once(format!("+{calling_code}{example}")))
        .find(|e164| is_mobile(e164))
        .and_then(|e164| {
            let number = phonenumber::parse(None, &e164).ok()?;
            Some(number.format().mode(Mode::E164).to_string())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded(seed: u64) -> impl Fn(u32) -> u64 {
        move |n| {
            (seed ^ u64::from(n))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(29)
        }
    }

    #[test]
    fn mobiles_are_valid_in_their_country_and_differ_by_seed() {
        for country in ["DE", "US", "GB", "FR", "ES", "AE", "IN", "BR"] {
            let numbers: std::collections::HashSet<String> = (0..50)
                .map(|seed| plausible_mobile(country, seeded(seed)).expect("a mobile"))
                .collect();
            assert!(numbers.len() > 40, "{country}: {numbers:?}");
            for number in &numbers {
                let destination = crate::messaging::destination::of(number);
                assert_eq!(destination.country, country, "{number}");
                assert!(
                    matches!(destination.kind, Type::Mobile | Type::FixedLineOrMobile),
                    "{number}"
                );
            }
        }
    }
}
