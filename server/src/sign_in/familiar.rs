//! Familiar browsers (security.md 52): a browser that signed in as a person before — or
//! finished their reset — holds a random token whose hash the database keeps with whose it is,
//! and that person's wrong passwords from it count apart from everyone else's.

use crate::clock::Timestamp;
use crate::directory::lockout::Browser;
use crate::sessions::hash_token;
use crate::store::{Store, User};

/// How long a browser stays familiar after a sign-in: half a year.
pub const REMEMBERED: i64 = 183 * 24 * 60 * 60;

/// Whether the browser holding `token` signed in as `user` within the half-year (the same
/// lookup for a name nobody has, under no one).
pub async fn browser(
    store: &Store,
    token: Option<&str>,
    user: Option<&User>,
    now: Timestamp,
) -> Result<Browser, sqlx::Error> {
    let Some(token) = token else {
        return Ok(Browser::Unfamiliar);
    };
    let user_id = user.map_or("", |user| user.id.as_str());
    let familiar = store
        .is_familiar_browser(&hash_token(token), user_id, now - REMEMBERED)
        .await?;
    Ok(if familiar {
        Browser::Familiar
    } else {
        Browser::Unfamiliar
    })
}

/// Remembers the browser holding `token` as `user`'s from `now`.
pub async fn remember(
    store: &Store,
    token: &str,
    user: &User,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let mut tx = store.transaction().await?;
    tx.remember_browser(&hash_token(token), &user.id, now)
        .await?;
    tx.commit().await
}
