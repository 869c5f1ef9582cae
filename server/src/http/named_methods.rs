//! What adding an app or a passkey shares: the freshness rule, its name and the limit on how
//! many, the record kept until the same session proves it, and registering it once proven.

use latchkey_api::Problem;
use latchkey_api::types::MethodKind;

use latchkey_api::types::{Channel, MethodInfo};

use super::auth::{SignedIn, step_up};
use super::challenges::{refuse, registered};
use super::error::AppError;
use super::json::Json;
use super::security_info::method_info;
use super::step_up::require_fresh;
use crate::clock::Timestamp;
use crate::origin::Origin;
use crate::security_info::messages::{self, Language};
use crate::state::AppState;
use crate::store::{NewHeldMethod, PendingMethod, StoredMethod, new_id};
use axum_extra::extract::CookieJar;

/// The longest name, in characters.
const NAME_MAX: usize = 64;
/// The most apps, and the most passkeys, one person may have.
pub const MAX_OF_EACH: usize = 5;

/// The name to list a new app or passkey under: the one typed, or the kind's name in the
/// person's language, numbered after the ones there ("Passkey 2").
fn name_for(
    typed: &str,
    kind: MethodKind,
    language: Language,
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
    let existing = methods.iter().filter(|m| m.kind == kind).count();
    if existing >= MAX_OF_EACH {
        return Err(refuse(
            "name",
            &kind.label().to_lowercase(),
            Problem::LimitReached,
        ));
    }
    let default = messages::kind_label(language, kind);
    Ok(match (typed.is_empty(), existing) {
        (false, _) => typed.to_string(),
        (true, 0) => default.to_string(),
        (true, n) => format!("{default} {}", n + 1),
    })
}

/// Before adding an app or passkey: a recent sign-in (and verification, once any method exists)
/// and an acceptable name; returns the name.
pub async fn begin(
    state: &AppState,
    signed_in: &SignedIn,
    client: &Origin,
    kind: MethodKind,
    typed_name: &str,
) -> Result<String, AppError> {
    let now = state.clock.now();
    let methods = state.store.methods(&signed_in.user.id).await?;
    require_fresh(signed_in, !methods.is_empty(), now)?;
    let language = state.config.language_for(&signed_in.user, client.language);
    let name = name_for(typed_name, kind, language, &methods)?;
    state
        .store
        .autocommit()
        .await?
        .forget_expired_pending_methods(now)
        .await?;
    Ok(name)
}

/// Keeps an app or passkey being added, with what proves it later (`kept`), until `expires_at`.
pub async fn keep_pending(
    state: &AppState,
    signed_in: &SignedIn,
    kind: MethodKind,
    name: String,
    kept: String,
    expires_at: Timestamp,
) -> Result<String, AppError> {
    let pending = PendingMethod {
        id: new_id(),
        user_id: signed_in.user.id.clone(),
        session_hash: signed_in.session_hash.clone(),
        kind,
        name,
        state: kept,
        failures: 0,
        expires_at,
    };
    state
        .store
        .autocommit()
        .await?
        .create_pending_method(&pending)
        .await?;
    Ok(pending.id)
}

/// Registers a proven app or passkey: the session counts as verified under a new ID (it just
/// proved a method; the cookie comes back), and the change is audited and told.
pub async fn register(
    state: &AppState,
    signed_in: &SignedIn,
    client: &Origin,
    method: NewHeldMethod<'_>,
    channel: Channel,
) -> Result<(CookieJar, Json<MethodInfo>), AppError> {
    let now = state.clock.now();
    let before = state.store.methods(&signed_in.user.id).await?;
    // Still fresh enough to change security info, as when adding it began (security.md 21).
    require_fresh(signed_in, !before.is_empty(), now)?;
    let method = state
        .store
        .autocommit()
        .await?
        .add_held_method(method, now)
        .await?;
    let renewed = step_up(state, signed_in).await?;
    registered(state, signed_in, client, &before, &method, channel, false).await?;
    Ok((renewed, Json(method_info(&method))))
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
                && pending.kind == kind
        })
        .ok_or(AppError::NotFound)
}
