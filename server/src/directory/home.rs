//! The home of passwords in force, behind one seam: Latchkey's own accounts or an LDAP directory
//! (OpenLDAP or Active Directory). Sign-in checks a password there, within the share of the
//! directory's lockout threshold left to the browser; a reset sets one there, after Latchkey's own
//! checks; the directory's refusals come back as reasons (security.md 44–47).

use latchkey_api::types::PersonSummary;

use super::builtin::BuiltIn;
use super::error::{DirectoryError, PasswordRefused};
use super::ldap::LdapDirectory;
use super::local_record;
use super::lockout;
use super::person::{Found, Person, Proof};
use super::standing::{self, Purpose, Rechecked};
use crate::clock::Timestamp;
use crate::config::Config;
use crate::password::Rules;
use crate::store::{Store, User};

/// The home of passwords in force.
pub enum Directory {
    BuiltIn(BuiltIn),
    Ldap(LdapDirectory),
}

impl Directory {
    /// The person a typed name (username or work email) belongs to.
    pub async fn find(&self, store: &Store, name: &str) -> Result<Option<Found>, DirectoryError> {
        match self {
            Self::BuiltIn(builtin) => Ok(builtin.find(name).await?),
            Self::Ldap(ldap) => {
                let Some(person) = ldap.find(name).await? else {
                    return Ok(None);
                };
                let user = store.user_by_directory_id(&person.id).await?;
                Ok(Some(Found { person, user }))
            }
        }
    }

    /// The people IT support looks for: whose username, name or work email contains `part`. A
    /// directory's people get their local record now, with their role from its groups, so that
    /// the page of someone who never signed in opens like anyone's.
    pub async fn search(
        &self,
        store: &Store,
        part: &str,
        now: Timestamp,
    ) -> Result<Vec<User>, DirectoryError> {
        match self {
            Self::BuiltIn(_) => Ok(store.search_people(part).await?),
            Self::Ldap(ldap) => local_record::search(ldap, store, part, now).await,
        }
    }

    /// Everyone who may use Latchkey (not disabled): the built-in accounts, or everyone the
    /// directory's user filter finds. The ID is their local record's, and empty for a
    /// directory's person who has none yet (who never signed in and was never looked for).
    pub async fn everyone(&self, store: &Store) -> Result<Vec<PersonSummary>, DirectoryError> {
        let users = store.users().await?;
        match self {
            Self::BuiltIn(_) => Ok(users
                .into_iter()
                .filter(|user| !user.disabled)
                .map(User::summary)
                .collect()),
            Self::Ldap(ldap) => local_record::everyone(ldap, users).await,
        }
    }

    /// Whether `password` is the person's, for a sign-in. `None` (an unknown, disabled or
    /// throttled name) does the same work and fails; a full hashing queue refuses any name. A
    /// directory's person's password is sent only within the share of their directory's lockout
    /// threshold that `browser` has left ([`lockout`]); past it, the same work as for an unknown
    /// name, and a wrong password's answer.
    pub async fn check_password(
        &self,
        store: &Store,
        found: Option<&Found>,
        password: &str,
        browser: lockout::Browser,
        now: Timestamp,
    ) -> Result<Proof, DirectoryError> {
        let ldap = match self {
            Self::BuiltIn(builtin) => {
                let right = builtin
                    .check_sign_in(found.and_then(|found| found.user.as_ref()), password)
                    .await?;
                return Ok(if right { Proof::Right } else { Proof::Wrong });
            }
            Self::Ldap(ldap) => ldap,
        };
        let person = found.map(|found| &found.person);
        let sent = Self::may_send_password(ldap, store, person, browser, now).await?;
        let person = person.filter(|_| sent);
        let proof = ldap.check_password(person, password).await?;
        if let Some(person) = person
            && proof != Proof::Wrong
        {
            lockout::forget_tries(store, &person.id).await?;
        }
        Ok(proof)
    }

    /// Whether a password typed for `person` may go to the directory now, within the share of
    /// its lockout threshold that `browser` has left; if so, the try is counted. An unknown name
    /// (`None`) counts its try too, in a scope of no one's: the same work.
    async fn may_send_password(
        ldap: &LdapDirectory,
        store: &Store,
        person: Option<&Person>,
        browser: lockout::Browser,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        // The default policy for a name nobody has: read as often as anyone's.
        let own = person.and_then(|person| person.policy.as_deref());
        let policy = ldap.lockout_policy(own).await;
        let scope_of = person.map_or(lockout::NOBODY, |person| person.id.as_str());
        lockout::take_try(
            store,
            &policy,
            ldap.lockout_margin(),
            scope_of,
            browser,
            now,
        )
        .await
    }

    /// After a reset set `user`'s password: where the directory forgets the entry's failures
    /// when its password is set (OpenLDAP's password policy), Latchkey starts its shares afresh
    /// too, and the reset gives sign-in back to whoever's share was spent. Active Directory
    /// keeps `badPwdCount` across an administrator's reset, so there the shares run on until a
    /// success or the end of their window.
    pub async fn password_was_reset(&self, store: &Store, user: &User) -> Result<(), sqlx::Error> {
        match (self, user.directory_id.as_deref()) {
            (Self::Ldap(ldap), Some(id)) if ldap.reset_forgets_failures() => {
                lockout::forget_tries(store, id).await
            }
            _ => Ok(()),
        }
    }

    /// The local record of a person who just proved their password: made now for a
    /// directory's person signing in for the first time, brought up to date otherwise.
    pub async fn signed_in(
        &self,
        store: &Store,
        found: Found,
        now: Timestamp,
    ) -> Result<User, DirectoryError> {
        match (self, found.user) {
            (Self::BuiltIn(_), Some(user)) => Ok(user),
            (Self::BuiltIn(_), None) => Err(DirectoryError::NoAccount),
            (Self::Ldap(ldap), _) => local_record::signed_in(ldap, store, &found.person, now).await,
        }
    }

    /// `user` as the directory has them now: asked again when its last answer is too old for
    /// `purpose` ([`standing`]). Latchkey's own accounts are their record already (disabling
    /// one ends its sessions at once).
    pub async fn recheck(
        &self,
        store: &Store,
        user: &User,
        now: Timestamp,
        purpose: Purpose,
    ) -> Result<Rechecked, DirectoryError> {
        match self {
            Self::BuiltIn(_) => Ok(Rechecked {
                user: user.clone(),
                ended: None,
            }),
            Self::Ldap(ldap) => standing::recheck(ldap, store, user, now, purpose).await,
        }
    }

    /// Sets `user`'s password: Latchkey's own checks (length, common passwords, their names),
    /// then the directory, which may refuse by its own policy.
    pub async fn set_password(
        &self,
        config: &Config,
        user: &User,
        new: &str,
    ) -> Result<(), PasswordRefused> {
        crate::password::check_for(config, self.rules(), user, new)
            .map_err(PasswordRefused::Policy)?;
        match self {
            Self::BuiltIn(builtin) => builtin.set_password(user, new).await,
            Self::Ldap(ldap) => {
                let person = Self::person_of(ldap, user).await?;
                ldap.set_password(&person, new).await
            }
        }
    }

    /// Lifts the directory's lockout of `user` ("I know my password, but still can't sign
    /// in"); Latchkey's own wait is cleared by the reset's ending.
    pub async fn unlock(&self, user: &User) -> Result<(), PasswordRefused> {
        match self {
            Self::BuiltIn(_) => Ok(()),
            Self::Ldap(ldap) => {
                let person = Self::person_of(ldap, user).await?;
                ldap.unlock_person(&person).await
            }
        }
    }

    /// Changes `user`'s own password: `current` must be theirs now (sent to a directory only
    /// within the share of its lockout threshold left to `browser`, counted in `store` at `now`);
    /// then Latchkey's checks, then the directory's rules for a person changing their own
    /// (minimum age and history too).
    pub async fn change_password(
        &self,
        config: &Config,
        (store, browser, now): (&Store, lockout::Browser, Timestamp),
        user: &User,
        current: &str,
        new: &str,
    ) -> Result<(), PasswordRefused> {
        match self {
            Self::BuiltIn(builtin) => {
                if !builtin.check_password(Some(user), current).await {
                    return Err(PasswordRefused::WrongPassword);
                }
                crate::password::check_for(config, self.rules(), user, new)
                    .map_err(PasswordRefused::Policy)?;
                builtin.set_password(user, new).await
            }
            Self::Ldap(ldap) => {
                let person = Self::person_of(ldap, user).await?;
                // The current password goes to the directory within the same share of its
                // lockout threshold as a sign-in's (security.md 52); past it, a wrong password.
                let sent = Self::may_send_password(ldap, store, Some(&person), browser, now)
                    .await
                    .map_err(|error| PasswordRefused::Unavailable(error.to_string()))?;
                if !sent {
                    return Err(PasswordRefused::WrongPassword);
                }
                // Latchkey's rules are checked once the bind has proven the current password.
                let rules = || crate::password::check_for(config, self.rules(), user, new);
                let changed = ldap.change_password(&person, current, new, rules).await;
                if changed.is_ok() {
                    lockout::forget_tries(store, &person.id)
                        .await
                        .map_err(|error| PasswordRefused::Unavailable(error.to_string()))?;
                }
                changed
            }
        }
    }

    /// The directory's entry for a local record, found by its stable ID.
    async fn person_of(ldap: &LdapDirectory, user: &User) -> Result<Person, PasswordRefused> {
        let id = user.directory_id.as_deref().ok_or_else(|| {
            PasswordRefused::NotAllowed("the account is not in the directory".into())
        })?;
        ldap.find_by_id(id)
            .await?
            .ok_or_else(|| PasswordRefused::NotAllowed(format!("the directory has no entry {id}")))
    }

    /// The directory's rules as last read (none for the built-in store: Latchkey's are all).
    pub fn rules(&self) -> Rules {
        match self {
            Self::BuiltIn(_) => Rules::default(),
            Self::Ldap(ldap) => ldap.rules(),
        }
    }

    /// Reads the directory's rules again (they may change while the server runs).
    pub async fn refresh_rules(&self) {
        if let Self::Ldap(ldap) = self {
            ldap.refresh_rules().await;
        }
    }

    /// Whether the directory answers (for `/readyz`); the built-in store is the database,
    /// which readiness checks anyway.
    pub async fn readiness(&self) -> Result<(), String> {
        match self {
            Self::BuiltIn(_) => Ok(()),
            Self::Ldap(ldap) => ldap.readiness().await,
        }
    }
}
