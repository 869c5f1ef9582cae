//! Challenges answered with something the person holds — a code from any of their
//! authenticator apps, a recovery code, any of their passkeys — instead of a code sent to them.
//! Nothing is sent; the same rules of one use, expiry and five wrong tries apply.

use latchkey_api::Problem;
use latchkey_api::types::{Challenge, Channel};
use latchkey_api::validation::normalise_code;

use super::lifecycle::{Owner, refuse, refuse_if_closed};
use crate::http::error::AppError;
use crate::origin::Origin;
use crate::reset::decoys::decoy_credentials;
use crate::security_info::codes::LIFETIME;
use crate::security_info::passkeys::{self, CEREMONY_LIFETIME, PasskeyError};
use crate::security_info::{limits, recovery, totp};
use crate::state::AppState;
use crate::store::{
    AuditEntry, NewChallenge, StoredChallenge, StoredMethod, decoy_name_key, new_id,
};

/// Creates a challenge for the person's apps, recovery codes or passkeys (whose options for the
/// browser come with it), within the limits on guesses. `method` is one of that kind.
pub(in crate::http) async fn issue_held(
    state: &AppState,
    owner: &Owner<'_>,
    network: &str,
    purpose: &str,
    channel: Channel,
    method: &StoredMethod,
) -> Result<Challenge, AppError> {
    let now = state.clock.now();
    limits::count_held(&state.store, owner.user_id, network, now).await?;
    let (passkey_request, passkey_state) = if channel == Channel::Passkey {
        // A decoy's options look like a real account's, and nothing can answer them.
        if let Some(name_key) = decoy_name_key(owner.user_id) {
            let credentials = decoy_credentials(name_key);
            let request = passkeys::decoy_request(&state.webauthn, &credentials)
                .map_err(|_| refuse("passkey", "passkey", Problem::PasskeyFailed))?;
            (Some(request), None)
        } else {
            let stored: Vec<_> = state
                .store
                .passkeys(owner.user_id)
                .await?
                .iter()
                .filter_map(|(_, record)| passkeys::passkey_of(record))
                .collect();
            let (request, kept) = passkeys::start_authentication(&state.webauthn, &stored)
                .map_err(|_| refuse("passkey", "passkey", Problem::PasskeyFailed))?;
            (Some(request), Some(kept))
        }
    } else {
        (None, None)
    };
    let lifetime = if channel == Channel::Passkey {
        CEREMONY_LIFETIME
    } else {
        LIFETIME
    };
    let id = new_id();
    state
        .store
        .autocommit()
        .await?
        .create_challenge(
            NewChallenge {
                id: &id,
                user_id: owner.user_id,
                session_hash: owner.session_hash,
                purpose,
                method_kind: method.kind,
                channel,
                target: &method.id,
                code_hash: "",
                expires_at: now + lifetime,
                resend_after: now,
                call_started_at: None,
                passkey_state: passkey_state.as_deref(),
            },
            now,
        )
        .await?;
    Ok(Challenge {
        id,
        channel,
        destination: String::new(),
        resend_after_seconds: 0,
        expires_in_seconds: lifetime as u32,
        passkey_request,
    })
}

/// Whether a challenge is answered with something held, so nothing was sent for it.
pub(in crate::http) fn is_held(challenge: &StoredChallenge) -> bool {
    !challenge.channel.is_sent()
}

/// Checks an app's code or a recovery code typed against a held challenge. A right one is
/// spent at once: the app's step, or the recovery code.
pub(in crate::http) async fn held_code_is_right(
    state: &AppState,
    challenge: &StoredChallenge,
    typed: &str,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    match challenge.channel {
        Channel::App => {
            let typed = normalise_code(typed);
            for seed in state.store.app_seeds(&challenge.user_id).await? {
                let Some(secret) = state
                    .sealing_key
                    .open(&challenge.user_id, &seed.sealed_seed)
                else {
                    tracing::error!(method = %seed.method_id, "an authenticator app's key cannot be opened: was secret_key changed?");
                    continue;
                };
                if let Some(step) = totp::accepted_step(&secret, &typed, now, seed.last_step) {
                    return Ok(state
                        .store
                        .autocommit()
                        .await?
                        .accept_app_step(&seed.method_id, step, now)
                        .await?);
                }
            }
            Ok(false)
        }
        Channel::RecoveryCode => Ok(state
            .store
            .autocommit()
            .await?
            .use_recovery_code(
                &challenge.user_id,
                &recovery::hash(&challenge.user_id, typed),
                now,
            )
            .await?),
        _ => Ok(false),
    }
}

/// Checks the browser's passkey answer to a challenge; a wrong one counts as a wrong code. A
/// counter that went backwards is refused and written in the audit log.
pub(in crate::http) async fn check_passkey(
    state: &AppState,
    challenge: &StoredChallenge,
    answer: &serde_json::Value,
    client: &Origin,
) -> Result<(), AppError> {
    let problem = |p| refuse("passkey", "passkey", p);
    let now = state.clock.now();
    if challenge.channel != Channel::Passkey {
        return Err(problem(Problem::Invalid));
    }
    refuse_if_closed(challenge, now, "passkey")?;
    let kept = challenge.passkey_state.as_deref().unwrap_or_default();
    let proven = match passkeys::finish_authentication(&state.webauthn, answer, kept) {
        Ok(proven) => proven,
        Err(error) => {
            state
                .store
                .autocommit()
                .await?
                .challenge_failed(&challenge.id)
                .await?;
            if error == PasskeyError::CounterWentBack {
                let entry = AuditEntry {
                    user_id: &challenge.user_id,
                    action: "passkey_counter_went_back",
                    detail: "A passkey's signature counter went backwards: it may have been copied. It was refused.",
                    ip: &client.ip,
                    user_agent: &client.user_agent,
                };
                state.store.autocommit().await?.audit(entry, now).await?;
            }
            return Err(problem(Problem::PasskeyFailed));
        }
    };
    for (method_id, record) in state.store.passkeys(&challenge.user_id).await? {
        let Some(mut passkey) = passkeys::passkey_of(&record) else {
            continue;
        };
        if passkey.cred_id().as_ref() == proven.credential_id.as_slice() {
            passkey.update_credential(&proven.result);
            let record = passkeys::stored(&passkey);
            state
                .store
                .autocommit()
                .await?
                .passkey_used(&method_id, &record, now)
                .await?;
        }
    }
    Ok(())
}
