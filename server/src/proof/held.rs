//! Challenges answered with something the person holds — a code from any of their
//! authenticator apps, a recovery code, any of their passkeys — instead of a code sent to them.
//! Nothing is sent; the same rules of one use, expiry and five wrong tries apply.

use latchkey_api::Problem;
use latchkey_api::types::{Challenge, Channel};
use latchkey_api::validation::normalise_code;
use webauthn_rs::Webauthn;

use super::challenge::{Owner, refuse_if_closed};
use crate::clock::Timestamp;
use crate::origin::Context;
use crate::reset::decoys::decoy_credentials;
use crate::sealing::SealingKey;
use crate::security_info::codes::LIFETIME;
use crate::security_info::error::SecurityInfoError;
use crate::security_info::passkeys::{self, CEREMONY_LIFETIME, PasskeyError};
use crate::security_info::{limits, recovery, totp};
use crate::store::{
    AuditEntry, NewChallenge, Purpose, Store, StoredChallenge, StoredMethod, Tx, decoy_name_key,
    new_id,
};

fn passkey_refused() -> SecurityInfoError {
    SecurityInfoError::refused("passkey", "passkey", Problem::PasskeyFailed)
}

/// Creates a challenge for the person's apps, recovery codes or passkeys (whose options for the
/// browser come with it), within the limits on guesses. `method` is one of that kind.
#[allow(clippy::too_many_arguments)]
pub async fn issue_held(
    store: &Store,
    webauthn: &Webauthn,
    owner: &Owner<'_>,
    network: &str,
    purpose: Purpose,
    channel: Channel,
    method: &StoredMethod,
    now: Timestamp,
) -> Result<Challenge, SecurityInfoError> {
    limits::count_held(store, owner.user_id, network, now).await?;
    let (passkey_request, passkey_state) = if channel == Channel::Passkey {
        // A decoy's options look like a real account's, and nothing can answer them.
        if let Some(name_key) = decoy_name_key(owner.user_id) {
            let credentials = decoy_credentials(name_key);
            let request =
                passkeys::decoy_request(webauthn, &credentials).map_err(|_| passkey_refused())?;
            (Some(request), None)
        } else {
            let stored: Vec<_> = store
                .passkeys(owner.user_id)
                .await?
                .iter()
                .filter_map(|(_, record)| passkeys::passkey_of(record))
                .collect();
            let (request, kept) =
                passkeys::start_authentication(webauthn, &stored).map_err(|_| passkey_refused())?;
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
    let mut tx = store.transaction().await?;
    tx.create_challenge(
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
    tx.commit().await?;
    Ok(Challenge {
        id,
        channel,
        destination: String::new(),
        resend_after_seconds: 0,
        expires_in_seconds: lifetime as u32,
        passkey_request,
    })
}

/// Checks an app's code or a recovery code typed against a held challenge. A right one is
/// spent at once in `tx`: the app's step, or the recovery code.
pub async fn held_code_is_right(
    tx: &mut Tx,
    sealing_key: &SealingKey,
    challenge: &StoredChallenge,
    typed: &str,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    match challenge.channel {
        Channel::App => {
            let typed = normalise_code(typed);
            for seed in tx.app_seeds(&challenge.user_id).await? {
                let Some(secret) = sealing_key.open(&challenge.user_id, &seed.sealed_seed) else {
                    tracing::error!(method = %seed.method_id, "an authenticator app's key cannot be opened: was secret_key changed?");
                    continue;
                };
                if let Some(step) = totp::accepted_step(&secret, &typed, now, seed.last_step) {
                    return tx.accept_app_step(&seed.method_id, step, now).await;
                }
            }
            Ok(false)
        }
        Channel::RecoveryCode => {
            let hash = recovery::hash(&challenge.user_id, typed);
            tx.use_recovery_code(&challenge.user_id, &hash, now).await
        }
        _ => Ok(false),
    }
}

/// A passkey that answered a challenge, and its record as it now stands (its counter).
pub struct PasskeyUse {
    method_id: String,
    record: String,
}

/// Checks the browser's passkey answer to a challenge, before any transaction: a wrong one is
/// counted as a wrong code (kept, whatever follows) and refused; a counter that went backwards
/// is refused and written in the audit log. A right one is to be recorded with
/// [`passkey_used`] in the action's transaction.
pub async fn check_passkey(
    store: &Store,
    webauthn: &Webauthn,
    cx: &Context<'_>,
    challenge: &StoredChallenge,
    answer: &serde_json::Value,
) -> Result<Vec<PasskeyUse>, SecurityInfoError> {
    if challenge.channel != Channel::Passkey {
        return Err(SecurityInfoError::refused(
            "passkey",
            "passkey",
            Problem::Invalid,
        ));
    }
    refuse_if_closed(challenge, cx.now, "passkey")?;
    let kept = challenge.passkey_state.as_deref().unwrap_or_default();
    let proven = match passkeys::finish_authentication(webauthn, answer, kept) {
        Ok(proven) => proven,
        Err(error) => {
            let mut tx = store.transaction().await?;
            tx.challenge_failed(&challenge.id).await?;
            if error == PasskeyError::CounterWentBack {
                let entry = AuditEntry {
                    user_id: &challenge.user_id,
                    action: "passkey_counter_went_back",
                    detail: "A passkey's signature counter went backwards: it may have been copied. It was refused.",
                    ip: &cx.origin.ip,
                    user_agent: &cx.origin.user_agent,
                };
                tx.audit(entry, cx.now).await?;
            }
            tx.commit().await?;
            return Err(passkey_refused());
        }
    };
    let mut used = Vec::new();
    for (method_id, record) in store.passkeys(&challenge.user_id).await? {
        let Some(mut passkey) = passkeys::passkey_of(&record) else {
            continue;
        };
        if passkey.cred_id().as_ref() == proven.credential_id.as_slice() {
            passkey.update_credential(&proven.result);
            let record = passkeys::stored(&passkey);
            used.push(PasskeyUse { method_id, record });
        }
    }
    Ok(used)
}

/// Records in `tx` that the passkeys in `used` answered a challenge.
pub async fn passkey_used(
    tx: &mut Tx,
    used: &[PasskeyUse],
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    for passkey in used {
        tx.passkey_used(&passkey.method_id, &passkey.record, now)
            .await?;
    }
    Ok(())
}
