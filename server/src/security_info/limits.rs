//! Send limits (security.md 8): per account 5 an hour then 24 hours blocked; per target and per
//! client IP; and an hourly budget of texts and calls for the whole organisation.

use crate::clock::Timestamp;
use crate::http::error::AppError;
use crate::store::Store;

const HOUR: i64 = 3600;
const ACCOUNT_PER_HOUR: i64 = 5;
const ACCOUNT_BLOCK: i64 = 24 * HOUR;
const TARGET_PER_HOUR: i64 = 5;
// Generous: a whole office may share one address behind NAT.
const IP_PER_HOUR: i64 = 100;
const GLOBAL_PHONE_PER_HOUR: i64 = 1_000;

/// Who is sending what, and where.
pub struct Send<'a> {
    pub user_id: &'a str,
    pub target: &'a str,
    pub ip: &'a str,
    pub is_phone: bool,
}

/// Counts a send in every scope; refuses with 429 and the wait when any limit is reached.
pub async fn count(store: &Store, send: &Send<'_>, now: Timestamp) -> Result<(), AppError> {
    let account = format!("account:{}", send.user_id);
    let mut scopes = vec![
        (account.clone(), ACCOUNT_PER_HOUR),
        (format!("target:{}", send.target), TARGET_PER_HOUR),
        (format!("ip:{}", send.ip), IP_PER_HOUR),
    ];
    if send.is_phone {
        scopes.push(("global:phone".to_string(), GLOBAL_PHONE_PER_HOUR));
    }
    let mut wait = 0;
    for (scope, limit) in scopes {
        let counted = store.count_send(&scope, HOUR, now).await?;
        if counted.blocked_until > now {
            wait = wait.max(counted.blocked_until - now);
        } else if counted.sends > limit {
            if scope == account {
                store.block_sends(&scope, now + ACCOUNT_BLOCK).await?;
                wait = wait.max(ACCOUNT_BLOCK);
            } else {
                wait = wait.max(counted.window_start + HOUR - now);
            }
        }
    }
    if wait > 0 {
        Err(AppError::RateLimited {
            retry_after: wait as u64,
        })
    } else {
        Ok(())
    }
}
