//! How much is asked of people and of the machine: methods, passwords, the reset puzzle,
//! hashing, connections, and how long things are kept.

use clap::Args;
use serde::{Deserialize, Serialize};

/// What a reset and a password need, how much work the server takes on, and how long it keeps
/// things.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Limits {
    /// How many methods password reset needs: 1 or 2.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_METHODS_REQUIRED",
        default_value = "1"
    )]
    pub methods_required: Option<u32>,
    /// How hard the browser's check before a reset is, in bits: each one doubles the work (16
    /// is about a second on a phone).
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_RESET_PUZZLE_DIFFICULTY",
        default_value = "16"
    )]
    pub reset_puzzle_difficulty: Option<u8>,
    /// The shortest password accepted, in characters.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_PASSWORD_MIN_LENGTH",
        default_value = latchkey_api::validation::PASSWORD_MIN_LENGTH.to_string()
    )]
    pub password_min_length: Option<usize>,
    /// How many password hashes may run at once (each takes 19 MiB) [default: CPU count].
    #[arg(long, global = true, env = "LATCHKEY_PASSWORD_HASH_CONCURRENCY")]
    pub password_hash_concurrency: Option<usize>,
    /// How many sign-ins may wait for a password check; more are refused at once with 503 and
    /// Retry-After [default: 32 per hashing thread].
    #[arg(long, global = true, env = "LATCHKEY_PASSWORD_HASH_QUEUE")]
    pub password_hash_queue: Option<usize>,
    /// The most connections served at once [default: from the open-file limit].
    #[arg(long, global = true, env = "LATCHKEY_MAX_CONNECTIONS")]
    pub max_connections: Option<usize>,
    /// Days after which signing in asks "Are your security info details still current?";
    /// 0 never asks.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_RECONFIRM_DAYS",
        default_value = "180"
    )]
    pub reconfirm_days: Option<u32>,
    /// Days the audit log is kept.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_AUDIT_RETENTION_DAYS",
        default_value = "400"
    )]
    pub audit_retention_days: Option<u32>,
}
