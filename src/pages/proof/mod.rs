//! Proving a challenge — the code step, the call step, and the steps for what the person holds
//! (an app's code, a recovery code, a passkey) — for the security info page (a signed-in
//! session) and for password reset alike.

mod call;
mod challenge;
mod describe;
mod held;

pub use challenge::ChallengeStep;
pub use describe::describe;
pub use held::code_shape_refusal;
