//! The keys: the one that seals authenticator app keys, and the domain passkeys are bound to.

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::config::secret::Secret;

/// The key that seals authenticator app keys, and where passkeys work.
#[derive(Args, Serialize, Deserialize, Clone, Debug, Default)]
#[serde(default)]
pub struct Keys {
    /// 32 random bytes in base64 (`openssl rand -base64 32`) that encrypt authenticator app
    /// keys. Needed outside development mode; keep it safe and never change it.
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_SECRET_KEY",
        hide_env_values = true
    )]
    pub secret_key: Option<Secret>,
    /// The domain passkeys are bound to; it can never change once passkeys exist
    /// [default: public_url's host, or localhost].
    #[arg(long, global = true, env = "LATCHKEY_PASSKEY_RP_ID")]
    pub passkey_rp_id: Option<String>,
    /// The addresses passkeys may be used from, comma-separated [default: public_url, or
    /// http://localhost:PORT in development mode].
    #[arg(
        long,
        global = true,
        env = "LATCHKEY_PASSKEY_ORIGINS",
        value_delimiter = ','
    )]
    pub passkey_origins: Option<Vec<String>>,
}
