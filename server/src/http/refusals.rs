//! How the flows' refusals — of a proof, a change to security info, a limit reached — are told:
//! a status and an error code.

use super::error::AppError;
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Stale;
use crate::security_info::limits::LimitError;

impl From<Stale> for AppError {
    fn from(stale: Stale) -> Self {
        match stale {
            Stale::SignIn => Self::ReauthenticationRequired,
            Stale::Verification => Self::VerificationRequired,
        }
    }
}

impl From<LimitError> for AppError {
    fn from(error: LimitError) -> Self {
        match error {
            LimitError::TooMany { retry_after } => Self::RateLimited { retry_after },
            LimitError::Database(error) => error.into(),
        }
    }
}

impl From<SecurityInfoError> for AppError {
    fn from(error: SecurityInfoError) -> Self {
        match error {
            SecurityInfoError::NotFound => Self::NotFound,
            SecurityInfoError::Refused(field) => Self::Validation(vec![field]),
            SecurityInfoError::TooMany { retry_after } => Self::RateLimited { retry_after },
            SecurityInfoError::Stale(stale) => stale.into(),
            SecurityInfoError::Database(error) => error.into(),
            SecurityInfoError::Internal(error) => Self::Internal(error),
        }
    }
}
