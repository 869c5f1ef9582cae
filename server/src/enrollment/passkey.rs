//! Adding a passkey: the browser's ceremony starts with its options (the state kept here for
//! five minutes, once); its answer is checked and registered (security.md 34–36).

use latchkey_api::Problem;
use latchkey_api::types::{Channel, MethodKind, PasskeySetup};
use webauthn_rs::Webauthn;

use super::named::{begin, keep_pending, own_pending, register};
use crate::origin::Context;
use crate::proof::kept;
use crate::security_info::error::SecurityInfoError;
use crate::security_info::freshness::Session;
use crate::security_info::passkeys::{self, CEREMONY_LIFETIME};
use crate::store::{NewHeldMethod, Store, StoredMethod};

/// Starts registering a passkey named `typed_name`: the options for the browser's prompt.
pub async fn start_passkey(
    store: &Store,
    webauthn: &Webauthn,
    cx: &Context<'_>,
    session: Session<'_>,
    typed_name: &str,
) -> Result<PasskeySetup, SecurityInfoError> {
    let user = session.user;
    let kind = MethodKind::Passkey;
    let name = begin(store, cx, session, kind, typed_name).await?;
    let handle = store
        .passkey_user_id(&user.id, &passkeys::new_user_handle())
        .await?;
    let existing: Vec<_> = store
        .passkeys(&user.id)
        .await?
        .iter()
        .filter_map(|(_, record)| passkeys::passkey_of(record))
        .collect();
    let (options, kept) = passkeys::start_registration(
        webauthn,
        &handle,
        &user.email,
        &user.display_name,
        &existing,
    )
    .map_err(|error| anyhow::anyhow!("passkey options: {error:?}"))?;
    let expires_at = cx.now + CEREMONY_LIFETIME;
    let id = keep_pending(store, session, kind, name, kept, cx.now, expires_at).await?;
    Ok(PasskeySetup { id, options })
}

/// Checks the browser's new credential for the passkey being added as `id` and registers it;
/// the session counts as verified under the ID whose hash is `renewed_hash`. A ceremony is
/// answered once, right or wrong.
pub async fn finish_passkey(
    store: &Store,
    webauthn: &Webauthn,
    cx: &Context<'_>,
    session: Session<'_>,
    id: &str,
    answer: &serde_json::Value,
    renewed_hash: &str,
) -> Result<StoredMethod, SecurityInfoError> {
    let refused = |p| SecurityInfoError::refused("passkey", "passkey", p);
    let pending = own_pending(store, session, id, MethodKind::Passkey).await?;
    // The slow checks come first, outside the transaction; their verdict is given in order.
    let checked = if cx.now >= pending.expires_at {
        Err(refused(Problem::CodeExpired))
    } else {
        passkeys::finish_registration(webauthn, answer, &pending.state)
            .ok()
            .and_then(|passkey| {
                let credential_id = passkeys::accepted_credential_id(passkey.cred_id())?;
                Some((passkey, credential_id))
            })
            .ok_or_else(|| refused(Problem::PasskeyFailed))
    };
    let taken = match &checked {
        Ok((_, credential_id)) => store.credential_exists(credential_id).await?,
        Err(_) => false,
    };
    let mut tx = store.transaction().await?;
    if !tx.take_pending_method(id).await? {
        return Err(refused(Problem::CodeUsed));
    }
    let (passkey, credential_id) = match checked {
        Ok(_) if taken => return Err(kept(tx, refused(Problem::AlreadyRegistered)).await),
        Ok(checked) => checked,
        Err(refusal) => return Err(kept(tx, refusal).await),
    };
    let record = passkeys::stored(&passkey);
    let method = NewHeldMethod {
        user_id: &session.user.id,
        kind: MethodKind::Passkey,
        name: &pending.name,
        sealed_seed: None,
        passkey: Some(&record),
        credential_id: Some(&credential_id),
        last_step: None,
    };
    let method = register(&mut tx, cx, session, method, Channel::Passkey, renewed_hash).await?;
    tx.commit().await?;
    Ok(method)
}
