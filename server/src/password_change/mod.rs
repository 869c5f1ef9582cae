//! A person changing their own password: with the current one while signed in (a wrong one
//! counts like a wrong sign-in), or at sign-in when the directory says it has expired. The
//! directory acts first; then one transaction notes the change for Security info, audits it and
//! queues its notices (security.md 22).

pub mod refused;

use crate::directory::lockout::Browser;
use crate::directory::{Directory, PasswordRefused};
use crate::origin::Context;
use crate::security_info::changes;
use crate::security_info::messages::Change;
use crate::sessions::{ACCOUNT_MEMORY, sign_in_wait, throttle};
use crate::store::{Store, Tx, User};

/// Why a password was not changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// Too many wrong passwords: the sign-in's wait, in seconds.
    #[error("wait {0} seconds")]
    Wait(u64),
    /// The current password was not given.
    #[error("the current password is missing")]
    CurrentMissing,
    /// The current password is not the person's.
    #[error("the current password is wrong")]
    WrongPassword,
    /// The directory did not set the new password.
    #[error("the directory refused: {0:?}")]
    Refused(PasswordRefused),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// The passwords a change was given, and the browser it came from.
pub struct Passwords<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub browser: Browser,
}

/// The signed-in person changes their password; the sign-in's wait and count apply to the
/// current one.
pub async fn change(
    store: &Store,
    directory: &Directory,
    cx: &Context<'_>,
    user: &User,
    passwords: Passwords<'_>,
) -> Result<(), ChangeError> {
    // The current password is a sign-in's: the same counter and the same wait.
    let account = user.sign_in_scope();
    let wait = throttle::remaining(store, &account, sign_in_wait, cx.now).await?;
    if wait > 0 {
        return Err(ChangeError::Wait(wait as u64));
    }
    if passwords.current.is_empty() {
        return Err(ChangeError::CurrentMissing);
    }
    if let Err(refusal) = set(store, directory, cx, user, passwords).await {
        if let ChangeError::WrongPassword = refusal {
            let mut tx = store.transaction().await?;
            tx.record_sign_in_failure(&account, cx.now, cx.now - ACCOUNT_MEMORY)
                .await?;
            tx.commit().await?;
        }
        return Err(refusal);
    }
    let mut tx = store.transaction().await?;
    tx.clear_sign_in_failures(&account).await?;
    changed(&mut tx, cx, user).await?;
    Ok(tx.commit().await?)
}

/// A password the directory says has expired is changed, its current one proven at sign-in.
pub async fn change_expired(
    store: &Store,
    directory: &Directory,
    cx: &Context<'_>,
    user: &User,
    passwords: Passwords<'_>,
) -> Result<(), ChangeError> {
    set(store, directory, cx, user, passwords).await?;
    let mut tx = store.transaction().await?;
    changed(&mut tx, cx, user).await?;
    Ok(tx.commit().await?)
}

/// The directory sets the new password; a refusal IT support must act on is audited.
async fn set(
    store: &Store,
    directory: &Directory,
    cx: &Context<'_>,
    user: &User,
    passwords: Passwords<'_>,
) -> Result<(), ChangeError> {
    let context = (store, passwords.browser, cx.now);
    let changed = directory
        .change_password(cx.config, context, user, passwords.current, passwords.new)
        .await;
    match changed {
        Ok(()) => Ok(()),
        Err(PasswordRefused::WrongPassword) => Err(ChangeError::WrongPassword),
        Err(refusal) => {
            refused::record(store, cx, user, &refusal, "password_change_failed").await?;
            Err(ChangeError::Refused(refusal))
        }
    }
}

/// What follows a person's own change: noted for Security info, audited, and told to the
/// addresses they have.
async fn changed(tx: &mut Tx, cx: &Context<'_>, user: &User) -> Result<(), sqlx::Error> {
    let methods = tx.methods(&user.id).await?;
    tx.note_password_changed(&user.id, cx.now).await?;
    let change = &Change::PasswordChanged;
    changes::record(tx, cx, user, &methods, "password_changed", change).await
}
