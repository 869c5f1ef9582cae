//! The API client: one typed function per endpoint, each a one-line call of [`request`].

mod failure;
mod request;

pub use failure::Failure;
pub use request::request;

use gloo_net::http::Method;
use latchkey_api::routes;
use latchkey_api::types::{
    Challenge, ChallengePassed, ChallengeStatus, CodeSubmission, DefaultMethod, EnrollmentRequest,
    KeyPresses, Me, OutboxEntry, PublicConfig, SecurityInfo, SignInRequest, VerificationOption,
    VerificationRequest,
};

/// The organisation's public settings.
pub async fn config() -> Result<PublicConfig, Failure> {
    request(Method::GET, routes::CONFIG, None::<&()>).await
}

/// Signs in; the server sets the session cookie.
pub async fn sign_in(form: &SignInRequest) -> Result<Me, Failure> {
    request(Method::POST, routes::SESSION, Some(form)).await
}

/// Signs out of this session.
pub async fn sign_out() -> Result<(), Failure> {
    request(Method::DELETE, routes::SESSION, None::<&()>).await
}

/// Ends every session of the signed-in user, on every device.
pub async fn sign_out_everywhere() -> Result<(), Failure> {
    request(Method::DELETE, routes::SESSIONS, None::<&()>).await
}

/// The signed-in user, or [`Failure::SignedOut`].
pub async fn me() -> Result<Me, Failure> {
    request(Method::GET, routes::ME, None::<&()>).await
}

/// The signed-in user's methods; `Refused(verification_required)` until they verify.
pub async fn security_info() -> Result<SecurityInfo, Failure> {
    request(Method::GET, routes::SECURITY_INFO, None::<&()>).await
}

/// The masked ways the user can verify.
pub async fn verification_options() -> Result<Vec<VerificationOption>, Failure> {
    request(Method::GET, routes::VERIFICATION_OPTIONS, None::<&()>).await
}

/// Chooses the way to verify offered first.
pub async fn set_default_method(way: &DefaultMethod) -> Result<(), Failure> {
    request(Method::PUT, routes::DEFAULT_METHOD, Some(way)).await
}

/// Sends a code to an existing method.
pub async fn start_verification(form: &VerificationRequest) -> Result<Challenge, Failure> {
    request(Method::POST, routes::VERIFICATIONS, Some(form)).await
}

/// Sends a code to a new phone or email.
pub async fn start_enrollment(form: &EnrollmentRequest) -> Result<Challenge, Failure> {
    request(Method::POST, routes::ENROLLMENTS, Some(form)).await
}

/// Checks a code.
pub async fn submit_code(challenge: &str, code: &str) -> Result<ChallengePassed, Failure> {
    let body = CodeSubmission { code: code.into() };
    request(
        Method::POST,
        &routes::challenge_code(challenge),
        Some(&body),
    )
    .await
}

/// How the delivery of a challenge's code is going.
pub async fn challenge_status(challenge: &str) -> Result<ChallengeStatus, Failure> {
    request(Method::GET, &routes::challenge(challenge), None::<&()>).await
}

/// Sends a new code for a challenge.
pub async fn resend_code(challenge: &str) -> Result<Challenge, Failure> {
    request(
        Method::POST,
        &routes::challenge_resend(challenge),
        None::<&()>,
    )
    .await
}

/// Finishes a challenge whose call was answered with #.
pub async fn complete_call(challenge: &str) -> Result<ChallengePassed, Failure> {
    request(
        Method::POST,
        &routes::challenge_call(challenge),
        None::<&()>,
    )
    .await
}

/// Deletes a method.
pub async fn delete_method(id: &str) -> Result<(), Failure> {
    request(Method::DELETE, &routes::method(id), None::<&()>).await
}

/// Development mode only: every message sent, newest first.
pub async fn dev_outbox() -> Result<Vec<OutboxEntry>, Failure> {
    request(Method::GET, routes::DEV_OUTBOX, None::<&()>).await
}

/// Development mode only: answers an outbox call and presses #.
pub async fn dev_answer_call(id: &str) -> Result<(), Failure> {
    let keys = KeyPresses { digits: "#".into() };
    request(Method::POST, &routes::dev_outbox_press(id), Some(&keys)).await
}

/// Development mode only: declines an outbox call.
pub async fn dev_decline_call(id: &str) -> Result<(), Failure> {
    request(Method::POST, &routes::dev_outbox_decline(id), None::<&()>).await
}
