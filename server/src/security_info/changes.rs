//! After every change to security info: an audit record and a notice to every address the user
//! had before the change (security.md 22).

use crate::delivery::Channel;
use crate::origin::Context;
use crate::security_info::messages::{Change, Language, change_notice};
use crate::store::{AuditEntry, NewDelivery, StoredMethod, Tx, User};
use latchkey_api::types::MethodKind;

/// Audits a change and tells the user about it at their work address and any enrolled email
/// that existed before the change.
pub async fn record(
    tx: &mut Tx,
    cx: &Context<'_>,
    user: &User,
    methods_before: &[StoredMethod],
    action: &str,
    change: &Change,
) -> Result<(), sqlx::Error> {
    let entry = AuditEntry {
        user_id: &user.id,
        action,
        detail: &change.describe(Language::English),
        ip: &cx.origin.ip,
        user_agent: &cx.origin.user_agent,
    };
    tx.audit(entry, cx.now).await?;
    let (subject, body) = change_notice(
        cx.language_for(user),
        &cx.config.organisation_name,
        change,
        &cx.config.helpdesk_url,
    );
    let mut addresses = vec![user.email.clone()];
    addresses.extend(
        methods_before
            .iter()
            .filter(|m| m.kind == MethodKind::Email && m.target != user.email)
            .map(|m| m.target.clone()),
    );
    for address in addresses {
        let message = NewDelivery {
            channel: Channel::Email,
            recipient: &address,
            subject: &subject,
            body: &body,
            code: None,
        };
        tx.enqueue(message, cx.now).await?;
    }
    Ok(())
}
