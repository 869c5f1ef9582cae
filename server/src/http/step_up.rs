//! The rule for changing security info (security.md 21): a sign-in within 15 minutes and, once
//! any method exists, a verification with one within 15 minutes — or a session begun with a
//! Temporary Access Pass, while the pass lasts (security.md 50). Staff act only within such a
//! verification too (security.md 54).

use super::auth::SignedIn;
use super::error::AppError;
use crate::clock::Timestamp;
use crate::security_info::FRESHNESS;
use crate::store::SessionRecord;

/// Refuses a change unless the session is fresh enough.
pub fn require_fresh(
    signed_in: &SignedIn,
    has_methods: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    // A Temporary Access Pass is IT support's verification for as long as it lasts (the session
    // ends with it).
    if signed_in.session.access_pass_until.is_some() {
        return Ok(());
    }
    if now - signed_in.session.created_at >= FRESHNESS {
        return Err(AppError::ReauthenticationRequired);
    }
    if has_methods && !verified_recently(&signed_in.session, now) {
        return Err(AppError::VerificationRequired);
    }
    Ok(())
}

/// Whether the session's owner proved themselves with a method within 15 minutes: for changes
/// to security info, and for every staff action (security.md 21, 54).
pub fn verified_recently(session: &SessionRecord, now: Timestamp) -> bool {
    session.verified_at.is_some_and(|at| now - at < FRESHNESS)
}
