//! Whose challenge a proof is for, and what proving it gave.

use latchkey_api::types::{ChallengePassed, ResetStatus};

/// Whose challenge it is: the signed-in session's, or a password reset's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Session,
    Reset,
}

/// What proving a challenge gave: the session's answer, or the reset's next step.
#[derive(Clone, Debug, PartialEq)]
pub enum Proven {
    Session(ChallengePassed),
    Reset(ResetStatus),
}
