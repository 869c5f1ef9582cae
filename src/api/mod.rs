//! The API client: one typed function per endpoint, each a one-line call of [`request`].

pub mod admin;
mod failure;
mod flow;
mod held;
mod request;

pub use failure::Failure;
pub use flow::{Flow, Proven};
pub use held::{
    confirm_authenticator, finish_passkey, new_recovery_codes, reviewed, start_authenticator,
    start_passkey, submit_passkey,
};
pub use request::request;

use gloo_net::http::Method;
use latchkey_api::routes;
use latchkey_api::types::{
    Challenge, ChallengeStatus, CodeSubmission, DefaultMethod, EnrollmentRequest,
    ExpiredPasswordChange, KeyPresses, Me, NewPassword, OutboxEntry, PasswordChange, PasswordCheck,
    PublicConfig, ResetChallenge, ResetCode, ResetPuzzle, ResetStart, ResetStatus,
    ResetVerification, SecurityInfo, SignInRequest, VerificationOption, VerificationRequest,
};

/// The organisation's public settings.
pub async fn config() -> Result<PublicConfig, Failure> {
    request(Method::GET, routes::CONFIG, None::<&()>).await
}

/// Signs in; the server sets the session cookie.
pub async fn sign_in(form: &SignInRequest) -> Result<Me, Failure> {
    request(Method::POST, routes::SESSION, Some(form)).await
}

/// Signs in with a Temporary Access Pass (as the password): a session for security info only,
/// until it expires.
pub async fn sign_in_with_access_pass(form: &SignInRequest) -> Result<Me, Failure> {
    request(Method::POST, routes::ACCESS_PASS_SESSION, Some(form)).await
}

/// Signs out of this session.
pub async fn sign_out() -> Result<(), Failure> {
    request(Method::DELETE, routes::SESSION, None::<&()>).await
}

/// Keeps the signed-in user's choice of language for their pages and messages.
pub async fn set_language(language: latchkey_api::Language) -> Result<(), Failure> {
    let choice = latchkey_api::types::LanguageChoice { language };
    request(Method::PUT, routes::LANGUAGE, Some(&choice)).await
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
pub async fn submit_code(flow: Flow, challenge: &str, code: &str) -> Result<Proven, Failure> {
    match flow {
        Flow::Session => {
            let body = CodeSubmission { code: code.into() };
            let path = routes::challenge_code(challenge);
            request(Method::POST, &path, Some(&body))
                .await
                .map(Proven::Session)
        }
        Flow::Reset => {
            let body = ResetCode {
                challenge: challenge.into(),
                code: code.into(),
            };
            request(Method::POST, routes::RESET_CODE, Some(&body))
                .await
                .map(Proven::Reset)
        }
    }
}

/// Finishes a challenge whose call was answered with #.
pub async fn complete_call(flow: Flow, challenge: &str) -> Result<Proven, Failure> {
    match flow {
        Flow::Session => {
            let path = routes::challenge_call(challenge);
            request(Method::POST, &path, None::<&()>)
                .await
                .map(Proven::Session)
        }
        Flow::Reset => {
            let body = ResetChallenge {
                challenge: challenge.into(),
            };
            request(Method::POST, routes::RESET_CALL, Some(&body))
                .await
                .map(Proven::Reset)
        }
    }
}

/// How the delivery of a challenge's code (or its call) is going.
pub async fn challenge_status(flow: Flow, challenge: &str) -> Result<ChallengeStatus, Failure> {
    let path = match flow {
        Flow::Session => routes::challenge(challenge),
        Flow::Reset => routes::reset_challenge(challenge),
    };
    request(Method::GET, &path, None::<&()>).await
}

/// Sends a new code (or places a new call) for a challenge.
pub async fn resend_code(flow: Flow, challenge: &str) -> Result<Challenge, Failure> {
    match flow {
        Flow::Session => {
            let path = routes::challenge_resend(challenge);
            request(Method::POST, &path, None::<&()>).await
        }
        Flow::Reset => {
            let body = ResetChallenge {
                challenge: challenge.into(),
            };
            request(Method::POST, routes::RESET_RESEND, Some(&body)).await
        }
    }
}

/// A proof-of-work puzzle to solve before a reset.
pub async fn reset_puzzle() -> Result<ResetPuzzle, Failure> {
    request(Method::GET, routes::RESET_PUZZLE, None::<&()>).await
}

/// Starts a reset.
pub async fn start_reset(start: &ResetStart) -> Result<ResetStatus, Failure> {
    request(Method::POST, routes::RESET, Some(start)).await
}

/// Sends a code (or places a call) for one of the reset's options.
pub async fn start_reset_verification(form: &ResetVerification) -> Result<Challenge, Failure> {
    request(Method::POST, routes::RESET_VERIFICATIONS, Some(form)).await
}

/// Would the reset accept this new password?
pub async fn check_reset_password(password: &str) -> Result<PasswordCheck, Failure> {
    let body = NewPassword {
        password: password.into(),
    };
    request(Method::POST, routes::RESET_PASSWORD_CHECK, Some(&body)).await
}

/// Sets the new password, finishing the reset.
pub async fn set_reset_password(password: &str) -> Result<(), Failure> {
    let body = NewPassword {
        password: password.into(),
    };
    request(Method::POST, routes::RESET_PASSWORD, Some(&body)).await
}

/// Would this new password be accepted for the signed-in person?
pub async fn check_password(password: &str) -> Result<PasswordCheck, Failure> {
    let body = NewPassword {
        password: password.into(),
    };
    request(Method::POST, routes::PASSWORD_CHECK, Some(&body)).await
}

/// Changes the signed-in person's password.
pub async fn change_password(current: &str, password: &str) -> Result<(), Failure> {
    let body = PasswordChange {
        current: current.into(),
        password: password.into(),
    };
    request(Method::POST, routes::PASSWORD, Some(&body)).await
}

/// Changes a password that has expired (its current value proves it) and signs in.
pub async fn change_expired_password(
    username: &str,
    current: &str,
    password: &str,
) -> Result<Me, Failure> {
    let body = ExpiredPasswordChange {
        username: username.into(),
        current: current.into(),
        password: password.into(),
    };
    request(Method::POST, routes::EXPIRED_PASSWORD, Some(&body)).await
}

/// Unlocks the account the reset proved, keeping its password.
pub async fn unlock_account() -> Result<(), Failure> {
    request(Method::POST, routes::RESET_UNLOCK, None::<&()>).await
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
