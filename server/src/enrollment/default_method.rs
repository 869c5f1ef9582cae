//! Choosing the default way to verify, offered first in "Verify your identity". A change to
//! security info like any other: it needs a fresh verification, and is audited and told.

use latchkey_api::Problem;
use latchkey_api::types::Channel;

use crate::origin::Context;
use crate::security_info::changes;
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Session;
use crate::security_info::masks::shown_masked;
use crate::security_info::messages::Change;
use crate::store::Store;

/// Makes the person's method `method_id`, by `channel`, the way offered first.
pub async fn choose_default(
    store: &Store,
    cx: &Context<'_>,
    session: Session<'_>,
    method_id: &str,
    channel: Channel,
) -> Result<(), SecurityInfoError> {
    let user = session.user;
    let mut tx = store.transaction().await?;
    let methods = tx.methods(&user.id).await?;
    session.require_fresh(!methods.is_empty(), cx.now)?;
    let method = methods
        .iter()
        .find(|m| m.id == method_id)
        .ok_or(SecurityInfoError::NotFound)?;
    // Recovery codes are a last resort, never the way offered first.
    let reaches = method.kind.channels().contains(&channel);
    if !reaches || channel == Channel::RecoveryCode {
        let problem = Problem::Invalid;
        return Err(SecurityInfoError::refused(
            "channel",
            "way to verify",
            problem,
        ));
    }
    tx.set_default_method(&user.id, method.kind, channel)
        .await?;
    let change = Change::DefaultChanged(channel, shown_masked(method));
    let action = "default_method_changed";
    changes::record(&mut tx, cx, user, &methods, action, &change).await?;
    tx.commit().await?;
    Ok(())
}
