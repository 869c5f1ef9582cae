//! How targets are shown: in full to their verified owner ("+1 4255550123"), masked everywhere
//! else ("+1 ••••••0123", "a••••@example.net").

use latchkey_api::types::MethodKind;

use crate::store::StoredMethod;

/// Splits E.164 into country calling code and national number.
fn split_e164(e164: &str) -> (String, String) {
    match phonenumber::parse(None, e164) {
        Ok(number) => (
            number.code().value().to_string(),
            number.national().value().to_string(),
        ),
        Err(_) => (String::new(), e164.trim_start_matches('+').to_string()),
    }
}

/// "+1 4255550123".
pub fn phone_in_full(e164: &str) -> String {
    let (code, national) = split_e164(e164);
    format!("+{code} {national}")
}

/// "+1 ••••••0123": the country code and the last four digits.
pub fn masked_phone(e164: &str) -> String {
    let (code, national) = split_e164(e164);
    let shown = national.len().saturating_sub(4);
    format!("+{code} {}{}", "•".repeat(shown), &national[shown..])
}

/// "a••••@example.net": the first character and the domain.
pub fn masked_email(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}••••@{domain}")
        }
        None => "••••".into(),
    }
}

/// A method's target, masked, for notices; an app's or passkey's name as it is.
pub fn shown_masked(method: &StoredMethod) -> String {
    match method.kind {
        MethodKind::Email => masked_email(&method.target),
        MethodKind::Phone | MethodKind::AlternatePhone => masked_phone(&method.target),
        _ => method.target.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_and_emails_are_shown_as_the_product_describes() {
        assert_eq!(phone_in_full("+14255550123"), "+1 4255550123");
        assert_eq!(masked_phone("+14255550123"), "+1 ••••••0123");
        assert_eq!(masked_phone("+442071838750"), "+44 ••••••8750");
        assert_eq!(masked_email("alex@example.net"), "a••••@example.net");
    }
}
