//! A new password the directory would not set because it would not let Latchkey act: IT
//! support must act, and the audit log keeps the directory's words. Other refusals (the policy,
//! a wrong password, the directory away) are the person's answer and leave no entry.

use crate::directory::PasswordRefused;
use crate::origin::Context;
use crate::store::{AuditEntry, Store, Tx, User};

/// Audits the refusal under `failed_action` if IT support must act on it.
pub async fn audit(
    tx: &mut Tx,
    cx: &Context<'_>,
    user: &User,
    refused: &PasswordRefused,
    failed_action: &str,
) -> Result<(), sqlx::Error> {
    let PasswordRefused::NotAllowed(reason) = refused else {
        return Ok(());
    };
    let entry = AuditEntry {
        user_id: &user.id,
        action: failed_action,
        detail: &format!("The directory did not change the password: {reason}"),
        ip: &cx.origin.ip,
        user_agent: &cx.origin.user_agent,
    };
    tx.audit(entry, cx.now).await
}

/// The same, kept at once in a transaction of its own: the refusal is the action's whole outcome.
pub async fn record(
    store: &Store,
    cx: &Context<'_>,
    user: &User,
    refused: &PasswordRefused,
    failed_action: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = store.transaction().await?;
    audit(&mut tx, cx, user, refused, failed_action).await?;
    tx.commit().await
}
