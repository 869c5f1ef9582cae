//! What adding an app or a passkey shares: the freshness rule, its name and the limit on how
//! many, the record kept until the same session proves it, and registering it once proven.

use latchkey_api::Problem;
use latchkey_api::types::{Channel, MethodKind};

use crate::clock::Timestamp;
use crate::origin::Context;
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Session;
use crate::security_info::messages::{self, Language};
use crate::security_info::registration::registered;
use crate::store::{NewHeldMethod, PendingMethod, Store, StoredMethod, Tx, new_id};

/// The longest name, in characters.
const NAME_MAX: usize = 64;
/// The most apps, and the most passkeys, one person may have.
const MAX_OF_EACH: usize = 5;

/// The name to list a new app or passkey under: the one typed, or the kind's name in the
/// person's language, numbered after the ones there ("Passkey 2").
fn name_for(
    typed: &str,
    kind: MethodKind,
    language: Language,
    methods: &[StoredMethod],
) -> Result<String, SecurityInfoError> {
    let typed = typed.trim();
    let refused = SecurityInfoError::refused;
    let label = "name";
    if typed.chars().count() > NAME_MAX {
        return Err(refused("name", label, Problem::TooLong));
    }
    if typed.chars().any(char::is_control) {
        return Err(refused("name", label, Problem::Invalid));
    }
    let existing = methods.iter().filter(|m| m.kind == kind).count();
    if existing >= MAX_OF_EACH {
        let label = kind.label().to_lowercase();
        return Err(refused("name", &label, Problem::LimitReached));
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
pub(super) async fn begin(
    store: &Store,
    cx: &Context<'_>,
    session: Session<'_>,
    kind: MethodKind,
    typed_name: &str,
) -> Result<String, SecurityInfoError> {
    let methods = store.methods(&session.user.id).await?;
    session.require_fresh(!methods.is_empty(), cx.now)?;
    name_for(typed_name, kind, cx.language_for(session.user), &methods)
}

/// Keeps an app or passkey being added, with what proves it later (`kept`), until `expires_at`
/// (forgetting the ones whose time is up); returns its ID.
pub(super) async fn keep_pending(
    store: &Store,
    session: Session<'_>,
    kind: MethodKind,
    name: String,
    kept: String,
    now: Timestamp,
    expires_at: Timestamp,
) -> Result<String, sqlx::Error> {
    let pending = PendingMethod {
        id: new_id(),
        user_id: session.user.id.clone(),
        session_hash: session.hash.to_string(),
        kind,
        name,
        state: kept,
        failures: 0,
        expires_at,
    };
    let mut tx = store.transaction().await?;
    tx.forget_expired_pending_methods(now).await?;
    tx.create_pending_method(&pending).await?;
    tx.commit().await?;
    Ok(pending.id)
}

/// This session's pending app or passkey of `kind`.
pub(super) async fn own_pending(
    store: &Store,
    session: Session<'_>,
    id: &str,
    kind: MethodKind,
) -> Result<PendingMethod, SecurityInfoError> {
    store
        .pending_method(id)
        .await?
        .filter(|pending| {
            pending.user_id == session.user.id
                && pending.session_hash == session.hash
                && pending.kind == kind
        })
        .ok_or(SecurityInfoError::NotFound)
}

/// Registers a proven app or passkey in the action's `tx`: the session counts as verified under
/// the ID whose hash is `renewed_hash` (it just proved a method), and the change is audited and
/// told.
pub(super) async fn register(
    tx: &mut Tx,
    cx: &Context<'_>,
    session: Session<'_>,
    method: NewHeldMethod<'_>,
    channel: Channel,
    renewed_hash: &str,
) -> Result<StoredMethod, SecurityInfoError> {
    let user = session.user;
    let before = tx.methods(&user.id).await?;
    // Still fresh enough to change security info, as when adding it began (security.md 21).
    session.require_fresh(!before.is_empty(), cx.now)?;
    let method = tx.add_held_method(method, cx.now).await?;
    tx.verify_session(session.hash, renewed_hash, cx.now)
        .await?;
    registered(tx, cx, user, &before, &method, channel, false).await?;
    Ok(method)
}
