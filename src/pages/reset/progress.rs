//! Where a reset stands: the line saying which verification step it is at, and whether a
//! failure means it is over.

use latchkey_api::ErrorCode;
use latchkey_api::types::ResetStatus;

use crate::api::Failure;
use crate::i18n::tr;

/// Whether a failure means the reset is over and must start again.
pub fn is_expired(failure: &Failure) -> bool {
    failure.is(ErrorCode::ResetExpired)
}

/// "Verification step 1 of 2".
pub fn progress(status: &ResetStatus) -> String {
    tr(
        "reset.progress",
        &[
            ("step", &status.step.to_string()),
            ("steps", &status.steps_required.to_string()),
        ],
    )
}
