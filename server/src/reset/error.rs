//! What can stop a reset's step, in the cases the browser is told apart.

use crate::directory::PasswordRefused;

#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// No reset under way in this browser, or it finished or ran out.
    #[error("no reset under way, or it expired")]
    Expired,
    /// The puzzle was not solved, or was spent before.
    #[error("the puzzle failed")]
    PuzzleFailed,
    /// A step is still to be proven.
    #[error("not every step is proven")]
    NotProven,
    /// A phone's number was not typed.
    #[error("the phone number is missing")]
    NumberMissing,
    /// The number typed is not the phone's (or the reset is a decoy's).
    #[error("the phone number does not match")]
    NumberMismatch,
    /// Too many wrong numbers in this reset.
    #[error("too many wrong phone numbers")]
    TooManyNumbers,
    /// That kind of method proved an earlier step: each step takes a different one.
    #[error("that kind of method proved a step already")]
    KindAlreadyUsed,
    /// The directory did not set the password, or did not unlock the account.
    #[error("the directory refused: {0:?}")]
    Refused(PasswordRefused),
    /// The answer to a step's challenge was refused (a wrong or used code, a failed passkey).
    #[error(transparent)]
    Answer(#[from] crate::security_info::error::SecurityInfoError),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}
