//! Faults put into a test's database through a connection of the test's own: inserts into a
//! table that fail (a trigger, on SQLite or PostgreSQL), to show an action keeps all or nothing.

/// From now on (until [`allow_inserts`]) every insert into `table` fails, or only those for which
/// `when` (a condition on `NEW`) holds.
pub async fn refuse_inserts(url: &str, table: &str, when: Option<&str>) {
    let condition = when.unwrap_or("1 = 1");
    let statements = if url.starts_with("postgres") {
        vec![
            format!(
                "CREATE FUNCTION refuse_{table}() RETURNS trigger AS $$ BEGIN
                 IF {condition} THEN RAISE EXCEPTION 'injected'; END IF; RETURN NEW; END
                 $$ LANGUAGE plpgsql"
            ),
            format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table}
                 FOR EACH ROW EXECUTE FUNCTION refuse_{table}()"
            ),
        ]
    } else {
        vec![format!(
            "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} WHEN {condition}
             BEGIN SELECT RAISE(ABORT, 'injected'); END"
        )]
    };
    run(url, &statements).await;
}

/// Inserts into `table` work again.
pub async fn allow_inserts(url: &str, table: &str) {
    let statements = if url.starts_with("postgres") {
        vec![
            format!("DROP TRIGGER refuse_{table} ON {table}"),
            format!("DROP FUNCTION refuse_{table}()"),
        ]
    } else {
        vec![format!("DROP TRIGGER refuse_{table}")]
    };
    run(url, &statements).await;
}

async fn run(url: &str, statements: &[String]) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    for statement in statements {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    pool.close().await;
}
