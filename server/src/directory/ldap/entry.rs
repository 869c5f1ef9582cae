//! Reading an entry the directory sent: an attribute's first value as text, bytes, a number or a
//! time, and the state of a person's account that each dialect reads its own way.

use ldap3::SearchEntry;

use crate::clock::Timestamp;

/// An entry's state: disabled, locked out, when its password was last set, when the account
/// expires (none when it never does), and the person's own password policy.
pub struct AccountState {
    pub disabled: bool,
    pub locked: bool,
    pub password_changed: Option<Timestamp>,
    pub expires: Option<Timestamp>,
    pub policy: Option<String>,
}

/// An attribute's first value as text, whatever the case of its name.
pub fn first_value(entry: &SearchEntry, attribute: &str) -> Option<String> {
    entry
        .attrs
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(attribute))
        .and_then(|(_, values)| values.first().cloned())
}

/// An attribute's first value as bytes (binary values, such as `objectGUID`, are not text).
pub fn first_bytes(entry: &SearchEntry, attribute: &str) -> Option<Vec<u8>> {
    let binary = entry
        .bin_attrs
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(attribute))
        .and_then(|(_, values)| values.first().cloned());
    binary.or_else(|| first_value(entry, attribute).map(String::into_bytes))
}

/// A number the directory keeps as text, 0 when absent or unreadable.
pub fn number(entry: &SearchEntry, attribute: &str) -> i64 {
    first_value(entry, attribute)
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
}

/// An LDAP GeneralizedTime (`20261130001129Z`) as a Unix time.
pub fn generalized_time(text: &str) -> Option<Timestamp> {
    let format = time::macros::format_description!("[year][month][day][hour][minute][second]");
    let parsed = time::PrimitiveDateTime::parse(text.get(..14)?, format).ok()?;
    Some(parsed.assume_utc().unix_timestamp())
}
