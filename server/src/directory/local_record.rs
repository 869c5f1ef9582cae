//! The local record of a directory's person, kept in step with their entry: made the first time
//! they sign in or IT support looks for them, with IT support's role from the directory's groups,
//! keyed by the directory's stable ID (the `users` row that holds their security info).

use std::collections::HashMap;

use latchkey_api::types::PersonSummary;

use super::error::DirectoryError;
use super::ldap::LdapDirectory;
use super::person::Person;
use super::standing;
use crate::clock::Timestamp;
use crate::store::{DirectoryEntry, Store, User};

/// `person`'s local record, with the role the directory's groups give them now.
async fn record_of(
    ldap: &LdapDirectory,
    store: &Store,
    person: &Person,
    now: Timestamp,
) -> Result<User, DirectoryError> {
    let entry = DirectoryEntry {
        id: &person.id,
        username: &person.username,
        email: &person.email,
        display_name: &person.display_name,
        password_changed: person.password_changed,
        role: ldap.role_of(&person.dn).await?,
    };
    Ok(store
        .autocommit()
        .await?
        .directory_user(&entry, now)
        .await?)
}

/// The local records of the people whose username, name or work email contains `part`.
pub async fn search(
    ldap: &LdapDirectory,
    store: &Store,
    part: &str,
    now: Timestamp,
) -> Result<Vec<User>, DirectoryError> {
    let mut found = Vec::new();
    for person in ldap.search(part.trim()).await? {
        found.push(record_of(ldap, store, &person, now).await?);
    }
    Ok(found)
}

/// Everyone the directory's user filter finds (not disabled), with the ID of their local record
/// among `users`, empty for someone who has none yet.
pub async fn everyone(
    ldap: &LdapDirectory,
    users: Vec<User>,
) -> Result<Vec<PersonSummary>, DirectoryError> {
    let mut local: HashMap<String, String> = users
        .into_iter()
        .filter_map(|user| Some((user.directory_id?, user.id)))
        .collect();
    let people = ldap.everyone().await?;
    Ok(people
        .into_iter()
        .map(|person| PersonSummary {
            id: local.remove(&person.id).unwrap_or_default(),
            username: person.username,
            display_name: person.display_name,
            email: person.email,
        })
        .collect())
}

/// The local record of `person`, who just proved their password: made now the first time,
/// brought up to date otherwise, and noted as the directory's word that they may use Latchkey.
pub async fn signed_in(
    ldap: &LdapDirectory,
    store: &Store,
    person: &Person,
    now: Timestamp,
) -> Result<User, DirectoryError> {
    let user = record_of(ldap, store, person, now).await?;
    if standing::ended(person, now).is_some() {
        return Ok(user);
    }
    // The directory just said they may use Latchkey, with this role.
    store
        .autocommit()
        .await?
        .note_directory_check(&user.id, user.directory_role, now)
        .await?;
    Ok(User {
        directory_checked_at: Some(now),
        ..user
    })
}
