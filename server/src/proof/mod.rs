//! Proving a challenge: a code sent by email, text or call, an app's code, a recovery code or a
//! passkey — issued within the limits, answered, counted when wrong and used once. The signed-in
//! person's flow is [`prove`]; a reset's and IT support's challenges use the same parts.

mod answer;
mod challenge;
mod held;
mod prove;
mod sent;

pub use answer::{check_code, kept, use_once};
pub use challenge::{Owner, check_channel, own_challenge};
pub use held::{PasskeyUse, check_passkey, issue_held, passkey_used};
pub use prove::{Answer, new_code, progress, prove, start_verification};
pub use sent::{issue, resend, status_of};
