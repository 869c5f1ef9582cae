//! Starting a reset (security.md 10): the proof-of-work puzzle checked and spent once, and the
//! reset opened for the name — a real one only for an account that can finish it, a decoy for
//! every other name, with the same work and the same answer either way.

use super::error::ResetError;
use super::{LIFETIME, ResetKey, can_finish, puzzle};
use crate::clock::Timestamp;
use crate::sessions::{SessionToken, hash_token};
use crate::store::{NewResetFlow, ResetFlow, Store, User};

/// Checks the puzzle's solution and spends the puzzle: each is good for one reset.
pub async fn spend_puzzle(
    store: &Store,
    key: &ResetKey,
    text: &str,
    solution: u64,
    now: Timestamp,
) -> Result<(), ResetError> {
    puzzle::check(key, text, solution, now).map_err(|_| ResetError::PuzzleFailed)?;
    let spent = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes()));
    let mut tx = store.transaction().await?;
    let fresh = tx
        .spend_puzzle(&spent, now, now - 2 * puzzle::PUZZLE_LIFETIME)
        .await?;
    tx.commit().await?;
    if fresh {
        Ok(())
    } else {
        Err(ResetError::PuzzleFailed)
    }
}

/// What a reset's limits and methods are counted and read under: the account, or the name's
/// stand-in, so that every name does the same work and time tells nothing (security.md 10).
pub fn account(name_key: &str, user: Option<&User>) -> String {
    user.map_or_else(|| format!("decoy:{name_key}"), |user| user.id.clone())
}

/// A reset just opened: the token for the browser's cookie, and the reset.
pub struct Opened {
    pub token: SessionToken,
    pub flow: ResetFlow,
}

/// Opens the reset of the name keyed `name_key`, whose account is `user` if it has a usable
/// one, asking for `methods_required` steps.
pub async fn open(
    store: &Store,
    name_key: &str,
    user: Option<User>,
    methods_required: u32,
    now: Timestamp,
) -> Result<Opened, ResetError> {
    let account = account(name_key, user.as_ref());
    let mut tx = store.transaction().await?;
    let methods = tx.methods(&account).await?;
    // Only an account that can finish gets a real reset, and every other name gets decoys.
    let usable = user
        .filter(|_| can_finish(&methods, methods_required))
        .map(|user| user.id);
    let token = SessionToken::generate();
    let flow = ResetFlow {
        id_hash: hash_token(token.expose()),
        user_id: usable,
        name_key: name_key.to_string(),
        steps_required: i64::from(methods_required),
        proven: Vec::new(),
        number_failures: 0,
        expires_at: now + LIFETIME,
        finished_at: None,
    };
    let new = NewResetFlow {
        id_hash: &flow.id_hash,
        user_id: flow.user_id.as_deref(),
        name_key,
        steps_required: flow.steps_required,
        expires_at: flow.expires_at,
    };
    tx.create_reset_flow(new, now).await?;
    // Counted for every name, under its own tally, so that real and decoy resets do the same
    // work (security.md 10).
    let tally = if flow.user_id.is_some() {
        "reset_started"
    } else {
        "reset_started_unknown"
    };
    tx.tally(tally, now).await?;
    tx.commit().await?;
    Ok(Opened { token, flow })
}
