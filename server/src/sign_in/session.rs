//! A new session for a person just proven: a new ID, the browser's old session ending with it
//! (security.md 18), in one transaction.

use crate::clock::Timestamp;
use crate::sessions::{SessionToken, hash_token};
use crate::store::{Store, User};

/// Starts `user`'s session, ending the browser's `old` one (by its ID's hash); with a Temporary
/// Access Pass lasting `access_pass_until`, a session that reaches security info only. Returns
/// the new session's token, for the browser's cookie.
pub async fn start(
    store: &Store,
    user: &User,
    old: Option<&str>,
    access_pass_until: Option<Timestamp>,
    now: Timestamp,
) -> Result<SessionToken, sqlx::Error> {
    let token = SessionToken::generate();
    let hash = hash_token(token.expose());
    let mut tx = store.transaction().await?;
    if let Some(old) = old {
        tx.delete_session(old).await?;
    }
    match access_pass_until {
        None => tx.create_session(&hash, &user.id, now).await?,
        Some(until) => {
            tx.create_access_pass_session(&hash, &user.id, now, until)
                .await?
        }
    }
    tx.commit().await?;
    tracing::info!(account = %user.id, "signed in");
    Ok(token)
}
