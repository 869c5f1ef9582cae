//! The signed-in person's session as the flows see it, the rule for changing security info
//! (security.md 21) in HTTP terms, and the new session ID a session gets when its owner proves a
//! method (a step-up, security.md 18).

use axum_extra::extract::CookieJar;

use super::auth::{SignedIn, session_cookie};
use super::error::AppError;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::security_info::freshness::Session;
use crate::sessions::{SessionToken, hash_token};

pub use crate::security_info::freshness::verified_recently;

/// The request's session, for the flows.
pub fn session_of(signed_in: &SignedIn) -> Session<'_> {
    Session {
        user: &signed_in.user,
        hash: &signed_in.session_hash,
        record: &signed_in.session,
    }
}

/// Refuses a change unless the session is fresh enough.
pub fn require_fresh(
    signed_in: &SignedIn,
    has_methods: bool,
    now: Timestamp,
) -> Result<(), AppError> {
    Ok(session_of(signed_in).require_fresh(has_methods, now)?)
}

/// A new session ID for a session about to count as verified: the hash the flow stores, and
/// the cookie that carries it back.
pub fn renewed_session(config: &Config) -> (String, CookieJar) {
    let token = SessionToken::generate();
    let cookie = session_cookie(config, &token);
    (hash_token(token.expose()), CookieJar::new().add(cookie))
}
