//! What every request handler can reach: settings, database, clock, password hasher.

use std::sync::Arc;

use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::{Senders, Workplace};
use crate::directory::{BuiltIn, Directory, LdapDirectory};
use crate::origin::{Context, Origin};
use crate::password::Hasher;
use crate::reset::ResetKey;
use crate::sealing::SealingKey;
use crate::security_info::passkeys;
use crate::store::Store;

/// Shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub hasher: Hasher,
    pub senders: Senders,
    /// Where passwords live: the built-in store, or an LDAP directory.
    pub directory: Arc<Directory>,
    /// The installation's key behind reset decoys and puzzles.
    pub reset_key: ResetKey,
    /// Encrypts authenticator app seeds: `secret_key`, or in development mode a key the
    /// database keeps.
    pub sealing_key: SealingKey,
    /// The passkey relying party.
    pub webauthn: Arc<webauthn_rs::Webauthn>,
}

impl Workplace for AppState {
    fn store(&self) -> &Store {
        &self.store
    }

    fn senders(&self) -> &Senders {
        &self.senders
    }

    fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }
}

impl AppState {
    /// The action a request from `origin` starts, now.
    pub fn context<'a>(&'a self, origin: &'a Origin) -> Context<'a> {
        Context {
            config: &self.config,
            origin,
            now: self.clock.now(),
        }
    }

    /// Opens the database (running migrations) and prepares the password hasher.
    pub async fn new(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let store = Store::connect(&config.database_url, config.database_pool_size).await?;
        let hasher =
            Hasher::new(config.password_hash_concurrency).with_queue(config.password_hash_queue);
        let senders = Senders::from_config(&config, store.clone(), clock.clone())?;
        let config = Arc::new(config);
        let directory = Arc::new(match &config.directory {
            None => Directory::BuiltIn(BuiltIn::new(store.clone(), hasher.clone())),
            Some(settings) => Directory::Ldap(LdapDirectory::connect(settings.clone()).await?),
        });
        let fresh = hex::encode(rand::random::<[u8; 32]>());
        let reset_key = ResetKey::new(hex::decode(store.server_key("reset", &fresh).await?)?);
        let sealing_key = match &config.secret_key {
            Some(key) => key.expose().to_string(),
            None if !config.development_mode => anyhow::bail!(
                "secret_key is needed outside development mode: it encrypts authenticator app \
                 keys. Make one with `openssl rand -base64 32` and keep it safe"
            ),
            None => {
                use base64::Engine;
                let fresh =
                    base64::engine::general_purpose::STANDARD.encode(rand::random::<[u8; 32]>());
                store.server_key("sealing", &fresh).await?
            }
        };
        let sealing_key = SealingKey::from_base64(&sealing_key)
            .ok_or_else(|| anyhow::anyhow!("secret_key must be 32 bytes in base64"))?;
        let webauthn = Arc::new(passkeys::relying_party(&config)?);
        Ok(Self {
            config,
            store,
            clock,
            hasher,
            senders,
            directory,
            reset_key,
            sealing_key,
            webauthn,
        })
    }
}
