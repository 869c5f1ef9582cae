//! Creating accounts (administrators' command line, and the demo account in development).

use std::sync::Arc;

use anyhow::Context;
use latchkey_api::validation::{check_email, check_new_username, field_error};

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::password::{self, Hasher};
use crate::store::{NewUser, Store};

/// The development demo account's username and work email.
pub const DEMO_USERNAME: &str = "demo";
pub const DEMO_EMAIL: &str = "demo@example.com";

/// An account to create, checked against the policy before anything is written.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub email: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
}

/// Checks an account against the policy; the error says which rule was broken.
pub fn check(config: &Config, account: &NewAccount<'_>) -> anyhow::Result<()> {
    let explain = |field: &str, label: &str, problem| field_error(field, label, problem).message;
    check_new_username(account.username).map_err(|p| {
        anyhow::anyhow!(
            "{} (lowercase letters, digits, '.', '_' and '-', at most 64)",
            explain("username", "username", p)
        )
    })?;
    check_email(account.email)
        .map_err(|p| anyhow::anyhow!(explain("email", "email address", p)))?;
    password::check_new_password(
        account.password,
        config.password_min_length,
        &password::Context {
            username: account.username,
            display_name: account.display_name,
            email: account.email,
            organisation_name: &config.organisation_name,
        },
    )
    .map_err(|p| anyhow::anyhow!(explain("password", "password", p)))
}

/// Checks and creates an account.
pub async fn create(
    store: &Store,
    hasher: &Hasher,
    config: &Config,
    account: NewAccount<'_>,
    now: i64,
) -> anyhow::Result<()> {
    check(config, &account)?;
    // The slow hash first: the transaction holds the write lock until it is committed.
    let hash = hasher.hash(account.password).await;
    let mut tx = store.transaction().await?;
    anyhow::ensure!(
        !tx.is_taken(account.username, account.email).await?,
        "an account with that username or email already exists"
    );
    let new = NewUser {
        username: account.username,
        email: account.email,
        display_name: account.display_name,
        password_hash: &hash,
    };
    tx.add_user(new, now)
        .await
        .context("cannot create the account")?;
    tx.commit().await?;
    Ok(())
}

/// `latchkey-server user add`.
pub async fn add_from_cli(
    config: &Config,
    username: &str,
    email: &str,
    display_name: &str,
    password: &str,
) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url, config.database_pool_size).await?;
    let hasher = Hasher::new(1);
    let account = NewAccount {
        username,
        email,
        display_name,
        password,
    };
    create(&store, &hasher, config, account, SystemClock.now()).await?;
    println!("Created the account {username} <{email}>.");
    Ok(())
}

/// `latchkey-server user list`.
pub async fn list_from_cli(config: &Config) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url, config.database_pool_size).await?;
    let users = store.users().await?;
    if users.is_empty() {
        println!("No accounts yet. Create one with `latchkey-server user add`.");
    }
    for user in users {
        let state = if user.disabled { "  (disabled)" } else { "" };
        println!(
            "{}\t{}\t{}{state}",
            user.username, user.email, user.display_name
        );
    }
    Ok(())
}

/// `latchkey-server user disable` and `user enable`.
pub async fn set_disabled_from_cli(
    config: &Config,
    username: &str,
    disabled: bool,
) -> anyhow::Result<()> {
    let store = Store::connect(&config.database_url, config.database_pool_size).await?;
    let mut tx = store.transaction().await?;
    anyhow::ensure!(
        tx.set_disabled(username, disabled).await?,
        "there is no account called {username:?} (see `latchkey-server user list`)"
    );
    tx.commit().await?;
    let done = if disabled { "disabled" } else { "enabled" };
    println!("The account {username} is {done}.");
    Ok(())
}

/// In development mode: makes sure the demo account exists with `password`.
pub async fn ensure_demo(
    store: &Store,
    hasher: &Hasher,
    config: &Config,
    clock: &Arc<dyn Clock>,
    password: &str,
) -> anyhow::Result<()> {
    let account = NewAccount {
        username: DEMO_USERNAME,
        email: DEMO_EMAIL,
        display_name: "Demo User",
        password,
    };
    check(config, &account)?;
    let hash = hasher.hash(password).await;
    if let Some(user) = store.find_user_for_sign_in(DEMO_USERNAME).await? {
        store
            .autocommit()
            .await?
            .set_password_hash(&user.id, &hash)
            .await?;
        return Ok(());
    }
    let new_user = NewUser {
        username: DEMO_USERNAME,
        email: DEMO_EMAIL,
        display_name: account.display_name,
        password_hash: &hash,
    };
    let added = store
        .autocommit()
        .await?
        .add_user(new_user, clock.now())
        .await;
    if let Err(error) = added {
        // Another replica starting at the same moment created it first: use that one.
        let Some(user) = store.find_user_for_sign_in(DEMO_USERNAME).await? else {
            return Err(error.into());
        };
        store
            .autocommit()
            .await?
            .set_password_hash(&user.id, &hash)
            .await?;
    }
    Ok(())
}

/// `latchkey-server user role`: gives or takes IT support's role.
pub async fn set_role_from_cli(config: &Config, username: &str, role: &str) -> anyhow::Result<()> {
    let role = crate::staff::Role::from_name(role).map_err(anyhow::Error::msg)?;
    let store = Store::connect(&config.database_url, config.database_pool_size).await?;
    let user = store
        .find_user_for_sign_in(username)
        .await?
        .ok_or_else(|| {
            anyhow::anyhow!(
                "there is no account called {username:?} (see `latchkey-server user list`; a \
                 directory's person has one after their first sign-in)"
            )
        })?;
    let mut tx = store.transaction().await?;
    tx.set_role(&user.id, role).await?;
    tx.commit().await?;
    match role {
        Some(role) => println!("{} is now {}.", user.username, role.name()),
        None => println!("{} has no IT support role now.", user.username),
    }
    Ok(())
}
