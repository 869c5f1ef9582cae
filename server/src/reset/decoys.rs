//! What a name without a usable account shows in a reset: decoy methods, derived from the name's
//! key so the same name always gets the same ones, drawn from what real accounts have — every
//! kind of method (passkeys too), as many kinds as the policy asks for, the consumer email
//! domains people use, mobiles in a country the organisation texts — and turned into options
//! by the same code as real methods.

use latchkey_api::types::MethodKind;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::messaging::mobiles::plausible_mobile;
use crate::store::StoredMethod;

/// The country a decoy's phones are in: the organisation's own if texts reach it, else the
/// first that texts (or calls) reach, else the default country, else the US — where a real
/// person's phone would be, so a decoy's options are marked as a real person's are.
pub fn decoy_country(config: &Config) -> &str {
    let default = config.default_country.as_deref();
    default
        .filter(|country| config.sms_countries.allows(country))
        .or_else(|| config.sms_countries.first())
        .or_else(|| config.voice_countries.first())
        .or(default)
        .unwrap_or("US")
}

/// Kinds of method people register together, with how often (out of the table's total) each
/// set turns up: most people have a phone and an email, many an app, fewer a passkey.
const KIND_SETS: &[(u32, &[MethodKind])] = {
    use MethodKind::*;
    &[
        (10, &[Phone]),
        (6, &[Email]),
        (3, &[AuthenticatorApp]),
        (2, &[Passkey]),
        (22, &[Phone, Email]),
        (6, &[Phone, AlternatePhone, Email]),
        (8, &[Phone, AuthenticatorApp]),
        (10, &[Phone, Email, AuthenticatorApp]),
        (6, &[Phone, Email, AuthenticatorApp, RecoveryCodes]),
        (3, &[Email, AuthenticatorApp, RecoveryCodes]),
        (3, &[AuthenticatorApp, RecoveryCodes]),
        (4, &[Phone, Passkey]),
        (4, &[Phone, Email, Passkey]),
        (3, &[Phone, Email, Passkey, RecoveryCodes]),
        (2, &[Email, Passkey]),
        (2, &[Passkey, RecoveryCodes]),
        (2, &[Phone, Email, AuthenticatorApp, Passkey, RecoveryCodes]),
        (2, &[Phone, AlternatePhone, Email, AuthenticatorApp]),
    ]
};

/// Personal email domains, each as often as it is weighted.
const DOMAINS: &[(u32, &str)] = &[
    (30, "gmail.com"),
    (10, "outlook.com"),
    (8, "hotmail.com"),
    (8, "yahoo.com"),
    (6, "icloud.com"),
    (3, "live.com"),
    (3, "proton.me"),
    (2, "protonmail.com"),
    (2, "aol.com"),
    (2, "msn.com"),
    (2, "me.com"),
    (2, "mail.com"),
    (3, "gmx.de"),
    (2, "gmx.net"),
    (2, "web.de"),
    (2, "t-online.de"),
    (2, "orange.fr"),
    (2, "free.fr"),
    (1, "laposte.net"),
    (1, "sfr.fr"),
    (2, "yahoo.fr"),
    (2, "hotmail.fr"),
    (1, "yahoo.es"),
    (1, "hotmail.es"),
    (1, "yahoo.co.uk"),
    (1, "btinternet.com"),
    (1, "comcast.net"),
    (1, "fastmail.com"),
];

/// A number derived from the name's key for one purpose, always the same for both.
fn draw(name_key: &str, purpose: &str) -> u64 {
    let digest = Sha256::new()
        .chain_update(purpose.as_bytes())
        .chain_update(b"\0")
        .chain_update(name_key.as_bytes())
        .finalize();
    u64::from_be_bytes(digest[..8].try_into().expect("a digest has 8 bytes"))
}

/// One of `weighted`, as often as its weight says, chosen by `number`.
fn weighted<T: Copy>(weighted: &[(u32, T)], number: u64) -> T {
    let total: u64 = weighted.iter().map(|&(weight, _)| u64::from(weight)).sum();
    let mut point = number % total;
    for &(weight, item) in weighted {
        if point < u64::from(weight) {
            return item;
        }
        point -= u64::from(weight);
    }
    weighted[0].1
}

/// `count` digits derived from the name's key for `purpose`.
fn digits(name_key: &str, purpose: &str, count: u32) -> String {
    let number = draw(name_key, purpose) % 10u64.pow(count);
    format!("{number:0width$}", width = count as usize)
}

/// The decoy methods of the name with this key, under a policy that asks for `methods_required`
/// different kinds: only sets a real account able to reset could have, phones in `country`
/// ([`decoy_country`]).
pub fn decoy_methods(name_key: &str, methods_required: i64, country: &str) -> Vec<StoredMethod> {
    let usable: Vec<(u32, &[MethodKind])> = KIND_SETS
        .iter()
        .copied()
        .filter(|(_, kinds)| kinds.len() as i64 >= methods_required)
        .collect();
    let kinds = weighted(&usable, draw(name_key, "kinds"));
    kinds
        .iter()
        .map(|&kind| {
            let target = match kind {
                MethodKind::Phone | MethodKind::AlternatePhone => {
                    plausible_mobile(country, |n| draw(name_key, &format!("{kind:?}{n}")))
                        .unwrap_or_else(|| {
                            format!("+1{}", digits(name_key, &format!("{kind:?}"), 10))
                        })
                }
                MethodKind::Email => {
                    let letter = char::from(b'a' + (draw(name_key, "letter") % 26) as u8);
                    let domain = weighted(DOMAINS, draw(name_key, "domain"));
                    format!("{letter}{}@{domain}", digits(name_key, "local", 4))
                }
                _ => String::new(),
            };
            StoredMethod {
                id: format!("decoy-{}", digits(name_key, &format!("{kind:?}-id"), 12)),
                kind,
                target,
                created_at: 0,
                last_used_at: None,
            }
        })
        .collect()
}

/// The credential IDs a decoy's passkey options list: one (sometimes two), of the lengths real
/// authenticators use, with the transports browsers report for them.
pub fn decoy_credentials(name_key: &str) -> Vec<(Vec<u8>, &'static [&'static str])> {
    const SHAPES: &[(u32, (usize, &[&str]))] = &[
        (5, (16, &["internal"])),
        (4, (20, &["hybrid", "internal"])),
        (4, (32, &["internal"])),
        (3, (64, &["usb"])),
        (2, (48, &["nfc", "usb"])),
    ];
    let count = 1 + usize::from(draw(name_key, "passkeys").is_multiple_of(5));
    (0..count)
        .map(|n| {
            let (length, transports) = weighted(SHAPES, draw(name_key, &format!("shape{n}")));
            let id = (0..length.div_ceil(32))
                .flat_map(|block| {
                    Sha256::new()
                        .chain_update(format!("credential{n}:{block}\0{name_key}"))
                        .finalize()
                })
                .take(length)
                .collect();
            (id, transports)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: usize) -> String {
        crate::reset::ResetKey::new(vec![9; 32]).name_key(&format!("name{n}"))
    }

    #[test]
    fn the_same_name_always_gets_the_same_decoys() {
        assert_eq!(
            decoy_methods(&key(1), 1, "US"),
            decoy_methods(&key(1), 1, "US")
        );
        assert_eq!(decoy_credentials(&key(1)), decoy_credentials(&key(1)));
        let shapes: std::collections::HashSet<String> = (0..40)
            .map(|n| format!("{:?}", decoy_methods(&key(n), 1, "US")))
            .collect();
        assert!(shapes.len() > 30, "decoys differ from name to name");
    }

    #[test]
    fn decoys_look_like_accounts_that_could_reset() {
        let mut kinds_seen = std::collections::HashSet::new();
        let mut domains = std::collections::HashSet::new();
        let mut single_kind = 0;
        for n in 0..2_000 {
            for required in [1, 2] {
                let methods = decoy_methods(&key(n), required, "US");
                let mut kinds: Vec<_> = methods.iter().map(|m| m.kind).collect();
                kinds.dedup();
                assert!(kinds.len() as i64 >= required, "{methods:?}");
                single_kind += usize::from(kinds.len() == 1);
                kinds_seen.extend(kinds);
                for method in &methods {
                    match method.kind {
                        MethodKind::Email => {
                            assert!(method.target.contains('@'));
                            domains.insert(method.target.rsplit('@').next().unwrap().to_string());
                        }
                        MethodKind::Phone | MethodKind::AlternatePhone => {
                            let phone = crate::messaging::destination::of(&method.target);
                            assert_eq!(phone.country, "US");
                        }
                        _ => assert_eq!(method.target, ""),
                    }
                }
            }
        }
        assert_eq!(
            kinds_seen.len(),
            6,
            "every kind, passkeys too: {kinds_seen:?}"
        );
        assert!(domains.len() >= 20, "{domains:?}");
        assert!(
            single_kind > 300,
            "one-kind decoys under a one-method policy"
        );
    }

    #[test]
    fn decoy_phones_are_mobiles_where_the_organisation_texts() {
        let mut config = Config::for_tests();
        assert_eq!(
            decoy_country(&config),
            "US",
            "open to every country, no default"
        );
        config.default_country = Some("DE".into());
        config.sms_countries = crate::config::Countries::Only(vec!["DE".into()]);
        assert_eq!(decoy_country(&config), "DE");
        config.sms_countries = crate::config::Countries::Only(vec!["AT".into()]);
        assert_eq!(
            decoy_country(&config),
            "AT",
            "texts don't reach the default country"
        );
        let phones: Vec<String> = (0..200)
            .flat_map(|n| decoy_methods(&key(n), 1, "DE"))
            .filter(|method| method.kind == MethodKind::Phone)
            .map(|method| method.target)
            .collect();
        assert!(phones.len() > 50);
        for phone in &phones {
            assert!(phone.starts_with("+491"), "a German mobile: {phone}");
            let destination = crate::messaging::destination::of(phone);
            assert_eq!(destination.kind, phonenumber::Type::Mobile, "{phone}");
        }
    }

    #[test]
    fn decoy_credentials_have_real_lengths() {
        for n in 0..200 {
            for (id, transports) in decoy_credentials(&key(n)) {
                assert!([16, 20, 32, 48, 64].contains(&id.len()));
                assert!(!transports.is_empty());
            }
        }
    }
}
