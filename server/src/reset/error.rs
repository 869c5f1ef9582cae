//! What can stop a reset's step, in the cases the browser is told apart.

use crate::directory::PasswordRefused;

#[derive(Debug, thiserror::Error)]
pub enum ResetError {
    /// No reset under way in this browser, or it finished or ran out.
    #[error("no reset under way, or it expired")]
    Expired,
    /// A step is still to be proven.
    #[error("not every step is proven")]
    NotProven,
    /// The directory did not set the password, or did not unlock the account.
    #[error("the directory refused: {0:?}")]
    Refused(PasswordRefused),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}
