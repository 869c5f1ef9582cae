//! The directory's lockout rules as last read, kept for a few minutes per policy (by the DN of
//! the person's own policy, "" for the default), so that a sign-in does not read them each time.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::directory::error::Unreachable;
use crate::directory::lockout::LockoutPolicy;

/// How long a policy read is used before it is read again.
const KEPT_FOR: Duration = Duration::from_secs(5 * 60);

/// Policies as last read, by the DN of the person's own policy ("" for the default).
#[derive(Default)]
pub struct Kept(Mutex<HashMap<String, (LockoutPolicy, Instant)>>);

impl Kept {
    /// The policy kept under `key`, or the one `read` reads (kept for next time). What cannot
    /// be read is assumed ([`LockoutPolicy::ASSUMED`]).
    pub async fn get_or_read(
        &self,
        key: &str,
        read: impl Future<Output = Result<LockoutPolicy, Unreachable>>,
    ) -> LockoutPolicy {
        if let Some(policy) = self.get(key) {
            return policy;
        }
        match read.await {
            Ok(policy) => {
                self.keep(key, policy);
                policy
            }
            Err(error) => {
                tracing::warn!(%error, "cannot read the directory's lockout policy");
                LockoutPolicy::ASSUMED
            }
        }
    }

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
