//! `latchkey-server db copy`: every row of one database into another, empty one — for moving
//! an installation from SQLite to PostgreSQL (or back).

use anyhow::Context;
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

use super::Store;

/// Tables in an order that satisfies their foreign keys.
const TABLES: &[&str] = &[
    "users",
    "sessions",
    "sign_in_failures",
    "deliveries",
    "outbox",
    "methods",
    "challenges",
    "send_limits",
    "audit_log",
    "recovery_codes",
    "server_keys",
];

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

/// Copies every table; refuses a destination that already has accounts. Returns rows copied.
pub async fn copy_all(from: &Store, to: &Store) -> anyhow::Result<u64> {
    anyhow::ensure!(
        to.users().await?.is_empty(),
        "the destination database already has accounts: copy only into a new, empty database"
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
    Ok(copied)
}
