//! The reset a browser has under way, found by the token its cookie holds, and the account a
//! fully proven reset stands for.

use super::error::ResetError;
use crate::clock::Timestamp;
use crate::sessions::hash_token;
use crate::store::{ResetFlow, Store, User};

/// The reset the token stands for, if it is still open at `now`.
pub async fn current(
    store: &Store,
    token: Option<&str>,
    now: Timestamp,
) -> Result<ResetFlow, ResetError> {
    let token = token.ok_or(ResetError::Expired)?;
    let flow = store
        .reset_flow(&hash_token(token))
        .await?
        .ok_or(ResetError::Expired)?;
    if flow.finished_at.is_some() || now >= flow.expires_at {
        return Err(ResetError::Expired);
    }
    Ok(flow)
}

/// The account whose every step is proven; anything else may not choose a password.
pub async fn proven_account(store: &Store, flow: &ResetFlow) -> Result<User, ResetError> {
    if (flow.proven.len() as i64) < flow.steps_required {
        return Err(ResetError::NotProven);
    }
    let user_id = flow.user_id.as_deref().ok_or(ResetError::Expired)?;
    store.user(user_id).await?.ok_or(ResetError::Expired)
}

/// The account of the token's open reset, once every step is proven.
pub async fn proven(
    store: &Store,
    token: Option<&str>,
    now: Timestamp,
) -> Result<User, ResetError> {
    let flow = current(store, token, now).await?;
    proven_account(store, &flow).await
}
