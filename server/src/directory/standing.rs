//! What the directory says of a person now (security.md 53): whether it still lets them in, and
//! IT support's role its groups give them. Latchkey asks again while their sessions last (at
//! most `directory_recheck` after the last answer) and before each staff action (at most a
//! minute after); the time of the last answer is kept with the person's record, so every
//! replica shares it. When the directory says the account is gone, disabled, locked or expired,
//! every session of theirs ends.

use super::error::DirectoryError;
use super::ldap::LdapDirectory;
use super::person::Person;
use crate::clock::Timestamp;
use crate::store::{AuditEntry, Store, User};

/// How old the directory's word on a staff member's role (or on the person they act on) may be
/// at a staff action: one minute.
pub const ROLE_FRESHNESS: i64 = 60;

/// What the directory is asked again for, which says how old its last answer may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// A signed-in person's request: `directory_recheck`.
    Session,
    /// A staff action, by or on someone: [`ROLE_FRESHNESS`].
    StaffAction,
}

/// Why the directory no longer lets someone use Latchkey.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Removed,
    Disabled,
    Locked,
    Expired,
}

impl Ended {
    /// The reason, as the person's audit trail gives it.
    fn reason(self) -> &'static str {
        match self {
            Self::Removed => "the directory no longer has the account",
            Self::Disabled => "the directory says the account is disabled",
            Self::Locked => "the directory says the account is locked",
            Self::Expired => "the directory says the account has expired",
        }
    }
}

/// Why the directory's entry `person` may not use Latchkey at `now`, if it may not.
pub fn ended(person: &Person, now: Timestamp) -> Option<Ended> {
    if person.disabled {
        Some(Ended::Disabled)
    } else if person.locked {
        Some(Ended::Locked)
    } else if person.expires.is_some_and(|at| at <= now) {
        Some(Ended::Expired)
    } else {
        None
    }
}

/// A person's record as the directory has them now.
#[derive(Debug)]
pub struct Rechecked {
    /// With the role the directory's groups give them now.
    pub user: User,
    /// Set when the directory no longer lets them in: their sessions have ended.
    pub ended: Option<Ended>,
}

/// `user` as the directory `ldap` has them now: asked again when its last answer is too old for
/// `purpose`. When it no longer lets them in, every session of theirs ends and the audit says
/// why. A directory that cannot be reached is an error: each caller decides what that means for
/// it.
pub async fn recheck(
    ldap: &LdapDirectory,
    store: &Store,
    user: &User,
    now: Timestamp,
    purpose: Purpose,
) -> Result<Rechecked, DirectoryError> {
    let unchecked = || Rechecked {
        user: user.clone(),
        ended: None,
    };
    let Some(id) = user.directory_id.as_deref() else {
        return Ok(unchecked());
    };
    let max_age = match purpose {
        Purpose::Session => ldap.recheck_interval(),
        Purpose::StaffAction => ROLE_FRESHNESS,
    };
    if user
        .directory_checked_at
        .is_some_and(|at| now - at < max_age)
    {
        return Ok(unchecked());
    }
    let (role, ended) = match ldap.find_by_id(id).await? {
        // Groups cannot be read for an entry that is not there: the role stays as it was.
        None => (user.directory_role, Some(Ended::Removed)),
        Some(person) => {
            let role = ldap.role_of(&person.dn).await?;
            (role, self::ended(&person, now))
        }
    };
    store
        .autocommit()
        .await?
        .note_directory_check(&user.id, role, now)
        .await?;
    if let Some(ended) = ended {
        end_sessions(store, user, ended, now).await?;
    }
    let user = User {
        directory_role: role,
        directory_checked_at: Some(now),
        ..user.clone()
    };
    Ok(Rechecked { user, ended })
}

/// Ends every session of `user` because of what the directory says, and audits it when there
/// were any.
async fn end_sessions(
    store: &Store,
    user: &User,
    ended: Ended,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    if store
        .autocommit()
        .await?
        .delete_sessions_of(&user.id)
        .await?
        == 0
    {
        return Ok(());
    }
    let detail = format!("Every session ended: {}", ended.reason());
    let entry = AuditEntry {
        user_id: &user.id,
        action: "sessions_ended_by_directory",
        detail: &detail,
        ip: "directory",
        user_agent: "latchkey-server",
    };
    store.autocommit().await?.audit(entry, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(disabled: bool, locked: bool, expires: Option<Timestamp>) -> Person {
        Person {
            id: "id".into(),
            dn: "uid=p".into(),
            username: "p".into(),
            display_name: "P".into(),
            email: "p@example.org".into(),
            disabled,
            locked,
            expires,
            password_changed: None,
            policy: None,
        }
    }

    #[test]
    fn disabled_locked_and_expired_entries_end_sessions() {
        assert_eq!(ended(&person(false, false, None), 100), None);
        assert_eq!(ended(&person(false, false, Some(101)), 100), None);
        assert_eq!(
            ended(&person(false, false, Some(100)), 100),
            Some(Ended::Expired)
        );
        assert_eq!(ended(&person(false, true, None), 100), Some(Ended::Locked));
        assert_eq!(ended(&person(true, true, None), 100), Some(Ended::Disabled));
    }
}
