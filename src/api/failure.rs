//! Why an API call failed, in the terms a page acts on.

use latchkey_api::{ApiError, ErrorCode, FieldError};

use crate::dates::{time_after, wait_in_words};
use crate::i18n::{error_message, field_message, t, tr};

/// A failed API call.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// The request never reached the server (offline, DNS, server down).
    Offline,
    /// No session, or it ended: sign in again.
    SignedOut,
    /// Too many attempts; wait this many seconds.
    RateLimited { retry_after_seconds: u32 },
    /// Some fields were refused.
    Invalid(Vec<FieldError>),
    /// The server refused for a reason it explained (for example wrong credentials).
    Refused(ApiError),
    /// The server or its database is temporarily unavailable.
    Unavailable,
    /// The server failed, or answered in a way we do not understand.
    Server,
}

impl Failure {
    /// Classifies an error response by its status and body.
    pub fn from_response(status: u16, body: Option<ApiError>, retry_after: Option<u32>) -> Self {
        match (status, body) {
            (401, Some(body)) if body.code == ErrorCode::InvalidCredentials => Self::Refused(body),
            (401, _) => Self::SignedOut,
            (429, _) => Self::RateLimited {
                retry_after_seconds: retry_after.unwrap_or(60),
            },
            (422, Some(body)) => Self::Invalid(
                body.fields
                    .into_iter()
                    .map(|field| FieldError {
                        message: field_message(&field),
                        ..field
                    })
                    .collect(),
            ),
            (503, Some(body)) if body.code == ErrorCode::Busy => Self::Refused(body),
            (503, _) => Self::Unavailable,
            (400..=499, Some(body)) => Self::Refused(body),
            _ => Self::Server,
        }
    }

    /// Whether the server refused with this code.
    pub fn is(&self, code: ErrorCode) -> bool {
        matches!(self, Self::Refused(body) if body.code == code)
    }

    /// A sentence to show the person, in the page's language.
    pub fn message(&self) -> String {
        match self {
            Self::Offline => t("failure.offline"),
            Self::SignedOut => error_message(ErrorCode::Unauthenticated),
            Self::RateLimited {
                retry_after_seconds,
            } => {
                let wait = wait_in_words(*retry_after_seconds);
                match time_after(*retry_after_seconds) {
                    Some(at) => tr(
                        "failure.rate_limited_until",
                        &[("wait", &wait), ("time", &at)],
                    ),
                    None => tr("failure.rate_limited", &[("wait", &wait)]),
                }
            }
            // Where no box shows the field (a passkey's answer), its own sentence says why.
            Self::Invalid(fields) => fields.first().map_or_else(
                || error_message(ErrorCode::ValidationFailed),
                |field| field.message.clone(),
            ),
            Self::Refused(body) => error_message(body.code),
            Self::Unavailable => error_message(ErrorCode::ServiceUnavailable),
            Self::Server => error_message(ErrorCode::Internal),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_what_the_page_does_next() {
        let wrong = ApiError::new(ErrorCode::InvalidCredentials, "Wrong.");
        assert_eq!(
            Failure::from_response(401, Some(wrong.clone()), None),
            Failure::Refused(wrong)
        );
        let ended = ApiError::new(ErrorCode::Unauthenticated, "Ended.");
        assert_eq!(
            Failure::from_response(401, Some(ended), None),
            Failure::SignedOut
        );
        assert_eq!(
            Failure::from_response(429, None, Some(90)),
            Failure::RateLimited {
                retry_after_seconds: 90
            }
        );
        assert_eq!(
            Failure::from_response(503, None, None),
            Failure::Unavailable
        );
        let busy = ApiError::new(ErrorCode::Busy, "Busy.");
        assert_eq!(
            Failure::from_response(503, Some(busy.clone()), Some(2)),
            Failure::Refused(busy)
        );
        assert_eq!(Failure::from_response(500, None, None), Failure::Server);
        assert_eq!(Failure::from_response(404, None, None), Failure::Server);
    }

    #[test]
    fn a_refused_field_is_told_in_its_own_words_even_without_its_box() {
        let refused = FieldError {
            field: "credential".into(),
            code: latchkey_api::Problem::PasskeyFailed,
            message: "Your passkey wasn't accepted.".into(),
        };
        assert_eq!(
            Failure::Invalid(vec![refused]).message(),
            "Your passkey wasn't accepted."
        );
        assert_eq!(
            Failure::Invalid(Vec::new()).message(),
            error_message(ErrorCode::ValidationFailed)
        );
    }
}
