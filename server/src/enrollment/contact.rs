//! Starting to add (or change) a phone or email: the number or address is checked, and a code
//! is sent to it; proving it registers it ([`crate::proof::prove`]).

use latchkey_api::Problem;
use latchkey_api::types::{Challenge, EnrollmentRequest, MethodKind};

use crate::origin::Context;
use crate::proof::{Owner, check_channel, issue};
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Session;
use crate::security_info::{email, phone};
use crate::store::{Purpose, Store};

/// Validates the new phone or email and sends a code to it, within the send limits.
pub async fn start(
    store: &Store,
    cx: &Context<'_>,
    session: Session<'_>,
    request: &EnrollmentRequest,
) -> Result<Challenge, SecurityInfoError> {
    let methods = store.methods(&session.user.id).await?;
    session.require_fresh(!methods.is_empty(), cx.now)?;
    check_channel(request.kind, request.channel)?;
    let refused = SecurityInfoError::refused;
    let target = match request.kind {
        MethodKind::Email => {
            let email = email::stored_form(request.email.as_deref().unwrap_or_default())
                .map_err(|p| refused("email", "email address", p))?;
            if cx.config.is_organisation_address(&email) {
                return Err(refused("email", "email address", Problem::WorkAddress));
            }
            email
        }
        MethodKind::Phone | MethodKind::AlternatePhone => {
            let country = request.country.as_deref().unwrap_or_default();
            let number = request.number.as_deref().unwrap_or_default();
            phone::to_e164(country, number).map_err(|p| refused("number", "phone number", p))?
        }
        // Added through their own endpoints: nothing is sent to them.
        MethodKind::AuthenticatorApp | MethodKind::Passkey | MethodKind::RecoveryCodes => {
            return Err(refused("kind", "method", Problem::Invalid));
        }
    };
    let owner = Owner::of(&session);
    let (kind, channel) = (request.kind, request.channel);
    issue(store, cx, &owner, Purpose::Enroll, kind, channel, &target).await
}
