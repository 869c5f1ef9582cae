//! Why an API call failed, in the terms a page acts on.

use latchkey_api::{ApiError, ErrorCode, FieldError};

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
            (422, Some(body)) => Self::Invalid(body.fields),
            (503, _) => Self::Unavailable,
            (400..=499, Some(body)) => Self::Refused(body),
            _ => Self::Server,
        }
    }

    /// Whether the server refused with this code.
    pub fn is(&self, code: ErrorCode) -> bool {
        matches!(self, Self::Refused(body) if body.code == code)
    }

    /// A sentence to show the person.
    pub fn message(&self) -> String {
        match self {
            Self::Offline => {
                "We couldn't reach the server. Check your connection and try again.".into()
            }
            Self::SignedOut => "Your session has ended. Sign in again.".into(),
            Self::RateLimited {
                retry_after_seconds,
            } => match crate::dates::time_after(*retry_after_seconds) {
                Some(at) => format!(
                    "Too many attempts. Try again in {} (at {at}).",
                    wait_in_words(*retry_after_seconds)
                ),
                None => format!(
                    "Too many attempts. Try again in {}.",
                    wait_in_words(*retry_after_seconds)
                ),
            },
            Self::Invalid(_) => "Some of the information you entered needs fixing.".into(),
            Self::Refused(body) => body.message.clone(),
            Self::Unavailable => {
                "The service is unavailable right now. Try again in a few minutes.".into()
            }
            Self::Server => {
                "Something went wrong on our side. Try again, or contact IT support.".into()
            }
        }
    }
}

/// "45 seconds", "1 minute", "3 minutes", "2 hours".
pub fn wait_in_words(seconds: u32) -> String {
    let plural = |n: u32, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match seconds {
        0..60 => plural(seconds.max(1), "second"),
        60..3600 => plural(seconds.div_ceil(60), "minute"),
        _ => plural(seconds.div_ceil(3600), "hour"),
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
        assert_eq!(Failure::from_response(500, None, None), Failure::Server);
        assert_eq!(Failure::from_response(404, None, None), Failure::Server);
    }

    #[test]
    fn waits_read_naturally() {
        assert_eq!(wait_in_words(1), "1 second");
        assert_eq!(wait_in_words(45), "45 seconds");
        assert_eq!(wait_in_words(61), "2 minutes");
        assert_eq!(wait_in_words(60), "1 minute");
        assert_eq!(wait_in_words(86_400), "24 hours");
    }
}
