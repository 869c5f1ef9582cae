//! IT support's roles given by configuration, by username.

use clap::Args;
use serde::{Deserialize, Serialize};

/// Usernames with IT support's roles, besides the ones stored and the directory's groups.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Staff {
    /// Usernames with IT support's helpdesk role, besides `latchkey-server user role`.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_HELPDESK_USERS",
        value_delimiter = ','
    )]
    pub helpdesk_users: Option<Vec<String>>,
    /// Usernames with IT support's admin role, besides `latchkey-server user role`.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_ADMIN_USERS",
        value_delimiter = ','
    )]
    pub admin_users: Option<Vec<String>>,
}
