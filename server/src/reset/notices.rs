//! How a reset ended, told to the person at the work address, every personal email and every
//! phone (by text); apps, passkeys and recovery codes have nowhere to send to.

use latchkey_api::types::{Channel, MethodKind};

use crate::origin::Context;
use crate::security_info::messages::reset_notice;
use crate::store::{Ending, NewDelivery, Tx, User};

/// Queues the notices in the reset's finishing transaction.
pub async fn queue(
    tx: &mut Tx,
    cx: &Context<'_>,
    user: &User,
    ending: Ending,
) -> Result<(), sqlx::Error> {
    let methods = tx.methods(&user.id).await?;
    let mut recipients = vec![(Channel::Email, user.email.clone())];
    for method in &methods {
        let channel = match method.kind {
            MethodKind::Email => Channel::Email,
            MethodKind::Phone | MethodKind::AlternatePhone => Channel::Sms,
            MethodKind::AuthenticatorApp | MethodKind::Passkey | MethodKind::RecoveryCodes => {
                continue;
            }
        };
        if !recipients.iter().any(|(_, to)| *to == method.target) {
            recipients.push((channel, method.target.clone()));
        }
    }
    for (channel, to) in recipients {
        let (subject, body) = reset_notice(
            cx.language_for(user),
            &cx.config.organisation_name,
            &cx.config.helpdesk_url,
            ending,
            channel == Channel::Email,
        );
        let message = NewDelivery {
            channel,
            recipient: &to,
            subject: &subject,
            body: &body,
            code: None,
        };
        tx.enqueue(message, cx.now).await?;
    }
    Ok(())
}
