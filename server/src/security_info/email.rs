//! Personal email addresses as stored (security.md 41): lower case, the domain in A-labels and
//! checked as a DNS name (`jane@bücher.example` is kept as `jane@xn--bcher-kva.example`, the form
//! mail servers and the organisation's domain list compare), then checked for shape and length.

use latchkey_api::Problem;
use latchkey_api::validation::check_email;

/// The address as typed, in the form it is stored and compared in; or why it cannot be one.
pub fn stored_form(typed: &str) -> Result<String, Problem> {
    let email = typed.trim().to_lowercase();
    if email.is_empty() {
        return Err(Problem::Required);
    }
    if email.len() > 254 {
        return Err(Problem::TooLong);
    }
    let (local, domain) = email.rsplit_once('@').ok_or(Problem::Invalid)?;
    let domain = idna::domain_to_ascii_strict(domain).map_err(|_| Problem::Invalid)?;
    let email = format!("{local}@{domain}");
    check_email(&email)?;
    Ok(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_kept_as_a_labels() {
        assert_eq!(
            stored_form(" Jane@Bücher.Example ").as_deref(),
            Ok("jane@xn--bcher-kva.example")
        );
        assert_eq!(
            stored_form("jane@xn--bcher-kva.example").as_deref(),
            Ok("jane@xn--bcher-kva.example")
        );
        assert_eq!(
            stored_form("marie@exemple.fr").as_deref(),
            Ok("marie@exemple.fr")
        );
        // The same mailbox typed either way is one address.
        assert_eq!(stored_form("a@ÉCOLE.fr"), stored_form("a@xn--cole-9oa.fr"));
    }

    #[test]
    fn what_cannot_be_an_address_is_refused() {
        assert_eq!(stored_form(""), Err(Problem::Required));
        assert_eq!(stored_form("jane"), Err(Problem::Invalid));
        assert_eq!(stored_form("jane@exa mple.com"), Err(Problem::Invalid));
        assert_eq!(stored_form("jane@-bad-.com\u{0}"), Err(Problem::Invalid));
        // A label longer than DNS allows, in A-labels.
        let long_label = format!("j@{}.example", "ü".repeat(70));
        assert_eq!(stored_form(&long_label), Err(Problem::Invalid));
        let too_long = format!("j@{}.example", ["abcdefghij"; 25].join("."));
        assert_eq!(stored_form(&too_long), Err(Problem::TooLong));
    }
}
