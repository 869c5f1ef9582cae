//! A challenge's life for the handlers that still drive it step by step (a reset's
//! verifications, IT support's caller codes): each step calls [`crate::proof`] in a transaction
//! of its own.

use latchkey_api::Problem;
use latchkey_api::types::{Challenge, ChallengeStatus, Channel, MethodKind};
use latchkey_api::validation::field_error;

use crate::http::error::AppError;
use crate::origin::Origin;
use crate::proof;
use crate::state::AppState;
use crate::store::{Purpose, StoredChallenge, StoredMethod};

pub use crate::proof::Owner;

pub(in crate::http) fn refuse(field: &str, label: &str, problem: Problem) -> AppError {
    AppError::Validation(vec![field_error(field, label, problem)])
}

/// Creates a challenge and queues its code, within the send limits.
pub(in crate::http) async fn issue(
    state: &AppState,
    owner: &Owner<'_>,
    client: &Origin,
    purpose: Purpose,
    kind: MethodKind,
    channel: Channel,
    target: &str,
) -> Result<Challenge, AppError> {
    let cx = state.context(client);
    Ok(proof::issue(&state.store, &cx, owner, purpose, kind, channel, target).await?)
}

/// Creates a challenge for the person's apps, recovery codes or passkeys.
pub(in crate::http) async fn issue_held(
    state: &AppState,
    owner: &Owner<'_>,
    network: &str,
    purpose: Purpose,
    channel: Channel,
    method: &StoredMethod,
) -> Result<Challenge, AppError> {
    let (store, webauthn, now) = (&state.store, &state.webauthn, state.clock.now());
    Ok(proof::issue_held(
        store, webauthn, owner, network, purpose, channel, method, now,
    )
    .await?)
}

/// This owner's challenge, or 404 (another user's or session's challenge does not exist).
pub(in crate::http) async fn own_challenge(
    state: &AppState,
    owner: &Owner<'_>,
    id: &str,
) -> Result<StoredChallenge, AppError> {
    Ok(proof::own_challenge(&state.store, owner, id).await?)
}

/// Sends a new code (or places a new call) for a challenge, within the limits.
pub(in crate::http) async fn resend(
    state: &AppState,
    challenge: &StoredChallenge,
    client: &Origin,
) -> Result<Challenge, AppError> {
    let cx = state.context(client);
    Ok(proof::resend(&state.store, &cx, challenge).await?)
}

/// How a challenge's message or call is doing.
pub(in crate::http) async fn status_of(
    state: &AppState,
    challenge: &StoredChallenge,
) -> Result<ChallengeStatus, AppError> {
    Ok(proof::status_of(&state.store, challenge, state.clock.now()).await?)
}
