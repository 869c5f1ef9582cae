//! Send limits (security.md 8): per account 5 an hour then 24 hours blocked; per target and per
//! client address (an IPv6 address's /64); and an hourly budget of texts and calls for the whole organisation. Reset attempts
//! are limited the same way, per name typed and per client network (security.md 16: they never touch
//! the account itself).

use crate::clock::Timestamp;
use crate::store::Store;
use crate::telemetry::metrics;

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;
const ACCOUNT_PER_HOUR: i64 = 5;
const TARGET_PER_HOUR: i64 = 5;
// Generous: a whole office may share one address behind NAT.
const IP_PER_HOUR: i64 = 100;
const GLOBAL_PHONE_PER_HOUR: i64 = 1_000;
const RESETS_PER_HOUR: i64 = 5;
const RESETS_PER_IP_PER_HOUR: i64 = 50;
const HELD_PER_HOUR: i64 = 10;

/// A limit reached, or the counters out of reach.
#[derive(Debug, thiserror::Error)]
pub enum LimitError {
    /// Too many: the person may try again in `retry_after` seconds.
    #[error("too many; wait {retry_after} s")]
    TooMany { retry_after: u64 },
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Who is sending what, and where.
pub struct Send<'a> {
    pub user_id: &'a str,
    pub target: &'a str,
    /// The client's network ([`crate::origin::Origin::network`]).
    pub network: &'a str,
    pub is_phone: bool,
}

/// One counter: its key, how many an hour it allows, and how long going over blocks it (or
/// `None`: until the hour is over).
struct Scope {
    key: String,
    per_hour: i64,
    block: Option<i64>,
}

/// Counts one more in every scope (kept whatever the outcome); refuses with the longest wait when any is over.
async fn enforce(store: &Store, scopes: Vec<Scope>, now: Timestamp) -> Result<(), LimitError> {
    let mut wait = 0;
    for scope in scopes {
        let counted = store
            .autocommit()
            .await?
            .count_send(&scope.key, HOUR, now)
            .await?;
        let limit = scope.key.split(':').next().unwrap_or_default();
        if counted.blocked_until > now {
            metrics::rate_limited(limit);
            wait = wait.max(counted.blocked_until - now);
        } else if counted.sends > scope.per_hour {
            metrics::rate_limited(limit);
            match scope.block {
                Some(block) => {
                    store
                        .autocommit()
                        .await?
                        .block_sends(&scope.key, now + block)
                        .await?;
                    wait = wait.max(block);
                }
                None => wait = wait.max(counted.window_start + HOUR - now),
            }
        }
    }
    if wait > 0 {
        Err(LimitError::TooMany {
            retry_after: wait as u64,
        })
    } else {
        Ok(())
    }
}

/// Counts a send in every scope; refuses with the wait when any limit is reached.
pub async fn count(store: &Store, send: &Send<'_>, now: Timestamp) -> Result<(), LimitError> {
    let mut scopes = vec![
        Scope {
            key: format!("account:{}", send.user_id),
            per_hour: ACCOUNT_PER_HOUR,
            block: Some(DAY),
        },
        Scope {
            key: format!("target:{}", send.target),
            per_hour: TARGET_PER_HOUR,
            block: None,
        },
        Scope {
            key: format!("ip:{}", send.network),
            per_hour: IP_PER_HOUR,
            block: None,
        },
    ];
    if send.is_phone {
        scopes.push(Scope {
            key: "global:phone".to_string(),
            per_hour: GLOBAL_PHONE_PER_HOUR,
            block: None,
        });
    }
    enforce(store, scopes, now).await
}

/// Counts an attempt to start a reset for the name with this key and its account (a stand-in
/// for a name without one): 5 an hour, then 24 hours; and per client network.
pub async fn count_reset(
    store: &Store,
    name_key: &str,
    account: &str,
    network: &str,
    now: Timestamp,
) -> Result<(), LimitError> {
    let per_name = |key: String| Scope {
        key,
        per_hour: RESETS_PER_HOUR,
        block: Some(DAY),
    };
    let scopes = vec![
        per_name(format!("reset-name:{name_key}")),
        per_name(format!("reset-account:{account}")),
        Scope {
            key: format!("reset-ip:{network}"),
            per_hour: RESETS_PER_IP_PER_HOUR,
            block: None,
        },
    ];
    enforce(store, scopes, now).await
}

/// Counts a verification with something the person holds (an app's code, a recovery code, a
/// passkey): nothing is sent, but each one allows five guesses, so 10 an hour per account then
/// 24 hours; and per client network.
pub async fn count_held(
    store: &Store,
    user_id: &str,
    network: &str,
    now: Timestamp,
) -> Result<(), LimitError> {
    let scopes = vec![
        Scope {
            key: format!("held:{user_id}"),
            per_hour: HELD_PER_HOUR,
            block: Some(DAY),
        },
        Scope {
            key: format!("ip:{network}"),
            per_hour: IP_PER_HOUR,
            block: None,
        },
    ];
    enforce(store, scopes, now).await
}
