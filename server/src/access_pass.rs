//! Temporary Access Passes (security.md 50): made by IT support for one person who lost every
//! method, so they can sign in once (or for a while) and register new ones. 16 characters of an
//! alphabet without look-alikes (no 0/O, 1/I/L, U), 78 bits from the operating system's CSPRNG,
//! shown once in groups of four; stored as a SHA-256 hash (the pass is random, so a slow hash
//! adds nothing); typed with any case, spaces or dashes.

use rand::Rng;
use rand::rngs::OsRng;

use crate::clock::Timestamp;
use crate::origin::{Context, Origin};
use crate::security_info::changes;
use crate::security_info::messages::Change;
use crate::sessions::hash_token;
use crate::state::AppState;
use crate::store::{AuditEntry, NewAccessPass, Store, Tx, User};

/// Crockford's base 32 without 0, 1 and the letters people misread.
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
const LENGTH: usize = 16;

/// The shortest and longest a pass may last, and how long one lasts unless told.
pub const SHORTEST: i64 = 10 * 60;
pub const LONGEST: i64 = 8 * 60 * 60;
pub const USUAL: i64 = 60 * 60;

/// A new pass, as shown to IT support: `7KQM-X4TA-92HC-PWRE`.
pub fn generate() -> String {
    let characters: Vec<char> = (0..LENGTH)
        .map(|_| char::from(ALPHABET[OsRng.gen_range(0..ALPHABET.len())]))
        .collect();
    characters
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What is stored and compared: the hash of the pass as typed, without case, spaces or dashes.
pub fn hash(typed: &str) -> String {
    let normalised: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    hash_token(&normalised)
}

/// A lifetime in seconds, within the bounds, from text such as `90m`, `1h` or `8h`.
pub fn lifetime(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let seconds = match (number.parse::<i64>(), unit) {
        (Ok(n), "m") => n * 60,
        (Ok(n), "h") => n * 3600,
        _ => return Err(format!("{text:?} is not a lifetime such as 90m or 2h")),
    };
    within(seconds)
}

/// `seconds` if a pass may last that long (10 minutes to 8 hours).
pub fn within(seconds: i64) -> Result<i64, String> {
    if (SHORTEST..=LONGEST).contains(&seconds) {
        Ok(seconds)
    } else {
        Err("a pass lasts from 10 minutes to 8 hours".into())
    }
}

/// A UTC moment as the notice writes it: `2026-11-30 14:05`.
fn utc(at: Timestamp) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");
    time::OffsetDateTime::from_unix_timestamp(at)
        .ok()
        .and_then(|moment| moment.format(format).ok())
        .unwrap_or_default()
}

/// Why a pass was not made.
#[derive(Debug, thiserror::Error)]
pub enum IssueError {
    /// A pass lasts from 10 minutes to 8 hours.
    #[error("a pass lasts from 10 minutes to 8 hours")]
    Lifetime,
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// Makes in `tx` a pass for `user` lasting `lifetime` seconds (one use unless `reusable`), in
/// place of any they had; audits it and queues the notice to every address. The pass, to be
/// shown once, and until when it lasts.
pub async fn issue(
    tx: &mut Tx,
    cx: &Context<'_>,
    user: &User,
    lifetime: i64,
    reusable: bool,
    issued_by: Option<&User>,
) -> Result<(String, Timestamp), IssueError> {
    let lifetime = within(lifetime).map_err(|_| IssueError::Lifetime)?;
    let pass = generate();
    let expires_at = cx.now + lifetime;
    let pass_hash = hash(&pass);
    let new = NewAccessPass {
        user_id: &user.id,
        pass_hash: &pass_hash,
        expires_at,
        one_time: !reusable,
        issued_by: issued_by.map(|staff| staff.id.as_str()),
    };
    tx.issue_access_pass(new, cx.now).await?;
    let methods = tx.methods(&user.id).await?;
    let change = Change::AccessPassIssued(utc(expires_at));
    changes::record(tx, cx, user, &methods, "access_pass_issued", &change).await?;
    Ok((pass, expires_at))
}

/// A pass made on its own, by an administrator at the command line: one transaction.
pub async fn issue_alone(
    store: &Store,
    cx: &Context<'_>,
    user: &User,
    lifetime: i64,
    reusable: bool,
) -> Result<(String, Timestamp), IssueError> {
    let mut tx = store.transaction().await?;
    let issued = issue(&mut tx, cx, user, lifetime, reusable, None).await?;
    tx.commit().await?;
    Ok(issued)
}

/// Audits the refusal of `user`'s pass: `maker` (or someone whose account is gone) no longer has
/// an IT support role, as the directory has it now. Kept at once, as the refusal is the answer.
pub async fn refuse_as_maker_left(
    store: &Store,
    cx: &Context<'_>,
    user: &User,
    maker: Option<&str>,
) -> Result<(), sqlx::Error> {
    let name = maker.unwrap_or("someone");
    let detail = format!(
        "A Temporary Access Pass made by {name}, who no longer has an IT support role, was refused"
    );
    let entry = AuditEntry {
        user_id: &user.id,
        action: "access_pass_refused",
        detail: &detail,
        ip: &cx.origin.ip,
        user_agent: &cx.origin.user_agent,
    };
    let mut tx = store.transaction().await?;
    tx.audit(entry, cx.now).await?;
    tx.commit().await
}

/// `latchkey-server tap issue`: a pass for `username` (a directory's person too, who gets a
/// local record), printed once.
pub async fn issue_from_cli(
    config: crate::config::Config,
    username: &str,
    lifetime: &str,
    reusable: bool,
) -> anyhow::Result<()> {
    let lifetime = self::lifetime(lifetime).map_err(anyhow::Error::msg)?;
    let clock: std::sync::Arc<dyn crate::clock::Clock> =
        std::sync::Arc::new(crate::clock::SystemClock);
    let state = AppState::new(config, clock).await?;
    let name = username.trim().to_lowercase();
    let found = state
        .directory
        .find(&state.store, &name)
        .await?
        .filter(|found| !found.person.disabled)
        .ok_or_else(|| anyhow::anyhow!("there is no account called {username:?}"))?;
    let now = state.clock.now();
    let user = state.directory.signed_in(&state.store, found, now).await?;
    let origin = Origin::command_line();
    let cx = state.context(&origin);
    let (pass, until) = issue_alone(&state.store, &cx, &user, lifetime, reusable).await?;
    let uses = if reusable {
        "as often as needed"
    } else {
        "once"
    };
    println!("{pass}");
    eprintln!(
        "A Temporary Access Pass for {} ({}): it signs in {uses} until {} UTC, to security info \
         only. Read it to them; it is not shown again. They were told by email.",
        user.display_name,
        user.username,
        utc(until)
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_is_long_random_and_unambiguous() {
        let pass = generate();
        assert_eq!(pass.len(), 19, "{pass}");
        assert!(pass.split('-').all(|group| group.len() == 4));
        assert!(
            pass.chars()
                .filter(|c| *c != '-')
                .all(|c| ALPHABET.contains(&(c as u8)))
        );
        // 16 characters of 30: more than 64 bits.
        assert!((LENGTH as f64) * (ALPHABET.len() as f64).log2() > 64.0);
        assert_ne!(generate(), generate());
    }

    #[test]
    fn a_pass_is_typed_any_way() {
        assert_eq!(hash("7KQM-X4TA-92HC-PWRE"), hash("7kqm x4ta 92hc pwre"));
        assert_ne!(hash("7KQM-X4TA-92HC-PWRE"), hash("7KQM-X4TA-92HC-PWRA"));
    }

    #[test]
    fn the_notice_says_when_in_utc() {
        assert_eq!(utc(1_796_000_000), "2026-11-30 00:53");
    }

    #[test]
    fn lifetimes_are_bounded() {
        assert_eq!(lifetime("1h"), Ok(3600));
        assert_eq!(lifetime("90m"), Ok(5400));
        assert_eq!(lifetime("10m"), Ok(600));
        assert!(lifetime("9m").is_err());
        assert!(lifetime("9h").is_err());
        assert!(lifetime("soon").is_err());
        assert!(lifetime("").is_err());
    }
}
