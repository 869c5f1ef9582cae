//! Adding (or renewing) a way to verify: a phone or email proven with a code sent to it, an
//! authenticator app proven with its code, a passkey, a set of recovery codes; and choosing the
//! way offered first. Each finishing step is one transaction holding the method, the session's
//! step-up, the audit entry and the notices.

mod app;
mod contact;
mod default_method;
mod named;
mod passkey;
mod recovery_codes;

pub use app::{confirm_app, start_app};
pub use contact::start;
pub use default_method::choose_default;
pub use passkey::{finish_passkey, start_passkey};
pub use recovery_codes::new_recovery_codes;
