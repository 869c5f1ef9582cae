//! An LDAP directory as the home of passwords, whatever its dialect. The service account finds
//! people with an escaped filter; a person signs in by binding as themselves (Latchkey keeps no
//! password or hash of theirs, security.md 44); a reset sets the password the dialect's way as
//! the service account, whose refusals come back as reasons (security.md 46), and lifts a lockout.

use std::sync::Arc;

use latchkey_api::Problem;
use ldap3::{Scope, SearchEntry};

use super::active_directory::ActiveDirectory;
use super::connections::{Connections, Lease};
use super::dialect::Dialect;
use super::entry::first_value;
use super::filter;
use super::lockout_policy;
use super::openldap::OpenLdap;
use super::ppolicy::{self, PolicyError};
use crate::config::{DirectoryKind, LdapSettings};
use crate::directory::error::{PasswordRefused, Unreachable};
use crate::directory::lockout::LockoutPolicy;
use crate::directory::person::{Person, Proof};
use crate::password::Rules;

/// A directory reached over LDAP.
pub struct LdapDirectory {
    pub(super) settings: Arc<LdapSettings>,
    pub(super) connections: Connections,
    /// OpenLDAP's ways, or Active Directory's.
    dialect: Box<dyn Dialect>,
    /// The lockout rules of people, as last read.
    lockout_policies: lockout_policy::Kept,
}

impl LdapDirectory {
    /// Connects, and checks that the service account binds and reads the base DN: a wrong
    /// setting stops the server at start-up with the directory's own words.
    pub async fn connect(settings: LdapSettings) -> anyhow::Result<Self> {
        let settings = Arc::new(settings);
        let dialect: Box<dyn Dialect> = match settings.kind {
            DirectoryKind::ActiveDirectory => Box::new(ActiveDirectory::default()),
            _ => Box::new(OpenLdap::default()),
        };
        let directory = Self {
            connections: Connections::new(settings.clone())?,
            settings,
            dialect,
            lockout_policies: Default::default(),
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

    /// The directory's password rules as last read.
    pub fn rules(&self) -> Rules {
        self.dialect.rules()
    }

    /// Reads the directory's password rules again; keeps the last rules read when the directory
    /// does not answer.
    pub async fn refresh_rules(&self) {
        self.dialect.refresh_rules(&self.connections).await
    }

    /// Whether setting a password makes the directory forget the entry's failed sign-ins
    /// (OpenLDAP's password policy does; Active Directory keeps `badPwdCount`).
    pub fn reset_forgets_failures(&self) -> bool {
        self.dialect.reset_forgets_failures()
    }

    /// The lockout rule of a person whose own policy is `own` (`None`: the default, as for a
    /// name nobody has). What cannot be read is assumed ([`LockoutPolicy::ASSUMED`]).
    pub async fn lockout_policy(&self, own: Option<&str>) -> LockoutPolicy {
        let read = self.dialect.read_lockout(&self.connections, own);
        self.lockout_policies
            .get_or_read(own.unwrap_or(""), read)
            .await
    }

    /// The margin kept below the directory's threshold.
    pub fn lockout_margin(&self) -> u32 {
        self.settings.lockout_margin
    }

    /// The one person a typed name (username or email, as the filter says) belongs to.
    pub async fn find(&self, name: &str) -> Result<Option<Person>, Unreachable> {
        self.find_where(&filter::with_name(&self.settings.user_filter, name))
            .await
    }

    /// The person with the stable ID `id`, wherever their entry is now.
    pub async fn find_by_id(&self, id: &str) -> Result<Option<Person>, Unreachable> {
        let bytes = self.dialect.id_bytes(id)?;
        let filter = filter::with_bytes(&self.settings.id_attribute, &bytes);
        self.find_where(&filter).await
    }

    /// The attributes a [`Person`] is read from.
    pub(super) fn person_attributes(&self) -> Vec<&str> {
        let settings = &self.settings;
        let mut attributes = vec![
            settings.username_attribute.as_str(),
            settings.display_name_attribute.as_str(),
            settings.email_attribute.as_str(),
            settings.id_attribute.as_str(),
        ];
        attributes.extend_from_slice(self.dialect.state_attributes());
        attributes
    }

    async fn find_where(&self, filter: &str) -> Result<Option<Person>, Unreachable> {
        let settings = &self.settings;
        let attributes = self.person_attributes();
        let entries = self
            .connections
            .search(&settings.base_dn, Scope::Subtree, filter, attributes)
            .await?;
        // A name that matches several entries names nobody in particular.
        let mut entries = entries.into_iter();
        let (Some(entry), None) = (entries.next(), entries.next()) else {
            return Ok(None);
        };
        Ok(self.person_of(entry))
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
        let member = self.dialect.member_attribute();
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

    pub(super) fn person_of(&self, entry: SearchEntry) -> Option<Person> {
        let settings = &self.settings;
        let first = |attribute: &str| first_value(&entry, attribute);
        let username = first(&settings.username_attribute)?;
        let id = self.dialect.id_of(&entry, &settings.id_attribute)?;
        let state = self.dialect.account_state(&entry);
        Some(Person {
            display_name: first(&settings.display_name_attribute)
                .unwrap_or_else(|| username.clone()),
            email: first(&settings.email_attribute).unwrap_or_default(),
            disabled: state.disabled,
            locked: state.locked,
            password_changed: state.password_changed,
            expires: state.expires,
            policy: state.policy,
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
    /// first (the password policy's "expired" and "change after reset"; the dialect's own
    /// words, such as Active Directory's 532 and 773). `None` for an answer that is not about
    /// the password.
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
        ) || self.dialect.must_change(text);
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
        let mut lease = self.connections.service().await?;
        self.dialect
            .reset(&self.connections, &mut lease, person, new)
            .await?;
        if self.settings.unlock_on_reset && person.locked {
            self.unlock(&mut lease, person).await?;
        }
        Ok(())
    }

    /// The person's own change: bound as them with `current` (then `rules`, Latchkey's checks),
    /// then the dialect's change, so the directory applies its rules for a person's change
    /// (minimum age too). A password that has expired cannot bind: the service account asks for
    /// the change, with the old password, which the directory checks.
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
        let _turn = self.connections.turn().await?;
        let mut ldap = self.connections.open().await?;
        let bound = ldap
            .with_controls(vec![ppolicy::request()])
            .with_timeout(self.settings.timeout)
            .simple_bind(&person.dn, current)
            .await
            .map_err(Unreachable::from)?;
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
            let service = self.connections.service().await?;
            ldap = service.ldap.clone();
            lease = Some(service);
        }
        let changed = self
            .dialect
            .change(
                &self.connections,
                &mut ldap,
                person,
                !as_person,
                (current, new),
            )
            .await;
        match lease {
            // Bound as the service account still: lent again unless the change failed outright.
            Some(mut lease) if matches!(changed, Err(PasswordRefused::Unavailable(_))) => {
                lease.discard()
            }
            Some(_) => {}
            None => {
                let _ = ldap.unbind().await;
            }
        }
        changed
    }

    /// Removes the password policy's lockout, if there is one.
    pub async fn unlock_person(&self, person: &Person) -> Result<(), PasswordRefused> {
        if !person.locked {
            return Ok(());
        }
        let mut lease = self.connections.service().await?;
        self.unlock(&mut lease, person).await
    }

    /// Removes the lockout the directory put on the account, the dialect's way.
    async fn unlock(&self, lease: &mut Lease, person: &Person) -> Result<(), PasswordRefused> {
        let result = lease
            .ldap
            .with_timeout(self.settings.timeout)
            .modify(&person.dn, self.dialect.unlock_changes())
            .await
            .map_err(Unreachable::from)?;
        // noSuchAttribute: nothing was locked after all.
        match result.rc {
            0 | 16 => Ok(()),
            _ => Err(PasswordRefused::NotAllowed(format!(
                "the password was set but the account could not be unlocked: {result}"
            ))),
        }
    }
}
