//! The API's route paths, written once for the SPA's requests and the server's router.

/// Public settings the SPA needs before sign-in (organisation name, helpdesk link).
pub const CONFIG: &str = "/api/v1/config";
/// `POST` signs in, `DELETE` signs out.
pub const SESSION: &str = "/api/v1/session";
/// The signed-in user.
pub const ME: &str = "/api/v1/me";
/// `DELETE` ends every session of the signed-in user ("Sign out everywhere").
pub const SESSIONS: &str = "/api/v1/sessions";
/// The signed-in user's methods (after verification).
pub const SECURITY_INFO: &str = "/api/v1/security-info";
/// The masked ways a password-only session can verify.
pub const VERIFICATION_OPTIONS: &str = "/api/v1/verification-options";
/// `POST`: send a code to an existing method.
pub const VERIFICATIONS: &str = "/api/v1/verifications";
/// `POST`: add or replace a phone or email.
pub const ENROLLMENTS: &str = "/api/v1/enrollments";
/// `GET /api/v1/challenges/{id}`: how the code's delivery is going.
pub fn challenge(id: &str) -> String {
    format!("/api/v1/challenges/{id}")
}
/// `POST /api/v1/challenges/{id}/code`: check a code.
pub fn challenge_code(id: &str) -> String {
    format!("/api/v1/challenges/{id}/code")
}
/// `POST /api/v1/challenges/{id}/resend`: a new code.
pub fn challenge_resend(id: &str) -> String {
    format!("/api/v1/challenges/{id}/resend")
}
/// `DELETE /api/v1/methods/{id}`.
pub fn method(id: &str) -> String {
    format!("/api/v1/methods/{id}")
}
/// Development mode only: every message "sent", newest first.
pub const DEV_OUTBOX: &str = "/api/v1/dev/outbox";
/// The OpenAPI 3.1 description of every route above.
pub const OPENAPI: &str = "/api/v1/openapi.json";

/// Every route the SPA calls, so a test can check that the OpenAPI document and router know them.
pub const ALL: &[&str] = &[
    CONFIG,
    SESSION,
    SESSIONS,
    ME,
    SECURITY_INFO,
    VERIFICATION_OPTIONS,
    VERIFICATIONS,
    ENROLLMENTS,
    "/api/v1/challenges/{id}",
    "/api/v1/challenges/{id}/code",
    "/api/v1/challenges/{id}/resend",
    "/api/v1/methods/{id}",
    DEV_OUTBOX,
    OPENAPI,
];

/// The header every state-changing request must carry (security.md 23).
pub const CSRF_HEADER: &str = "x-requested-with";
/// The value of [`CSRF_HEADER`].
pub const CSRF_VALUE: &str = "latchkey";
