//! The API's route paths, written once for the SPA's requests and the server's router.

/// Public settings the SPA needs before sign-in (organisation name, helpdesk link).
pub const CONFIG: &str = "/api/v1/config";
/// `POST` signs in, `DELETE` signs out.
pub const SESSION: &str = "/api/v1/session";
/// The signed-in user.
pub const ME: &str = "/api/v1/me";
/// `PUT`: the language of the signed-in user's pages and messages.
pub const LANGUAGE: &str = "/api/v1/me/language";
/// `DELETE` ends every session of the signed-in user ("Sign out everywhere").
pub const SESSIONS: &str = "/api/v1/sessions";
/// `POST`: sign in with a Temporary Access Pass.
pub const ACCESS_PASS_SESSION: &str = "/api/v1/session/access-pass";
/// The signed-in user's methods (after verification).
pub const SECURITY_INFO: &str = "/api/v1/security-info";
/// The masked ways a password-only session can verify.
pub const VERIFICATION_OPTIONS: &str = "/api/v1/verification-options";
/// `PUT`: choose the way to verify offered first.
pub const DEFAULT_METHOD: &str = "/api/v1/default-method";
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
/// `POST /api/v1/challenges/{id}/call`: finish a challenge whose call was answered with #.
pub fn challenge_call(id: &str) -> String {
    format!("/api/v1/challenges/{id}/call")
}
/// `POST /api/v1/challenges/{id}/passkey`: finish a challenge with the browser's passkey answer.
pub fn challenge_passkey(id: &str) -> String {
    format!("/api/v1/challenges/{id}/passkey")
}
/// `POST`: start adding an authenticator app (its key and QR code).
pub const AUTHENTICATORS: &str = "/api/v1/authenticators";
/// `POST /api/v1/authenticators/{id}/code`: the app's first code, which registers it.
pub fn authenticator_code(id: &str) -> String {
    format!("/api/v1/authenticators/{id}/code")
}
/// `POST`: start adding a passkey (the options for the browser's prompt).
pub const PASSKEYS: &str = "/api/v1/passkeys";
/// `POST /api/v1/passkeys/{id}`: the browser's new credential, which registers it.
pub fn passkey(id: &str) -> String {
    format!("/api/v1/passkeys/{id}")
}
/// `POST`: a new set of recovery codes, voiding the old set.
pub const RECOVERY_CODES: &str = "/api/v1/recovery-codes";
/// `POST`: "Looks good" — the security info was reviewed and is still current.
pub const REVIEW: &str = "/api/v1/review";
/// `DELETE /api/v1/methods/{id}`.
pub fn method(id: &str) -> String {
    format!("/api/v1/methods/{id}")
}
/// Password reset: the proof-of-work puzzle.
pub const RESET_PUZZLE: &str = "/api/v1/reset/puzzle";
/// `POST` starts a reset ("Get back into your account"); `GET` says where it stands.
pub const RESET: &str = "/api/v1/reset";
/// `POST`: a code or call for one of the reset's options.
pub const RESET_VERIFICATIONS: &str = "/api/v1/reset/verifications";
/// `POST`: the code of a reset's challenge.
pub const RESET_CODE: &str = "/api/v1/reset/code";
/// `POST`: finish a reset's challenge whose call was answered with #.
pub const RESET_CALL: &str = "/api/v1/reset/call";
/// `POST`: finish a reset's passkey challenge with the browser's answer.
pub const RESET_PASSKEY: &str = "/api/v1/reset/passkey";
/// `POST`: a new code or call for a reset's challenge.
pub const RESET_RESEND: &str = "/api/v1/reset/resend";
/// `GET /api/v1/reset/challenges/{id}`: how a reset's code or call is going.
pub fn reset_challenge(id: &str) -> String {
    format!("/api/v1/reset/challenges/{id}")
}
/// `POST`: change the signed-in person's password (their current one proves it).
pub const PASSWORD: &str = "/api/v1/me/password";
/// `POST`: change a password that has expired, and sign in with the new one.
pub const EXPIRED_PASSWORD: &str = "/api/v1/password/expired";
/// `POST`: would this new password be accepted for the signed-in person?
pub const PASSWORD_CHECK: &str = "/api/v1/me/password-check";
/// `POST`: would this new password be accepted?
pub const RESET_PASSWORD_CHECK: &str = "/api/v1/reset/password-check";
/// `POST`: set the new password and finish.
pub const RESET_PASSWORD: &str = "/api/v1/reset/password";
/// `POST`: unlock the proven account and keep its password.
pub const RESET_UNLOCK: &str = "/api/v1/reset/unlock";
/// Development mode only: every message "sent", newest first.
pub const DEV_OUTBOX: &str = "/api/v1/dev/outbox";
/// Development mode only: move the server's clock forward (to try expiry without waiting).
pub const DEV_CLOCK: &str = "/api/v1/dev/clock";
/// Development mode only: answer a call and press keys.
pub fn dev_outbox_press(id: &str) -> String {
    format!("/api/v1/dev/outbox/{id}/press")
}
/// Development mode only: decline a call.
pub fn dev_outbox_decline(id: &str) -> String {
    format!("/api/v1/dev/outbox/{id}/decline")
}
/// Development mode only: let a call ring out unanswered.
pub fn dev_outbox_miss(id: &str) -> String {
    format!("/api/v1/dev/outbox/{id}/miss")
}
/// IT support (staff only): find people.
pub const ADMIN_PEOPLE: &str = "/api/v1/admin/people";
/// IT support: a person's page.
pub fn admin_person(id: &str) -> String {
    format!("{ADMIN_PEOPLE}/{id}")
}
/// IT support: send a code to one of a caller's methods.
pub fn admin_caller_codes(id: &str) -> String {
    format!("{ADMIN_PEOPLE}/{id}/caller-codes")
}
/// IT support: check the code a caller read out.
pub fn admin_caller_code(id: &str, challenge: &str) -> String {
    format!("{ADMIN_PEOPLE}/{id}/caller-codes/{challenge}")
}
/// IT support (admins): the caller was verified another way.
pub fn admin_verification(id: &str) -> String {
    format!("{ADMIN_PEOPLE}/{id}/verification")
}
/// IT support: a Temporary Access Pass for a person, or one of their actions below.
pub fn admin_action(id: &str, action: &str) -> String {
    format!("{ADMIN_PEOPLE}/{id}/{action}")
}
/// IT support: one of a person's methods.
pub fn admin_method(id: &str, method: &str) -> String {
    format!("{ADMIN_PEOPLE}/{id}/methods/{method}")
}
/// IT support: the audit log, a page at a time (`?person=&staff=&action=&from=&to=&page=`).
pub const ADMIN_AUDIT: &str = "/api/v1/admin/audit";
/// IT support: the same selection of the audit log as a CSV download.
pub const ADMIN_AUDIT_CSV: &str = "/api/v1/admin/audit.csv";
/// IT support (admins): who can reset, methods by kind, registrations per week.
pub const ADMIN_COVERAGE: &str = "/api/v1/admin/reports/coverage";
/// IT support (admins): resets and messages per day.
pub const ADMIN_ACTIVITY: &str = "/api/v1/admin/reports/activity";
/// The console's "Texts and calls" page (admin).
pub const MESSAGING: &str = "/api/v1/admin/messaging";
/// `POST`: resume texts or calls to a paused country (admin).
pub const MESSAGING_RESUME: &str = "/api/v1/admin/messaging/resume";
/// `POST`: add a number to the safe list (admin).
pub const SAFE_NUMBERS: &str = "/api/v1/admin/messaging/safe-numbers";
/// `DELETE /api/v1/admin/messaging/safe-numbers/{id}`: take a number off the safe list.
pub fn safe_number(id: &str) -> String {
    format!("/api/v1/admin/messaging/safe-numbers/{id}")
}
/// The OpenAPI 3.1 description of every route above.
pub const OPENAPI: &str = "/api/v1/openapi.json";

/// Every route the SPA calls, so a test can check that the OpenAPI document and router know them.
pub const ALL: &[&str] = &[
    CONFIG,
    SESSION,
    SESSIONS,
    ACCESS_PASS_SESSION,
    ME,
    LANGUAGE,
    PASSWORD,
    EXPIRED_PASSWORD,
    PASSWORD_CHECK,
    SECURITY_INFO,
    VERIFICATION_OPTIONS,
    DEFAULT_METHOD,
    VERIFICATIONS,
    ENROLLMENTS,
    "/api/v1/challenges/{id}",
    "/api/v1/challenges/{id}/code",
    "/api/v1/challenges/{id}/resend",
    "/api/v1/challenges/{id}/call",
    "/api/v1/challenges/{id}/passkey",
    AUTHENTICATORS,
    "/api/v1/authenticators/{id}/code",
    PASSKEYS,
    "/api/v1/passkeys/{id}",
    RECOVERY_CODES,
    REVIEW,
    "/api/v1/methods/{id}",
    RESET_PUZZLE,
    RESET,
    RESET_VERIFICATIONS,
    RESET_CODE,
    RESET_CALL,
    RESET_PASSKEY,
    RESET_RESEND,
    "/api/v1/reset/challenges/{id}",
    RESET_PASSWORD_CHECK,
    RESET_PASSWORD,
    RESET_UNLOCK,
    DEV_OUTBOX,
    DEV_CLOCK,
    "/api/v1/dev/outbox/{id}/press",
    "/api/v1/dev/outbox/{id}/decline",
    "/api/v1/dev/outbox/{id}/miss",
    ADMIN_PEOPLE,
    "/api/v1/admin/people/{id}",
    "/api/v1/admin/people/{id}/caller-codes",
    "/api/v1/admin/people/{id}/caller-codes/{challenge}",
    "/api/v1/admin/people/{id}/verification",
    "/api/v1/admin/people/{id}/access-pass",
    "/api/v1/admin/people/{id}/methods/{method}",
    "/api/v1/admin/people/{id}/re-registration",
    "/api/v1/admin/people/{id}/sign-out-everywhere",
    "/api/v1/admin/people/{id}/unlock",
    ADMIN_AUDIT,
    ADMIN_AUDIT_CSV,
    ADMIN_COVERAGE,
    ADMIN_ACTIVITY,
    MESSAGING,
    MESSAGING_RESUME,
    SAFE_NUMBERS,
    "/api/v1/admin/messaging/safe-numbers/{id}",
    OPENAPI,
];

/// The header every state-changing request must carry (security.md 23).
pub const CSRF_HEADER: &str = "x-requested-with";
/// The value of [`CSRF_HEADER`].
pub const CSRF_VALUE: &str = "latchkey";
