//! The API's route paths, written once for the SPA's requests and the server's router.

/// Public settings the SPA needs before sign-in (organisation name, helpdesk link).
pub const CONFIG: &str = "/api/v1/config";
/// `POST` signs in, `DELETE` signs out.
pub const SESSION: &str = "/api/v1/session";
/// The signed-in user.
pub const ME: &str = "/api/v1/me";
/// Development mode only: every message "sent", newest first.
pub const DEV_OUTBOX: &str = "/api/v1/dev/outbox";
/// The OpenAPI 3.1 description of every route above.
pub const OPENAPI: &str = "/api/v1/openapi.json";

/// Every route the SPA calls, so a test can check that the OpenAPI document and router know them.
pub const ALL: &[&str] = &[CONFIG, SESSION, ME, DEV_OUTBOX, OPENAPI];

/// The header every state-changing request must carry (security.md 23).
pub const CSRF_HEADER: &str = "x-requested-with";
/// The value of [`CSRF_HEADER`].
pub const CSRF_VALUE: &str = "latchkey";
