//! Latchkey's own accounts: passwords as Argon2id hashes in the database. For development, small
//! sites, and trying the product.

use crate::password::{Busy, Hasher};
use crate::store::{Store, User};

use super::error::PasswordRefused;
use super::person::{Found, Person};

pub struct BuiltIn {
    store: Store,
    hasher: Hasher,
}

impl BuiltIn {
    pub fn new(store: Store, hasher: Hasher) -> Self {
        Self { store, hasher }
    }

    /// The account with this username or work email.
    pub async fn find(&self, name: &str) -> Result<Option<Found>, sqlx::Error> {
        let user = self.store.find_user_for_sign_in(name).await?;
        Ok(user.map(|user| Found {
            person: Person {
                id: user.id.clone(),
                dn: String::new(),
                username: user.username.clone(),
                display_name: user.display_name.clone(),
                email: user.email.clone(),
                disabled: user.disabled,
                locked: false,
                expires: None,
                password_changed: user.password_changed_at,
                policy: None,
            },
            user: Some(user),
        }))
    }

    /// Whether `password` is the account's; `None` checks against a dummy hash, as long.
    pub async fn check_password(&self, user: Option<&User>, password: &str) -> bool {
        let hash = user.map(|user| user.password_hash.as_str());
        self.hasher.verify(password, hash).await
    }

    /// [`BuiltIn::check_password`] for a sign-in: refused at once, for any name, while the
    /// hashing queue is full (security.md 56).
    pub async fn check_sign_in(&self, user: Option<&User>, password: &str) -> Result<bool, Busy> {
        let hash = user.map(|user| user.password_hash.as_str());
        self.hasher.verify_sign_in(password, hash).await
    }

    /// Hashes and keeps the new password (Latchkey's policy was checked by the caller).
    pub async fn set_password(&self, user: &User, new: &str) -> Result<(), PasswordRefused> {
        let hash = self.hasher.hash(new).await;
        let set = async {
            self.store
                .autocommit()
                .await?
                .set_password_hash(&user.id, &hash)
                .await
        };
        set.await
            .map_err(|error| PasswordRefused::Unavailable(error.to_string()))
    }
}
