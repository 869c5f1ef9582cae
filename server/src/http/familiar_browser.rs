//! The cookie that makes a browser familiar (security.md 52): set at each successful sign-in
//! with a password, and at a completed reset (which proves the person as surely), it holds a random token (256 bits, no personal data; the database keeps its
//! hash and whose it is, so it cannot be forged), and lets a person's wrong passwords from that
//! browser count apart from everyone else's (see [`crate::directory::lockout`]).

use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;

use super::auth::private_cookie;
use crate::config::Config;
use crate::directory::lockout::Browser;
use crate::sessions::{SessionToken, hash_token};
use crate::state::AppState;
use crate::store::User;

/// How long a browser stays familiar after a sign-in: half a year.
const REMEMBERED: i64 = 183 * 24 * 60 * 60;

fn cookie_name(config: &Config) -> &'static str {
    if config.is_https() {
        "__Host-latchkey_browser"
    } else {
        "latchkey_browser"
    }
}

/// Whether the request comes from a browser that signed in as `user` before (the same lookup
/// for a name nobody has, under no one).
pub async fn browser_of(
    state: &AppState,
    jar: &CookieJar,
    user: Option<&User>,
) -> Result<Browser, sqlx::Error> {
    let Some(cookie) = jar.get(cookie_name(&state.config)) else {
        return Ok(Browser::Unfamiliar);
    };
    let since = state.clock.now() - REMEMBERED;
    let user_id = user.map_or("", |user| user.id.as_str());
    let familiar = state
        .store
        .is_familiar_browser(&hash_token(cookie.value()), user_id, since)
        .await?;
    Ok(if familiar {
        Browser::Familiar
    } else {
        Browser::Unfamiliar
    })
}

/// After `user` signed in: this browser is remembered as theirs, under the token it holds if
/// it was theirs already, else under a new one (a token someone else chose never becomes one).
pub async fn remember(
    state: &AppState,
    jar: CookieJar,
    user: &User,
) -> Result<CookieJar, sqlx::Error> {
    let name = cookie_name(&state.config);
    let mut cookie: Cookie<'static> =
        private_cookie(&state.config, name, &SessionToken::generate());
    if browser_of(state, &jar, Some(user)).await? == Browser::Familiar
        && let Some(held) = jar.get(name)
    {
        cookie.set_value(held.value().to_string());
    }
    state
        .store
        .autocommit()
        .await?
        .remember_browser(&hash_token(cookie.value()), &user.id, state.clock.now())
        .await?;
    cookie.set_max_age(time::Duration::seconds(REMEMBERED));
    Ok(jar.add(cookie))
}
