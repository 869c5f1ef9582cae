//! The directory's lockout rules, read as the service account and kept for a few minutes per
//! policy: OpenLDAP's password policy (the person's own `pwdPolicySubentry`, else
//! `directory_policy_dn`: `pwdLockout`, `pwdMaxFailure`, `pwdFailureCountInterval`), or Active
//! Directory's (the person's fine-grained policy, `msDS-ResultantPSO`, where the service account
//! may read it, else the domain head's `lockoutThreshold` and `lockoutObservationWindow`).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::active_directory as ad;
use super::{LdapDirectory, Unreachable, first_value};
use crate::directory::lockout::LockoutPolicy;

/// How long a policy read is used before it is read again.
const KEPT_FOR: Duration = Duration::from_secs(5 * 60);

/// Policies as last read, by the DN of the person's own policy ("" for the default).
#[derive(Default)]
pub struct Kept(Mutex<HashMap<String, (LockoutPolicy, Instant)>>);

impl Kept {
    fn get(&self, key: &str) -> Option<LockoutPolicy> {
        let kept = self.0.lock().ok()?;
        let (policy, read_at) = kept.get(key)?;
        (read_at.elapsed() < KEPT_FOR).then_some(*policy)
    }

    fn keep(&self, key: &str, policy: LockoutPolicy) {
        if let Ok(mut kept) = self.0.lock() {
            kept.insert(key.to_string(), (policy, Instant::now()));
        }
    }
}

/// A number the directory keeps as text, 0 when absent or unreadable.
fn number(entry: &ldap3::SearchEntry, attribute: &str) -> i64 {
    first_value(entry, attribute)
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
}

impl LdapDirectory {
    /// The lockout rule of a person whose own policy is `own` (`None`: the default, as for a
    /// name nobody has). What cannot be read is assumed ([`LockoutPolicy::ASSUMED`]).
    pub async fn lockout_policy(&self, own: Option<&str>) -> LockoutPolicy {
        let key = own.unwrap_or("");
        if let Some(policy) = self.lockout_policies.get(key) {
            return policy;
        }
        let read = if self.active_directory() {
            self.read_ad_lockout(own).await
        } else {
            self.read_ppolicy_lockout(own).await
        };
        match read {
            Ok(policy) => {
                self.lockout_policies.keep(key, policy);
                policy
            }
            Err(error) => {
                tracing::warn!(%error, "cannot read the directory's lockout policy");
                LockoutPolicy::ASSUMED
            }
        }
    }

    /// The margin kept below the directory's threshold.
    pub fn lockout_margin(&self) -> u32 {
        self.settings.lockout_margin
    }

    async fn read_ppolicy_lockout(&self, own: Option<&str>) -> Result<LockoutPolicy, Unreachable> {
        let Some(policy_dn) = own.or(self.settings.policy_dn.as_deref()) else {
            return Ok(LockoutPolicy::ASSUMED);
        };
        let attributes = ["pwdLockout", "pwdMaxFailure", "pwdFailureCountInterval"];
        let Some(entry) = self.read_entry(policy_dn, &attributes).await? else {
            return Err(Unreachable(format!(
                "the password policy {policy_dn} cannot be read"
            )));
        };
        let locks =
            first_value(&entry, "pwdLockout").is_some_and(|on| on.eq_ignore_ascii_case("TRUE"));
        if !locks {
            return Ok(LockoutPolicy::NONE);
        }
        Ok(LockoutPolicy {
            threshold: u32::try_from(number(&entry, "pwdMaxFailure")).unwrap_or(0),
            window: number(&entry, "pwdFailureCountInterval").max(0),
        })
    }

    async fn read_ad_lockout(&self, own: Option<&str>) -> Result<LockoutPolicy, Unreachable> {
        let domain = self.domain_head().await?;
        let attributes = ["lockoutThreshold", "lockoutObservationWindow"];
        let entry = self
            .read_entry(&domain, &attributes)
            .await?
            .ok_or_else(|| Unreachable(format!("the domain {domain} cannot be read")))?;
        let domain = ad_lockout(&entry, "lockoutThreshold", "lockoutObservationWindow");
        let Some(pso) = own else {
            return Ok(domain);
        };
        let attributes = ["msDS-LockoutThreshold", "msDS-LockoutObservationWindow"];
        match self.read_entry(pso, &attributes).await? {
            Some(entry) if first_value(&entry, "msDS-LockoutThreshold").is_some() => {
                Ok(ad_lockout(
                    &entry,
                    "msDS-LockoutThreshold",
                    "msDS-LockoutObservationWindow",
                ))
            }
            // A policy the service account may not read may be stricter than the domain's.
            _ => Ok(domain.stricter(LockoutPolicy::ASSUMED)),
        }
    }
}

/// Active Directory's threshold and window (a negative count of 100-nanosecond units).
fn ad_lockout(entry: &ldap3::SearchEntry, threshold: &str, window: &str) -> LockoutPolicy {
    LockoutPolicy {
        threshold: u32::try_from(number(entry, threshold)).unwrap_or(0),
        window: first_value(entry, window)
            .as_deref()
            .and_then(ad::interval)
            .unwrap_or(0),
    }
}
