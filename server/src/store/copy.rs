//! `latchkey-server db copy`: every row of one database into another, empty one — for moving
//! an installation from SQLite to PostgreSQL (or back).

use anyhow::Context;
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use super::Store;

/// Every table of the schema, in an order that satisfies their foreign keys.
const TABLES: &[&str] = &[
    "users",
    "access_passes",
    "caller_verifications",
    "sessions",
    "sign_in_failures",
    "deliveries",
    "outbox",
    "gateway_callbacks",
    "methods",
    "pending_methods",
    "challenges",
    "send_limits",
    "audit_log",
    "recovery_codes",
    "reset_flows",
    "spent_puzzles",
    "server_keys",
    "daily_tallies",
    "directory_tries",
    "familiar_browsers",
    "messaging_counts",
    "messaging_sends",
    "messaging_pauses",
    "safe_numbers",
];

/// The tables a database has, other than the migrations' own record.
async fn tables_of(store: &Store) -> anyhow::Result<Vec<String>> {
    let listing = match store.backend() {
        super::Backend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        super::Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        }
    };
    let rows = sqlx::query(listing).fetch_all(store.pool()).await?;
    let mut names = Vec::new();
    for row in rows {
        let name: String = row.try_get("name")?;
        if name != "_sqlx_migrations" {
            names.push(name);
        }
    }
    Ok(names)
}

/// How many rows `table` has.
async fn rows_in(store: &Store, table: &str) -> anyhow::Result<i64> {
    let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(store.pool())
        .await?;
    Ok(row.try_get("n")?)
}

/// One value of a row, as the portable schema stores it (TEXT or BIGINT).
enum Value {
    Number(Option<i64>),
    Text(Option<String>),
}

fn values(row: &AnyRow) -> Vec<Value> {
    (0..row.columns().len())
        .map(|i| match row.try_get::<Option<i64>, _>(i) {
            Ok(number) => Value::Number(number),
            Err(_) => Value::Text(row.try_get::<Option<String>, _>(i).ok().flatten()),
        })
        .collect()
}

/// Copies every table; refuses a destination that already has accounts, and a source with a
/// table this copy does not know. Returns rows copied, after checking each table's count.
pub async fn copy_all(from: &Store, to: &Store) -> anyhow::Result<u64> {
    anyhow::ensure!(
        to.users().await?.is_empty(),
        "the destination database already has accounts: copy only into a new, empty database"
    );
    let unknown: Vec<String> = tables_of(from)
        .await?
        .into_iter()
        .filter(|table| !TABLES.contains(&table.as_str()))
        .collect();
    anyhow::ensure!(
        unknown.is_empty(),
        "the source database has tables this copy does not know ({}): nothing was copied",
        unknown.join(", ")
    );
    let mut copied = 0;
    let mut transaction = to.pool().begin().await?;
    for table in TABLES {
        let rows = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(from.pool())
            .await
            .with_context(|| format!("cannot read {table}"))?;
        for row in &rows {
            let columns: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
            let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                columns.join(", "),
                placeholders.join(", ")
            );
            let mut insert = sqlx::query(&sql);
            for value in values(row) {
                insert = match value {
                    Value::Number(number) => insert.bind(number),
                    Value::Text(text) => insert.bind(text),
                };
            }
            insert
                .execute(&mut *transaction)
                .await
                .with_context(|| format!("cannot write {table}"))?;
            copied += 1;
        }
    }
    transaction.commit().await?;
    for table in TABLES {
        let (had, has) = (rows_in(from, table).await?, rows_in(to, table).await?);
        anyhow::ensure!(
            had == has,
            "{table} has {has} rows after the copy, where the source has {had}"
        );
    }
    Ok(copied)
}
