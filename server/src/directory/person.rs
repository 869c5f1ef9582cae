//! A person as the directory knows them, what a typed password proved, and what a typed name
//! leads to: the words every home of passwords answers in.

use crate::clock::Timestamp;
use crate::store::User;

/// A person as the directory knows them.
#[derive(Clone, Debug)]
pub struct Person {
    /// The ID that never changes (the local account's ID for the built-in store).
    pub id: String,
    /// Where the entry is now (empty for the built-in store).
    pub dn: String,
    pub username: String,
    pub display_name: String,
    pub email: String,
    /// Disabled by an administrator: treated as an unknown name.
    pub disabled: bool,
    /// Locked out after failed sign-ins (a completed reset unlocks).
    pub locked: bool,
    /// When the account stops being usable, where the directory says (AD's `accountExpires`,
    /// the password policy's `pwdEndTime`).
    pub expires: Option<Timestamp>,
    /// When the password was last set, where the directory says.
    pub password_changed: Option<Timestamp>,
    /// The DN of the person's own password policy, where they have one (`pwdPolicySubentry`,
    /// Active Directory's `msDS-ResultantPSO`).
    pub policy: Option<String>,
}

/// What a typed password proved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proof {
    Wrong,
    Right,
    /// Right, but it has expired or must be changed before signing in (AD's "must change
    /// password at next logon").
    Expired,
}

/// What a typed name leads to: the person, and their local record if they have one.
#[derive(Debug)]
pub struct Found {
    pub person: Person,
    pub user: Option<User>,
}

impl Found {
    /// The local record of someone who may sign in or reset: not disabled.
    pub fn usable_user(&self) -> Option<&User> {
        self.user.as_ref().filter(|_| !self.person.disabled)
    }
}
