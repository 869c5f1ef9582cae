//! The one storage seam: a connection pool whose backend (SQLite or PostgreSQL) is chosen by the
//! database URL's scheme, with migrations kept per backend. Queries use `$N` placeholders and
//! portable types (TEXT, BIGINT) so the same SQL runs on both.

mod access_passes;
mod audit;
mod backup;
mod callbacks;
mod challenges;
mod copy;
mod deliveries;
mod directory_tries;
mod held_methods;
mod helpdesk;
mod housekeeping;
mod limits;
mod messaging;
mod methods;
mod names;
mod outbox;
mod recovery_codes;
mod resets;
mod safe_numbers;
mod sessions;
mod tallies;
mod throttle;
mod transaction;
mod users;

pub use access_passes::NewAccessPass;
pub use audit::{AuditEntry, AuditFilter, AuditRecord, StaffNote};
pub use challenges::{CallOutcome, NewChallenge, Purpose, StoredChallenge};
pub use copy::copy_all;
pub use deliveries::{Backlog, Delivery, DeliveryStatus, NewDelivery};
pub use held_methods::{NewHeldMethod, PendingMethod, StoredSeed};
pub use housekeeping::Cutoffs;
pub use limits::Counted;
pub use messaging::{MessagingSend, StoredPause};
pub use methods::StoredMethod;
pub use names::{channel_called, channel_name, kind_called, kind_name};
pub use outbox::OutboxMessage;
pub use resets::{Ending, NewResetFlow, ResetFlow, StepRecorded, decoy_name_key};

pub use safe_numbers::StoredSafeNumber;
pub use sessions::SessionRecord;
pub use tallies::day_of;
pub use transaction::Tx;
pub use users::{DirectoryEntry, NewUser, User};

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions};

/// Which database is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database, shared by every request.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The newest migration this build knows: the schema it expects to find.
    schema_version: i64,
    /// Wakes this replica's delivery workers when a message is queued and kept.
    delivery_wakeup: Arc<Notify>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Backend {
    fn of(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            anyhow::bail!("the database URL must start with sqlite: or postgres:// (got {url:?})")
        }
    }
}

impl Store {
    /// Connects (creating a SQLite file if missing) and brings the schema up to date. Several
    /// servers starting at once are safe: PostgreSQL migrations run under an advisory lock.
    pub async fn connect(url: &str, pool_size: u32) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(url)?;
        let url = match backend {
            Backend::Sqlite if url != "sqlite::memory:" && !url.contains("mode=") => {
                let separator = if url.contains('?') { '&' } else { '?' };
                format!("{url}{separator}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)
            .context("the database URL is invalid")?
            .disable_statement_logging();
        let in_memory = url.contains(":memory:");
        let pool = AnyPoolOptions::new()
            // An in-memory SQLite database lives in one connection.
            .max_connections(if in_memory { 1 } else { pool_size })
            .min_connections(if in_memory { 1 } else { 0 })
            .idle_timeout(if in_memory {
                None
            } else {
                Some(Duration::from_secs(600))
            })
            .max_lifetime(if in_memory {
                None
            } else {
                Some(Duration::from_secs(1800))
            })
            // A database that does not answer gets a quick 503, not a hanging request.
            .acquire_timeout(Duration::from_secs(3))
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        use sqlx::Executor;
                        conn.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .context("cannot open the database")?;
        if backend == Backend::Sqlite && !in_memory {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        let migrator = match backend {
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("migrations/postgres"),
        };
        migrator.run(&pool).await.map_err(explain_migration_error)?;
        let schema_version = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        Ok(Self {
            pool,
            backend,
            schema_version,
            delivery_wakeup: Arc::new(Notify::new()),
        })
    }

    /// The pool, for the query modules.
    fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Whether the database answers, with the schema this build expects; the reason when not.
    pub async fn readiness(&self) -> Result<(), String> {
        let newest: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(self.pool())
                .await
                .map_err(|error| format!("does not answer ({error})"))?;
        match newest.unwrap_or(0) {
            version if version == self.schema_version => Ok(()),
            version => Err(format!(
                "the schema is at migration {version}, this server expects {}",
                self.schema_version
            )),
        }
    }

    /// The pool's connections: (in use, idle).
    pub fn connections(&self) -> (u32, u32) {
        let idle = self.pool.num_idle() as u32;
        (self.pool.size().saturating_sub(idle), idle)
    }

    /// Which database is behind the pool.
    fn backend(&self) -> Backend {
        self.backend
    }

    /// What wakes this replica's delivery workers when a message is queued and kept.
    pub fn delivery_wakeup(&self) -> Arc<Notify> {
        self.delivery_wakeup.clone()
    }
}

/// Turns sqlx's migration errors into advice for the administrator.
fn explain_migration_error(error: sqlx::migrate::MigrateError) -> anyhow::Error {
    use sqlx::migrate::MigrateError;
    match error {
        MigrateError::VersionMissing(version) => anyhow::anyhow!(
            "the database schema is newer than this server knows (it has migration {version}): \
             upgrade latchkey-server to the version that wrote it, or restore a backup"
        ),
        MigrateError::VersionMismatch(version) => anyhow::anyhow!(
            "migration {version} in the database differs from this server's copy: the database \
             was changed by another build of Latchkey"
        ),
        other => anyhow::Error::new(other).context("cannot bring the database schema up to date"),
    }
}

/// A random identifier for new rows: 128 bits, hex.
pub fn new_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
