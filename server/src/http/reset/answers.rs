//! What the browser is told when a reset's step stops.

use latchkey_api::Problem;

use super::super::challenges::refuse;
use super::super::error::AppError;
use super::super::password::refusal_answer;
use crate::reset::error::ResetError;

impl From<ResetError> for AppError {
    fn from(error: ResetError) -> Self {
        match error {
            ResetError::Expired => AppError::ResetExpired,
            ResetError::PuzzleFailed => refuse("puzzle", "check", Problem::PuzzleFailed),
            ResetError::NotProven => AppError::Conflict("Prove who you are first."),
            ResetError::NumberMissing => number(Problem::Required),
            ResetError::NumberMismatch => number(Problem::NumberMismatch),
            ResetError::TooManyNumbers => number(Problem::TooManyTries),
            ResetError::KindAlreadyUsed => {
                refuse("option", "way to verify", Problem::MethodAlreadyUsed)
            }
            ResetError::Refused(refusal) => refusal_answer(refusal),
            ResetError::Answer(refusal) => refusal.into(),
            ResetError::Database(error) => error.into(),
        }
    }
}

/// A refused phone number, on its field.
fn number(problem: Problem) -> AppError {
    refuse("number", "phone number", problem)
}
