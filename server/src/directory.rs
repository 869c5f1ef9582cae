//! Where passwords live. The built-in account store now; LDAP / Active Directory will plug in
//! behind the same seam, and may refuse a password by its own policy too.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use latchkey_api::Problem;

use crate::config::Config;
use crate::password::{Context, Hasher, check_new_password};
use crate::store::{Store, User};

/// Why a directory did not set a password.
#[derive(Debug)]
pub enum PasswordRefused {
    /// The password breaks the policy, for this reason.
    Policy(Problem),
    /// The directory could not be reached or failed; the reason is for the log.
    Unavailable(String),
}

/// A future a directory returns.
pub type Setting<'a> = Pin<Box<dyn Future<Output = Result<(), PasswordRefused>> + Send + 'a>>;

/// A future answering whether a directory can serve now: the reason when it cannot.
pub type Checking<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

/// Sets a user's password.
pub trait Directory: Send + Sync + 'static {
    fn set_password<'a>(&'a self, user: &'a User, new: &'a str) -> Setting<'a>;

    /// Whether the directory answers (for `/readyz`). The built-in store is the database, which
    /// readiness checks anyway.
    fn readiness(&self) -> Checking<'_> {
        Box::pin(async { Ok(()) })
    }
}

/// The built-in account store: Latchkey's policy, then an Argon2id hash in the database.
pub struct BuiltIn {
    store: Store,
    hasher: Hasher,
    config: Arc<Config>,
}

impl BuiltIn {
    pub fn new(store: Store, hasher: Hasher, config: Arc<Config>) -> Self {
        Self {
            store,
            hasher,
            config,
        }
    }
}

impl Directory for BuiltIn {
    fn set_password<'a>(&'a self, user: &'a User, new: &'a str) -> Setting<'a> {
        Box::pin(async move {
            let context = Context {
                username: &user.username,
                display_name: &user.display_name,
                email: &user.email,
                organisation_name: &self.config.organisation_name,
            };
            check_new_password(new, self.config.password_min_length, &context)
                .map_err(PasswordRefused::Policy)?;
            let hash = self.hasher.hash(new).await;
            self.store
                .set_password_hash(&user.id, &hash)
                .await
                .map_err(|error| PasswordRefused::Unavailable(error.to_string()))
        })
    }
}
