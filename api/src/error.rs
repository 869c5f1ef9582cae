//! The API's error shape `{code, message, fields}`, shared by every endpoint under `/api`.

use serde::{Deserialize, Serialize};

/// What went wrong, as a stable machine-readable code the SPA can translate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields were refused; see `fields`.
    ValidationFailed,
    /// Wrong username or password (also for unknown, disabled or throttled accounts).
    InvalidCredentials,
    /// No valid session: sign in first.
    Unauthenticated,
    /// The route or resource does not exist.
    NotFound,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// The body was not valid JSON of the expected shape.
    MalformedJson,
    /// The body was larger than the server accepts.
    PayloadTooLarge,
    /// The body was not `application/json`.
    UnsupportedMediaType,
    /// A state-changing request without the custom header, or from another site.
    CsrfRejected,
    /// Too many attempts; try again after `Retry-After` seconds.
    RateLimited,
    /// Verify your identity with an existing method first (security.md 21).
    VerificationRequired,
    /// Sign in again: the sign-in is older than 15 minutes (security.md 21).
    ReauthenticationRequired,
    /// The request came too late or too early for the thing it acts on (for example a call
    /// that already ended).
    Conflict,
    /// The password reset expired, was finished, or was replaced: start again.
    ResetExpired,
    /// The server or its database is unavailable for now.
    ServiceUnavailable,
    /// Too many people are signing in at this moment (the password checks' queue is full);
    /// try again after `Retry-After` seconds. Answered alike for every name.
    Busy,
    /// The organisation's directory (LDAP, Active Directory) cannot be reached; nothing changed.
    DirectoryUnavailable,
    /// The directory would not let Latchkey change the password (its service account lacks the
    /// rights): IT support must look; the audit log has the directory's words.
    PasswordNotChanged,
    /// This account or session may not do this (a session begun with a Temporary Access Pass
    /// reaches security info only; IT support's pages need a staff role).
    Forbidden,
    /// The password was right but has expired, or must be changed before signing in: change
    /// it with `POST /api/v1/password/expired`.
    PasswordExpired,
    /// Something failed on the server; details are in its log, never in the response.
    Internal,
}

/// Why one field was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// Nothing was entered.
    Required,
    /// Shorter than the minimum.
    TooShort,
    /// Longer than the maximum.
    TooLong,
    /// Characters or a form the field does not accept.
    Invalid,
    /// A password found in lists of commonly used passwords.
    CommonPassword,
    /// A password containing the username, the person's name or the organisation's name.
    PersonalInformation,
    /// Already taken (for example a username).
    Taken,
    /// The code is not the one sent.
    WrongCode,
    /// The code is older than 10 minutes.
    CodeExpired,
    /// The code was already used.
    CodeUsed,
    /// Five wrong tries voided the code.
    TooManyTries,
    /// Not a phone number that can exist in the chosen country.
    InvalidPhoneNumber,
    /// An address at the organisation's own domain (a personal one is needed).
    WorkAddress,
    /// The verification call has not been answered with # (yet).
    CallNotConfirmed,
    /// The phone number typed does not match the one registered.
    NumberMismatch,
    /// This method was already used for an earlier step of the reset.
    MethodAlreadyUsed,
    /// The proof-of-work check failed: forged, too old, already used or unsolved.
    PuzzleFailed,
    /// The passkey's answer was not accepted (wrong passkey, cancelled, or it could not be checked).
    PasskeyFailed,
    /// This passkey or security key is registered already.
    AlreadyRegistered,
    /// The most of this kind of method one person may have (five authenticator apps).
    LimitReached,
    /// The directory's policy: the password was changed too recently to change again.
    ChangedTooRecently,
    /// The directory's policy: the password is one of the person's previous ones.
    UsedBefore,
    /// The directory's policy: the password is not complex enough (character classes).
    NotComplexEnough,
    /// The directory's policy refused the password without saying which rule.
    RefusedByDirectory,
    /// A premium-rate, shared-cost, personal, UAN, pager or voicemail-only number.
    NumberTypeRefused,
    /// Texts (or calls) to the number's country aren't sent by this organisation.
    CountryClosed,
    /// Texts (or calls) to the number's country are paused, or today's cap is reached.
    UnavailableToday,
}

/// One refused field, with a message a person can act on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FieldError {
    /// The field's name in the request body.
    pub field: String,
    /// Why it was refused.
    pub code: Problem,
    /// What to do about it, in plain words.
    pub message: String,
}

/// The body of every error response under `/api`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// What went wrong.
    pub code: ErrorCode,
    /// A sentence for people.
    pub message: String,
    /// Field-level problems, empty unless `code` is `validation_failed`.
    #[serde(default)]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    /// An error without field details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A `validation_failed` error listing the refused fields.
    pub fn validation(fields: Vec<FieldError>) -> Self {
        Self {
            code: ErrorCode::ValidationFailed,
            message: "Some of the information you entered needs fixing.".into(),
            fields,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_snake_case_on_the_wire() {
        let body = ApiError::new(ErrorCode::InvalidCredentials, "no");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(json["code"], "invalid_credentials");
        assert_eq!(json["fields"], serde_json::json!([]));
    }

    #[test]
    fn fields_default_to_empty_when_absent() {
        let body: ApiError =
            serde_json::from_str(r#"{"code":"not_found","message":"gone"}"#).unwrap();
        assert!(body.fields.is_empty());
    }
}
