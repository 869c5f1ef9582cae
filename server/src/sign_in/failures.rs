//! What a sign-in's outcome leaves behind: a refusal counts against the account and the
//! address, a success forgets the account's count (from every browser).

use crate::clock::Timestamp;
use crate::sessions::{ACCOUNT_MEMORY, ADDRESS_MEMORY};
use crate::store::Store;

/// Counts a refused sign-in under the account's scope and the address's, together.
pub async fn count(
    store: &Store,
    account: &str,
    address: &str,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let mut tx = store.transaction().await?;
    tx.record_sign_in_failure(account, now, now - ACCOUNT_MEMORY)
        .await?;
    tx.record_sign_in_failure(address, now, now - ADDRESS_MEMORY)
        .await?;
    tx.commit().await
}

/// Forgets the failures counted against the person `person_id`, from strangers' browsers and
/// from their own.
pub async fn forget(store: &Store, person_id: &str) -> Result<(), sqlx::Error> {
    let mut tx = store.transaction().await?;
    for scope in ["account", "account-familiar"] {
        tx.clear_sign_in_failures(&format!("{scope}:{person_id}"))
            .await?;
    }
    tx.commit().await
}
