//! An LDAP directory (OpenLDAP and the like, or Active Directory) as the home of passwords. The
//! service account finds people with an escaped filter; a person signs in by binding as
//! themselves (Latchkey keeps no password or hash of theirs, security.md 44); a reset sets the
//! password with the Password Modify operation (RFC 3062) and the password policy control, whose
//! answer says why the directory refused (security.md 46) — Active Directory's ways are in
//! `active_directory` and `ad_passwords`; a completed reset also lifts a lockout. IT support
//! finds people in it (`search`).

mod active_directory;
mod ad_passwords;
mod connections;
mod filter;
mod lockout_policy;
mod ppolicy;
mod search;

use std::collections::HashSet;
use std::sync::Arc;

use latchkey_api::Problem;
use ldap3::exop::PasswordModify;
use ldap3::{Mod, Scope, SearchEntry};

use super::{PasswordRefused, Person, Proof, Rules};
use crate::clock::Timestamp;
use crate::config::{DirectoryKind, LdapSettings};
pub use connections::Unreachable;
use connections::{Connections, Lease};
use ppolicy::PolicyError;

/// OpenLDAP's mark of an account locked by an administrator rather than by failed sign-ins.
const LOCKED_FOR_GOOD: &str = "000001010000Z";
/// The password policy overlay's mark of a locked account (its failure count clears itself).
const LOCKED_TIME: &str = "pwdAccountLockedTime";
/// When the password policy overlay last saw the password change.
const CHANGED_TIME: &str = "pwdChangedTime";
/// The person's own password policy, where an administrator gave them one.
const POLICY_SUBENTRY: &str = "pwdPolicySubentry";
/// When the password policy overlay stops letting the account bind (OpenLDAP 2.5 and later).
const END_TIME: &str = "pwdEndTime";

/// An entry's state: disabled, locked out, when its password was last set, and when the account
/// expires (none when it never does).
struct AccountState {
    disabled: bool,
    locked: bool,
    password_changed: Option<Timestamp>,
    expires: Option<Timestamp>,
}

/// A directory reached over LDAP.
pub struct LdapDirectory {
    settings: Arc<LdapSettings>,
    connections: Connections,
    /// The password policy's rules, as last read.
    rules: std::sync::RwLock<Rules>,
    /// The lockout rules of people, as last read.
    lockout_policies: lockout_policy::Kept,
    /// Active Directory: the domain's policy as last read.
    domain_policy: std::sync::RwLock<active_directory::Policy>,
    /// Active Directory: which policy-hints control the domain controller takes (0: the
    /// current one, 1: the older one, 2: neither).
    hints: std::sync::atomic::AtomicUsize,
}

impl LdapDirectory {
    /// Connects, and checks that the service account binds and reads the base DN: a wrong
    /// setting stops the server at start-up with the directory's own words.
    pub async fn connect(settings: LdapSettings) -> anyhow::Result<Self> {
        let settings = Arc::new(settings);
        let directory = Self {
            connections: Connections::new(settings.clone())?,
            settings,
            rules: Default::default(),
            lockout_policies: Default::default(),
            domain_policy: Default::default(),
            hints: Default::default(),
        };
        directory.readiness().await.map_err(|reason| {
            anyhow::anyhow!("the directory at {}: {reason}", directory.settings.url)
        })?;
        directory.refresh_rules().await;
        Ok(directory)
    }

    /// Whether the service account can reach and read the base DN now.
    pub async fn readiness(&self) -> Result<(), String> {
        let mut lease = self.connections.service().await.map_err(|e| e.0)?;
        let base = &self.settings.base_dn;
        let found = lease
            .ldap
            .with_timeout(self.settings.timeout)
            .search(base, Scope::Base, "(objectClass=*)", vec!["1.1"])
            .await
            .and_then(|result| result.success());
        match found {
            Ok((entries, _)) if !entries.is_empty() => Ok(()),
            Ok(_) => Err(format!("the base DN {base} is not there")),
            Err(error) => {
                lease.discard();
                Err(format!(
                    "the service account cannot read the base DN {base}: {error}"
                ))
            }
        }
    }

    /// Seconds the directory's word that a signed-in person may use Latchkey holds.
    pub fn recheck_interval(&self) -> i64 {
        self.settings.recheck.as_secs() as i64
    }

    pub fn rules(&self) -> Rules {
        self.rules.read().map(|rules| *rules).unwrap_or_default()
    }

    pub(super) fn active_directory(&self) -> bool {
        self.settings.kind == DirectoryKind::ActiveDirectory
    }

    /// Reads `directory_policy_dn` (`pwdMinLength`, `pwdInHistory`), or Active Directory's domain
    /// policy; keeps the last rules read when the directory does not answer.
    pub async fn refresh_rules(&self) {
        if self.active_directory() {
            return self.refresh_domain_policy().await;
        }
        let Some(dn) = &self.settings.policy_dn else {
            return;
        };
        match self.read_rules(dn).await {
            Ok(Some(rules)) => {
                if let Ok(mut kept) = self.rules.write() {
                    *kept = rules;
                }
            }
            Ok(None) => tracing::warn!(%dn, "directory_policy_dn names no entry"),
            Err(error) => tracing::warn!(%error, "cannot read the directory's password policy"),
        }
    }

    async fn read_rules(&self, dn: &str) -> Result<Option<Rules>, Unreachable> {
        let mut lease = self.connections.service().await?;
        let attributes = vec!["pwdMinLength", "pwdInHistory"];
        let found = lease
            .ldap
            .with_timeout(self.settings.timeout)
            .search(dn, Scope::Base, "(objectClass=*)", attributes)
            .await
            .and_then(|result| result.success());
        let entries = match found {
            Ok((entries, _)) => entries,
            Err(error) => {
                lease.discard();
                return Err(error.into());
            }
        };
        Ok(entries.into_iter().next().map(|entry| {
            let entry = SearchEntry::construct(entry);
            let number = |name: &str| {
                entry
                    .attrs
                    .get(name)
                    .and_then(|values| values.first())
                    .and_then(|value| value.parse::<u32>().ok())
                    .filter(|value| *value > 0)
            };
            Rules {
                min_length: number("pwdMinLength").map(|n| n as usize),
                history: number("pwdInHistory"),
                complexity: false,
            }
        }))
    }

    /// The one person a typed name (username or email, as the filter says) belongs to.
    pub async fn find(&self, name: &str) -> Result<Option<Person>, Unreachable> {
        self.find_where(&filter::with_name(&self.settings.user_filter, name))
            .await
    }

    /// The person with the stable ID `id`, wherever their entry is now.
    pub async fn find_by_id(&self, id: &str) -> Result<Option<Person>, Unreachable> {
        let bytes = if self.active_directory() {
            active_directory::guid_bytes(id)
                .ok_or_else(|| Unreachable(format!("{id} is not an objectGUID")))?
        } else {
            id.as_bytes().to_vec()
        };
        let filter = filter::with_bytes(&self.settings.id_attribute, &bytes);
        self.find_where(&filter).await
    }

    /// The attributes a [`Person`] is read from.
    fn person_attributes(&self) -> Vec<&str> {
        let settings = &self.settings;
        let mut attributes = vec![
            settings.username_attribute.as_str(),
            settings.display_name_attribute.as_str(),
            settings.email_attribute.as_str(),
            settings.id_attribute.as_str(),
        ];
        attributes.extend_from_slice(if self.active_directory() {
            ad_passwords::PERSON_ATTRIBUTES
        } else {
            &[LOCKED_TIME, CHANGED_TIME, POLICY_SUBENTRY, END_TIME]
        });
        attributes
    }

    async fn find_where(&self, filter: &str) -> Result<Option<Person>, Unreachable> {
        let settings = &self.settings;
        let mut lease = self.connections.service().await?;
        let attributes = self.person_attributes();
        let found = lease
            .ldap
            .with_timeout(settings.timeout)
            .search(&settings.base_dn, Scope::Subtree, filter, attributes)
            .await
            .and_then(|result| result.success());
        let entries = match found {
            Ok((entries, _)) => entries,
            Err(error) => {
                lease.discard();
                return Err(error.into());
            }
        };
        // A name that matches several entries names nobody in particular.
        let mut entries = entries.into_iter();
        let (Some(entry), None) = (entries.next(), entries.next()) else {
            return Ok(None);
        };
        Ok(self.person_of(SearchEntry::construct(entry)))
    }

    /// IT support's role by membership of the configured groups (admin first). Asked only once
    /// a person proved their password, so that finding a name costs the same for everyone.
    pub async fn role_of(&self, dn: &str) -> Result<Option<crate::staff::Role>, Unreachable> {
        use crate::staff::Role;
        let groups = [
            (&self.settings.admin_group, Role::Admin),
            (&self.settings.helpdesk_group, Role::Helpdesk),
        ];
        for (group, role) in groups {
            if let Some(group) = group
                && self.is_member(group, dn).await?
            {
                return Ok(Some(role));
            }
        }
        Ok(None)
    }

    /// Whether `dn` is a member of `group` (in Active Directory, through nested groups too).
    async fn is_member(&self, group: &str, dn: &str) -> Result<bool, Unreachable> {
        let member = if self.active_directory() {
            // LDAP_MATCHING_RULE_IN_CHAIN: membership through any depth of groups.
            "member:1.2.840.113556.1.4.1941:"
        } else {
            "member"
        };
        let filter = format!("({member}={})", ldap3::ldap_escape(dn));
        let mut lease = self.connections.service().await?;
        let found = lease
            .ldap
            .with_timeout(self.settings.timeout)
            .search(group, Scope::Base, &filter, vec!["1.1"])
            .await;
        match found {
            // noSuchObject: a group that is not there has no members.
            Ok(result) if result.1.rc == 32 => Ok(false),
            Ok(result) => Ok(result
                .success()
                .is_ok_and(|(entries, _)| !entries.is_empty())),
            Err(error) => {
                lease.discard();
                Err(error.into())
            }
        }
    }

    fn person_of(&self, entry: SearchEntry) -> Option<Person> {
        let settings = &self.settings;
        let first = |attribute: &str| first_value(&entry, attribute);
        let username = first(&settings.username_attribute)?;
        let policy = first(if self.active_directory() {
            ad_passwords::RESULTANT_POLICY
        } else {
            POLICY_SUBENTRY
        });
        let (id, state) = if self.active_directory() {
            let guid = first_bytes(&entry, &settings.id_attribute)?;
            let state = ad_passwords::account_state(&entry);
            (active_directory::guid_text(&guid)?, state)
        } else {
            let locked = first(LOCKED_TIME);
            let time = |attribute| first(attribute).as_deref().and_then(generalized_time);
            let state = AccountState {
                disabled: locked.as_deref() == Some(LOCKED_FOR_GOOD),
                locked: locked.is_some(),
                password_changed: time(CHANGED_TIME),
                expires: time(END_TIME),
            };
            (first(&settings.id_attribute)?, state)
        };
        Some(Person {
            display_name: first(&settings.display_name_attribute)
                .unwrap_or_else(|| username.clone()),
            email: first(&settings.email_attribute).unwrap_or_default(),
            disabled: state.disabled,
            locked: state.locked,
            password_changed: state.password_changed,
            expires: state.expires,
            role: None,
            policy,
            dn: entry.dn,
            id,
            username,
        })
    }

    /// Whether `password` is the person's: a bind as them on a connection of its own. `None`
    /// (an unknown or disabled name) binds as nobody, so that it takes the same time and fails.
    pub async fn check_password(
        &self,
        person: Option<&Person>,
        password: &str,
    ) -> Result<Proof, Unreachable> {
        // An empty password is an anonymous bind, which succeeds: never send one.
        if password.is_empty() {
            return Ok(Proof::Wrong);
        }
        let _turn = self.connections.turn().await?;
        let mut ldap = self.connections.open().await?;
        let nobody = format!(
            "cn=latchkey-nobody-{},{}",
            hex::encode(rand::random::<[u8; 8]>()),
            self.settings.base_dn
        );
        let dn = person.map_or(nobody.as_str(), |person| person.dn.as_str());
        let bound = ldap
            .with_controls(vec![ppolicy::request()])
            .with_timeout(self.settings.timeout)
            .simple_bind(dn, password)
            .await;
        let _ = ldap.unbind().await;
        let result = bound?;
        let proof = self.proof_of(result.rc, &result.text, &result.ctrls);
        match proof {
            Some(_) if person.is_none() => Ok(Proof::Wrong),
            Some(proof) => Ok(proof),
            None => Err(Unreachable(format!("a sign-in bind answered {result}"))),
        }
    }

    /// What a bind's answer says of the password: right, wrong, or right but to be changed
    /// first (Active Directory's 532 and 773; the password policy's "expired" and "change
    /// after reset"). `None` for an answer that is not about the password.
    fn proof_of(
        &self,
        rc: u32,
        text: &str,
        controls: &[ldap3::controls::Control],
    ) -> Option<Proof> {
        let policy = ppolicy::error_in(controls);
        let expired = matches!(
            policy,
            Some(PolicyError::PasswordExpired | PolicyError::ChangeAfterReset)
        ) || (self.active_directory()
            && active_directory::bind_refusal(text) == active_directory::BindRefusal::MustChange);
        match rc {
            0 | 49 if expired => Some(Proof::Expired),
            0 => Some(Proof::Right),
            // invalidCredentials: the wrong password, or no such entry.
            49 => Some(Proof::Wrong),
            _ => None,
        }
    }

    /// Sets the person's password as the service account, then lifts a lockout when
    /// `unlock_on_reset` says so.
    pub async fn set_password(&self, person: &Person, new: &str) -> Result<(), PasswordRefused> {
        if self.active_directory() {
            return self.reset_unicode_pwd(person, new).await;
        }
        let mut lease = self.connections.service().await.map_err(unavailable)?;
        let modify = PasswordModify {
            user_id: Some(&person.dn),
            old_pass: None,
            new_pass: Some(new),
        };
        let answer = lease
            .ldap
            .with_controls(vec![ppolicy::request()])
            .with_timeout(self.settings.timeout)
            .extended(modify)
            .await;
        let result = match answer {
            Ok(answer) => answer.1,
            Err(error) => {
                lease.discard();
                return Err(unavailable(error.into()));
            }
        };
        if result.rc != 0 {
            return Err(refusal(
                result.rc,
                &result.text,
                ppolicy::error_in(&result.ctrls),
            ));
        }
        if self.settings.unlock_on_reset && person.locked {
            self.unlock(&mut lease, person).await?;
        }
        Ok(())
    }

    /// The person's own change: bound as them with `current` (then `rules`, Latchkey's checks),
    /// Password Modify with the old password, so the directory applies its rules for a person's
    /// change (minimum age too). A password that has expired cannot bind: the service account
    /// asks for the change, with the old password, which the directory checks.
    pub async fn change_password(
        &self,
        person: &Person,
        current: &str,
        new: &str,
        rules: impl FnOnce() -> Result<(), Problem>,
    ) -> Result<(), PasswordRefused> {
        // An empty password is an anonymous bind, which succeeds: never send one.
        if current.is_empty() {
            return Err(PasswordRefused::WrongPassword);
        }
        let _turn = self.connections.turn().await.map_err(unavailable)?;
        let mut ldap = self.connections.open().await.map_err(unavailable)?;
        let bound = ldap
            .with_controls(vec![ppolicy::request()])
            .with_timeout(self.settings.timeout)
            .simple_bind(&person.dn, current)
            .await
            .map_err(|error| unavailable(error.into()))?;
        let as_person = match self.proof_of(bound.rc, &bound.text, &bound.ctrls) {
            // "Change after reset" binds, and lets the person change their password only.
            Some(Proof::Right) => true,
            Some(Proof::Expired) => bound.rc == 0,
            Some(Proof::Wrong) => return Err(PasswordRefused::WrongPassword),
            None => {
                return Err(PasswordRefused::Unavailable(format!(
                    "binding as the person answered {bound}"
                )));
            }
        };
        if let Err(problem) = rules() {
            let _ = ldap.unbind().await;
            return Err(PasswordRefused::Policy(problem));
        }
        let mut lease = None;
        if !as_person {
            let _ = ldap.unbind().await;
            let service = self.connections.service().await.map_err(unavailable)?;
            ldap = service.ldap.clone();
            lease = Some(service);
        }
        let changed = if self.active_directory() {
            self.change_unicode_pwd(&mut ldap, person, current, new)
                .await
        } else {
            self.password_modify(&mut ldap, (!as_person).then_some(person), current, new)
                .await
        };
        match lease {
            // Bound as the service account still: lent again unless the change failed outright.
            Some(lease) if matches!(changed, Err(PasswordRefused::Unavailable(_))) => {
                lease.discard()
            }
            Some(_) => {}
            None => {
                let _ = ldap.unbind().await;
            }
        }
        changed
    }

    /// Password Modify with the old password: as the person (`person` is `None`), or as the
    /// service account on their behalf.
    async fn password_modify(
        &self,
        ldap: &mut ldap3::Ldap,
        person: Option<&Person>,
        current: &str,
        new: &str,
    ) -> Result<(), PasswordRefused> {
        let modify = PasswordModify {
            user_id: person.map(|person| person.dn.as_str()),
            old_pass: Some(current),
            new_pass: Some(new),
        };
        let answer = ldap
            .with_controls(vec![ppolicy::request()])
            .with_timeout(self.settings.timeout)
            .extended(modify)
            .await;
        let result = answer.map_err(|error| unavailable(error.into()))?.1;
        match result.rc {
            0 => Ok(()),
            rc => Err(refusal(rc, &result.text, ppolicy::error_in(&result.ctrls))),
        }
    }

    /// Removes the password policy's lockout, if there is one.
    pub async fn unlock_person(&self, person: &Person) -> Result<(), PasswordRefused> {
        if !person.locked {
            return Ok(());
        }
        let mut lease = self.connections.service().await.map_err(unavailable)?;
        self.unlock(&mut lease, person).await
    }

    /// Removes the lockout the password policy put on the account (Active Directory: sets
    /// `lockoutTime` to 0).
    async fn unlock(&self, lease: &mut Lease, person: &Person) -> Result<(), PasswordRefused> {
        let changes = if self.active_directory() {
            vec![Mod::Replace("lockoutTime", HashSet::from(["0"]))]
        } else {
            vec![Mod::Delete(LOCKED_TIME, HashSet::new())]
        };
        let result = lease
            .ldap
            .with_timeout(self.settings.timeout)
            .modify(&person.dn, changes)
            .await
            .map_err(|error| unavailable(error.into()))?;
        // noSuchAttribute: nothing was locked after all.
        match result.rc {
            0 | 16 => Ok(()),
            _ => Err(PasswordRefused::NotAllowed(format!(
                "the password was set but the account could not be unlocked: {result}"
            ))),
        }
    }
}

fn unavailable(error: Unreachable) -> PasswordRefused {
    PasswordRefused::Unavailable(error.0)
}

/// An attribute's first value as text, whatever the case of its name.
fn first_value(entry: &SearchEntry, attribute: &str) -> Option<String> {
    entry
        .attrs
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(attribute))
        .and_then(|(_, values)| values.first().cloned())
}

/// An attribute's first value as bytes (binary values, such as `objectGUID`, are not text).
fn first_bytes(entry: &SearchEntry, attribute: &str) -> Option<Vec<u8>> {
    let binary = entry
        .bin_attrs
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(attribute))
        .and_then(|(_, values)| values.first().cloned());
    binary.or_else(|| first_value(entry, attribute).map(String::into_bytes))
}

/// An LDAP GeneralizedTime (`20261130001129Z`) as a Unix time.
fn generalized_time(text: &str) -> Option<Timestamp> {
    let format = time::macros::format_description!("[year][month][day][hour][minute][second]");
    let parsed = time::PrimitiveDateTime::parse(text.get(..14)?, format).ok()?;
    Some(parsed.assume_utc().unix_timestamp())
}

/// A refused change in the person's terms: the policy's reason where the server gave one;
/// the service account's missing rights as what they are.
fn refusal(rc: u32, text: &str, policy: Option<PolicyError>) -> PasswordRefused {
    let problem = match policy {
        Some(PolicyError::TooShort) => Problem::TooShort,
        Some(PolicyError::TooYoung) => Problem::ChangedTooRecently,
        Some(PolicyError::InHistory) => Problem::UsedBefore,
        Some(PolicyError::InsufficientQuality) => Problem::NotComplexEnough,
        Some(_) => Problem::RefusedByDirectory,
        // insufficientAccessRights, or the overlay refusing the operation itself.
        None if rc == 50 || rc == 53 => {
            return PasswordRefused::NotAllowed(format!("the directory answered {rc}: {text}"));
        }
        None if rc == 19 => Problem::RefusedByDirectory,
        None => {
            return PasswordRefused::Unavailable(format!("the directory answered {rc}: {text}"));
        }
    };
    PasswordRefused::Policy(problem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_as_reasons_or_as_what_they_are() {
        let policy = |error| match refusal(19, "", Some(error)) {
            PasswordRefused::Policy(problem) => problem,
            other => panic!("{other:?}"),
        };
        assert_eq!(policy(PolicyError::TooShort), Problem::TooShort);
        assert_eq!(policy(PolicyError::InHistory), Problem::UsedBefore);
        assert_eq!(policy(PolicyError::TooYoung), Problem::ChangedTooRecently);
        assert_eq!(
            policy(PolicyError::InsufficientQuality),
            Problem::NotComplexEnough
        );
        assert_eq!(policy(PolicyError::Other(42)), Problem::RefusedByDirectory);
        assert!(matches!(
            refusal(50, "no write access to userPassword", None),
            PasswordRefused::NotAllowed(text) if text.contains("no write access")
        ));
        assert!(matches!(
            refusal(19, "", None),
            PasswordRefused::Policy(Problem::RefusedByDirectory)
        ));
        assert!(matches!(
            refusal(51, "busy", None),
            PasswordRefused::Unavailable(_)
        ));
    }
}
