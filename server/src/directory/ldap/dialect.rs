//! What differs between kinds of LDAP directory (OpenLDAP and the like, and Active Directory):
//! how a person's ID and account state are read, how group membership is asked, how a bind says
//! a password must be changed, how a password is set and changed and a lockout lifted, and where
//! the password and lockout rules come from. Everything else — connections, searches, binds —
//! the LDAP adapter does once for both.

use std::future::Future;
use std::pin::Pin;

use ldap3::{Ldap, Mod, SearchEntry};

use super::connections::{Connections, Lease};
use super::entry::AccountState;
use crate::directory::error::{PasswordRefused, Unreachable};
use crate::directory::lockout::LockoutPolicy;
use crate::directory::person::Person;
use crate::password::Rules;

/// A dialect's answer that asks the directory first.
pub type Answer<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One kind of LDAP directory.
pub trait Dialect: Send + Sync {
    /// The attributes of a person's entry that say their account's state, besides their names
    /// and ID.
    fn state_attributes(&self) -> &'static [&'static str];

    /// The stable ID in `attribute` of `entry`, as Latchkey keeps it.
    fn id_of(&self, entry: &SearchEntry, attribute: &str) -> Option<String>;

    /// The bytes a search for the stable ID `id` looks for.
    fn id_bytes(&self, id: &str) -> Result<Vec<u8>, Unreachable>;

    /// Disabled, locked out, password set, expiry and own policy, as `entry` says.
    fn account_state(&self, entry: &SearchEntry) -> AccountState;

    /// The filter's attribute that asks whether a DN is a group's member.
    fn member_attribute(&self) -> &'static str;

    /// Whether a refused bind's text says the password was right but must be changed first.
    fn must_change(&self, bind_text: &str) -> bool;

    /// The changes that lift the lockout of an entry.
    fn unlock_changes(&self) -> Vec<Mod<&'static str>>;

    /// Whether setting a password makes the directory forget the entry's failed sign-ins.
    fn reset_forgets_failures(&self) -> bool;

    /// The directory's password rules as last read.
    fn rules(&self) -> Rules;

    /// Reads the directory's password rules again; keeps the last ones read when it does not
    /// answer.
    fn refresh_rules<'a>(&'a self, connections: &'a Connections) -> Answer<'a, ()>;

    /// The lockout rule of a person whose own policy is `own` (`None`: the default).
    fn read_lockout<'a>(
        &'a self,
        connections: &'a Connections,
        own: Option<&'a str>,
    ) -> Answer<'a, Result<LockoutPolicy, Unreachable>>;

    /// A reset: `person`'s password set to `new` as the service account, on `lease`.
    fn reset<'a>(
        &'a self,
        connections: &'a Connections,
        lease: &'a mut Lease,
        person: &'a Person,
        new: &'a str,
    ) -> Answer<'a, Result<(), PasswordRefused>>;

    /// A person's own change on `ldap` from the current password to the new one (`passwords`):
    /// bound as them, or as the service account on their behalf (`on_behalf`, for a password
    /// that must be changed).
    fn change<'a>(
        &'a self,
        connections: &'a Connections,
        ldap: &'a mut Ldap,
        person: &'a Person,
        on_behalf: bool,
        passwords: (&'a str, &'a str),
    ) -> Answer<'a, Result<(), PasswordRefused>>;
}
