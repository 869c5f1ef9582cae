//! Proving a challenge — the code step and the call step — for the security info page (a
//! signed-in session) and for password reset alike.

mod call;
mod challenge;

pub use challenge::{ChallengeStep, describe};
