//! Every failure an API handler can return, mapped to a status code and the `{code, message,
//! fields}` body at the edge. Internal details are logged once and never sent.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use latchkey_api::{ApiError, ErrorCode, FieldError};

/// What a request to an API address that does not exist is told.
pub const NO_SUCH_ROUTE: &str = "There is no API at this address.";

/// A failed API request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("the password has expired")]
    PasswordExpired,
    #[error("not allowed for this session or account")]
    Forbidden,
    #[error("not signed in")]
    Unauthenticated,
    #[error("not found")]
    NotFound,
    #[error("no such API route")]
    NoSuchRoute,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("cross-site request refused")]
    CrossSite,
    #[error("verification required")]
    VerificationRequired,
    #[error("sign-in too old")]
    ReauthenticationRequired,
    #[error("bad gateway signature")]
    BadSignature,
    #[error("reset expired")]
    ResetExpired,
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("rate limited for {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error("too many sign-ins wait for a password check")]
    Busy,
    #[error("database unavailable: {0}")]
    Unavailable(sqlx::Error),
    #[error("directory unavailable: {0}")]
    DirectoryUnavailable(String),
    #[error("the directory would not change the password: {0}")]
    PasswordNotChanged(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        // Connection exceptions (SQLSTATE class 08) and a server shutting down (57P0x) mean the
        // database is away, not that the request was wrong.
        let database_away = match &error {
            sqlx::Error::Database(db) => db
                .code()
                .is_some_and(|code| code.starts_with("08") || code.starts_with("57P0")),
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => true,
            _ => false,
        };
        if database_away {
            Self::Unavailable(error)
        } else {
            Self::Internal(error.into())
        }
    }
}

impl From<crate::password::Busy> for AppError {
    fn from(_: crate::password::Busy) -> Self {
        Self::Busy
    }
}

impl From<crate::directory::DirectoryError> for AppError {
    fn from(error: crate::directory::DirectoryError) -> Self {
        use crate::directory::DirectoryError as E;
        match error {
            E::Unavailable(reason) => Self::DirectoryUnavailable(reason),
            E::Busy => Self::Busy,
            E::NoAccount => Self::InvalidCredentials,
            E::Store(error) => error.into(),
        }
    }
}

/// Seconds a sign-in refused by a full hashing queue is told to wait: the queue drains in well
/// under a second (security.md 56).
pub const BUSY_RETRY_AFTER: u64 = 2;

impl AppError {
    fn status_and_body(&self) -> (StatusCode, ApiError) {
        use ErrorCode as C;
        let plain = |status, code, message: &str| (status, ApiError::new(code, message));
        match self {
            Self::Validation(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ApiError::validation(fields.clone()),
            ),
            Self::InvalidCredentials => plain(
                StatusCode::UNAUTHORIZED,
                C::InvalidCredentials,
                "Your username or password is incorrect. If you've tried several times, wait a few minutes before trying again.",
            ),
            Self::Unauthenticated => plain(
                StatusCode::UNAUTHORIZED,
                C::Unauthenticated,
                "Your session has ended. Sign in again.",
            ),
            Self::NotFound => plain(StatusCode::NOT_FOUND, C::NotFound, "There is nothing here."),
            Self::NoSuchRoute => plain(StatusCode::NOT_FOUND, C::NotFound, NO_SUCH_ROUTE),
            Self::MethodNotAllowed => plain(
                StatusCode::METHOD_NOT_ALLOWED,
                C::MethodNotAllowed,
                "This address does not accept that kind of request.",
            ),
            Self::MalformedJson(detail) => (
                StatusCode::BAD_REQUEST,
                ApiError::new(
                    C::MalformedJson,
                    format!("The request body is not valid: {detail}"),
                ),
            ),
            Self::PayloadTooLarge => plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                C::PayloadTooLarge,
                "The request is too large.",
            ),
            Self::UnsupportedMediaType => plain(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                C::UnsupportedMediaType,
                "Send the request body as application/json.",
            ),
            Self::CrossSite => plain(
                StatusCode::FORBIDDEN,
                C::CsrfRejected,
                "This request did not come from the Latchkey app and was refused.",
            ),
            Self::VerificationRequired => plain(
                StatusCode::FORBIDDEN,
                C::VerificationRequired,
                "Verify your identity with one of your methods first.",
            ),
            Self::ReauthenticationRequired => plain(
                StatusCode::FORBIDDEN,
                C::ReauthenticationRequired,
                "For your security, sign in again before changing your security info.",
            ),
            Self::BadSignature => plain(
                StatusCode::UNAUTHORIZED,
                C::Unauthenticated,
                "The request's signature is missing, wrong, too old or was already used.",
            ),
            Self::ResetExpired => plain(
                StatusCode::CONFLICT,
                C::ResetExpired,
                "This password reset has expired or was finished. Start again.",
            ),
            Self::Conflict(message) => plain(StatusCode::CONFLICT, C::Conflict, message),
            Self::RateLimited { .. } => plain(
                StatusCode::TOO_MANY_REQUESTS,
                C::RateLimited,
                "Too many attempts. Wait a while before trying again.",
            ),
            Self::Busy => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                C::Busy,
                "Too many people are signing in right now. Try again in a few seconds.",
            ),
            Self::Unavailable(_) => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                C::ServiceUnavailable,
                "The service is unavailable right now. Try again in a few minutes.",
            ),
            Self::Forbidden => plain(
                StatusCode::FORBIDDEN,
                C::Forbidden,
                "You don't have access to this.",
            ),
            Self::PasswordExpired => plain(
                StatusCode::FORBIDDEN,
                C::PasswordExpired,
                "Your password has expired. Choose a new one to sign in.",
            ),
            Self::DirectoryUnavailable(_) => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                C::DirectoryUnavailable,
                "Your organisation's directory can't be reached right now. Nothing was changed. Try again in a few minutes.",
            ),
            Self::PasswordNotChanged(_) => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                C::PasswordNotChanged,
                "Your password couldn't be changed. Contact IT support.",
            ),
            Self::Internal(_) => plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                C::Internal,
                "Something went wrong on our side. Try again, or contact IT support.",
            ),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match &self {
            Self::Internal(error) => {
                tracing::error!(error = %format!("{error:#}"), "request failed")
            }
            Self::Unavailable(error) => tracing::warn!(%error, "database unavailable"),
            Self::DirectoryUnavailable(reason) => tracing::warn!(%reason, "directory unavailable"),
            Self::PasswordNotChanged(reason) => {
                tracing::error!(%reason, "the directory refused to change a password")
            }
            _ => {}
        }
        let (status, body) = self.status_and_body();
        let mut response = (status, Json(body)).into_response();
        let retry_after = match self {
            Self::RateLimited { retry_after } => Some(retry_after),
            Self::Busy => Some(BUSY_RETRY_AFTER),
            _ => None,
        };
        if let Some(retry_after) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}
