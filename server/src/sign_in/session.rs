//! A new session for a person just proven: a new ID, the browser's old session ending with it
//! (security.md 18) and, after a password, the browser remembered as theirs — in one
//! transaction.

use crate::clock::Timestamp;
use crate::sessions::{SessionToken, hash_token};
use crate::store::{Store, User};

/// How a session begins: the browser's `old` one (by its ID's hash) ends; with a Temporary
/// Access Pass lasting `access_pass_until`, it reaches security info only; after a password,
/// the browser holding the `familiar` token is remembered as the person's.
pub struct Begun<'a> {
    pub old: Option<&'a str>,
    pub access_pass_until: Option<Timestamp>,
    pub familiar: Option<&'a str>,
}

/// Starts `user`'s session; returns its token, for the browser's cookie.
pub async fn start(
    store: &Store,
    user: &User,
    begun: Begun<'_>,
    now: Timestamp,
) -> Result<SessionToken, sqlx::Error> {
    let token = SessionToken::generate();
    let hash = hash_token(token.expose());
    let mut tx = store.transaction().await?;
    if let Some(old) = begun.old {
        tx.delete_session(old).await?;
    }
    match begun.access_pass_until {
        None => tx.create_session(&hash, &user.id, now).await?,
        Some(until) => {
            tx.create_access_pass_session(&hash, &user.id, now, until)
                .await?
        }
    }
    if let Some(familiar) = begun.familiar {
        tx.remember_browser(&hash_token(familiar), &user.id, now)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(account = %user.id, "signed in");
    Ok(token)
}
