//! A new set of ten recovery codes, shown this once: the old set stops working and the person
//! is told.

use latchkey_api::types::{Channel, MethodKind};

use crate::origin::Context;
use crate::security_info::changes;
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Session;
use crate::security_info::messages::Change;
use crate::security_info::recovery::{self, SET_SIZE};
use crate::security_info::registration::registered;
use crate::store::Store;

/// Makes ten new codes, voiding any earlier set; the person holds them now, so the session
/// counts as verified under the ID whose hash is `renewed_hash`. Returns the codes.
pub async fn new_recovery_codes(
    store: &Store,
    cx: &Context<'_>,
    session: Session<'_>,
    renewed_hash: &str,
) -> Result<Vec<String>, SecurityInfoError> {
    let (user, now) = (session.user, cx.now);
    let codes: Vec<String> = (0..SET_SIZE).map(|_| recovery::new_code()).collect();
    let hashes: Vec<String> = codes
        .iter()
        .map(|code| recovery::hash(&user.id, code))
        .collect();
    let mut tx = store.transaction().await?;
    let before = tx.methods(&user.id).await?;
    session.require_fresh(!before.is_empty(), now)?;
    tx.replace_recovery_codes(&user.id, &hashes).await?;
    let kind = MethodKind::RecoveryCodes;
    let renewed = before.iter().any(|m| m.kind == kind);
    let method = tx.put_method(&user.id, kind, "", now).await?;
    tx.verify_session(session.hash, renewed_hash, now).await?;
    if renewed {
        let change = Change::RecoveryCodesRenewed;
        let action = "recovery_codes_renewed";
        changes::record(&mut tx, cx, user, &before, action, &change).await?;
    } else {
        let channel = Channel::RecoveryCode;
        registered(&mut tx, cx, user, &before, &method, channel, false).await?;
    }
    tx.commit().await?;
    Ok(codes)
}
