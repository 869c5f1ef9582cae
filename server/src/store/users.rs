//! Accounts: created by administrators (`latchkey-server user add`), looked up at sign-in.

use crate::staff::Role;
use latchkey_api::Language;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, Tx, new_id};
use crate::clock::Timestamp;

/// An account as stored. The password hash is never printed.
#[derive(Clone)]
pub struct User {
    pub id: String,
    pub username: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: Timestamp,
    /// The language the person picked, if they did.
    pub language: Option<Language>,
    /// The directory's stable ID of the person, when their password lives in a directory.
    pub directory_id: Option<String>,
    /// When the password was last set, where known.
    pub password_changed_at: Option<Timestamp>,
    /// IT support's role, for staff (granted with `latchkey-server user role`).
    pub role: Option<Role>,
    /// IT support's role as the directory's groups grant it, as of `directory_checked_at`.
    pub directory_role: Option<Role>,
    /// When the directory last said the person may use Latchkey, and which role it gives them.
    pub directory_checked_at: Option<Timestamp>,
}

/// What the directory says of a person that their local record keeps.
pub struct DirectoryEntry<'a> {
    /// The directory's stable ID.
    pub id: &'a str,
    pub username: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_changed: Option<Timestamp>,
    pub role: Option<Role>,
}

impl User {
    /// The scope sign-in failures of this account count in: the directory's stable ID for a
    /// directory's person (whom sign-in knows before a local record exists), else the local ID.
    pub fn sign_in_scope(&self) -> String {
        format!("account:{}", self.directory_id.as_ref().unwrap_or(&self.id))
    }

    /// Every scope this account's sign-in failures count in: strangers' browsers', and apart
    /// from them those of the browsers the person signed in from before (security.md 52).
    pub fn sign_in_scopes(&self) -> [String; 2] {
        let id = self.directory_id.as_ref().unwrap_or(&self.id);
        [format!("account:{id}"), format!("account-familiar:{id}")]
    }

    /// Who they are, as IT support's lists show them.
    pub fn summary(self) -> latchkey_api::types::PersonSummary {
        latchkey_api::types::PersonSummary {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            email: self.email,
        }
    }
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("password_hash", &"<redacted>")
            .field("disabled", &self.disabled)
            .finish()
    }
}

/// What an administrator gives to create an account.
#[derive(Clone)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
}

pub(super) const COLUMNS: &str = "id, username, email, display_name, password_hash, disabled, created_at, \
     language, directory_id, password_changed_at, role, directory_role, directory_checked_at";

pub(super) fn from_row(row: &AnyRow) -> Result<User, sqlx::Error> {
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        created_at: row.try_get("created_at")?,
        language: row
            .try_get::<Option<String>, _>("language")?
            .and_then(|code| Language::from_tag(&code)),
        directory_id: row.try_get("directory_id")?,
        password_changed_at: row.try_get("password_changed_at")?,
        role: role_in(row, "role")?,
        directory_role: role_in(row, "directory_role")?,
        directory_checked_at: row.try_get("directory_checked_at")?,
    })
}

/// A stored role name as a role (nothing for anything else).
fn role_in(row: &AnyRow, column: &str) -> Result<Option<Role>, sqlx::Error> {
    Ok(row
        .try_get::<Option<String>, _>(column)?
        .and_then(|name| Role::from_name(&name).ok().flatten()))
}

impl Store {
    /// The local record of the directory's person `directory_id`, if they have one.
    pub async fn user_by_directory_id(
        &self,
        directory_id: &str,
    ) -> Result<Option<User>, sqlx::Error> {
        by_directory_id(self.pool(), directory_id).await
    }

    /// Finds an account by username or work email, ignoring case.
    pub async fn find_user_for_sign_in(&self, name: &str) -> Result<Option<User>, sqlx::Error> {
        let name = name.trim().to_lowercase();
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users WHERE username = $1 OR email = $1"
        ))
        .bind(name)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Finds an account by its ID.
    pub async fn user(&self, id: &str) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Every account, by username.
    pub async fn users(&self) -> Result<Vec<User>, sqlx::Error> {
        let rows = sqlx::query(&format!("SELECT {COLUMNS} FROM users ORDER BY username"))
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(from_row).collect()
    }
}

impl Store {
    /// When the user last confirmed their security info was current.
    pub async fn reviewed_at(&self, user_id: &str) -> Result<Option<Timestamp>, sqlx::Error> {
        let row = sqlx::query("SELECT reviewed_at FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.and_then(|row| row.try_get("reviewed_at").ok().flatten()))
    }

    /// The user's passkey handle, made on first use: random, shared by all their passkeys.
    pub async fn passkey_user_id(&self, user_id: &str, fresh: &str) -> Result<String, sqlx::Error> {
        sqlx::query(
            "UPDATE users SET passkey_user_id = $1 WHERE id = $2 AND passkey_user_id IS NULL",
        )
        .bind(fresh)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        let row = sqlx::query("SELECT passkey_user_id FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(self.pool())
            .await?;
        row.try_get("passkey_user_id")
    }
}

impl Tx {
    /// Whether a username or email is already taken by any account, as this transaction sees it.
    pub async fn is_taken(&mut self, username: &str, email: &str) -> Result<bool, sqlx::Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM users WHERE username = $1 OR email = $2 OR username = $2 OR email = $1",
        )
        .bind(username.to_lowercase())
        .bind(email.to_lowercase())
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get::<i64, _>("n")? > 0)
    }

    /// Creates an account; usernames and emails are stored lowercase.
    pub async fn add_user(
        &mut self,
        user: NewUser<'_>,
        now: Timestamp,
    ) -> Result<User, sqlx::Error> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO users (id, username, email, display_name, password_hash, disabled, created_at,
                                password_changed_at)
             VALUES ($1, $2, $3, $4, $5, 0, $6, $6)",
        )
        .bind(&id)
        .bind(user.username.to_lowercase())
        .bind(user.email.to_lowercase())
        .bind(user.display_name)
        .bind(user.password_hash)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(User {
            id,
            username: user.username.to_lowercase(),
            email: user.email.to_lowercase(),
            display_name: user.display_name.to_string(),
            password_hash: user.password_hash.to_string(),
            disabled: false,
            created_at: now,
            language: None,
            directory_id: None,
            password_changed_at: Some(now),
            role: None,
            directory_role: None,
            directory_checked_at: None,
        })
    }

    /// The local record of a person the directory knows, made the first time they sign in and
    /// brought up to date (a renamed account, a new work address) every time after; keyed by
    /// the directory's stable ID. No password is kept. An older record holding the same name or
    /// address for someone else (a recycled username, a rebuilt directory) keeps its history
    /// but gives them up: a new person never inherits another's security info.
    pub async fn directory_user(
        &mut self,
        person: &DirectoryEntry<'_>,
        now: Timestamp,
    ) -> Result<User, sqlx::Error> {
        let username = person.username.to_lowercase();
        let email = person.email.to_lowercase();
        let mut transaction = self.all_or_nothing().await?;
        sqlx::query(
            "UPDATE users SET username = username || '~' || id, email = email || '~' || id
             WHERE (username = $1 OR email = $2)
               AND (directory_id IS NULL OR directory_id <> $3)",
        )
        .bind(&username)
        .bind(&email)
        .bind(person.id)
        .execute(&mut *transaction)
        .await?;
        sqlx::query(
            "INSERT INTO users (id, username, email, display_name, password_hash, disabled, created_at,
                                directory_id, password_changed_at, directory_role)
             VALUES ($1, $2, $3, $4, '', 0, $5, $6, $7, $8)
             ON CONFLICT (directory_id) DO UPDATE
             SET username = excluded.username, email = excluded.email,
                 display_name = excluded.display_name,
                 password_changed_at = excluded.password_changed_at,
                 directory_role = excluded.directory_role",
        )
        .bind(new_id())
        .bind(&username)
        .bind(&email)
        .bind(person.display_name)
        .bind(now)
        .bind(person.id)
        .bind(person.password_changed)
        .bind(person.role.map(Role::name))
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        by_directory_id(self.conn(), person.id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    /// Notes what the directory said of the person `now`: the role its groups give them.
    pub async fn note_directory_check(
        &mut self,
        user_id: &str,
        role: Option<Role>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE users SET directory_checked_at = $1, directory_role = $2 WHERE id = $3",
        )
        .bind(now)
        .bind(role.map(Role::name))
        .bind(user_id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Notes that the person's password was set `now` (wherever it lives), for Security info.
    pub async fn note_password_changed(
        &mut self,
        user_id: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET password_changed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Replaces an account's password hash.
    pub async fn set_password_hash(
        &mut self,
        user_id: &str,
        hash: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Disables or enables the account `username`; returns whether it exists. A disabled
    /// account signs in and resets like an unknown one, and its sessions end.
    pub async fn set_disabled(
        &mut self,
        username: &str,
        disabled: bool,
    ) -> Result<bool, sqlx::Error> {
        let mut transaction = self.all_or_nothing().await?;
        let done = sqlx::query("UPDATE users SET disabled = $1 WHERE username = $2")
            .bind(i64::from(disabled))
            .bind(username)
            .execute(&mut *transaction)
            .await?;
        sqlx::query(
            "DELETE FROM sessions WHERE $1 = 1 AND user_id IN (SELECT id FROM users WHERE username = $2)",
        )
        .bind(i64::from(disabled))
        .bind(username)
        .execute(&mut *transaction)
        .await?;
        transaction.commit().await?;
        Ok(done.rows_affected() == 1)
    }

    /// Keeps the language the person picked.
    pub async fn set_language(
        &mut self,
        user_id: &str,
        language: Language,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language.code())
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn set_reviewed(&mut self, user_id: &str, now: Timestamp) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET reviewed_at = $1 WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

/// The account the directory's entry `directory_id` belongs to, read through `executor`.
async fn by_directory_id<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    directory_id: &str,
) -> Result<Option<User>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM users WHERE directory_id = $1"
    ))
    .bind(directory_id)
    .fetch_optional(executor)
    .await?;
    row.as_ref().map(from_row).transpose()
}
