//! What adding an app or a passkey shares: its name, the limit on how many, and the record kept
//! until it is proven by the same session.

use latchkey_api::Problem;
use latchkey_api::types::MethodKind;

use super::auth::SignedIn;
use super::challenges::refuse;
use super::error::AppError;
use super::security_info::kind_name;
use crate::state::AppState;
use crate::store::{PendingMethod, StoredMethod};

/// The longest name, in characters.
const NAME_MAX: usize = 64;
/// The most apps, and the most passkeys, one person may have.
pub const MAX_OF_EACH: usize = 5;

/// The name to list a new app or passkey under: the one typed, or the kind's name numbered
/// after the ones there ("Passkey 2").
pub fn name_for(
    typed: &str,
    kind: MethodKind,
    methods: &[StoredMethod],
) -> Result<String, AppError> {
    let typed = typed.trim();
    let label = "name";
    if typed.chars().count() > NAME_MAX {
        return Err(refuse("name", label, Problem::TooLong));
    }
    if typed.chars().any(char::is_control) {
        return Err(refuse("name", label, Problem::Invalid));
    }
    let existing = methods.iter().filter(|m| m.kind == kind_name(kind)).count();
    if existing >= MAX_OF_EACH {
        return Err(refuse(
            "name",
            &kind.label().to_lowercase(),
            Problem::LimitReached,
        ));
    }
    Ok(match (typed.is_empty(), existing) {
        (false, _) => typed.to_string(),
        (true, 0) => kind.label().to_string(),
        (true, n) => format!("{} {}", kind.label(), n + 1),
    })
}

/// This session's pending app or passkey of `kind`, or 404.
pub async fn own_pending(
    state: &AppState,
    signed_in: &SignedIn,
    id: &str,
    kind: MethodKind,
) -> Result<PendingMethod, AppError> {
    state
        .store
        .pending_method(id)
        .await?
        .filter(|pending| {
            pending.user_id == signed_in.user.id
                && pending.session_hash == signed_in.session_hash
                && pending.kind == kind_name(kind)
        })
        .ok_or(AppError::NotFound)
}
