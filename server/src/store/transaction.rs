//! One user action, one transaction: [`Tx`] carries the store's writes, the audit entry and the
//! messages to deliver, and either all of it is kept (`commit`) or none (dropped, or the server
//! killed before the commit). The delivery workers are woken only once the messages are kept.

use std::sync::Arc;

use sqlx::AnyConnection;
use sqlx::pool::PoolConnection;
use sqlx::{Any, Connection};
use tokio::sync::Notify;

use super::audit::{AuditEntry, StaffNote};
use super::{Backend, Store};
use crate::clock::Timestamp;

/// Writes that stand or fall together.
pub struct Tx {
    connection: Held,
    /// Whether a message was queued: the workers are woken once it is kept.
    queued: bool,
    wakeup: Arc<Notify>,
}

/// The connection the writes go through.
enum Held {
    /// An open transaction: nothing is kept until [`Tx::commit`].
    Transaction(sqlx::Transaction<'static, Any>),
    /// Each write kept as it is made: for work that is not a person's action (the delivery
    /// worker's bookkeeping, counters that must stick whatever the action's outcome).
    Autocommit(PoolConnection<Any>),
}

impl Store {
    /// Begins a transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so a
    /// transaction that reads and then writes never meets another writer half-way; keep slow work
    /// (password hashing, the directory) before it.
    pub async fn transaction(&self) -> Result<Tx, sqlx::Error> {
        let transaction = match self.backend() {
            Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool().begin().await?,
        };
        Ok(Tx {
            connection: Held::Transaction(transaction),
            queued: false,
            wakeup: self.delivery_wakeup(),
        })
    }

    /// Writes that are each kept as they are made, outside any action's transaction.
    pub async fn autocommit(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx {
            connection: Held::Autocommit(self.pool().acquire().await?),
            queued: false,
            wakeup: self.delivery_wakeup(),
        })
    }
}

impl Tx {
    /// The connection, for the query modules.
    pub(super) fn conn(&mut self) -> &mut AnyConnection {
        match &mut self.connection {
            Held::Transaction(transaction) => transaction,
            Held::Autocommit(connection) => connection,
        }
    }

    /// Keeps every write; then wakes the delivery workers if a message was queued.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        if let Held::Transaction(transaction) = self.connection {
            transaction.commit().await?;
        }
        if self.queued {
            self.wakeup.notify_one();
        }
        Ok(())
    }

    /// Several statements that must all hold even outside a transaction: a savepoint inside one,
    /// a transaction of their own otherwise.
    pub(super) async fn all_or_nothing(
        &mut self,
    ) -> Result<sqlx::Transaction<'_, Any>, sqlx::Error> {
        self.conn().begin().await
    }

    /// Writes an audit entry.
    pub async fn audit(
        &mut self,
        entry: AuditEntry<'_>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        super::audit::write(self.conn(), entry, None, now).await
    }

    /// Writes an audit entry naming the staff member who acted, with what they wrote.
    pub async fn audit_by_staff(
        &mut self,
        entry: AuditEntry<'_>,
        staff: StaffNote<'_>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        super::audit::write(self.conn(), entry, Some(staff), now).await
    }

    /// Notes that a message was queued: the delivery workers are woken once it is kept.
    pub(super) fn message_queued(&mut self) {
        match self.connection {
            Held::Transaction(_) => self.queued = true,
            Held::Autocommit(_) => self.wakeup.notify_one(),
        }
    }
}
