//! After a method is registered, in the same transaction: the first one — or the first after
//! the default's method went — becomes the default, reached the way it was just proven; the
//! change is audited and told (security.md 22).

use latchkey_api::types::Channel;

use super::changes;
use super::masks::shown_masked;
use super::messages::Change;
use crate::origin::Context;
use crate::store::{StoredMethod, Tx, User};

/// Records `method`, just registered (`replaced`: it took the place of one of its kind), in the
/// action's `tx`; `before` are the person's methods before it.
pub async fn registered(
    tx: &mut Tx,
    cx: &Context<'_>,
    user: &User,
    before: &[StoredMethod],
    method: &StoredMethod,
    channel: Channel,
    replaced: bool,
) -> Result<(), sqlx::Error> {
    let default_kept = tx
        .default_method(&user.id)
        .await?
        .is_some_and(|(kind, _)| kind == method.kind || before.iter().any(|m| m.kind == kind));
    if !default_kept && channel != Channel::RecoveryCode {
        tx.set_default_method(&user.id, method.kind, channel)
            .await?;
    }
    let (kind, shown) = (method.kind, shown_masked(method));
    let (action, change) = if replaced {
        ("method_changed", Change::Changed(kind, shown))
    } else {
        ("method_added", Change::Added(kind, shown))
    };
    changes::record(tx, cx, user, before, action, &change).await
}
