//! What the server's (or the browser's own) error codes say, in the page's language. The
//! server's English `message` is for API clients; the page words every refusal itself, as it
//! arrives.

use latchkey_api::{ErrorCode, FieldError, Problem};

use super::{t, tr};

/// What to do about one refused field.
pub fn field_message(error: &FieldError) -> String {
    let field = error.field.as_str();
    let key = match (field, error.code) {
        ("passkey", Problem::CodeExpired | Problem::CodeUsed | Problem::TooManyTries) => {
            "problem.passkey_closed"
        }
        // What IT support writes beside an action (security.md 58).
        ("ticket" | "reason", Problem::TooLong) => "helpdesk.note_too_long",
        ("ticket" | "reason", Problem::Invalid) => "helpdesk.note_not_one_line",
        (_, Problem::Required) => "problem.required",
        (_, Problem::TooShort) => "problem.too_short",
        (_, Problem::TooLong) => "problem.too_long",
        (_, Problem::Invalid) => "problem.invalid",
        (_, Problem::Taken) => "problem.taken",
        (_, Problem::CommonPassword) => "problem.common_password",
        (_, Problem::PersonalInformation) => "problem.personal_information",
        (_, Problem::WrongCode) => "problem.wrong_code",
        (_, Problem::CodeExpired) => "problem.code_expired",
        (_, Problem::CodeUsed) => "problem.code_used",
        (_, Problem::TooManyTries) => "problem.too_many_tries",
        (_, Problem::InvalidPhoneNumber) => "problem.invalid_phone_number",
        (_, Problem::WorkAddress) => "problem.work_address",
        (_, Problem::CallNotConfirmed) => "problem.call_not_confirmed",
        (_, Problem::NumberMismatch) => "problem.number_mismatch",
        (_, Problem::MethodAlreadyUsed) => "problem.method_already_used",
        (_, Problem::PuzzleFailed) => "problem.puzzle_failed",
        (_, Problem::PasskeyFailed) => "problem.passkey_failed",
        (_, Problem::AlreadyRegistered) => "problem.already_registered",
        (_, Problem::LimitReached) => "problem.limit_reached",
        (_, Problem::ChangedTooRecently) => "problem.changed_too_recently",
        (_, Problem::UsedBefore) => "problem.used_before",
        (_, Problem::NotComplexEnough) => "problem.not_complex_enough",
        (_, Problem::RefusedByDirectory) => "problem.refused_by_directory",
        (_, Problem::NumberTypeRefused) => "problem.number_type_refused",
        (_, Problem::CountryClosed) => "problem.country_closed",
        (_, Problem::UnavailableToday) => "problem.unavailable_today",
    };
    tr(key, &[("label", &field_label(field))])
}

/// A field's name as it sits inside a sentence: "phone number".
fn field_label(field: &str) -> String {
    t(match field {
        "username" => "field.username",
        "password" => "field.password",
        "new-password" | "confirm-password" => "field.new_password",
        "email" => "field.email",
        "number" => "field.number",
        "code" => "field.code",
        "name" => "field.name",
        "option" | "channel" => "field.way",
        "kind" => "field.method",
        _ => "field.answer",
    })
}

/// A refused field found in the browser, worded like the server's.
pub fn refusal(field: &str, problem: Problem) -> FieldError {
    let mut error = FieldError {
        field: field.to_string(),
        code: problem,
        message: String::new(),
    };
    error.message = field_message(&error);
    error
}

/// A refused field found in the browser, with its own sentence (`key`) rather than the
/// problem's usual one.
pub fn refusal_saying(field: &str, problem: Problem, key: &'static str) -> FieldError {
    FieldError {
        field: field.to_string(),
        code: problem,
        message: t(key),
    }
}

/// A refusal of the whole request.
pub fn error_message(code: ErrorCode) -> String {
    t(match code {
        ErrorCode::InvalidCredentials => "error.invalid_credentials",
        ErrorCode::Unauthenticated => "error.unauthenticated",
        ErrorCode::VerificationRequired => "error.verification_required",
        ErrorCode::ReauthenticationRequired => "error.reauthentication_required",
        ErrorCode::Conflict => "error.conflict",
        ErrorCode::ResetExpired => "error.reset_expired",
        ErrorCode::RateLimited => "error.rate_limited",
        ErrorCode::ServiceUnavailable => "error.service_unavailable",
        ErrorCode::Busy => "error.busy",
        ErrorCode::DirectoryUnavailable => "error.directory_unavailable",
        ErrorCode::PasswordNotChanged => "error.password_not_changed",
        ErrorCode::PasswordExpired => "error.password_expired",
        ErrorCode::Forbidden => "error.forbidden",
        ErrorCode::ValidationFailed => "error.validation_failed",
        ErrorCode::NotFound
        | ErrorCode::MethodNotAllowed
        | ErrorCode::MalformedJson
        | ErrorCode::PayloadTooLarge
        | ErrorCode::UnsupportedMediaType
        | ErrorCode::CsrfRejected
        | ErrorCode::Internal => "error.internal",
    })
}
