//! The ways offered to prove who you are during a reset: each registered method by each channel
//! that reaches it, with a hint (`*******23`, `j***@example.net`). A name with no usable account
//! gets the same from its decoy methods (`decoys`).

use latchkey_api::types::{Channel, MethodKind, ResetOption};

use crate::store::{StoredMethod, channel_name, kind_name};

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

/// Every way an account (or a decoy) can prove itself: one option per kind (any of several
/// apps or passkeys will do).
pub fn options(methods: &[StoredMethod]) -> Vec<ResetOption> {
    let mut methods: Vec<&StoredMethod> = methods.iter().collect();
    methods.sort_by_key(|method| rank(method.kind));
    methods.dedup_by_key(|method| method.kind);
    methods
        .into_iter()
        .flat_map(|method| {
            let kind = method.kind;
            let hint = match kind {
                MethodKind::Email => email_hint(&method.target),
                MethodKind::Phone | MethodKind::AlternatePhone => phone_hint(&method.target),
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
        let method = |kind: MethodKind, target: &str| StoredMethod {
            id: format!("{kind:?}"),
            kind,
            target: target.into(),
            created_at: 0,
            last_used_at: None,
        };
        let options = options(&[
            method(MethodKind::Email, "jane@example.net"),
            method(MethodKind::Phone, "+14255550123"),
        ]);
        let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["phone:sms", "phone:voice", "email:email"]);
    }
}
