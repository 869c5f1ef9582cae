//! Why IT support's action did not happen, in the terms the console must tell apart.

use crate::access_pass::IssueError;
use crate::methods::RemoveError;

/// A refused or failed staff action.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// No such person, or not one this staff member may act on (they are not told which).
    #[error("no such person")]
    NoSuchPerson,
    /// The person has no method with that ID.
    #[error("no such method")]
    NoSuchMethod,
    /// The caller was not verified by this staff member within the hour.
    #[error("the caller was not verified")]
    CallerNotVerified,
    /// Only an admin may do this.
    #[error("only an admin may do this")]
    AdminOnly,
    /// A Temporary Access Pass lasts from 10 minutes to 8 hours.
    #[error("a pass lasts from 10 minutes to 8 hours")]
    Lifetime,
    /// The code the caller read out was refused (wrong, used, expired).
    #[error(transparent)]
    Answer(#[from] crate::security_info::error::SecurityInfoError),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

impl From<RemoveError> for StaffError {
    fn from(error: RemoveError) -> Self {
        match error {
            RemoveError::NoSuchMethod => Self::NoSuchMethod,
            RemoveError::Store(error) => Self::Store(error),
        }
    }
}

impl From<IssueError> for StaffError {
    fn from(error: IssueError) -> Self {
        match error {
            IssueError::Lifetime => Self::Lifetime,
            IssueError::Store(error) => Self::Store(error),
        }
    }
}
