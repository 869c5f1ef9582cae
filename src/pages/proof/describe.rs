//! What a failed request says to the person, in every step of a proof.

use latchkey_api::ErrorCode;

use crate::api::Failure;
use crate::i18n::t;

/// What to tell the person about a failed request.
pub fn describe(failure: &Failure) -> String {
    if failure.is(ErrorCode::ReauthenticationRequired) {
        return t("error.reauthentication_required");
    }
    failure.message()
}
