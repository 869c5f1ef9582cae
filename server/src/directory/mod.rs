//! Where passwords live, behind one seam: Latchkey's own accounts (`builtin`), an LDAP
//! directory (`ldap`) or Active Directory (`active_directory`, through the same LDAP code). Sign-in checks a password there; a reset sets one there, after
//! Latchkey's own checks; the directory's refusals come back as reasons (security.md 44–47).
//! People from a directory get a local record (security info, language, audit) keyed by the
//! directory's stable ID the first time they sign in.

mod builtin;
pub mod ldap;
pub mod lockout;
pub mod standing;

use std::collections::HashMap;

use latchkey_api::Problem;
use latchkey_api::types::PersonSummary;

pub use builtin::BuiltIn;
pub use ldap::LdapDirectory;

use crate::clock::Timestamp;
use crate::config::Config;
use crate::http::error::AppError;
use crate::store::{Store, User};

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
    /// IT support's role by membership of the configured groups.
    pub role: Option<crate::staff::Role>,
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

/// The directory's own password rules, where it publishes them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    pub min_length: Option<usize>,
    /// How many previous passwords it refuses.
    pub history: Option<u32>,
    /// Three kinds of characters (Active Directory's complexity rule).
    pub complexity: bool,
}

/// Why a directory did not set a password.
#[derive(Debug)]
pub enum PasswordRefused {
    /// A change's current password is not the person's.
    WrongPassword,
    /// The password breaks a policy (Latchkey's or the directory's), for this reason.
    Policy(Problem),
    /// The directory would not let Latchkey do it (the service account's rights); its words are
    /// for the audit log and IT support.
    NotAllowed(String),
    /// The directory could not be reached or failed; the reason is for the log.
    Unavailable(String),
}

/// The home of passwords in force.
pub enum Directory {
    BuiltIn(BuiltIn),
    Ldap(LdapDirectory),
}

fn unreachable(error: ldap::Unreachable) -> AppError {
    AppError::DirectoryUnavailable(error.0)
}

impl Directory {
    /// The person a typed name (username or work email) belongs to.
    pub async fn find(&self, store: &Store, name: &str) -> Result<Option<Found>, AppError> {
        match self {
            Self::BuiltIn(builtin) => Ok(builtin.find(name).await?),
            Self::Ldap(ldap) => {
                let Some(person) = ldap.find(name).await.map_err(unreachable)? else {
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
    ) -> Result<Vec<User>, AppError> {
        let Self::Ldap(ldap) = self else {
            return Ok(store.search_people(part).await?);
        };
        let mut found = Vec::new();
        for mut person in ldap.search(part.trim()).await.map_err(unreachable)? {
            person.role = ldap.role_of(&person.dn).await.map_err(unreachable)?;
            found.push(
                store
                    .autocommit()
                    .await?
                    .directory_user(&person, now)
                    .await?,
            );
        }
        Ok(found)
    }

    /// Everyone who may use Latchkey (not disabled): the built-in accounts, or everyone the
    /// directory's user filter finds. The ID is their local record's, and empty for a
    /// directory's person who has none yet (who never signed in and was never looked for).
    pub async fn everyone(&self, store: &Store) -> Result<Vec<PersonSummary>, AppError> {
        let users = store.users().await?;
        let Self::Ldap(ldap) = self else {
            return Ok(users
                .into_iter()
                .filter(|user| !user.disabled)
                .map(User::summary)
                .collect());
        };
        let mut local: HashMap<String, String> = users
            .into_iter()
            .filter_map(|user| Some((user.directory_id?, user.id)))
            .collect();
        let people = ldap.everyone().await.map_err(unreachable)?;
        Ok(people
            .into_iter()
            .map(|person| PersonSummary {
                id: local.remove(&person.id).unwrap_or_default(),
                username: person.username,
                display_name: person.display_name,
                email: person.email,
            })
            .collect())
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
    ) -> Result<Proof, AppError> {
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
        let proof = ldap
            .check_password(person, password)
            .await
            .map_err(unreachable)?;
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

    /// After a reset set `user`'s password: OpenLDAP's password policy forgets the entry's
    /// failures when its password is set, so Latchkey starts its shares afresh too, and the
    /// reset gives sign-in back to whoever's share was spent. Active Directory keeps
    /// `badPwdCount` across an administrator's reset, so there the shares run on until a
    /// success or the end of their window.
    pub async fn password_was_reset(&self, store: &Store, user: &User) -> Result<(), sqlx::Error> {
        match (self, user.directory_id.as_deref()) {
            (Self::Ldap(ldap), Some(id)) if !ldap.active_directory() => {
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
    ) -> Result<User, AppError> {
        match (self, found.user) {
            (Self::BuiltIn(_), Some(user)) => Ok(user),
            (Self::BuiltIn(_), None) => Err(AppError::InvalidCredentials),
            (Self::Ldap(ldap), _) => {
                let mut person = found.person;
                person.role = ldap.role_of(&person.dn).await.map_err(unreachable)?;
                let user = store
                    .autocommit()
                    .await?
                    .directory_user(&person, now)
                    .await?;
                if standing::ended(&person, now).is_some() {
                    return Ok(user);
                }
                // The directory just said they may use Latchkey, with this role.
                store
                    .autocommit()
                    .await?
                    .note_directory_check(&user.id, person.role, now)
                    .await?;
                Ok(User {
                    directory_checked_at: Some(now),
                    ..user
                })
            }
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
                let person = self.person_of(ldap, user).await?;
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
                let person = self.person_of(ldap, user).await?;
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
                let person = self.person_of(ldap, user).await?;
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
    async fn person_of(
        &self,
        ldap: &LdapDirectory,
        user: &User,
    ) -> Result<Person, PasswordRefused> {
        let id = user.directory_id.as_deref().ok_or_else(|| {
            PasswordRefused::NotAllowed("the account is not in the directory".into())
        })?;
        ldap.find_by_id(id)
            .await
            .map_err(|error| PasswordRefused::Unavailable(error.0))?
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
