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
use crate::store::{Store, User};

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

/// Where a change is asked from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    /// Signed in: the current password is a sign-in's, with the same counter and wait.
    SignedIn,
    /// At sign-in, for a password the directory says has expired: the current one was proven
    /// there.
    Expired,
}

/// The passwords a change was given, the browser it came from, and where it was asked.
pub struct Passwords<'a> {
    pub current: &'a str,
    pub new: &'a str,
    pub browser: Browser,
    pub asked: Asked,
}

/// Changes the person's password.
pub async fn change(
    store: &Store,
    directory: &Directory,
    cx: &Context<'_>,
    user: &User,
    passwords: Passwords<'_>,
) -> Result<(), ChangeError> {
    let signed_in = passwords.asked == Asked::SignedIn;
    let account = user.sign_in_scope();
    if signed_in {
        let wait = throttle::remaining(store, &account, sign_in_wait, cx.now).await?;
        if wait > 0 {
            return Err(ChangeError::Wait(wait as u64));
        }
        if passwords.current.is_empty() {
            return Err(ChangeError::CurrentMissing);
        }
    }
    let context = (store, passwords.browser, cx.now);
    let set = directory
        .change_password(cx.config, context, user, passwords.current, passwords.new)
        .await;
    match set {
        Ok(()) => {}
        Err(PasswordRefused::WrongPassword) => {
            if signed_in {
                let mut tx = store.transaction().await?;
                tx.record_sign_in_failure(&account, cx.now, cx.now - ACCOUNT_MEMORY)
                    .await?;
                tx.commit().await?;
            }
            return Err(ChangeError::WrongPassword);
        }
        Err(refusal) => {
            refused::record(store, cx, user, &refusal, "password_change_failed").await?;
            return Err(ChangeError::Refused(refusal));
        }
    }
    let mut tx = store.transaction().await?;
    if signed_in {
        tx.clear_sign_in_failures(&account).await?;
    }
    // Noted for Security info, audited, and told to the addresses the person has.
    let methods = tx.methods(&user.id).await?;
    tx.note_password_changed(&user.id, cx.now).await?;
    let change = &Change::PasswordChanged;
    changes::record(&mut tx, cx, user, &methods, "password_changed", change).await?;
    Ok(tx.commit().await?)
}
