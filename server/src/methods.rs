//! Removing a registered method, by its owner or by IT support: the method (recovery codes with
//! their codes) goes, and the change is audited and told to every address the person had, all in
//! the action's transaction.

use latchkey_api::types::MethodKind;

use crate::origin::Context;
use crate::security_info::changes;
use crate::security_info::masks::shown_masked;
use crate::security_info::messages::Change;
use crate::store::{Store, Tx, User};

/// Why a method was not removed.
#[derive(Debug, thiserror::Error)]
pub enum RemoveError {
    /// The person has no method with that ID.
    #[error("no such method")]
    NoSuchMethod,
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// Removes one of `user`'s methods in `tx`, audits it as `action` and queues the notices to
/// every address they had before.
pub async fn remove(
    tx: &mut Tx,
    cx: &Context<'_>,
    user: &User,
    id: &str,
    action: &str,
) -> Result<(), RemoveError> {
    let before = tx.methods(&user.id).await?;
    let deleted = tx
        .delete_method(&user.id, id)
        .await?
        .ok_or(RemoveError::NoSuchMethod)?;
    if deleted.kind == MethodKind::RecoveryCodes {
        tx.replace_recovery_codes(&user.id, &[]).await?;
    }
    let change = Change::Removed(deleted.kind, shown_masked(&deleted));
    changes::record(tx, cx, user, &before, action, &change).await?;
    Ok(())
}

/// The person removes one of their own methods: one transaction.
pub async fn remove_own(
    store: &Store,
    cx: &Context<'_>,
    user: &User,
    id: &str,
) -> Result<(), RemoveError> {
    let mut tx = store.transaction().await?;
    remove(&mut tx, cx, user, id, "method_deleted").await?;
    tx.commit().await?;
    Ok(())
}
