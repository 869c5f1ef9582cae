//! OpenLDAP and directories like it (389-ds, FreeIPA): the stable ID as text (`entryUUID`), the
//! password policy overlay's marks of a locked, expired or disabled account, a reset with the
//! Password Modify operation (RFC 3062) and the password policy control, whose answer says why
//! the directory refused (security.md 46), and the overlay's rules (`directory_policy_dn`, or the
//! person's own `pwdPolicySubentry`).

use std::collections::HashSet;
use std::sync::RwLock;

use latchkey_api::Problem;
use ldap3::exop::PasswordModify;
use ldap3::{Ldap, Mod, Scope, SearchEntry};

use super::connections::{Connections, Lease};
use super::dialect::{Answer, Dialect};
use super::entry::{AccountState, first_value, generalized_time, number};
use super::ppolicy::{self, PolicyError};
use crate::directory::error::{PasswordRefused, Unreachable};
use crate::directory::lockout::LockoutPolicy;
use crate::directory::person::Person;
use crate::password::Rules;

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

/// An LDAP directory with the password policy overlay.
#[derive(Default)]
pub struct OpenLdap {
    /// The password policy's rules, as last read.
    rules: RwLock<Rules>,
}

impl Dialect for OpenLdap {
    fn state_attributes(&self) -> &'static [&'static str] {
        &[LOCKED_TIME, CHANGED_TIME, POLICY_SUBENTRY, END_TIME]
    }

    fn id_of(&self, entry: &SearchEntry, attribute: &str) -> Option<String> {
        first_value(entry, attribute)
    }

    fn id_bytes(&self, id: &str) -> Result<Vec<u8>, Unreachable> {
        Ok(id.as_bytes().to_vec())
    }

    fn account_state(&self, entry: &SearchEntry) -> AccountState {
        let first = |attribute| first_value(entry, attribute);
        let locked = first(LOCKED_TIME);
        let time = |attribute| first(attribute).as_deref().and_then(generalized_time);
        AccountState {
            disabled: locked.as_deref() == Some(LOCKED_FOR_GOOD),
            locked: locked.is_some(),
            password_changed: time(CHANGED_TIME),
            expires: time(END_TIME),
            policy: first(POLICY_SUBENTRY),
        }
    }

    fn member_attribute(&self) -> &'static str {
        "member"
    }

    fn must_change(&self, _bind_text: &str) -> bool {
        // The password policy control says so, and the adapter reads it for every directory.
        false
    }

    fn unlock_changes(&self) -> Vec<Mod<&'static str>> {
        vec![Mod::Delete(LOCKED_TIME, HashSet::new())]
    }

    fn reset_forgets_failures(&self) -> bool {
        // The password policy overlay forgets the entry's failures when its password is set.
        true
    }

    fn rules(&self) -> Rules {
        self.rules.read().map(|rules| *rules).unwrap_or_default()
    }

    fn refresh_rules<'a>(&'a self, connections: &'a Connections) -> Answer<'a, ()> {
        Box::pin(async move {
            let Some(dn) = &connections.settings().policy_dn else {
                return;
            };
            match read_rules(connections, dn).await {
                Ok(Some(rules)) => {
                    if let Ok(mut kept) = self.rules.write() {
                        *kept = rules;
                    }
                }
                Ok(None) => tracing::warn!(%dn, "directory_policy_dn names no entry"),
                Err(error) => {
                    tracing::warn!(%error, "cannot read the directory's password policy")
                }
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

    fn reset<'a>(
        &'a self,
        connections: &'a Connections,
        lease: &'a mut Lease,
        person: &'a Person,
        new: &'a str,
    ) -> Answer<'a, Result<(), PasswordRefused>> {
        Box::pin(async move {
            let modify = PasswordModify {
                user_id: Some(&person.dn),
                old_pass: None,
                new_pass: Some(new),
            };
            let answer = lease
                .ldap
                .with_controls(vec![ppolicy::request()])
                .with_timeout(connections.settings().timeout)
                .extended(modify)
                .await;
            let result = match answer {
                Ok(answer) => answer.1,
                Err(error) => {
                    lease.discard();
                    return Err(Unreachable::from(error).into());
                }
            };
            match result.rc {
                0 => Ok(()),
                rc => Err(refusal(rc, &result.text, ppolicy::error_in(&result.ctrls))),
            }
        })
    }

    /// Password Modify with the old password: as the person, or as the service account on
    /// their behalf, so the directory applies its rules for a person's change (minimum age too).
    fn change<'a>(
        &'a self,
        connections: &'a Connections,
        ldap: &'a mut Ldap,
        person: &'a Person,
        on_behalf: bool,
        (current, new): (&'a str, &'a str),
    ) -> Answer<'a, Result<(), PasswordRefused>> {
        Box::pin(async move {
            let modify = PasswordModify {
                user_id: on_behalf.then_some(person.dn.as_str()),
                old_pass: Some(current),
                new_pass: Some(new),
            };
            let answer = ldap
                .with_controls(vec![ppolicy::request()])
                .with_timeout(connections.settings().timeout)
                .extended(modify)
                .await;
            let result = answer.map_err(Unreachable::from)?.1;
            match result.rc {
                0 => Ok(()),
                rc => Err(refusal(rc, &result.text, ppolicy::error_in(&result.ctrls))),
            }
        })
    }
}

/// Reads `directory_policy_dn`'s `pwdMinLength` and `pwdInHistory`.
async fn read_rules(connections: &Connections, dn: &str) -> Result<Option<Rules>, Unreachable> {
    let attributes = vec!["pwdMinLength", "pwdInHistory"];
    let entries = connections
        .search(dn, Scope::Base, "(objectClass=*)", attributes)
        .await?;
    Ok(entries.into_iter().next().map(|entry| {
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

/// The lockout rule of the person's own policy (`own`), else of `directory_policy_dn`:
/// `pwdLockout`, `pwdMaxFailure`, `pwdFailureCountInterval`.
async fn read_lockout(
    connections: &Connections,
    own: Option<&str>,
) -> Result<LockoutPolicy, Unreachable> {
    let Some(policy_dn) = own.or(connections.settings().policy_dn.as_deref()) else {
        return Ok(LockoutPolicy::ASSUMED);
    };
    let attributes = ["pwdLockout", "pwdMaxFailure", "pwdFailureCountInterval"];
    let Some(entry) = connections.read_entry(policy_dn, &attributes).await? else {
        return Err(Unreachable(format!(
            "the password policy {policy_dn} cannot be read"
        )));
    };
    let locks = first_value(&entry, "pwdLockout").is_some_and(|on| on.eq_ignore_ascii_case("TRUE"));
    if !locks {
        return Ok(LockoutPolicy::NONE);
    }
    Ok(LockoutPolicy {
        threshold: u32::try_from(number(&entry, "pwdMaxFailure")).unwrap_or(0),
        window: number(&entry, "pwdFailureCountInterval").max(0),
    })
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
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn the_overlays_marks_say_the_accounts_state() {
        let entry = |attributes: &[(&str, &str)]| SearchEntry {
            dn: "uid=ada,ou=people,dc=example,dc=org".into(),
            attrs: attributes
                .iter()
                .map(|(name, value)| (name.to_string(), vec![value.to_string()]))
                .collect(),
            bin_attrs: HashMap::new(),
        };
        let state = OpenLdap::default().account_state(&entry(&[
            ("pwdAccountLockedTime", LOCKED_FOR_GOOD),
            ("pwdEndTime", "20261130001129Z"),
            (
                "pwdPolicySubentry",
                "cn=staff,ou=policies,dc=example,dc=org",
            ),
        ]));
        assert!(state.disabled && state.locked);
        assert_eq!(state.expires, Some(1_795_997_489));
        assert_eq!(
            state.policy.as_deref(),
            Some("cn=staff,ou=policies,dc=example,dc=org")
        );
        let state = OpenLdap::default().account_state(&entry(&[
            ("pwdAccountLockedTime", "20261130001129Z"),
            ("pwdChangedTime", "20261130001129Z"),
        ]));
        assert!(!state.disabled && state.locked);
        assert_eq!(state.password_changed, Some(1_795_997_489));
        assert_eq!(state.expires, None);
    }

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
