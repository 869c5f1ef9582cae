//! The names of methods and of the ways they prove someone, in the page's language.

use latchkey_api::types::{Channel, MethodKind};

use super::{t, tr};

/// The name of a kind of method: "Phone", "Authenticator app".
pub fn kind_name(kind: MethodKind) -> String {
    t(match kind {
        MethodKind::Phone => "kind.phone",
        MethodKind::AlternatePhone => "kind.alternate_phone",
        MethodKind::Email => "kind.email",
        MethodKind::AuthenticatorApp => "kind.authenticator_app",
        MethodKind::Passkey => "kind.passkey",
        MethodKind::RecoveryCodes => "kind.recovery_codes",
    })
}

/// What verifying this way does, with its target: "Text +1 ••••••0123", "Use a passkey".
pub fn way_to(channel: Channel, target: &str) -> String {
    let key = match channel {
        Channel::Sms => "way.text",
        Channel::Voice => "way.call",
        Channel::Email => "way.email",
        Channel::App => "way.app",
        Channel::Passkey => "way.passkey",
        Channel::RecoveryCode => "way.recovery_code",
    };
    tr(key, &[("target", target)])
}

/// The name of a kind of method inside a sentence: "phone" ("Delete phone?").
pub fn kind_in_sentence(kind: MethodKind) -> String {
    t(match kind {
        MethodKind::Phone => "kind_in_sentence.phone",
        MethodKind::AlternatePhone => "kind_in_sentence.alternate_phone",
        MethodKind::Email => "kind_in_sentence.email",
        MethodKind::AuthenticatorApp => "kind_in_sentence.authenticator_app",
        MethodKind::Passkey => "kind_in_sentence.passkey",
        MethodKind::RecoveryCodes => "kind_in_sentence.recovery_codes",
    })
}
