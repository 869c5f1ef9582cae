//! How a reset ended, told to the person at the work address, every personal email and every
//! phone texts may reach now (security.md 61: never a premium number, a closed or paused country,
//! or past the day's cap or budget; each text paid for in the day's spend); apps, passkeys and
//! recovery codes have nowhere to send to.

use latchkey_api::types::{Channel, MethodKind};

use crate::messaging::caps;
use crate::messaging::reach::Reach;
use crate::origin::Context;
use crate::security_info::messages::reset_notice;
use crate::store::{Ending, NewDelivery, Tx, User};

/// Queues the notices in the reset's finishing transaction; `reach` says which phones texts
/// may reach.
pub async fn queue(
    tx: &mut Tx,
    cx: &Context<'_>,
    reach: &Reach<'_>,
    user: &User,
    ending: Ending,
) -> Result<(), sqlx::Error> {
    let methods = tx.methods(&user.id).await?;
    let mut recipients = vec![(Channel::Email, user.email.clone())];
    for method in &methods {
        let channel = match method.kind {
            MethodKind::Email => Channel::Email,
            MethodKind::Phone | MethodKind::AlternatePhone => {
                if reach.of_method(method, Channel::Sms).is_some() {
                    continue;
                }
                Channel::Sms
            }
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
        if channel == Channel::Sms {
            caps::count_notice(tx, cx, &to).await?;
        }
    }
    Ok(())
}
