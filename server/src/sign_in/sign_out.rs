//! Signing out: of this session, or of every one ("Sign out everywhere", for a lost phone or
//! laptop) — every session ends, codes on their way and half-added apps or passkeys stop
//! working, and the change is audited and told, all in one transaction.

use crate::origin::Context;
use crate::security_info::changes;
use crate::security_info::messages::Change;
use crate::store::{SessionRecord, Store, User};

/// Why the sessions did not end.
#[derive(Debug, thiserror::Error)]
pub enum SignOutError {
    /// A person with methods must have verified in this session first.
    #[error("verify your identity first")]
    VerificationRequired,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Ends the session whose ID hashes to `hash`.
pub async fn this_session(store: &Store, hash: &str) -> Result<(), sqlx::Error> {
    let mut tx = store.transaction().await?;
    tx.delete_session(hash).await?;
    tx.commit().await
}

/// Ends every session of `user`, asked from `session`.
pub async fn everywhere(
    store: &Store,
    cx: &Context<'_>,
    user: &User,
    session: &SessionRecord,
) -> Result<(), SignOutError> {
    let mut tx = store.transaction().await?;
    let methods = tx.methods(&user.id).await?;
    if !methods.is_empty() && session.verified_at.is_none() {
        return Err(SignOutError::VerificationRequired);
    }
    let ended = tx.delete_sessions_of(&user.id).await?;
    tx.void_challenges_of(&user.id, cx.now).await?;
    tx.forget_pending_methods_of(&user.id).await?;
    let change = &Change::SignedOutEverywhere(ended);
    changes::record(&mut tx, cx, user, &methods, "signed_out_everywhere", change).await?;
    Ok(tx.commit().await?)
}
