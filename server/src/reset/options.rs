//! The ways offered to prove who you are during a reset: each registered method by each channel
//! that reaches it, with a hint (`*******23`, `j***@example.net`). A name with no usable account
//! gets decoys derived from the name's key instead, so the same name always gets the same ones.

use latchkey_api::types::{Channel, MethodKind, ResetOption};

use crate::delivery::channel_name;
use crate::http::security_info::{kind_name, kind_of};
use crate::store::StoredMethod;

/// How an option is named in requests: `phone:sms`, `email:email` — the stored names.
pub fn option_id(kind: MethodKind, channel: Channel) -> String {
    format!("{}:{}", kind_name(kind), channel_name(channel))
}

/// The last two digits of a number, the rest hidden: `*******23`.
pub fn phone_hint(e164: &str) -> String {
    let digits: Vec<char> = e164.chars().filter(char::is_ascii_digit).collect();
    let shown: String = digits[digits.len().saturating_sub(2)..].iter().collect();
    format!("*******{shown}")
}

/// The first letter and the domain of an address: `j***@example.net`.
pub fn email_hint(address: &str) -> String {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    let first: String = local.chars().take(1).collect();
    format!("{first}***@{domain}")
}

fn options_for(kind: MethodKind, hint: &str) -> impl Iterator<Item = ResetOption> + '_ {
    kind.channels().iter().map(move |&channel| ResetOption {
        id: option_id(kind, channel),
        kind,
        channel,
        hint: hint.to_string(),
    })
}

/// The order options are offered in, whatever order the methods were added in: phone, alternate
/// phone, email, app, passkey, recovery code (as decoys are).
fn rank(kind: MethodKind) -> u8 {
    match kind {
        MethodKind::Phone => 0,
        MethodKind::AlternatePhone => 1,
        MethodKind::Email => 2,
        MethodKind::AuthenticatorApp => 3,
        MethodKind::Passkey => 4,
        MethodKind::RecoveryCodes => 5,
    }
}

/// Every way a real account can prove itself: one option per kind (any of several apps or
/// passkeys will do).
pub fn real_options(methods: &[StoredMethod]) -> Vec<ResetOption> {
    let mut methods: Vec<&StoredMethod> = methods.iter().collect();
    methods.sort_by_key(|method| rank(kind_of(&method.kind)));
    methods.dedup_by_key(|method| method.kind.clone());
    methods
        .into_iter()
        .flat_map(|method| {
            let kind = kind_of(&method.kind);
            let hint = match kind {
                MethodKind::Email => email_hint(&method.target),
                MethodKind::Phone | MethodKind::AlternatePhone => phone_hint(&method.target),
                _ => String::new(),
            };
            options_for(kind, &hint).collect::<Vec<_>>()
        })
        .collect()
}

const DECOY_DOMAINS: [&str; 6] = [
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "icloud.com",
    "proton.me",
    "hotmail.com",
];

/// Plausible options for a name with no usable account, from its key (hex): always the same
/// for the same name, and shaped like real ones.
pub fn decoy_options(name_key: &str) -> Vec<ResetOption> {
    let bytes = hex::decode(name_key).unwrap_or_else(|_| vec![0; 8]);
    let byte = |i: usize| bytes.get(i).copied().unwrap_or_default();
    let phone = format!("{}{}", byte(1) % 10, byte(2) % 10);
    let letter = char::from(b'a' + byte(3) % 26);
    let email = format!(
        "{letter}***@{}",
        DECOY_DOMAINS[usize::from(byte(4)) % DECOY_DOMAINS.len()]
    );
    let mut kinds: Vec<MethodKind> = match byte(0) % 4 {
        0 => vec![MethodKind::Phone, MethodKind::Email],
        1 => vec![MethodKind::Phone],
        2 => vec![MethodKind::Email],
        _ => vec![
            MethodKind::Phone,
            MethodKind::AlternatePhone,
            MethodKind::Email,
        ],
    };
    // As many people use an app as don't; fewer have recovery codes.
    if byte(7) % 2 == 0 {
        kinds.push(MethodKind::AuthenticatorApp);
    }
    if byte(8) % 4 == 0 {
        kinds.push(MethodKind::RecoveryCodes);
    }
    kinds
        .into_iter()
        .flat_map(|kind| {
            let hint = match kind {
                MethodKind::Email => email.clone(),
                MethodKind::AlternatePhone => format!("*******{}{}", byte(5) % 10, byte(6) % 10),
                MethodKind::Phone => format!("*******{phone}"),
                _ => String::new(),
            };
            options_for(kind, &hint).collect::<Vec<_>>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_show_little() {
        assert_eq!(phone_hint("+14255550123"), "*******23");
        assert_eq!(email_hint("jane@example.net"), "j***@example.net");
    }

    #[test]
    fn phones_come_first_whatever_order_the_methods_were_added_in() {
        let method = |kind: &str, target: &str| StoredMethod {
            id: kind.into(),
            kind: kind.into(),
            target: target.into(),
            created_at: 0,
            last_used_at: None,
        };
        let options = real_options(&[
            method("email", "jane@example.net"),
            method("phone", "+14255550123"),
        ]);
        let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["phone:sms", "phone:voice", "email:email"]);
    }

    #[test]
    fn decoys_are_stable_per_name_and_vary_between_names() {
        let key = crate::reset::ResetKey::new(vec![9; 32]);
        let first = decoy_options(&key.name_key("nobody"));
        assert_eq!(first, decoy_options(&key.name_key(" NOBODY ")));
        assert!(!first.is_empty());
        let shapes: std::collections::HashSet<String> = (0..40)
            .map(|n| format!("{:?}", decoy_options(&key.name_key(&format!("name{n}")))))
            .collect();
        assert!(shapes.len() > 10, "decoys differ from name to name");
        for option in &first {
            assert!(
                option.hint.starts_with("*******")
                    || option.hint.contains("***@")
                    || !option.channel.is_sent()
            );
        }
    }
}
