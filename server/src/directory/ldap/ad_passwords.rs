//! Passwords in Active Directory: a reset replaces `unicodePwd` as the service account with the
//! policy-hints control (so the domain's history applies to resets too); a person's own change
//! deletes the old value and adds the new one, which the domain checks like a change at a
//! Windows sign-in (minimum age, history). AD answers every broken rule with the same bare
//! code, so the reason is worked out from the person's policy (a fine-grained one where the
//! service account may read it, else the domain's).

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use ldap3::{Ldap, Mod, Scope, SearchEntry};

use super::AccountState;
use super::active_directory::{self as ad, Policy};
use super::{LdapDirectory, Unreachable, first_value, unavailable};
use crate::directory::{PasswordRefused, Person, Rules};

/// The fine-grained password policy in force for a person, if any.
pub const RESULTANT_POLICY: &str = "msDS-ResultantPSO";

/// What a person's entry is read with, besides their names and ID.
pub const PERSON_ATTRIBUTES: &[&str] = &[
    "userAccountControl",
    "lockoutTime",
    "pwdLastSet",
    RESULTANT_POLICY,
    "accountExpires",
];

/// The policy-hints controls, newest first; past the end, none is sent.
const HINTS: [&str; 2] = [ad::POLICY_HINTS, ad::POLICY_HINTS_DEPRECATED];

/// unavailableCriticalExtension: the domain controller does not know a critical control.
const UNKNOWN_CONTROL: u32 = 12;

/// Disabled, locked out, when the password was last set, and when the account expires.
pub(super) fn account_state(entry: &SearchEntry) -> AccountState {
    let value = |name| first_value(entry, name).unwrap_or_default();
    AccountState {
        disabled: ad::disabled(&value("userAccountControl")),
        locked: ad::filetime(&value("lockoutTime")).is_some(),
        password_changed: ad::filetime(&value("pwdLastSet")),
        expires: ad::filetime(&value("accountExpires")),
    }
}

impl LdapDirectory {
    /// Reads the domain's password policy (`minPwdLength`, `pwdHistoryLength`, `pwdProperties`,
    /// `minPwdAge`) from the domain's own entry.
    pub(super) async fn refresh_domain_policy(&self) {
        match self.read_domain_policy().await {
            Ok(policy) => {
                if let Ok(mut kept) = self.domain_policy.write() {
                    *kept = policy;
                }
                if let Ok(mut rules) = self.rules.write() {
                    *rules = Rules {
                        min_length: Some(policy.min_length).filter(|n| *n > 0),
                        history: Some(policy.history).filter(|n| *n > 0),
                        complexity: policy.complexity,
                    };
                }
            }
            Err(error) => tracing::warn!(%error, "cannot read the domain's password policy"),
        }
    }

    /// The domain's own entry (its head), where the domain-wide policy is kept.
    pub(super) async fn domain_head(&self) -> Result<String, Unreachable> {
        let root = self.read_entry("", &["defaultNamingContext"]).await?;
        root.as_ref()
            .and_then(|root| first_value(root, "defaultNamingContext"))
            .ok_or_else(|| Unreachable("the directory names no domain".into()))
    }

    async fn read_domain_policy(&self) -> Result<Policy, Unreachable> {
        let domain = self.domain_head().await?;
        let attributes = [
            "minPwdLength",
            "pwdHistoryLength",
            "pwdProperties",
            "minPwdAge",
        ];
        let entry = self
            .read_entry(&domain, &attributes)
            .await?
            .ok_or_else(|| Unreachable(format!("the domain {domain} cannot be read")))?;
        let value = |name| first_value(&entry, name).unwrap_or_default();
        Ok(Policy {
            min_length: value("minPwdLength").parse().unwrap_or(0),
            history: value("pwdHistoryLength").parse().unwrap_or(0),
            // DOMAIN_PASSWORD_COMPLEX
            complexity: value("pwdProperties").parse::<u32>().unwrap_or(0) & 1 != 0,
            min_age: ad::interval(&value("minPwdAge")).unwrap_or(0),
        })
    }

    /// The rules for this person now: their fine-grained policy where the service account may
    /// read it, else the domain's (read again: an administrator may have just changed it).
    async fn policy_for(&self, person: &Person) -> Policy {
        self.refresh_domain_policy().await;
        let domain = self
            .domain_policy
            .read()
            .map(|policy| *policy)
            .unwrap_or_default();
        let Ok(Some(entry)) = self.read_entry(&person.dn, &["msDS-ResultantPSO"]).await else {
            return domain;
        };
        let Some(pso) = first_value(&entry, "msDS-ResultantPSO") else {
            return domain;
        };
        let attributes = [
            "msDS-MinimumPasswordLength",
            "msDS-PasswordHistoryLength",
            "msDS-PasswordComplexityEnabled",
            "msDS-MinimumPasswordAge",
        ];
        let Ok(Some(entry)) = self.read_entry(&pso, &attributes).await else {
            return domain;
        };
        let value = |name| first_value(&entry, name).unwrap_or_default();
        Policy {
            min_length: value("msDS-MinimumPasswordLength").parse().unwrap_or(0),
            history: value("msDS-PasswordHistoryLength").parse().unwrap_or(0),
            complexity: value("msDS-PasswordComplexityEnabled").eq_ignore_ascii_case("TRUE"),
            min_age: ad::interval(&value("msDS-MinimumPasswordAge")).unwrap_or(0),
        }
    }

    /// One entry's attributes, read as the service account (`None`: no such entry, or not
    /// allowed to see it).
    pub(super) async fn read_entry(
        &self,
        dn: &str,
        attributes: &[&str],
    ) -> Result<Option<SearchEntry>, Unreachable> {
        let mut lease = self.connections.service().await?;
        let found = lease
            .ldap
            .with_timeout(self.settings.timeout)
            .search(dn, Scope::Base, "(objectClass=*)", attributes.to_vec())
            .await;
        match found {
            Ok(result) => Ok(result
                .success()
                .ok()
                .and_then(|(entries, _)| entries.into_iter().next())
                .map(SearchEntry::construct)),
            Err(error) => {
                lease.discard();
                Err(error.into())
            }
        }
    }

    /// A reset: `unicodePwd` replaced by the service account, with the newest policy-hints
    /// control the domain controller takes; then the lockout lifted (`unlock_on_reset`).
    pub(super) async fn reset_unicode_pwd(
        &self,
        person: &Person,
        new: &str,
    ) -> Result<(), PasswordRefused> {
        let mut lease = self.connections.service().await.map_err(unavailable)?;
        let result = loop {
            let hints = self.hints.load(Ordering::Relaxed);
            let controls = HINTS.get(hints).map(|oid| vec![ad::policy_hints(oid)]);
            let changes = vec![Mod::Replace(
                b"unicodePwd".to_vec(),
                HashSet::from([ad::unicode_pwd(new)]),
            )];
            let ldap = lease.ldap.with_timeout(self.settings.timeout);
            if let Some(controls) = controls {
                ldap.with_controls(controls);
            }
            let result = match ldap.modify(&person.dn, changes).await {
                Ok(result) => result,
                Err(error) => {
                    lease.discard();
                    return Err(unavailable(error.into()));
                }
            };
            if result.rc == UNKNOWN_CONTROL && hints < HINTS.len() {
                tracing::info!(
                    control = HINTS[hints],
                    "the domain controller does not take this policy-hints control"
                );
                self.hints.store(hints + 1, Ordering::Relaxed);
                continue;
            }
            break result;
        };
        if result.rc != 0 {
            return Err(self
                .refusal(result.rc, &result.text, person, new, false)
                .await);
        }
        if self.settings.unlock_on_reset && person.locked {
            self.unlock(&mut lease, person).await?;
        }
        Ok(())
    }

    /// A person's own change on `ldap` (bound as them, or as the service account for a
    /// password that must be changed): the old value deleted and the new one added at once.
    pub(super) async fn change_unicode_pwd(
        &self,
        ldap: &mut Ldap,
        person: &Person,
        current: &str,
        new: &str,
    ) -> Result<(), PasswordRefused> {
        let changes = vec![
            Mod::Delete(
                b"unicodePwd".to_vec(),
                HashSet::from([ad::unicode_pwd(current)]),
            ),
            Mod::Add(
                b"unicodePwd".to_vec(),
                HashSet::from([ad::unicode_pwd(new)]),
            ),
        ];
        let result = ldap
            .with_timeout(self.settings.timeout)
            .modify(&person.dn, changes)
            .await
            .map_err(|error| unavailable(error.into()))?;
        match result.rc {
            0 => Ok(()),
            rc => Err(self.refusal(rc, &result.text, person, new, true).await),
        }
    }

    /// AD's refusal in the person's terms.
    async fn refusal(
        &self,
        rc: u32,
        text: &str,
        person: &Person,
        new: &str,
        own_change: bool,
    ) -> PasswordRefused {
        match (rc, ad::windows_error(text)) {
            (19 | 53, Some(ad::INVALID_PASSWORD)) => PasswordRefused::WrongPassword,
            (19 | 53, Some(ad::PASSWORD_RESTRICTION)) => {
                let policy = self.policy_for(person).await;
                let now = crate::clock::Clock::now(&crate::clock::SystemClock);
                let too_soon = own_change
                    && person
                        .password_changed
                        .is_some_and(|changed| now < changed + policy.min_age);
                let names = (person.username.as_str(), person.display_name.as_str());
                PasswordRefused::Policy(ad::restriction(&policy, new, names, too_soon))
            }
            // insufficientAccessRights; unwillingToPerform (say, no "Reset password" right, or
            // a connection without TLS).
            (50 | 53, _) => {
                PasswordRefused::NotAllowed(format!("the directory answered {rc}: {text}"))
            }
            _ => PasswordRefused::Unavailable(format!("the directory answered {rc}: {text}")),
        }
    }
}
