//! Where passwords live, and how to reach and read an LDAP directory or Active Directory.

use std::path::PathBuf;

use clap::Args;
use clap::builder::BoolishValueParser;
use serde::{Deserialize, Serialize};

use super::default_name::default_name;

use crate::config::secret::Secret;

/// Which directory holds the passwords, and how Latchkey reaches and reads it.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Directory {
    /// Where passwords live: `builtin`, `ldap` or `active_directory`.
    #[arg(
        long = "directory",
        id = "directory",
        global = true,
        env = "LATCHKEY_DIRECTORY",
        default_value = default_name::<DirectoryKind>()
    )]
    #[serde(rename = "directory")]
    pub kind: Option<DirectoryKind>,
    /// The directory's address: `ldaps://host:636`, or `ldap://host` with directory_starttls.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_URL")]
    pub directory_url: Option<String>,
    /// Upgrade an `ldap://` connection with StartTLS.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_STARTTLS", num_args = 0..=1,
          default_value = "false", default_missing_value = "true",
          value_parser = BoolishValueParser::new())]
    pub directory_starttls: Option<bool>,
    /// A PEM file with the CA certificate that signed the directory's (added to the system's).
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_CA_FILE")]
    pub directory_ca_file: Option<PathBuf>,
    /// The service account that finds people and sets passwords.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_BIND_DN")]
    pub directory_bind_dn: Option<String>,
    /// The service account's password.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DIRECTORY_BIND_PASSWORD",
        hide_env_values = true
    )]
    pub directory_bind_password: Option<Secret>,
    /// A file holding the service account's password (instead of directory_bind_password).
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_BIND_PASSWORD_FILE")]
    pub directory_bind_password_file: Option<PathBuf>,
    /// Where people are searched for, e.g. `ou=people,dc=example,dc=org`.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_BASE_DN")]
    pub directory_base_dn: Option<String>,
    /// The search for a typed name, with `{username}` where it goes (escaped)
    /// [default: an inetOrgPerson by uid or mail].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_USER_FILTER")]
    pub directory_user_filter: Option<String>,
    /// The attribute holding the username [default: uid].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_USERNAME_ATTRIBUTE")]
    pub directory_username_attribute: Option<String>,
    /// The attribute holding the person's name [default: displayName].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_DISPLAY_NAME_ATTRIBUTE")]
    pub directory_display_name_attribute: Option<String>,
    /// The attribute holding the work email [default: mail].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_EMAIL_ATTRIBUTE")]
    pub directory_email_attribute: Option<String>,
    /// The attribute that never changes [default: entryUUID].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_ID_ATTRIBUTE")]
    pub directory_id_attribute: Option<String>,
    /// The directory's password policy entry (OpenLDAP's `ppolicy_default`), read for the rules
    /// people see before they type and for its lockout [default: none, Latchkey's rules alone,
    /// and a lockout after 5 wrong passwords assumed].
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_POLICY_DN")]
    pub directory_policy_dn: Option<String>,
    /// Most connections to the directory at once.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DIRECTORY_POOL_SIZE",
        default_value = "4"
    )]
    pub directory_pool_size: Option<usize>,
    /// Seconds before a directory that does not answer is given up on.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DIRECTORY_TIMEOUT_SECONDS",
        default_value = "5"
    )]
    pub directory_timeout_seconds: Option<u64>,
    /// Seconds after which a signed-in person is looked up in the directory again: a person
    /// disabled, locked, expired or removed there loses every session (10 to 300).
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DIRECTORY_RECHECK_SECONDS",
        default_value = "300"
    )]
    pub directory_recheck_seconds: Option<u64>,
    /// A group whose members (nested groups too in Active Directory) get IT support's helpdesk
    /// role, e.g. `CN=IT Helpdesk,OU=Groups,DC=example,DC=org`.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_HELPDESK_GROUP")]
    pub directory_helpdesk_group: Option<String>,
    /// A group whose members get IT support's admin role.
    #[arg(long, global = true, env = "LATCHKEY_DIRECTORY_ADMIN_GROUP")]
    pub directory_admin_group: Option<String>,
    /// Unlock the account when a reset completes.
    #[arg(long, global = true, env = "LATCHKEY_UNLOCK_ON_RESET", num_args = 0..=1,
          default_value = "true", default_missing_value = "true",
          value_parser = BoolishValueParser::new())]
    pub unlock_on_reset: Option<bool>,
    /// Wrong passwords for a name that Latchkey keeps below the directory's lockout threshold:
    /// it stops sending them to the directory at the threshold minus this.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_DIRECTORY_LOCKOUT_MARGIN",
        default_value = "2"
    )]
    pub directory_lockout_margin: Option<u32>,
}

/// Which kind of directory holds the passwords.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum DirectoryKind {
    /// Latchkey's own accounts table (Argon2id).
    #[default]
    Builtin,
    /// An LDAP directory with the Password Modify operation: OpenLDAP, 389-ds, FreeIPA.
    Ldap,
    /// Active Directory (or Samba AD): `unicodePwd`, `userAccountControl`, the domain's policy.
    #[value(name = "active_directory")]
    ActiveDirectory,
}
