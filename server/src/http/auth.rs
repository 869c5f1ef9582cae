//! The session cookie and the extractor that turns it into the signed-in user.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use super::error::AppError;
use crate::clock::Timestamp;
use crate::config::Config;
use crate::directory::DirectoryError;
use crate::directory::standing::Purpose;
use crate::sessions::{SessionToken, hash_token, is_live};
use crate::state::AppState;
use crate::store::User;

/// The session cookie's name: with the `__Host-` prefix over HTTPS (security.md 19).
pub fn cookie_name(config: &Config) -> &'static str {
    if config.is_https() {
        "__Host-latchkey_session"
    } else {
        "latchkey_session"
    }
}

/// A cookie named `name` carrying `token`: `HttpOnly; SameSite=Strict; Path=/` (+ `Secure`).
pub fn private_cookie(
    config: &Config,
    name: &'static str,
    token: &SessionToken,
) -> Cookie<'static> {
    Cookie::build((name, token.expose().to_string()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .path("/")
        .secure(config.is_https())
        .build()
}

/// The cookie carrying a new session ID.
pub fn session_cookie(config: &Config, token: &SessionToken) -> Cookie<'static> {
    private_cookie(config, cookie_name(config), token)
}

/// A cookie that makes the browser forget the cookie `name`.
pub fn removal_cookie(config: &Config, name: &'static str) -> Cookie<'static> {
    let mut cookie = private_cookie(config, name, &SessionToken::generate());
    cookie.set_value("");
    cookie.make_removal();
    cookie
}

/// A cookie that makes the browser forget the session.
pub fn expired_cookie(config: &Config) -> Cookie<'static> {
    removal_cookie(config, cookie_name(config))
}

/// The hash of the session ID the request carries, if any.
pub fn session_hash(config: &Config, jar: &CookieJar) -> Option<String> {
    jar.get(cookie_name(config))
        .map(|cookie| hash_token(cookie.value()))
}

/// The signed-in user of a request with a live session; otherwise the request gets a 401.
#[derive(Debug)]
pub struct SignedIn {
    pub user: User,
    pub session_hash: String,
    pub session: crate::store::SessionRecord,
}

/// What a session begun with a Temporary Access Pass reaches: security info (its methods,
/// verifications and registrations), who is signed in, and signing out — not the password, nor
/// signing out everywhere, nor anything else (security.md 50).
fn reached_with_access_pass(path: &str) -> bool {
    use latchkey_api::routes;
    let exactly = [
        routes::ME,
        routes::LANGUAGE,
        routes::SESSION,
        routes::SECURITY_INFO,
        routes::VERIFICATION_OPTIONS,
        routes::DEFAULT_METHOD,
        routes::VERIFICATIONS,
        routes::ENROLLMENTS,
        routes::AUTHENTICATORS,
        routes::PASSKEYS,
        routes::RECOVERY_CODES,
        routes::REVIEW,
    ];
    let below = [
        "/api/v1/challenges/",
        "/api/v1/methods/",
        "/api/v1/authenticators/",
        "/api/v1/passkeys/",
    ];
    exactly.contains(&path) || below.iter().any(|prefix| path.starts_with(prefix))
}

/// `user` once the directory, asked again when its last word is `directory_recheck` old, still
/// lets them in; their sessions have ended when it does not (security.md 53). A directory that
/// cannot be reached ends nobody's session, or an outage would sign everyone out: the session
/// goes on and the directory is asked again at the next request, and staff actions, which need
/// the role confirmed within the minute, are refused meanwhile.
async fn still_allowed(state: &AppState, user: User, now: Timestamp) -> Result<User, AppError> {
    let directory = &state.directory;
    match directory
        .recheck(&state.store, &user, now, Purpose::Session)
        .await
    {
        Ok(rechecked) if rechecked.ended.is_some() => Err(AppError::Unauthenticated),
        Ok(rechecked) => Ok(rechecked.user),
        Err(DirectoryError::Unavailable(reason)) => {
            tracing::warn!(%reason, "cannot ask the directory about a signed-in person");
            Ok(user)
        }
        Err(error) => Err(error.into()),
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let hash = session_hash(&state.config, &jar).ok_or(AppError::Unauthenticated)?;
        let session = state
            .store
            .session(&hash)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let now = state.clock.now();
        if !is_live(&session, now) {
            state
                .store
                .autocommit()
                .await?
                .delete_session(&hash)
                .await?;
            return Err(AppError::Unauthenticated);
        }
        let user = match state.store.user(&session.user_id).await? {
            Some(user) if !user.disabled => user,
            _ => return Err(AppError::Unauthenticated),
        };
        let user = still_allowed(state, user, now).await?;
        if session.access_pass_until.is_some() && !reached_with_access_pass(parts.uri.path()) {
            return Err(AppError::Forbidden);
        }
        if session.last_seen_at != now {
            state
                .store
                .autocommit()
                .await?
                .touch_session(&hash, now)
                .await?;
        }
        Ok(Self {
            user,
            session_hash: hash,
            session,
        })
    }
}
