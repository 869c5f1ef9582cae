//! Anonymous traffic never locks a directory account (security.md 52). The directory locks a
//! person after `threshold` wrong passwords within its observation window (OpenLDAP's ppolicy
//! `pwdMaxFailure` / `pwdFailureCountInterval`, Active Directory's `lockoutThreshold` /
//! `lockoutObservationWindow`, or the person's own policy). Latchkey sends a person's wrong
//! passwords to the directory only while its own count, kept in the database so every replica
//! shares it, stays within a budget of `threshold − margin` (at least 1); past it, the password
//! is not sent and the answer is a wrong password's, after the same work (a bind as nobody).
//!
//! The budget is shared out as Entra's smart lockout does, between browsers the person signed
//! in from before ("familiar": they carry a cookie a successful sign-in set) and all others.
//! The directory counts every wrong password against one number, whoever sent it, so the two
//! shares are carved out of the one budget rather than each being given all of it:
//! `familiar = budget / 2`, `unfamiliar = budget − familiar`. Whatever strangers do, they spend
//! at most the unfamiliar share, and the directory's count stays at most
//! `unfamiliar + familiar = budget ≤ threshold − margin`, below its threshold; the familiar share
//! is still there for the person in their usual browser, where the right password signs in. A
//! success clears both counts, as the directory clears its own. The margin leaves room for
//! wrong passwords typed elsewhere (a workstation's sign-in), which Latchkey cannot see. With a
//! budget of 1 there is nothing to share: every browser then counts together.
//!
//! Counts restart only when the last try is older than the window. Active Directory forgets its
//! count when the last failure is that old; ppolicy forgets each failure once it is that old —
//! either way the directory's count is never above Latchkey's. A window of 0 (ppolicy: failures
//! kept until a success) is never over.

use crate::clock::Timestamp;
use crate::store::Store;

/// The directory's lockout rule for a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Wrong passwords that lock the account (0: it never locks).
    pub threshold: u32,
    /// Seconds after which failures are forgotten (0: never, until a success).
    pub window: i64,
}

impl LockoutPolicy {
    /// No lockout: every password goes to the directory.
    pub const NONE: Self = Self {
        threshold: 0,
        window: 0,
    };

    /// What Latchkey assumes when the directory does not say (no `directory_policy_dn` and no
    /// policy of the person's own): the common 5, never forgotten until a success, as ppolicy's
    /// default `pwdFailureCountInterval` of 0 counts them (a day's memory let a directory that
    /// never forgets be locked two tries a day).
    pub const ASSUMED: Self = Self {
        threshold: 5,
        window: 0,
    };

    /// The stricter of two rules: the lower threshold that locks, the longer window.
    pub fn stricter(self, other: Self) -> Self {
        let locking = [self, other].into_iter().filter(|rule| rule.threshold > 0);
        let Some(threshold) = locking.clone().map(|rule| rule.threshold).min() else {
            return Self::NONE;
        };
        // A window of 0 (never forgotten) is the longest.
        let window = locking
            .map(|rule| rule.window)
            .reduce(|a, b| if a == 0 || b == 0 { 0 } else { a.max(b) })
            .unwrap_or(0);
        Self { threshold, window }
    }

    /// Wrong passwords Latchkey may send within the window (below the threshold even with a
    /// margin of 0, and at least 1); `None`: no limit.
    fn budget(&self, margin: u32) -> Option<u32> {
        (self.threshold > 0).then(|| self.threshold.saturating_sub(margin.max(1)).max(1))
    }
}

/// The person ID whose count unknown names share: no directory ID is empty.
pub const NOBODY: &str = "";

/// Where a sign-in comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    /// One the person signed in from before.
    Familiar,
    Unfamiliar,
}

/// The count a try goes to, and that count's share of the budget.
#[derive(Debug, PartialEq, Eq)]
struct Share {
    scope: String,
    tries: u32,
}

fn share(policy: &LockoutPolicy, margin: u32, person_id: &str, browser: Browser) -> Option<Share> {
    let budget = policy.budget(margin)?;
    let familiar = budget / 2;
    Some(match browser {
        Browser::Familiar if familiar > 0 => Share {
            scope: format!("directory-familiar:{person_id}"),
            tries: familiar,
        },
        Browser::Familiar => Share {
            scope: format!("directory:{person_id}"),
            tries: budget,
        },
        Browser::Unfamiliar => Share {
            scope: format!("directory:{person_id}"),
            tries: budget - familiar,
        },
    })
}

/// Whether a password for the person may go to the directory now; if so, the try is counted
/// (before the bind, so that racing requests cannot overrun the share).
pub async fn take_try(
    store: &Store,
    policy: &LockoutPolicy,
    margin: u32,
    person_id: &str,
    browser: Browser,
    now: Timestamp,
) -> Result<bool, sqlx::Error> {
    let Some(share) = share(policy, margin, person_id, browser) else {
        return Ok(true);
    };
    let forget_before = if policy.window > 0 {
        now - policy.window
    } else {
        Timestamp::MIN
    };
    store
        .autocommit()
        .await?
        .take_directory_try(&share.scope, share.tries, now, forget_before)
        .await
}

/// The person signed in: the directory forgot their failures, and so does Latchkey.
pub async fn forget_tries(store: &Store, person_id: &str) -> Result<(), sqlx::Error> {
    let scopes = [
        format!("directory:{person_id}"),
        format!("directory-familiar:{person_id}"),
    ];
    store
        .autocommit()
        .await?
        .clear_directory_tries(&[&scopes[0], &scopes[1]])
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tries(threshold: u32, margin: u32, browser: Browser) -> Option<(u32, bool)> {
        let policy = LockoutPolicy {
            threshold,
            window: 60,
        };
        share(&policy, margin, "p", browser)
            .map(|share| (share.tries, share.scope.starts_with("directory-familiar")))
    }

    #[test]
    fn the_shares_stay_below_the_threshold_together() {
        for threshold in 1..=50 {
            for margin in 0..=5 {
                let Some((familiar, apart)) = tries(threshold, margin, Browser::Familiar) else {
                    panic!("{threshold} locks");
                };
                let (unfamiliar, _) = tries(threshold, margin, Browser::Unfamiliar).unwrap();
                let together = if apart {
                    familiar + unfamiliar
                } else {
                    familiar
                };
                assert!(together >= 1, "{threshold} − {margin}: someone may try");
                assert!(
                    together <= threshold.saturating_sub(margin).max(1),
                    "{threshold} − {margin}: {familiar} + {unfamiliar}"
                );
                assert!(together < threshold || threshold == 1, "{threshold}");
            }
        }
    }

    #[test]
    fn the_stricter_rule_locks_sooner_and_forgets_later() {
        let rule = |threshold, window| LockoutPolicy { threshold, window };
        assert_eq!(rule(10, 60).stricter(rule(5, 30)), rule(5, 60));
        assert_eq!(rule(0, 0).stricter(rule(5, 30)), rule(5, 30));
        assert_eq!(rule(5, 0).stricter(rule(3, 30)), rule(3, 0));
        assert_eq!(
            LockoutPolicy::NONE.stricter(LockoutPolicy::NONE),
            LockoutPolicy::NONE
        );
    }

    #[test]
    fn ppolicys_five_with_the_default_margin() {
        assert_eq!(tries(5, 2, Browser::Unfamiliar), Some((2, false)));
        assert_eq!(tries(5, 2, Browser::Familiar), Some((1, true)));
        // 3 − 2 leaves one try, for every browser together.
        assert_eq!(tries(3, 2, Browser::Unfamiliar), Some((1, false)));
        assert_eq!(tries(3, 2, Browser::Familiar), Some((1, false)));
        assert_eq!(tries(0, 2, Browser::Unfamiliar), None, "no lockout");
    }
}
