//! Input rules that run in the browser before a request and again on the server.
//!
//! Rules too heavy for the browser (Unicode normalisation, common-password lists) live on the
//! server only; everything here is cheap and pure.

use crate::error::{FieldError, Problem};
use crate::types::SignInRequest;

/// The longest password accepted; longer ones are refused, never truncated (security.md 25).
pub const PASSWORD_MAX_LENGTH: usize = 128;
/// The default shortest password (security.md 25).
pub const PASSWORD_MIN_LENGTH: usize = 12;
/// The longest username or email address that can be typed at sign-in.
pub const USERNAME_MAX_LENGTH: usize = 254;
/// Usernames created by administrators are at most this long.
pub const NEW_USERNAME_MAX_LENGTH: usize = 64;

/// A field error with the standard message for its problem.
pub fn field_error(field: &str, label: &str, code: Problem) -> FieldError {
    let message = match code {
        Problem::Required => format!("Enter your {label}."),
        Problem::TooShort => format!("Your {label} is too short."),
        Problem::TooLong => format!("Your {label} is too long."),
        Problem::Invalid => format!("Your {label} contains characters that are not allowed."),
        Problem::CommonPassword => {
            "This password is too common. Choose something harder to guess.".to_string()
        }
        Problem::PersonalInformation => {
            "Don't use your name, username or the organisation's name in the password.".to_string()
        }
        Problem::Taken => format!("That {label} is already in use."),
        Problem::WrongCode => "That code isn't right. Check it and try again.".to_string(),
        Problem::CodeExpired => {
            "That code has expired. Select \"Resend code\" to get a new one.".to_string()
        }
        Problem::CodeUsed => {
            "That code has already been used. Go back and start again.".to_string()
        }
        Problem::TooManyTries => {
            "Too many wrong codes. Go back and start again to get a new code.".to_string()
        }
        Problem::InvalidPhoneNumber => {
            "Enter a phone number that is valid for the country or region you chose.".to_string()
        }
        Problem::WorkAddress => {
            "Use a personal email address, not one at your organisation.".to_string()
        }
        Problem::NumberMismatch => {
            "That isn't the number we have for you. Type the whole number, with the country."
                .to_string()
        }
        Problem::MethodAlreadyUsed => {
            "You've already used this method. Choose a different one for this step.".to_string()
        }
        Problem::PuzzleFailed => {
            "The automatic check in your browser didn't finish. Select \"Next\" to try again."
                .to_string()
        }
        Problem::PasskeyFailed => {
            "Your passkey wasn't accepted. Try again, or choose another method.".to_string()
        }
        Problem::AlreadyRegistered => {
            "That passkey is already registered. Use a different one.".to_string()
        }
        Problem::LimitReached => {
            format!(
                "You already have as many of these as you can. Delete one to add another {label}."
            )
        }
        Problem::CallNotConfirmed => {
            "The call hasn't been answered with # yet. Answer it and press #.".to_string()
        }
        Problem::ChangedTooRecently => "Your password was changed too recently to change it \
             again. Try again later, or contact IT support."
            .to_string(),
        Problem::UsedBefore => {
            "You've used this password before. Choose one you haven't used.".to_string()
        }
        Problem::NotComplexEnough => "Your organisation needs a more complex password: mix \
             upper and lower case letters, digits and symbols."
            .to_string(),
        Problem::RefusedByDirectory => "Your organisation's password rules don't allow this \
             password. Choose a different one."
            .to_string(),
        Problem::NumberTypeRefused => "This kind of number (premium-rate, shared-cost, pager or \
             similar) can't get codes. Use a mobile or an ordinary landline."
            .to_string(),
        Problem::CountryClosed => "Codes can't be sent to numbers in that country. Choose \
             another method."
            .to_string(),
        Problem::UnavailableToday => "Codes can't be sent to this number today. Choose another \
             method, or try again tomorrow."
            .to_string(),
    };
    FieldError {
        field: field.to_string(),
        code,
        message,
    }
}

/// Checks a sign-in form: both fields present, neither absurdly long.
///
/// The minimum password length is not checked here: an account may predate a stricter policy.
pub fn validate_sign_in(request: &SignInRequest) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let username = request.username.trim();
    if username.is_empty() {
        errors.push(field_error("username", "username", Problem::Required));
    } else if username.chars().count() > USERNAME_MAX_LENGTH {
        errors.push(field_error("username", "username", Problem::TooLong));
    }
    if request.password.is_empty() {
        errors.push(field_error("password", "password", Problem::Required));
    } else if request.password.chars().count() > PASSWORD_MAX_LENGTH {
        errors.push(field_error("password", "password", Problem::TooLong));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks a new password's length in code points against the policy (security.md 25).
pub fn check_password_length(password: &str, min_length: usize) -> Result<(), Problem> {
    let length = password.chars().count();
    if length == 0 {
        Err(Problem::Required)
    } else if length > PASSWORD_MAX_LENGTH {
        Err(Problem::TooLong)
    } else if length < min_length {
        Err(Problem::TooShort)
    } else {
        Ok(())
    }
}

/// Whether a password mixes three kinds of characters of these five, as Active Directory's
/// complexity rule asks: capital letters, small letters, digits, symbols, and letters without
/// case (as in Chinese or Arabic).
pub fn mixes_enough_kinds(password: &str) -> bool {
    let has = |kind: fn(char) -> bool| password.chars().any(kind);
    let kinds = [
        has(char::is_uppercase),
        has(char::is_lowercase),
        has(|c| c.is_ascii_digit()),
        has(|c| !c.is_alphanumeric()),
        has(|c| c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()),
    ];
    kinds.into_iter().filter(|kind| *kind).count() >= 3
}

/// Checks a new username: 1–64 of lowercase ASCII letters, digits, `.`, `_` and `-`.
pub fn check_new_username(username: &str) -> Result<(), Problem> {
    if username.is_empty() {
        return Err(Problem::Required);
    }
    if username.len() > NEW_USERNAME_MAX_LENGTH {
        return Err(Problem::TooLong);
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c);
    if username.chars().all(allowed) {
        Ok(())
    } else {
        Err(Problem::Invalid)
    }
}

/// The longest ticket or reason IT support may write, in characters (security.md 58).
pub const STAFF_NOTE_MAX_LENGTH: usize = 200;

/// Checks what IT support writes beside an action (a ticket, a reason), trimmed: one line of
/// printable characters, at most 200 (security.md 58), so nobody can write an audit line that
/// looks like another's. Empty is fine here; a reason is required by its form.
pub fn check_staff_note(note: &str) -> Result<(), Problem> {
    if note.chars().count() > STAFF_NOTE_MAX_LENGTH {
        return Err(Problem::TooLong);
    }
    if note.chars().all(printable_in_a_line) {
        Ok(())
    } else {
        Err(Problem::Invalid)
    }
}

/// Whether `c` prints within one line: not a control character (tabs and line breaks
/// included), not a line or paragraph separator, not a mark that reorders text (bidirectional
/// embeddings, overrides and isolates), nor an invisible one (zero-width spaces and joiners,
/// word joiners, invisible operators, a byte-order mark) that could hide what a cell starts with.
fn printable_in_a_line(c: char) -> bool {
    let reorders = matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c);
    let invisible = ('\u{200B}'..='\u{200D}').contains(&c)
        || ('\u{2060}'..='\u{2064}').contains(&c)
        || c == '\u{FEFF}';
    !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}') && !reorders && !invisible
}

/// Normalises a typed code: digits only, so "123 456" and "123-456" work when pasted.
pub fn normalise_code(typed: &str) -> String {
    typed.chars().filter(char::is_ascii_digit).collect()
}

/// Checks an email address's shape: one `@`, a local part of at most 64 octets, a dotted domain,
/// at most 254 octets in all, no spaces (security.md 41). Ownership is proven by a code later.
pub fn check_email(email: &str) -> Result<(), Problem> {
    if email.is_empty() {
        return Err(Problem::Required);
    }
    if email.len() > 254 {
        return Err(Problem::TooLong);
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(Problem::Invalid);
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    let no_bad_chars = !email.chars().any(|c| c.is_whitespace() || c.is_control());
    if local.is_empty() || local.len() > 64 {
        return Err(Problem::Invalid);
    }
    if domain_ok && no_bad_chars && !local.contains('@') {
        Ok(())
    } else {
        Err(Problem::Invalid)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_kinds_of_characters_make_a_complex_password() {
        assert!(mixes_enough_kinds("Abc123"));
        assert!(mixes_enough_kinds("abc-123"));
        assert!(mixes_enough_kinds("كلمة-سر-1"));
        assert!(!mixes_enough_kinds("abcdefgh123"));
        assert!(!mixes_enough_kinds("ABC!!!"));
        assert!(!mixes_enough_kinds(""));
    }

    fn sign_in(username: &str, password: &str) -> SignInRequest {
        SignInRequest {
            username: username.into(),
            password: password.into(),
        }
    }

    fn codes(result: Result<(), Vec<FieldError>>) -> Vec<(String, Problem)> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn sign_in_needs_both_fields() {
        assert_eq!(
            codes(validate_sign_in(&sign_in("", ""))),
            vec![
                ("username".into(), Problem::Required),
                ("password".into(), Problem::Required)
            ]
        );
        assert_eq!(
            codes(validate_sign_in(&sign_in("   ", "x"))),
            vec![("username".into(), Problem::Required)]
        );
        assert!(validate_sign_in(&sign_in("demo", "x")).is_ok());
    }

    #[test]
    fn sign_in_refuses_overlong_input() {
        let long_name = "a".repeat(USERNAME_MAX_LENGTH + 1);
        let long_password = "p".repeat(PASSWORD_MAX_LENGTH + 1);
        assert_eq!(
            codes(validate_sign_in(&sign_in(&long_name, &long_password))),
            vec![
                ("username".into(), Problem::TooLong),
                ("password".into(), Problem::TooLong)
            ]
        );
    }

    #[test]
    fn password_length_counts_code_points_not_bytes() {
        // 12 emoji are 48 bytes but 12 code points: long enough.
        assert_eq!(check_password_length(&"🔑".repeat(12), 12), Ok(()));
        assert_eq!(
            check_password_length(&"é".repeat(11), 12),
            Err(Problem::TooShort)
        );
        assert_eq!(check_password_length("", 12), Err(Problem::Required));
    }

    #[test]
    fn password_length_limits_are_inclusive() {
        assert_eq!(check_password_length(&"a".repeat(64), 12), Ok(()));
        assert_eq!(check_password_length(&"a".repeat(128), 12), Ok(()));
        assert_eq!(
            check_password_length(&"a".repeat(129), 12),
            Err(Problem::TooLong)
        );
        assert_eq!(check_password_length(&"a".repeat(15), 15), Ok(()));
        assert_eq!(
            check_password_length(&"a".repeat(14), 15),
            Err(Problem::TooShort)
        );
    }

    #[test]
    fn new_usernames_are_lowercase_ascii() {
        assert_eq!(check_new_username("j.doe-2_x"), Ok(()));
        assert_eq!(check_new_username(""), Err(Problem::Required));
        assert_eq!(check_new_username("Jdoe"), Err(Problem::Invalid));
        assert_eq!(check_new_username("j doe"), Err(Problem::Invalid));
        assert_eq!(check_new_username(&"a".repeat(65)), Err(Problem::TooLong));
    }

    #[test]
    fn email_shapes() {
        let cases = [
            ("demo@example.com", Ok(())),
            ("a.b+tag@sub.example.org", Ok(())),
            ("", Err(Problem::Required)),
            ("no-at-sign.example.com", Err(Problem::Invalid)),
            ("@example.com", Err(Problem::Invalid)),
            ("x@localhost", Err(Problem::Invalid)),
            ("x@example..com", Err(Problem::Invalid)),
            ("x y@example.com", Err(Problem::Invalid)),
            ("a@b@example.com", Err(Problem::Invalid)),
        ];
        for (email, expected) in cases {
            assert_eq!(check_email(email), expected, "{email}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        assert_eq!(check_email(&long_local), Err(Problem::Invalid));
        // security.md 41: at most 64 octets — "é" is two, so 33 characters can be 65 octets.
        let accented = "é".repeat(32);
        for (local, expected) in [
            ("a".repeat(64), Ok(())),
            (accented.clone(), Ok(())),
            (format!("{accented}a"), Err(Problem::Invalid)),
        ] {
            let email = format!("{local}@example.com");
            assert_eq!(check_email(&email), expected, "{} octets", local.len());
        }
        let long_whole = format!("a@{}.com", "b".repeat(260));
        assert_eq!(check_email(&long_whole), Err(Problem::TooLong));
    }

    #[test]
    fn pasted_codes_keep_only_digits() {
        assert_eq!(normalise_code(" 123 456 "), "123456");
        assert_eq!(normalise_code("123-456"), "123456");
        assert_eq!(normalise_code("abc"), "");
    }

    #[test]
    fn messages_name_the_field() {
        let e = field_error("username", "username", Problem::Required);
        assert_eq!(e.message, "Enter your username.");
    }

    #[test]
    fn a_staff_note_is_one_printable_line_of_at_most_200_characters() {
        assert_eq!(check_staff_note(""), Ok(()));
        assert_eq!(check_staff_note("INC-4711: badge at the desk"), Ok(()));
        assert_eq!(check_staff_note(&"x".repeat(200)), Ok(()));
        assert_eq!(
            check_staff_note(&"é".repeat(200)),
            Ok(()),
            "characters, not bytes"
        );
        assert_eq!(check_staff_note("تذكرة ٤٧١١ — 工单 👍"), Ok(()));
        assert_eq!(check_staff_note(&"x".repeat(201)), Err(Problem::TooLong));
        for forged in [
            "T1) — by alan (admin)\nstaff_unlocked The account was unlocked (ticket 2",
            "a\rb",
            "a\tb",
            "a\u{0}b",
            "a\u{1b}[31mb",
            "a\u{85}b",
            "a\u{2028}b",
            "a\u{2029}b",
            "a\u{202E}nimda",
            "a\u{2067}b",
            "\u{FEFF}a",
            "\u{200B}=1+1",
            "a\u{2060}b",
        ] {
            assert_eq!(
                check_staff_note(forged),
                Err(Problem::Invalid),
                "{forged:?}"
            );
        }
    }
}
