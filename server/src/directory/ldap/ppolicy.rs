//! The password policy control of LDAP servers (draft-behera-ldap-password-policy, OpenLDAP's
//! `ppolicy` overlay): asked for with each change, its answer says why a password was refused.

use ldap3::controls::{Control, RawControl};

/// The control's OID, in the request and the response.
pub const OID: &str = "1.3.6.1.4.1.42.2.27.8.5.1";

/// The request control: no value, not critical (a server without the overlay still answers).
pub fn request() -> RawControl {
    RawControl {
        ctype: OID.into(),
        crit: false,
        val: None,
    }
}

/// The draft's errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyError {
    PasswordExpired,
    AccountLocked,
    ChangeAfterReset,
    ModNotAllowed,
    MustSupplyOldPassword,
    InsufficientQuality,
    TooShort,
    TooYoung,
    InHistory,
    /// One this code does not know.
    Other(u8),
}

/// Why the server refused, from its response control, if it sent one with an error.
pub fn error_in(controls: &[Control]) -> Option<PolicyError> {
    let value = controls
        .iter()
        .find(|control| control.1.ctype == OID)?
        .1
        .val
        .as_deref()?;
    error_of(value).map(named)
}

/// The `error` field of a PasswordPolicyResponseValue: `SEQUENCE { warning [0] … OPTIONAL,
/// error [1] ENUMERATED OPTIONAL }`, BER-encoded with short lengths (the value is a few bytes).
fn error_of(value: &[u8]) -> Option<u8> {
    let (&tag, rest) = value.split_first()?;
    if tag != 0x30 {
        return None;
    }
    let (&length, mut fields) = rest.split_first()?;
    fields = fields.get(..usize::from(length))?;
    while let [tag, length, rest @ ..] = fields {
        let length = usize::from(*length);
        let content = rest.get(..length)?;
        if *tag == 0x81 && length == 1 {
            return Some(content[0]);
        }
        fields = &rest[length..];
    }
    None
}

fn named(error: u8) -> PolicyError {
    match error {
        0 => PolicyError::PasswordExpired,
        1 => PolicyError::AccountLocked,
        2 => PolicyError::ChangeAfterReset,
        3 => PolicyError::ModNotAllowed,
        4 => PolicyError::MustSupplyOldPassword,
        5 => PolicyError::InsufficientQuality,
        6 => PolicyError::TooShort,
        7 => PolicyError::TooYoung,
        8 => PolicyError::InHistory,
        other => PolicyError::Other(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(value: &[u8]) -> Vec<Control> {
        vec![Control(
            None,
            RawControl {
                ctype: OID.into(),
                crit: false,
                val: Some(value.to_vec()),
            },
        )]
    }

    #[test]
    fn the_servers_reason_is_read_from_its_answer() {
        // As slapd sends "Password is too short for policy": 30 03 81 01 06.
        assert_eq!(
            error_in(&answer(&[0x30, 0x03, 0x81, 0x01, 0x06])),
            Some(PolicyError::TooShort)
        );
        assert_eq!(
            error_in(&answer(&[0x30, 0x03, 0x81, 0x01, 0x08])),
            Some(PolicyError::InHistory)
        );
        assert_eq!(
            error_in(&answer(&[0x30, 0x03, 0x81, 0x01, 0x07])),
            Some(PolicyError::TooYoung)
        );
        assert_eq!(
            error_in(&answer(&[0x30, 0x03, 0x81, 0x01, 0x05])),
            Some(PolicyError::InsufficientQuality)
        );
        assert_eq!(
            error_in(&answer(&[0x30, 0x03, 0x81, 0x01, 0x03])),
            Some(PolicyError::ModNotAllowed)
        );
        // A warning first (grace logins left: 2), then the error.
        let warned = [0x30, 0x08, 0xa0, 0x03, 0x81, 0x01, 0x02, 0x81, 0x01, 0x01];
        assert_eq!(error_in(&answer(&warned)), Some(PolicyError::AccountLocked));
    }

    #[test]
    fn no_control_or_no_error_is_no_reason() {
        assert_eq!(error_in(&[]), None);
        assert_eq!(error_in(&answer(&[0x30, 0x00])), None);
        assert_eq!(error_in(&answer(&[0x30, 0x05, 0x81])), None);
        assert_eq!(error_in(&answer(&[0x04, 0x00])), None);
    }
}
