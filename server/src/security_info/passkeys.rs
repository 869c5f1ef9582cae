//! Passkeys and security keys (security.md 34–36) through webauthn-rs: the relying party from
//! the settings, and the two ceremonies' options as the browser's JSON forms take them
//! (`PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON`).

use std::time::Duration;

use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Uuid, Webauthn, WebauthnBuilder, WebauthnError,
};

use crate::config::Config;

/// A ceremony must be answered within this many seconds.
pub const CEREMONY_LIFETIME: i64 = 5 * 60;

/// The relying party: the settings' domain and origin allowlist, and the organisation's name.
pub fn relying_party(config: &Config) -> anyhow::Result<Webauthn> {
    let (first, others) = config
        .passkey_origins
        .split_first()
        .ok_or_else(|| anyhow::anyhow!("passkey_origins must name at least one address"))?;
    let mut builder = WebauthnBuilder::new(&config.passkey_rp_id, first)?
        .rp_name(&config.organisation_name)
        .timeout(Duration::from_secs(CEREMONY_LIFETIME as u64));
    for origin in others {
        builder = builder.append_allowed_origin(origin);
    }
    Ok(builder.build()?)
}

/// Why a ceremony failed.
#[derive(Debug, PartialEq, Eq)]
pub enum PasskeyError {
    /// The browser's answer or the kept state could not be read.
    Malformed,
    /// The passkey's counter went backwards: it may have been copied.
    CounterWentBack,
    /// The answer did not check out (challenge, origin, signature, user verification…).
    Refused,
}

impl From<WebauthnError> for PasskeyError {
    fn from(error: WebauthnError) -> Self {
        match error {
            WebauthnError::CredentialPossibleCompromise => Self::CounterWentBack,
            _ => Self::Refused,
        }
    }
}

/// A random user handle (WebAuthn `user.id`): nothing personal in it.
pub fn new_user_handle() -> String {
    Uuid::from_bytes(rand::random()).to_string()
}

/// Starts registering a passkey for the person with this handle and name, excluding the ones
/// they have; returns the browser's options and the state to keep.
pub fn start_registration(
    webauthn: &Webauthn,
    handle: &str,
    account: &str,
    display_name: &str,
    existing: &[Passkey],
) -> Result<(serde_json::Value, String), PasskeyError> {
    let handle = Uuid::parse_str(handle).map_err(|_| PasskeyError::Malformed)?;
    let exclude = existing.iter().map(|p| p.cred_id().clone()).collect();
    let (options, state) =
        webauthn.start_passkey_registration(handle, account, display_name, Some(exclude))?;
    Ok((public_key_of(&options), to_text(&state)))
}

/// Finishes a registration: the new passkey, if the browser's answer checks out.
pub fn finish_registration(
    webauthn: &Webauthn,
    answer: &serde_json::Value,
    state: &str,
) -> Result<Passkey, PasskeyError> {
    let answer: RegisterPublicKeyCredential = from_value(answer)?;
    let state: PasskeyRegistration = from_text(state)?;
    Ok(webauthn.finish_passkey_registration(&answer, &state)?)
}

/// Starts proving one of these passkeys; returns the browser's options and the state to keep.
pub fn start_authentication(
    webauthn: &Webauthn,
    passkeys: &[Passkey],
) -> Result<(serde_json::Value, String), PasskeyError> {
    let (options, state) = webauthn.start_passkey_authentication(passkeys)?;
    Ok((public_key_of(&options), to_text(&state)))
}

/// The options of a challenge that no passkey can answer (a decoy's): the relying party's own
/// fresh challenge, timeout and policy, listing `credentials` (ID, transports) — shaped exactly
/// as [`start_authentication`]'s are.
pub fn decoy_request(
    webauthn: &Webauthn,
    credentials: &[(Vec<u8>, &[&str])],
) -> Result<serde_json::Value, PasskeyError> {
    let (options, _) = webauthn.start_discoverable_authentication()?;
    let mut request = public_key_of(&options);
    let listed: Vec<serde_json::Value> = credentials
        .iter()
        .map(|(id, transports)| {
            serde_json::json!({
                "type": "public-key",
                "id": credential_id_text(id),
                "transports": transports,
            })
        })
        .collect();
    if let Some(fields) = request.as_object_mut() {
        // A passkey request names its credentials and asks for no extensions.
        fields.remove("extensions");
        fields.insert("allowCredentials".into(), listed.into());
    }
    Ok(request)
}

/// What a checked passkey answer says: which passkey, and whether its stored record changed.
pub struct Proven {
    pub credential_id: Vec<u8>,
    pub result: webauthn_rs::prelude::AuthenticationResult,
}

/// Checks the browser's answer against the kept state (challenge, origin, rpIdHash, user
/// presence and verification, signature, counter).
pub fn finish_authentication(
    webauthn: &Webauthn,
    answer: &serde_json::Value,
    state: &str,
) -> Result<Proven, PasskeyError> {
    let answer: PublicKeyCredential = from_value(answer)?;
    let state: PasskeyAuthentication = from_text(state)?;
    let result = webauthn.finish_passkey_authentication(&answer, &state)?;
    Ok(Proven {
        credential_id: result.cred_id().to_vec(),
        result,
    })
}

/// The `publicKey` member of an options object: what the browser's JSON parsers take.
fn public_key_of(options: &impl serde::Serialize) -> serde_json::Value {
    let mut value = serde_json::to_value(options).unwrap_or_default();
    value
        .get_mut("publicKey")
        .map(serde_json::Value::take)
        .unwrap_or_default()
}

fn to_text(state: &impl serde::Serialize) -> String {
    serde_json::to_string(state).unwrap_or_default()
}

fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, PasskeyError> {
    serde_json::from_str(text).map_err(|_| PasskeyError::Malformed)
}

fn from_value<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<T, PasskeyError> {
    serde_json::from_value(value.clone()).map_err(|_| PasskeyError::Malformed)
}

/// A stored passkey record.
pub fn passkey_of(text: &str) -> Option<Passkey> {
    serde_json::from_str(text).ok()
}

/// A passkey record as stored.
pub fn stored(passkey: &Passkey) -> String {
    to_text(passkey)
}

/// The longest credential ID accepted, in bytes (WebAuthn Level 3; security.md 35).
const CREDENTIAL_ID_MAX: usize = 1023;

/// The credential ID as stored: base64url without padding.
pub fn credential_id_text(id: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

/// A new passkey's credential ID as stored, unless it is longer than WebAuthn allows.
pub fn accepted_credential_id(id: &[u8]) -> Option<String> {
    (id.len() <= CREDENTIAL_ID_MAX).then(|| credential_id_text(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_ids_longer_than_webauthn_allows_are_refused() {
        assert_eq!(accepted_credential_id(&[0xfb; 3]).as_deref(), Some("-_v7"));
        assert!(accepted_credential_id(&[7; 1023]).is_some());
        assert_eq!(accepted_credential_id(&[7; 1024]), None);
    }
}
