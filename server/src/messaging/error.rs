//! Why an admin's change to texts and calls was refused.

use latchkey_api::FieldError;
use latchkey_api::Problem;
use latchkey_api::validation::field_error;

#[derive(Debug, thiserror::Error)]
pub enum MessagingError {
    /// What was sent is refused (a field and why).
    #[error("refused: {}", .0.message)]
    Refused(FieldError),
    /// No such safe number, or the country isn't paused.
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

impl MessagingError {
    /// `field` (shown as `label`) refused for `problem`.
    pub fn refused(field: &str, label: &str, problem: Problem) -> Self {
        Self::Refused(field_error(field, label, problem))
    }
}
