//! What every request handler can reach: settings, database, clock, password hasher.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::Config;
use crate::delivery::Senders;
use crate::directory::{BuiltIn, Directory};
use crate::password::Hasher;
use crate::reset::ResetKey;
use crate::store::Store;

/// Shared by every request; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub hasher: Hasher,
    pub senders: Senders,
    /// Wakes this replica's delivery worker when a message is queued.
    pub delivery_wakeup: Arc<Notify>,
    /// Where passwords are set (the built-in store; LDAP later).
    pub directory: Arc<dyn Directory>,
    /// The installation's key behind reset decoys and puzzles.
    pub reset_key: ResetKey,
}

impl AppState {
    /// Opens the database (running migrations) and prepares the password hasher.
    pub async fn new(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let store = Store::connect(&config.database_url, config.database_pool_size).await?;
        let hasher = Hasher::new(config.password_hash_concurrency);
        let senders = Senders::from_config(&config, store.clone(), clock.clone())?;
        let config = Arc::new(config);
        let directory = Arc::new(BuiltIn::new(store.clone(), hasher.clone(), config.clone()));
        let fresh = hex::encode(rand::random::<[u8; 32]>());
        let reset_key = ResetKey::new(hex::decode(store.server_key("reset", &fresh).await?)?);
        Ok(Self {
            config,
            store,
            clock,
            hasher,
            senders,
            delivery_wakeup: Arc::new(Notify::new()),
            directory,
            reset_key,
        })
    }
}
