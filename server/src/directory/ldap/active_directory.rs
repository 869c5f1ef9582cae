//! Active Directory (and Samba AD) as a dialect: `objectGUID` as the stable ID,
//! `userAccountControl`, `lockoutTime` and `accountExpires` for the account's state, nested
//! groups, and passwords in `unicodePwd`. A reset replaces `unicodePwd` as the service account
//! with the policy-hints control (so the domain's history applies to resets too); a person's own
//! change deletes the old value and adds the new one, which the domain checks like a change at a
//! Windows sign-in (minimum age, history). AD answers every broken rule with the same bare code,
//! so the reason is worked out from the person's policy (a fine-grained one where the service
//! account may read it, else the domain's). The lockout rule is the domain head's
//! `lockoutThreshold` and `lockoutObservationWindow`, or the person's fine-grained policy's.

use std::collections::HashSet;
use std::sync::RwLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use ldap3::{Ldap, Mod, SearchEntry};

use super::ad_formats::{self as ad, Policy};
use super::connections::{Connections, Lease};
use super::dialect::{Answer, Dialect};
use super::entry::{AccountState, first_bytes, first_value, number};
use crate::directory::error::{PasswordRefused, Unreachable};
use crate::directory::lockout::LockoutPolicy;
use crate::directory::person::Person;
use crate::password::Rules;

/// The fine-grained password policy in force for a person, if any.
const RESULTANT_POLICY: &str = "msDS-ResultantPSO";

/// What a person's entry is read with, besides their names and ID.
const PERSON_ATTRIBUTES: &[&str] = &[
    "userAccountControl",
    "lockoutTime",
    "pwdLastSet",
    RESULTANT_POLICY,
    "accountExpires",
];

/// LDAP_MATCHING_RULE_IN_CHAIN: membership through any depth of groups.
const MEMBER_IN_CHAIN: &str = "member:1.2.840.113556.1.4.1941:";

/// The policy-hints controls, newest first; past the end, none is sent.
const HINTS: [&str; 2] = [ad::POLICY_HINTS, ad::POLICY_HINTS_DEPRECATED];

/// unavailableCriticalExtension: the domain controller does not know a critical control.
const UNKNOWN_CONTROL: u32 = 12;

/// Active Directory.
#[derive(Default)]
pub struct ActiveDirectory {
    /// The domain's policy as last read.
    domain_policy: RwLock<Policy>,
    /// Which policy-hints control the domain controller takes (0: the current one, 1: the
    /// older one, 2: neither).
    hints: AtomicUsize,
}

impl Dialect for ActiveDirectory {
    fn state_attributes(&self) -> &'static [&'static str] {
        PERSON_ATTRIBUTES
    }

    fn id_of(&self, entry: &SearchEntry, attribute: &str) -> Option<String> {
        ad::guid_text(&first_bytes(entry, attribute)?)
    }

    fn id_bytes(&self, id: &str) -> Result<Vec<u8>, Unreachable> {
        ad::guid_bytes(id).ok_or_else(|| Unreachable(format!("{id} is not an objectGUID")))
    }

    fn account_state(&self, entry: &SearchEntry) -> AccountState {
        let value = |name| first_value(entry, name).unwrap_or_default();
        AccountState {
            disabled: ad::disabled(&value("userAccountControl")),
            locked: ad::filetime(&value("lockoutTime")).is_some(),
            password_changed: ad::filetime(&value("pwdLastSet")),
            expires: ad::filetime(&value("accountExpires")),
            policy: first_value(entry, RESULTANT_POLICY),
        }
    }

    fn member_attribute(&self) -> &'static str {
        MEMBER_IN_CHAIN
    }

    fn must_change(&self, bind_text: &str) -> bool {
        ad::bind_refusal(bind_text) == ad::BindRefusal::MustChange
    }

    fn unlock_changes(&self) -> Vec<Mod<&'static str>> {
        vec![Mod::Replace("lockoutTime", HashSet::from(["0"]))]
    }

    fn reset_forgets_failures(&self) -> bool {
        // `badPwdCount` outlives an administrator's reset.
        false
    }

    fn rules(&self) -> Rules {
        let policy = self.domain_policy();
        Rules {
            min_length: Some(policy.min_length).filter(|n| *n > 0),
            history: Some(policy.history).filter(|n| *n > 0),
            complexity: policy.complexity,
        }
    }

    /// Reads the domain's password policy (`minPwdLength`, `pwdHistoryLength`, `pwdProperties`,
    /// `minPwdAge`) from the domain's own entry.
    fn refresh_rules<'a>(&'a self, connections: &'a Connections) -> Answer<'a, ()> {
        Box::pin(async move {
            match read_domain_policy(connections).await {
                Ok(policy) => {
                    if let Ok(mut kept) = self.domain_policy.write() {
                        *kept = policy;
                    }
                }
                Err(error) => tracing::warn!(%error, "cannot read the domain's password policy"),
            }
        })
    }

    fn read_lockout<'a>(
        &'a self,
        connections: &'a Connections,
        own: Option<&'a str>,
    ) -> Answer<'a, Result<LockoutPolicy, Unreachable>> {
        Box::pin(read_lockout(connections, own))
    }

    /// `unicodePwd` replaced by the service account, with the newest policy-hints control the
    /// domain controller takes.
    fn reset<'a>(
        &'a self,
        connections: &'a Connections,
        lease: &'a mut Lease,
        person: &'a Person,
        new: &'a str,
    ) -> Answer<'a, Result<(), PasswordRefused>> {
        Box::pin(async move {
            let result = loop {
                let hints = self.hints.load(Ordering::Relaxed);
                let controls = HINTS.get(hints).map(|oid| vec![ad::policy_hints(oid)]);
                let changes = vec![Mod::Replace(
                    b"unicodePwd".to_vec(),
                    HashSet::from([ad::unicode_pwd(new)]),
                )];
                let ldap = lease.ldap.with_timeout(connections.settings().timeout);
                if let Some(controls) = controls {
                    ldap.with_controls(controls);
                }
                let result = match ldap.modify(&person.dn, changes).await {
                    Ok(result) => result,
                    Err(error) => {
                        lease.discard();
                        return Err(Unreachable::from(error).into());
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
            match result.rc {
                0 => Ok(()),
                rc => Err(self
                    .refusal(connections, (rc, &result.text), person, new, false)
                    .await),
            }
        })
    }

    /// The old value deleted and the new one added at once.
    fn change<'a>(
        &'a self,
        connections: &'a Connections,
        ldap: &'a mut Ldap,
        person: &'a Person,
        _on_behalf: bool,
        (current, new): (&'a str, &'a str),
    ) -> Answer<'a, Result<(), PasswordRefused>> {
        Box::pin(async move {
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
                .with_timeout(connections.settings().timeout)
                .modify(&person.dn, changes)
                .await
                .map_err(Unreachable::from)?;
            match result.rc {
                0 => Ok(()),
                rc => Err(self
                    .refusal(connections, (rc, &result.text), person, new, true)
                    .await),
            }
        })
    }
}

impl ActiveDirectory {
    fn domain_policy(&self) -> Policy {
        self.domain_policy
            .read()
            .map(|policy| *policy)
            .unwrap_or_default()
    }

    /// The rules for this person now: their fine-grained policy where the service account may
    /// read it, else the domain's (read again: an administrator may have just changed it).
    async fn policy_for(&self, connections: &Connections, person: &Person) -> Policy {
        self.refresh_rules(connections).await;
        let domain = self.domain_policy();
        let Ok(Some(entry)) = connections
            .read_entry(&person.dn, &[RESULTANT_POLICY])
            .await
        else {
            return domain;
        };
        let Some(pso) = first_value(&entry, RESULTANT_POLICY) else {
            return domain;
        };
        let attributes = [
            "msDS-MinimumPasswordLength",
            "msDS-PasswordHistoryLength",
            "msDS-PasswordComplexityEnabled",
            "msDS-MinimumPasswordAge",
        ];
        let Ok(Some(entry)) = connections.read_entry(&pso, &attributes).await else {
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

    /// AD's refusal (its result code and text) in the person's terms.
    async fn refusal(
        &self,
        connections: &Connections,
        (rc, text): (u32, &str),
        person: &Person,
        new: &str,
        own_change: bool,
    ) -> PasswordRefused {
        match (rc, ad::windows_error(text)) {
            (19 | 53, Some(ad::INVALID_PASSWORD)) => PasswordRefused::WrongPassword,
            (19 | 53, Some(ad::PASSWORD_RESTRICTION)) => {
                let policy = self.policy_for(connections, person).await;
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

/// The domain's own entry (its head), where the domain-wide policy is kept.
async fn domain_head(connections: &Connections) -> Result<String, Unreachable> {
    let root = connections
        .read_entry("", &["defaultNamingContext"])
        .await?;
    root.as_ref()
        .and_then(|root| first_value(root, "defaultNamingContext"))
        .ok_or_else(|| Unreachable("the directory names no domain".into()))
}

async fn read_domain_policy(connections: &Connections) -> Result<Policy, Unreachable> {
    let domain = domain_head(connections).await?;
    let attributes = [
        "minPwdLength",
        "pwdHistoryLength",
        "pwdProperties",
        "minPwdAge",
    ];
    let entry = connections
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

/// The domain head's lockout rule, or that of the person's fine-grained policy (`own`) where the
/// service account may read it.
async fn read_lockout(
    connections: &Connections,
    own: Option<&str>,
) -> Result<LockoutPolicy, Unreachable> {
    let domain = domain_head(connections).await?;
    let attributes = ["lockoutThreshold", "lockoutObservationWindow"];
    let entry = connections
        .read_entry(&domain, &attributes)
        .await?
        .ok_or_else(|| Unreachable(format!("the domain {domain} cannot be read")))?;
    let domain = lockout_of(&entry, "lockoutThreshold", "lockoutObservationWindow");
    let Some(pso) = own else {
        return Ok(domain);
    };
    let attributes = ["msDS-LockoutThreshold", "msDS-LockoutObservationWindow"];
    match connections.read_entry(pso, &attributes).await? {
        Some(entry) if first_value(&entry, "msDS-LockoutThreshold").is_some() => Ok(lockout_of(
            &entry,
            "msDS-LockoutThreshold",
            "msDS-LockoutObservationWindow",
        )),
        // A policy the service account may not read may be stricter than the domain's.
        _ => Ok(domain.stricter(LockoutPolicy::ASSUMED)),
    }
}

/// Active Directory's threshold and window (a negative count of 100-nanosecond units).
fn lockout_of(entry: &SearchEntry, threshold: &str, window: &str) -> LockoutPolicy {
    LockoutPolicy {
        threshold: u32::try_from(number(entry, threshold)).unwrap_or(0),
        window: first_value(entry, window)
            .as_deref()
            .and_then(ad::interval)
            .unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn an_entrys_flags_and_times_say_the_accounts_state_and_its_guid_its_id() {
        let guid = vec![
            0x41, 0x39, 0x16, 0xe1, 0x28, 0xba, 0x23, 0x44, 0xba, 0x99, 0x19, 0x24, 0xcc, 0xb7,
            0x82, 0xfb,
        ];
        let text = |values: &[(&str, &str)]| {
            values
                .iter()
                .map(|(name, value)| (name.to_string(), vec![value.to_string()]))
                .collect()
        };
        let entry = SearchEntry {
            dn: "CN=Ada,CN=Users,DC=example,DC=org".into(),
            attrs: text(&[
                ("userAccountControl", "514"),
                ("lockoutTime", "0"),
                ("pwdLastSet", "134404710894797200"),
                ("accountExpires", "9223372036854775807"),
                (RESULTANT_POLICY, "CN=Staff,CN=Password Settings Container"),
            ]),
            bin_attrs: HashMap::from([("objectGUID".to_string(), vec![guid.clone()])]),
        };
        let dialect = ActiveDirectory::default();
        let state = dialect.account_state(&entry);
        assert!(state.disabled && !state.locked);
        assert_eq!(state.password_changed, Some(1_795_997_489));
        assert_eq!(state.expires, None);
        assert_eq!(
            state.policy.as_deref(),
            Some("CN=Staff,CN=Password Settings Container")
        );
        let id = dialect.id_of(&entry, "objectGUID").unwrap();
        assert_eq!(id, "e1163941-ba28-4423-ba99-1924ccb782fb");
        assert_eq!(dialect.id_bytes(&id).unwrap(), guid);
        assert!(dialect.id_bytes("not-a-guid").is_err());
    }
}
