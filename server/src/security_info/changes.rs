//! After every change to security info: an audit record and a notice to every address the user
//! had before the change (security.md 22).

use crate::delivery::{self, Channel, Message};
use crate::origin::Origin;
use crate::security_info::messages::{Change, Language, change_notice};
use crate::state::AppState;
use crate::store::{AuditEntry, StoredMethod, User};
use latchkey_api::types::MethodKind;

/// Audits a change and tells the user about it at their work address and any enrolled email
/// that existed before the change.
pub async fn record(
    state: &AppState,
    user: &User,
    methods_before: &[StoredMethod],
    client: &Origin,
    action: &str,
    change: &Change,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    state
        .store
        .autocommit()
        .await?
        .audit(
            AuditEntry {
                user_id: &user.id,
                action,
                detail: &change.describe(Language::English),
                ip: &client.ip,
                user_agent: &client.user_agent,
            },
            now,
        )
        .await?;
    let config = &state.config;
    let (subject, body) = change_notice(
        config.language_for(user, client.language),
        &config.organisation_name,
        change,
        &config.helpdesk_url,
    );
    let mut addresses = vec![user.email.clone()];
    addresses.extend(
        methods_before
            .iter()
            .filter(|m| m.kind == MethodKind::Email && m.target != user.email)
            .map(|m| m.target.clone()),
    );
    for address in addresses {
        let message = Message {
            channel: Channel::Email,
            to: &address,
            subject: &subject,
            body: &body,
            code: None,
        };
        delivery::enqueue(state, message).await?;
    }
    Ok(())
}
