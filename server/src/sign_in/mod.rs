//! A person's sessions: one begins at a sign-in (the browser's old one ending with it), the
//! failures a sign-in counts, and signing out of one session or of every one.

pub mod failures;
pub mod familiar;
pub mod session;
pub mod sign_out;
