//! Adding an authenticator app: a new seed, shown once (QR code and key); the app is registered
//! once it shows a right code (security.md 29–33).

use latchkey_api::Problem;
use latchkey_api::types::{AuthenticatorSetup, Channel, MethodKind};
use latchkey_api::validation::normalise_code;

use super::named::{begin, keep_pending, own_pending, register};
use crate::origin::Context;
use crate::proof::kept;
use crate::sealing::SealingKey;
use crate::security_info::codes::{LIFETIME, MAX_FAILURES};
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Session;
use crate::security_info::totp;
use crate::store::{NewHeldMethod, Store, StoredMethod};

/// Makes a new seed for an app named `typed_name` and shows it; nothing is registered until a
/// code proves it.
pub async fn start_app(
    store: &Store,
    sealing_key: &SealingKey,
    cx: &Context<'_>,
    session: Session<'_>,
    typed_name: &str,
) -> Result<AuthenticatorSetup, SecurityInfoError> {
    let kind = MethodKind::AuthenticatorApp;
    let name = begin(store, cx, session, kind, typed_name).await?;
    let seed = totp::new_seed();
    let key = totp::base32(&seed);
    let issuer = cx.config.organisation_name.clone();
    let account = session.user.email.clone();
    let uri = totp::otpauth_uri(&issuer, &account, &key);
    let sealed = sealing_key.seal(&session.user.id, &seed);
    let expires_at = cx.now + LIFETIME;
    let id = keep_pending(store, session, kind, name, sealed, cx.now, expires_at).await?;
    Ok(AuthenticatorSetup {
        id,
        key: totp::grouped(&key),
        qr_svg: totp::qr_svg(&uri),
        uri,
        account,
        issuer,
        expires_in_seconds: LIFETIME as u32,
    })
}

/// Registers the app being added as `id` if `typed` is a code it shows now (or showed a moment
/// ago); the session counts as verified under the ID whose hash is `renewed_hash`.
pub async fn confirm_app(
    store: &Store,
    sealing_key: &SealingKey,
    cx: &Context<'_>,
    session: Session<'_>,
    id: &str,
    typed: &str,
    renewed_hash: &str,
) -> Result<StoredMethod, SecurityInfoError> {
    let now = cx.now;
    let refused = |p| SecurityInfoError::refused("code", "code", p);
    let pending = own_pending(store, session, id, MethodKind::AuthenticatorApp).await?;
    let typed = normalise_code(typed);
    if typed.is_empty() {
        return Err(refused(Problem::Required));
    }
    if pending.failures >= MAX_FAILURES {
        return Err(refused(Problem::TooManyTries));
    }
    if now >= pending.expires_at {
        return Err(refused(Problem::CodeExpired));
    }
    let seed = sealing_key
        .open(&session.user.id, &pending.state)
        .ok_or_else(|| anyhow::anyhow!("a pending app's key cannot be opened"))?;
    let mut tx = store.transaction().await?;
    let Some(step) = totp::accepted_step(&seed, &typed, now, None) else {
        let failures = tx.pending_method_failed(id).await?;
        let refusal = refused(if failures >= MAX_FAILURES {
            Problem::TooManyTries
        } else {
            Problem::WrongCode
        });
        return Err(kept(tx, refusal).await);
    };
    if !tx.take_pending_method(id).await? {
        return Err(refused(Problem::CodeUsed));
    }
    let method = NewHeldMethod {
        user_id: &session.user.id,
        kind: MethodKind::AuthenticatorApp,
        name: &pending.name,
        sealed_seed: Some(&pending.state),
        passkey: None,
        credential_id: None,
        // The code just typed is spent: it cannot verify again.
        last_step: Some(step),
    };
    let method = register(&mut tx, cx, session, method, Channel::App, renewed_hash).await?;
    tx.commit().await?;
    Ok(method)
}
