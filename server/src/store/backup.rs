//! `latchkey-server db backup`: a consistent copy of a live SQLite database, taken while the
//! server serves (SQLite's `VACUUM INTO` reads one snapshot, and writers carry on meanwhile).
//! PostgreSQL has `pg_dump` for this.

use std::path::Path;

use anyhow::Context;

use super::{Backend, Store};

impl Store {
    /// Writes a copy of the whole database to `file`, a new file.
    pub async fn back_up_to(&self, file: &Path) -> anyhow::Result<()> {
        anyhow::ensure!(
            self.backend() == Backend::Sqlite,
            "db backup copies SQLite databases; back up PostgreSQL with pg_dump (see docs/deployment.md)"
        );
        anyhow::ensure!(
            !file.exists(),
            "{} already exists: name a new file",
            file.display()
        );
        let name = file
            .to_str()
            .context("the backup's file name must be valid UTF-8")?;
        sqlx::query("VACUUM INTO $1")
            .bind(name)
            .execute(self.pool())
            .await
            .with_context(|| format!("cannot write the backup to {}", file.display()))?;
        Ok(())
    }
}
