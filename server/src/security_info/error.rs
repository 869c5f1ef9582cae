//! Why proving a challenge or changing security info was refused: the cases the HTTP layer
//! tells apart.

use latchkey_api::validation::field_error;
use latchkey_api::{FieldError, Problem};

use super::freshness::Stale;
use super::limits::LimitError;

#[derive(Debug, thiserror::Error)]
pub enum SecurityInfoError {
    /// No such method, challenge or method being added — or not this session's.
    #[error("not found")]
    NotFound,
    /// What was sent is refused (a field and why).
    #[error("refused: {}", .0.message)]
    Refused(FieldError),
    /// Too many sends or tries; wait this many seconds.
    #[error("too many; wait {retry_after} s")]
    TooMany { retry_after: u64 },
    #[error(transparent)]
    Stale(#[from] Stale),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl SecurityInfoError {
    /// `field` (shown as `label`) refused for `problem`.
    pub fn refused(field: &str, label: &str, problem: Problem) -> Self {
        Self::Refused(field_error(field, label, problem))
    }
}

impl From<LimitError> for SecurityInfoError {
    fn from(error: LimitError) -> Self {
        match error {
            LimitError::TooMany { retry_after } => Self::TooMany { retry_after },
            LimitError::Database(error) => Self::Database(error),
        }
    }
}
