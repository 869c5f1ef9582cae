//! Session rules: IDs, their hashes, timeouts and the sign-in throttle (security.md 9, 18–20).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::clock::Timestamp;
use crate::store::SessionRecord;

/// A session ends after this long without a request (30 minutes).
pub const IDLE_TIMEOUT: i64 = 30 * 60;
/// A session ends this long after sign-in, however busy (12 hours).
pub const ABSOLUTE_TIMEOUT: i64 = 12 * 60 * 60;

/// A session ID the browser keeps in its cookie. `Debug` never shows it.
pub struct SessionToken(String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionToken(<redacted>)")
    }
}

impl SessionToken {
    /// A new ID: 256 bits from the operating system's CSPRNG.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The value for the cookie.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// What the database stores instead of a session ID: its SHA-256, hex.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a stored session is still usable at `now`.
pub fn is_live(session: &SessionRecord, now: Timestamp) -> bool {
    now - session.last_seen_at < IDLE_TIMEOUT
        && now - session.created_at < ABSOLUTE_TIMEOUT
        && session.access_pass_until.is_none_or(|until| now < until)
}

/// How long sign-in stays closed for an account after `failures` failed attempts in a row:
/// nothing for the first four, then 30 s doubling up to 15 minutes — never a permanent lockout.
pub fn sign_in_wait(failures: i64) -> i64 {
    const FREE_TRIES: i64 = 5;
    if failures < FREE_TRIES {
        return 0;
    }
    let doublings = (failures - FREE_TRIES).min(5) as u32;
    (30 * 2_i64.pow(doublings)).min(15 * 60)
}

/// Failed sign-ins one client address may make in an hour, over any accounts, before it waits
/// too: enough for a busy office behind one address, too few to spray a password over everyone.
pub const ADDRESS_FREE_TRIES: i64 = 100;

/// An address's failures are forgotten after an hour without one; an account's after a day.
pub const ADDRESS_MEMORY: i64 = 60 * 60;
pub const ACCOUNT_MEMORY: i64 = 24 * 60 * 60;

/// How long sign-in stays closed for a client address after `failures` in the last hour: the
/// account's curve, starting after [`ADDRESS_FREE_TRIES`]. It slows that address only, so a
/// stranger elsewhere cannot lock anyone out.
pub fn address_wait(failures: i64) -> i64 {
    if failures < ADDRESS_FREE_TRIES {
        return 0;
    }
    sign_in_wait(failures - ADDRESS_FREE_TRIES + 5)
}

/// Sign-in's waits, read from the shared failure counts.
pub mod throttle {
    use crate::clock::Timestamp;
    use crate::store::Store;

    /// Whether sign-in is closed in `scope` at `now`, by `wait` over its failures so far.
    pub async fn is_closed(
        store: &Store,
        scope: &str,
        wait: fn(i64) -> i64,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        Ok(remaining(store, scope, wait, now).await? > 0)
    }

    /// The seconds until sign-in opens again in `scope` (0: open now).
    pub async fn remaining(
        store: &Store,
        scope: &str,
        wait: fn(i64) -> i64,
        now: Timestamp,
    ) -> Result<i64, sqlx::Error> {
        // Only a wait closes sign-in: a count still under its free tries never does, even when
        // another replica's clock (or the dev clock) put the last failure ahead of ours.
        Ok(store
            .sign_in_failures(scope)
            .await?
            .map_or(0, |(failures, last)| {
                let wait = wait(failures);
                if wait > 0 {
                    (last + wait - now).max(0)
                } else {
                    0
                }
            }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_redacted() {
        let a = SessionToken::generate();
        let b = SessionToken::generate();
        assert_ne!(a.expose(), b.expose());
        // 32 bytes in unpadded base64: 43 characters, 256 bits.
        assert_eq!(a.expose().len(), 43);
        assert_eq!(format!("{a:?}"), "SessionToken(<redacted>)");
        assert_eq!(hash_token(a.expose()).len(), 64);
        assert_ne!(hash_token(a.expose()), a.expose());
    }

    #[test]
    fn sessions_expire_when_idle_or_old() {
        let session = SessionRecord {
            user_id: "u".into(),
            created_at: 0,
            last_seen_at: 0,
            verified_at: None,
            access_pass_until: None,
        };
        assert!(is_live(&session, IDLE_TIMEOUT - 1));
        assert!(!is_live(&session, IDLE_TIMEOUT));
        let passed = SessionRecord {
            access_pass_until: Some(600),
            ..session.clone()
        };
        assert!(is_live(&passed, 599));
        assert!(!is_live(&passed, 600), "ends with its pass");
        let busy = SessionRecord {
            last_seen_at: ABSOLUTE_TIMEOUT - 1,
            ..session
        };
        assert!(is_live(&busy, ABSOLUTE_TIMEOUT - 1));
        assert!(!is_live(&busy, ABSOLUTE_TIMEOUT));
    }

    #[test]
    fn the_sign_in_wait_grows_and_is_capped() {
        assert_eq!(sign_in_wait(4), 0);
        assert_eq!(sign_in_wait(5), 30);
        assert_eq!(sign_in_wait(6), 60);
        assert_eq!(sign_in_wait(9), 480);
        assert_eq!(sign_in_wait(10), 900);
        assert_eq!(sign_in_wait(1_000), 900);
        assert_eq!(address_wait(ADDRESS_FREE_TRIES - 1), 0);
        assert_eq!(address_wait(ADDRESS_FREE_TRIES), 30);
        assert_eq!(address_wait(10_000), 900);
    }
}
