//! What goes wrong in the directory, in the terms its callers tell apart: it could not be
//! reached, the database failed, the hashing queue is full, or a password was refused and why;
//! and what went wrong on the wire to an LDAP directory, which each of those starts from.

use latchkey_api::Problem;

use crate::password::Busy;

/// What went wrong talking to an LDAP directory; the text is for the log and the audit.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unreachable(pub String);

impl From<ldap3::LdapError> for Unreachable {
    fn from(error: ldap3::LdapError) -> Self {
        Self(error.to_string())
    }
}

/// Why the directory could not answer.
#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    /// The directory could not be reached or failed; the reason is for the log.
    #[error("directory unavailable: {0}")]
    Unavailable(String),
    /// Too many sign-ins wait for a password check (security.md 56).
    #[error("too many sign-ins wait for a password check")]
    Busy,
    /// A built-in account's name proved right has no account behind it.
    #[error("no such account")]
    NoAccount,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

impl From<Unreachable> for DirectoryError {
    fn from(error: Unreachable) -> Self {
        Self::Unavailable(error.0)
    }
}

impl From<Busy> for DirectoryError {
    fn from(_: Busy) -> Self {
        Self::Busy
    }
}

/// Why a directory did not set a password.
#[derive(Debug)]
pub enum PasswordRefused {
    /// A change's current password is not the person's.
    WrongPassword,
    /// The password breaks a policy (Latchkey's or the directory's), for this reason.
    Policy(Problem),
    /// The directory would not let Latchkey do it (the service account's rights); its words are
    /// for the audit log and IT support.
    NotAllowed(String),
    /// The directory could not be reached or failed; the reason is for the log.
    Unavailable(String),
}

impl From<Unreachable> for PasswordRefused {
    fn from(error: Unreachable) -> Self {
        Self::Unavailable(error.0)
    }
}
