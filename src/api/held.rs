//! Endpoints for what the person holds: adding an authenticator app or a passkey, new recovery
//! codes, a passkey's answer to a challenge, and "Looks good" on the review.

use gloo_net::http::Method;
use latchkey_api::routes;
use latchkey_api::types::{
    AuthenticatorSetup, CodeSubmission, MethodInfo, NewNamedMethod, PasskeyCredential,
    PasskeySetup, RecoveryCodes, ResetPasskey,
};

use super::failure::Failure;
use super::flow::{Flow, Proven};
use super::request::request;

/// Starts adding an authenticator app: its key and QR code.
pub async fn start_authenticator(name: &str) -> Result<AuthenticatorSetup, Failure> {
    let body = NewNamedMethod { name: name.into() };
    request(Method::POST, routes::AUTHENTICATORS, Some(&body)).await
}

/// Registers the app being added with the code it shows.
pub async fn confirm_authenticator(id: &str, code: &str) -> Result<MethodInfo, Failure> {
    let body = CodeSubmission { code: code.into() };
    request(Method::POST, &routes::authenticator_code(id), Some(&body)).await
}

/// Starts adding a passkey: the options for the browser's prompt.
pub async fn start_passkey(name: &str) -> Result<PasskeySetup, Failure> {
    let body = NewNamedMethod { name: name.into() };
    request(Method::POST, routes::PASSKEYS, Some(&body)).await
}

/// Registers the passkey the browser made.
pub async fn finish_passkey(
    id: &str,
    credential: serde_json::Value,
) -> Result<MethodInfo, Failure> {
    let body = PasskeyCredential { credential };
    request(Method::POST, &routes::passkey(id), Some(&body)).await
}

/// A new set of recovery codes; the old set stops working.
pub async fn new_recovery_codes() -> Result<RecoveryCodes, Failure> {
    request(Method::POST, routes::RECOVERY_CODES, None::<&()>).await
}

/// Answers a passkey challenge with what the browser's prompt returned.
pub async fn submit_passkey(
    flow: Flow,
    challenge: &str,
    credential: serde_json::Value,
) -> Result<Proven, Failure> {
    match flow {
        Flow::Session => {
            let body = PasskeyCredential { credential };
            let path = routes::challenge_passkey(challenge);
            request(Method::POST, &path, Some(&body))
                .await
                .map(Proven::Session)
        }
        Flow::Reset => {
            let body = ResetPasskey {
                challenge: challenge.into(),
                credential,
            };
            request(Method::POST, routes::RESET_PASSKEY, Some(&body))
                .await
                .map(Proven::Reset)
        }
    }
}

/// "Looks good": the security info is still current.
pub async fn reviewed() -> Result<(), Failure> {
    request(Method::POST, routes::REVIEW, None::<&()>).await
}
