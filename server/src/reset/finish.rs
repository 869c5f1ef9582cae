//! The reset's end (security.md 14–15). The directory acts first — it sets the new password, or
//! unlocks the account keeping it — and then ONE transaction finishes the reset: every open
//! reset and code is void (and, for a new password, every session and half-done registration
//! ends), the sign-in waits are forgotten, the audit entry is written and the notice to every
//! address is queued. A kill leaves all of it or none.

use super::error::ResetError;
use super::flow;
use super::notices;
use crate::directory::Directory;
use crate::messaging::reach::Reach;
use crate::origin::Context;
use crate::password_change::refused;
use crate::store::{AuditEntry, Ending, Store, User};

/// Sets the new password of the token's proven reset and finishes it; returns whose it was.
pub async fn set_password(
    store: &Store,
    directory: &Directory,
    cx: &Context<'_>,
    token: Option<&str>,
    new: &str,
) -> Result<User, ResetError> {
    let user = flow::proven(store, token, cx.now).await?;
    if let Err(refusal) = directory.set_password(cx.config, &user, new).await {
        // Kept whatever the answer: the tally, and what IT support must see.
        let mut tx = store.transaction().await?;
        tx.tally("reset_refused", cx.now).await?;
        refused::audit(&mut tx, cx, &user, &refusal, "password_reset_failed").await?;
        tx.commit().await?;
        return Err(ResetError::Refused(refusal));
    }
    // At once: a stranger's try counted after the directory forgot its failures and before
    // Latchkey forgets its own would be lost to the count.
    directory.password_was_reset(store, &user).await?;
    let detail = "The password was reset with self-service password reset.";
    let ended = (Ending::NewPassword, "password_reset", detail);
    finish(store, cx, &user, ended, Some("reset_completed")).await?;
    Ok(user)
}

/// "I know my password": unlocks the account of the token's proven reset, keeping its password
/// and its sessions, and finishes the reset; returns whose it was.
pub async fn unlock(
    store: &Store,
    directory: &Directory,
    cx: &Context<'_>,
    token: Option<&str>,
) -> Result<User, ResetError> {
    let user = flow::proven(store, token, cx.now).await?;
    if let Err(refusal) = directory.unlock(&user).await {
        refused::record(store, cx, &user, &refusal, "account_unlock_failed").await?;
        return Err(ResetError::Refused(refusal));
    }
    let detail =
        "The account was unlocked with self-service password reset; the password is unchanged.";
    let ended = (Ending::Unlocked, "account_unlocked", detail);
    finish(store, cx, &user, ended, None).await?;
    Ok(user)
}

/// Finishes the reset `ended` (how, audited as what, with which words) in one transaction,
/// with its notices, counted under `tally` if given.
async fn finish(
    store: &Store,
    cx: &Context<'_>,
    user: &User,
    (ending, action, detail): (Ending, &str, &str),
    tally: Option<&str>,
) -> Result<(), sqlx::Error> {
    let entry = AuditEntry {
        user_id: &user.id,
        action,
        detail,
        ip: &cx.origin.ip,
        user_agent: &cx.origin.user_agent,
    };
    let reach = Reach::now(store, cx.config, cx.now).await?;
    let mut tx = store.transaction().await?;
    tx.finish_reset(user, ending, entry, cx.now).await?;
    notices::queue(&mut tx, cx, &reach, user, ending).await?;
    if let Some(tally) = tally {
        tx.tally(tally, cx.now).await?;
    }
    tx.commit().await
}
