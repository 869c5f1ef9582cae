//! The rule for changing security info (security.md 21): a sign-in within 15 minutes and, once
//! any method exists, a verification with one within 15 minutes — or a session begun with a
//! Temporary Access Pass, while the pass lasts (security.md 50). Staff act only within such a
//! verification too (security.md 54).

use super::FRESHNESS;
use crate::clock::Timestamp;
use crate::store::{SessionRecord, User};

/// A signed-in person's session, as the flows see it.
#[derive(Clone, Copy)]
pub struct Session<'a> {
    pub user: &'a User,
    /// The hash of the session's ID, which its challenges and pending methods belong to.
    pub hash: &'a str,
    pub record: &'a SessionRecord,
}

/// Why a session is not fresh enough to change security info.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Stale {
    #[error("the sign-in is too old: sign in again")]
    SignIn,
    #[error("verify your identity again")]
    Verification,
}

impl Session<'_> {
    /// Refuses a change unless the session is fresh enough.
    pub fn require_fresh(&self, has_methods: bool, now: Timestamp) -> Result<(), Stale> {
        // A Temporary Access Pass is IT support's verification for as long as it lasts (the
        // session ends with it).
        if self.record.access_pass_until.is_some() {
            return Ok(());
        }
        if now - self.record.created_at >= FRESHNESS {
            return Err(Stale::SignIn);
        }
        if has_methods && !verified_recently(self.record, now) {
            return Err(Stale::Verification);
        }
        Ok(())
    }
}

/// Whether the session's owner proved themselves with a method within 15 minutes: for changes
/// to security info, and for every staff action (security.md 21, 54).
pub fn verified_recently(session: &SessionRecord, now: Timestamp) -> bool {
    session.verified_at.is_some_and(|at| now - at < FRESHNESS)
}
