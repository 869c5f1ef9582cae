//! Active Directory's formats, as Samba AD follows them too: the `unicodePwd` value, the
//! policy-hints control, the codes in its error texts, `objectGUID`, times as FILETIMEs, and the
//! domain's complexity rule — each a small pure function the Active Directory dialect uses.

use latchkey_api::Problem;
use latchkey_api::validation::mixes_enough_kinds;
use ldap3::controls::RawControl;

use crate::clock::Timestamp;

/// "Apply the domain's history to a reset too" (Windows Server 2012 R2 and later).
pub const POLICY_HINTS: &str = "1.2.840.113556.1.4.2239";
/// The same control's first number (Windows Server 2008 R2 with an update).
pub const POLICY_HINTS_DEPRECATED: &str = "1.2.840.113556.1.4.2066";

/// `userAccountControl`'s "account disabled" bit.
const ACCOUNT_DISABLE: u32 = 0x2;

/// `ERROR_PASSWORD_RESTRICTION`: the password breaks the domain's policy (AD never says which
/// rule).
pub const PASSWORD_RESTRICTION: u32 = 0x52d;
/// `ERROR_INVALID_PASSWORD`: a change's old password is not the person's.
pub const INVALID_PASSWORD: u32 = 0x56;

/// The policy-hints control, critical (a domain controller that does not know it says so,
/// and the next one is tried): its value is `SEQUENCE { INTEGER 1 }`.
pub fn policy_hints(oid: &str) -> RawControl {
    RawControl {
        ctype: oid.into(),
        crit: true,
        val: Some(vec![0x30, 0x03, 0x02, 0x01, 0x01]),
    }
}

/// `unicodePwd`'s value: the password in double quotes, UTF-16LE.
pub fn unicode_pwd(password: &str) -> Vec<u8> {
    format!("\"{password}\"")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect()
}

/// The Windows error at the start of AD's diagnostic text (`0000052D: Constraint violation …`).
pub fn windows_error(text: &str) -> Option<u32> {
    let code = text.get(..8)?;
    (text[8..].starts_with(':')).then(|| u32::from_str_radix(code, 16).ok())?
}

/// Why a bind failed, from "AcceptSecurityContext error, data 52e, v1db1".
pub fn bind_data(text: &str) -> Option<u32> {
    let (_, rest) = text.split_once(", data ")?;
    let code: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
    u32::from_str_radix(&code, 16).ok()
}

/// What a refused bind says about the password the person typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindRefusal {
    /// Right password, but it has expired (532) or must be changed at next sign-in (773).
    MustChange,
    /// Wrong password (52e), disabled (533), locked (775), account expired (701), or anything
    /// else: not signed in.
    NotSignedIn,
}

pub fn bind_refusal(text: &str) -> BindRefusal {
    match bind_data(text) {
        Some(0x532 | 0x773) => BindRefusal::MustChange,
        _ => BindRefusal::NotSignedIn,
    }
}

/// `objectGUID`'s 16 bytes as the text Windows shows (its first three fields little-endian).
pub fn guid_text(bytes: &[u8]) -> Option<String> {
    let b: &[u8; 16] = bytes.try_into().ok()?;
    Some(format!(
        "{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{}",
        b[3],
        b[2],
        b[1],
        b[0],
        b[5],
        b[4],
        b[7],
        b[6],
        b[8],
        b[9],
        hex::encode(&b[10..])
    ))
}

/// The bytes of a GUID's text, for a search filter.
pub fn guid_bytes(text: &str) -> Option<Vec<u8>> {
    let plain: String = text.chars().filter(|c| *c != '-').collect();
    let mut bytes = hex::decode(plain).ok()?;
    if bytes.len() != 16 {
        return None;
    }
    bytes[..4].reverse();
    bytes[4..6].reverse();
    bytes[6..8].reverse();
    Some(bytes)
}

/// Whether `userAccountControl` marks the account disabled.
pub fn disabled(user_account_control: &str) -> bool {
    user_account_control
        .parse::<u32>()
        .is_ok_and(|flags| flags & ACCOUNT_DISABLE != 0)
}

/// 100-nanosecond intervals between 1601-01-01 and 1970-01-01.
const FILETIME_UNIX_EPOCH: i64 = 116_444_736_000_000_000;

/// A FILETIME (`pwdLastSet`, `lockoutTime`) as a Unix time; `None` for 0 ("never", or "must
/// change") and for the largest value ("never expires").
pub fn filetime(value: &str) -> Option<Timestamp> {
    let ticks = value
        .parse::<i64>()
        .ok()
        .filter(|t| *t > 0 && *t < i64::MAX)?;
    Some((ticks - FILETIME_UNIX_EPOCH) / 10_000_000)
}

/// An interval as the domain keeps it (`minPwdAge`: negative 100-nanosecond units) in seconds.
pub fn interval(value: &str) -> Option<i64> {
    value
        .parse::<i64>()
        .ok()
        .map(|ticks| ticks.abs() / 10_000_000)
}

/// The password rules in force for a person: the domain's, or a fine-grained policy's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    pub min_length: usize,
    pub history: u32,
    pub complexity: bool,
    /// Seconds after a change before the person may change it again.
    pub min_age: i64,
}

/// AD's complexity rule: three kinds of characters, and neither the account name nor any part
/// of the display name (three characters or more, ignoring case).
pub fn complex_enough(password: &str, username: &str, display_name: &str) -> Result<(), Problem> {
    let lowered = password.to_lowercase();
    let parts = display_name
        .split([',', '.', '-', '_', '#', '\t', ' '])
        .chain(std::iter::once(username))
        .filter(|part| part.chars().count() >= 3);
    if parts
        .map(str::to_lowercase)
        .any(|part| lowered.contains(&part))
    {
        return Err(Problem::PersonalInformation);
    }
    if !mixes_enough_kinds(password) {
        return Err(Problem::NotComplexEnough);
    }
    Ok(())
}

/// What AD's bare "password restriction" (0000052D) meant, worked out from the rules it
/// applies in order: a change too soon after the last, too short, not complex, else a password
/// used before (the history is the one rule Latchkey cannot check itself).
pub fn restriction(
    policy: &Policy,
    password: &str,
    names: (&str, &str),
    too_soon: bool,
) -> Problem {
    if too_soon {
        return Problem::ChangedTooRecently;
    }
    if password.chars().count() < policy.min_length {
        return Problem::TooShort;
    }
    if policy.complexity
        && let Err(problem) = complex_enough(password, names.0, names.1)
    {
        return problem;
    }
    if policy.history > 0 {
        Problem::UsedBefore
    } else {
        Problem::RefusedByDirectory
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_pwd_is_quoted_utf16le() {
        assert_eq!(unicode_pwd("aé"), b"\"\0a\0\xe9\0\"\0".to_vec());
    }

    #[test]
    fn codes_are_read_from_ads_texts() {
        let bind = "80090308: LdapErr: DSID-0C0903A9, comment: AcceptSecurityContext error, \
                    data 52e, v1db1";
        assert_eq!(bind_data(bind), Some(0x52e));
        assert_eq!(bind_refusal(bind), BindRefusal::NotSignedIn);
        assert_eq!(
            bind_refusal("80090308: … error, data 773, v1db1"),
            BindRefusal::MustChange
        );
        assert_eq!(
            bind_refusal("80090308: … error, data 532, v1db1"),
            BindRefusal::MustChange
        );
        assert_eq!(bind_refusal("no data here"), BindRefusal::NotSignedIn);
        let modify = "0000052D: Constraint violation - check_password_restrictions: …";
        assert_eq!(windows_error(modify), Some(PASSWORD_RESTRICTION));
        assert_eq!(windows_error("00000056: …"), Some(INVALID_PASSWORD));
        assert_eq!(windows_error("Operation not allowed"), None);
        assert_eq!(windows_error("0000"), None);
    }

    #[test]
    fn guids_read_as_windows_shows_them_and_back() {
        let bytes = [
            0x41, 0x39, 0x16, 0xe1, 0x28, 0xba, 0x23, 0x44, 0xba, 0x99, 0x19, 0x24, 0xcc, 0xb7,
            0x82, 0xfb,
        ];
        let text = guid_text(&bytes).unwrap();
        assert_eq!(text, "e1163941-ba28-4423-ba99-1924ccb782fb");
        assert_eq!(guid_bytes(&text).unwrap(), bytes);
        assert_eq!(guid_text(&bytes[..15]), None);
        assert_eq!(guid_bytes("not-a-guid"), None);
    }

    #[test]
    fn times_and_flags() {
        // 2026-11-30 00:11:29 UTC, as Samba wrote it for an account made then.
        assert_eq!(filetime("134404710894797200"), Some(1_795_997_489));
        assert_eq!(filetime("0"), None);
        assert_eq!(filetime("9223372036854775807"), None);
        assert_eq!(interval("-864000000000"), Some(86_400));
        assert!(disabled("514"));
        assert!(!disabled("512"));
    }

    #[test]
    fn a_bare_restriction_is_explained_by_the_rules() {
        let policy = Policy {
            min_length: 10,
            history: 24,
            complexity: true,
            min_age: 86_400,
        };
        let names = ("ada", "Ada Lovelace");
        let reason = |password, too_soon| restriction(&policy, password, names, too_soon);
        assert_eq!(
            reason("Fresh-Start-2026", true),
            Problem::ChangedTooRecently
        );
        assert_eq!(reason("Sh0rt!", false), Problem::TooShort);
        assert_eq!(reason("alllowercase", false), Problem::NotComplexEnough);
        assert_eq!(
            reason("Lovelace-Was-Here-1", false),
            Problem::PersonalInformation
        );
        assert_eq!(reason("Fresh-Start-2026", false), Problem::UsedBefore);
        let no_history = Policy {
            history: 0,
            ..policy
        };
        assert_eq!(
            restriction(&no_history, "Fresh-Start-2026", names, false),
            Problem::RefusedByDirectory
        );
    }
}
