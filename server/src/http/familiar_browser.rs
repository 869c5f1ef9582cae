//! The cookie that makes a browser familiar (security.md 52): set at each successful sign-in
//! with a password and at a completed reset (which proves the person as surely), it holds a
//! random token (256 bits, no personal data) that [`crate::sign_in::familiar`] looks up.

use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::Cookie;

use super::auth::private_cookie;
use crate::config::Config;
use crate::directory::lockout::Browser;
use crate::sessions::SessionToken;
use crate::sign_in::familiar;
use crate::state::AppState;
use crate::store::User;

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
    let token = jar
        .get(cookie_name(&state.config))
        .map(|cookie| cookie.value());
    familiar::browser(&state.store, token, user, state.clock.now()).await
}

/// The cookie that remembers this browser as `user`'s: the token it holds if it was theirs
/// already, else a new one (a token someone else chose never becomes one).
pub async fn cookie_for(
    state: &AppState,
    jar: &CookieJar,
    user: &User,
) -> Result<Cookie<'static>, sqlx::Error> {
    let name = cookie_name(&state.config);
    let mut cookie: Cookie<'static> =
        private_cookie(&state.config, name, &SessionToken::generate());
    if browser_of(state, jar, Some(user)).await? == Browser::Familiar
        && let Some(held) = jar.get(name)
    {
        cookie.set_value(held.value().to_string());
    }
    cookie.set_max_age(time::Duration::seconds(familiar::REMEMBERED));
    Ok(cookie)
}

/// After `user` finished a reset: this browser is remembered as theirs.
pub async fn remember(
    state: &AppState,
    jar: CookieJar,
    user: &User,
) -> Result<CookieJar, sqlx::Error> {
    let cookie = cookie_for(state, &jar, user).await?;
    familiar::remember(&state.store, cookie.value(), user, state.clock.now()).await?;
    Ok(jar.add(cookie))
}
