//! Search filters with the typed name in them, escaped (RFC 4515, security.md 45): `*)(uid=*`
//! is looked for as those characters and finds nobody.

use ldap3::ldap_escape;

/// `template` with every `{username}` replaced by `name`, escaped.
pub fn with_name(template: &str, name: &str) -> String {
    template.replace("{username}", &ldap_escape(name))
}

/// `template` for anyone whose username or email (as the template names them) contains `part`,
/// escaped; an empty `part` matches everyone the template can find.
pub fn containing(template: &str, part: &str) -> String {
    let pattern = if part.is_empty() {
        "*".to_string()
    } else {
        format!("*{}*", ldap_escape(part))
    };
    template.replace("{username}", &pattern)
}

/// A filter for the entry whose `attribute` holds `value` exactly, every byte escaped (so any
/// stored ID, text or binary, is safe in it).
pub fn with_bytes(attribute: &str, value: &[u8]) -> String {
    let escaped: String = value.iter().map(|byte| format!("\\{byte:02x}")).collect();
    format!("({attribute}={escaped})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_name_cannot_change_the_filter() {
        let template = "(&(objectClass=inetOrgPerson)(|(uid={username})(mail={username})))";
        assert_eq!(
            with_name(template, "jdoe"),
            "(&(objectClass=inetOrgPerson)(|(uid=jdoe)(mail=jdoe)))"
        );
        assert_eq!(
            with_name(template, "*)(uid=*"),
            "(&(objectClass=inetOrgPerson)(|(uid=\\2a\\29\\28uid=\\2a)(mail=\\2a\\29\\28uid=\\2a)))"
        );
        assert_eq!(with_name("(uid={username})", "a\\b\0"), "(uid=a\\5cb\\00)");
    }

    #[test]
    fn a_search_looks_for_the_typed_part_as_text() {
        let template = "(&(objectClass=inetOrgPerson)(|(uid={username})(mail={username})))";
        assert_eq!(
            containing(template, "do"),
            "(&(objectClass=inetOrgPerson)(|(uid=*do*)(mail=*do*)))"
        );
        assert_eq!(
            containing(template, ""),
            "(&(objectClass=inetOrgPerson)(|(uid=*)(mail=*)))"
        );
        assert_eq!(
            containing("(uid={username})", "*)(x=*"),
            "(uid=*\\2a\\29\\28x=\\2a*)"
        );
    }

    #[test]
    fn binary_values_are_escaped_byte_by_byte() {
        assert_eq!(
            with_bytes("objectGUID", &[0x01, 0xab, 0x2a]),
            "(objectGUID=\\01\\ab\\2a)"
        );
    }
}
