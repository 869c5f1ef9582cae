//! What the browser is told when a reset's step stops.

use super::super::error::AppError;
use super::super::password::refusal_answer;
use crate::reset::error::ResetError;

impl From<ResetError> for AppError {
    fn from(error: ResetError) -> Self {
        match error {
            ResetError::Expired => AppError::ResetExpired,
            ResetError::NotProven => AppError::Conflict("Prove who you are first."),
            ResetError::Refused(refusal) => refusal_answer(refusal),
            ResetError::Database(error) => error.into(),
        }
    }
}
