//! A PostgreSQL database for each test, dropped when the test is over: every database a test's
//! thread creates is noted, and when that thread ends (the test is over, passed or failed) a
//! background thread drops them, so a run of hundreds of tests keeps a handful on disk.

use std::cell::RefCell;
use std::sync::{Mutex, Once};
use std::time::Duration;

/// Databases whose tests are over, with the superuser URL to drop them through.
static FINISHED: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());

/// The databases this thread's test created; handed to [`FINISHED`] when the thread ends.
struct Created(Vec<(String, String)>);

impl Drop for Created {
    fn drop(&mut self) {
        if let Ok(mut finished) = FINISHED.lock() {
            finished.append(&mut self.0);
        }
    }
}

thread_local! {
    static CREATED: RefCell<Created> = const { RefCell::new(Created(Vec::new())) };
}

/// Creates a uniquely named database on the PostgreSQL server behind `admin`; returns its URL.
pub async fn new_database(admin: &str) -> String {
    use sqlx::Connection;
    start_dropping_finished();
    let name = format!("latchkey_test_{}", latchkey_server::store::new_id());
    let mut connection = sqlx::PgConnection::connect(admin).await.unwrap();
    sqlx::Executor::execute(&mut connection, format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    CREATED.with(|created| {
        created
            .borrow_mut()
            .0
            .push((admin.to_string(), name.clone()))
    });
    let (server, _) = admin.rsplit_once('/').unwrap();
    format!("{server}/{name}")
}

/// Starts, once per process, the thread that drops finished tests' databases every second.
fn start_dropping_finished() {
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        std::thread::spawn(|| {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            loop {
                std::thread::sleep(Duration::from_secs(1));
                let finished = std::mem::take(&mut *FINISHED.lock().unwrap());
                for (admin, name) in finished {
                    runtime.block_on(drop_database(&admin, &name));
                }
            }
        });
    });
}

/// Drops `name`, ending whatever still holds it open; a failure only leaves it for the server's
/// own removal at the end of the run.
async fn drop_database(admin: &str, name: &str) {
    use sqlx::Connection;
    if let Ok(mut connection) = sqlx::PgConnection::connect(admin).await {
        let statement = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        let _ = sqlx::Executor::execute(&mut connection, statement.as_str()).await;
    }
}
