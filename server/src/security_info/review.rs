//! "Are your security info details still current?": after `reconfirm_days` without a review or
//! a change, the page asks; "Looks good" answers it.

use super::error::SecurityInfoError;
use super::freshness::{Session, Stale};
use crate::clock::Timestamp;
use crate::origin::Context;
use crate::store::{AuditEntry, Store, StoredMethod};

const DAY: i64 = 24 * 60 * 60;

/// Whether the person should be asked to review: they have methods, and neither a review nor a
/// new method happened in the last `reconfirm_days` (0: never ask).
pub async fn is_due(
    store: &Store,
    reconfirm_days: u32,
    user_id: &str,
    methods: &[StoredMethod],
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let days = i64::from(reconfirm_days);
    let Some(newest) = methods.iter().map(|m| m.created_at).max() else {
        return Ok(false);
    };
    if days == 0 {
        return Ok(false);
    }
    let reviewed = store.reviewed_at(user_id).await?.unwrap_or(newest);
    Ok(now - reviewed.max(newest) >= days * DAY)
}

/// "Looks good": the security info is still current; asked again after `reconfirm_days`. Only
/// a session that verified with a method may say so.
pub async fn confirm(
    store: &Store,
    cx: &Context<'_>,
    session: Session<'_>,
) -> Result<(), SecurityInfoError> {
    if session.record.verified_at.is_none() {
        return Err(Stale::Verification.into());
    }
    let user_id = &session.user.id;
    let mut tx = store.transaction().await?;
    tx.set_reviewed(user_id, cx.now).await?;
    let entry = AuditEntry {
        user_id,
        action: "security_info_reviewed",
        detail: "Confirmed the security info is still current.",
        ip: &cx.origin.ip,
        user_agent: &cx.origin.user_agent,
    };
    tx.audit(entry, cx.now).await?;
    tx.commit().await?;
    Ok(())
}
