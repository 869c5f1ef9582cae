//! Several server processes on one PostgreSQL database, as behind a load balancer: they migrate
//! safely at the same moment, share sessions and sign-in throttling, and answer 503 — then
//! recover by themselves — when the database goes away. Run by `cargo xtask test`, which starts
//! a private PostgreSQL and sets LATCHKEY_TEST_POSTGRES_URL.

use crate::support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use latchkey_api::types::Channel;
use support::process::{Replica, add_account};
use support::{PASSWORD, POSTGRES_ENV, postgres};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

fn admin_url() -> String {
    std::env::var(POSTGRES_ENV).expect("cargo xtask test sets LATCHKEY_TEST_POSTGRES_URL")
}

/// Two replicas migrate one database at the same moment and share sessions and sign-in throttling.
/// Ignored by a plain `cargo test`: only `cargo xtask test` runs it, on PostgreSQL (it sets
/// LATCHKEY_TEST_POSTGRES_URL and passes `--include-ignored`).
#[tokio::test]
#[ignore = "needs PostgreSQL: only cargo xtask test runs it"]
async fn replicas_migrate_together_and_share_sessions_and_throttling() {
    let url = postgres::new_database(&admin_url()).await;
    // Both start on an empty database at the same moment: both try to migrate.
    let mut a = Replica::spawn(&url);
    let mut b = Replica::spawn(&url);
    a.wait_until_up().await;
    b.wait_until_up().await;
    add_account(&url);

    // A session made through one replica works through the other, and ends on both.
    let signed_in = a.sign_in(PASSWORD).await;
    assert_eq!(signed_in.status, StatusCode::OK);
    let cookie = signed_in.cookie.unwrap();
    let me = b.call(Method::GET, "/api/v1/me", None, Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["username"], "jdoe");
    let out = b
        .call(Method::DELETE, "/api/v1/session", None, Some(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let me = a.call(Method::GET, "/api/v1/me", None, Some(&cookie)).await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);

    // Failures spread over both replicas add up: five close sign-in on either.
    for replica in [&a, &b, &a, &b, &a] {
        assert_eq!(
            replica.sign_in("not-the-password").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(b.sign_in(PASSWORD).await.status, StatusCode::UNAUTHORIZED);
}

/// A TCP relay in front of PostgreSQL that the test can cut and restore.
struct Relay {
    port: u16,
    cut: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Relay {
    async fn start(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let links = Arc::new(Mutex::new(Vec::new()));
        let (cut_flag, link_list) = (cut.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if cut_flag.load(Ordering::SeqCst) {
                    continue; // dropped: the database "is not there"
                }
                let target = target.clone();
                let link = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                link_list.lock().unwrap().push(link);
            }
        });
        Self { port, cut, links }
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.cut.store(false, Ordering::SeqCst);
    }
}

/// A database that goes away gives quick 503s, and the server recovers by itself when it is back.
/// Ignored by a plain `cargo test`: only `cargo xtask test` runs it, on PostgreSQL (it sets
/// LATCHKEY_TEST_POSTGRES_URL and passes `--include-ignored`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: only cargo xtask test runs it"]
async fn a_lost_database_gives_quick_503s_and_the_server_recovers_by_itself() {
    let url = postgres::new_database(&admin_url()).await;
    add_account(&url);
    let (before_host, database) = url.rsplit_once('/').unwrap();
    let address = before_host.rsplit_once('@').unwrap().1.to_string();
    let relay = Relay::start(address).await;
    let via_relay = format!("postgres://postgres@127.0.0.1:{}/{database}", relay.port);
    let mut server = Replica::spawn(&via_relay);
    server.wait_until_up().await;
    let cookie = server.sign_in(PASSWORD).await.cookie.unwrap();

    relay.cut();
    let asked = Instant::now();
    let me = server
        .call(Method::GET, "/api/v1/me", None, Some(&cookie))
        .await;
    assert_eq!(me.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(me.body["code"], "service_unavailable");
    assert!(
        asked.elapsed() < Duration::from_secs(10),
        "a 503 comes quickly, not a hang"
    );
    // Settings that need no database still load, so the SPA can say what is wrong.
    let config = server.call(Method::GET, "/api/v1/config", None, None).await;
    assert_eq!(config.status, StatusCode::OK);
    // The load balancer hears it: alive, but not ready, and why.
    let live = server.call(Method::GET, "/healthz", None, None).await;
    assert_eq!(live.status, StatusCode::OK);
    let ready = server.call(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    // Which part, never the database's error text (security.md 60).
    assert_eq!(
        ready.body,
        serde_json::json!({"status": "not ready", "missing": ["database"]})
    );

    relay.restore();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let me = server
            .call(Method::GET, "/api/v1/me", None, Some(&cookie))
            .await;
        if me.status == StatusCode::OK {
            let ready = server.call(Method::GET, "/readyz", None, None).await;
            assert_eq!(ready.status, StatusCode::OK, "{}", ready.text);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not recover: {}",
            me.status
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn count(pool: &sqlx::AnyPool, sql: &str) -> i64 {
    use sqlx::Row;
    sqlx::query(sql)
        .fetch_one(pool)
        .await
        .unwrap()
        .get::<i64, _>(0)
}

/// Two delivery workers send each message exactly once, even when one is killed mid-way.
/// Ignored by a plain `cargo test`: only `cargo xtask test` runs it, on PostgreSQL (it sets
/// LATCHKEY_TEST_POSTGRES_URL and passes `--include-ignored`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: only cargo xtask test runs it"]
async fn two_workers_deliver_each_message_exactly_once_even_when_one_is_killed() {
    use latchkey_server::clock::{Clock, SystemClock};
    use latchkey_server::store::{NewDelivery, Store};
    let url = postgres::new_database(&admin_url()).await;
    let store = Store::connect(&url, 4).await.unwrap();
    let now = SystemClock.now();
    let message = |n: usize| NewDelivery {
        channel: if n.is_multiple_of(2) {
            Channel::Email
        } else {
            Channel::Sms
        },
        recipient: "someone",
        subject: "s",
        body: "b",
        code: Some("123456"),
    };
    // Five messages held by a worker that died mid-delivery: its lease runs out in 2 s.
    let mut writes = store.autocommit().await.unwrap();
    for n in 0..5 {
        writes.enqueue(message(n), now).await.unwrap();
        writes.claim_delivery(now, 2).await.unwrap().unwrap();
    }
    for n in 5..205 {
        writes.enqueue(message(n), now).await.unwrap();
    }
    drop(writes);
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    // Development mode: the workers deliver into the shared outbox.
    let mut a = Replica::spawn_dev(&url);
    let mut b = Replica::spawn_dev(&url);
    a.wait_until_up().await;
    b.wait_until_up().await;
    // Kill one replica while the queue drains.
    let deadline = Instant::now() + Duration::from_secs(30);
    while count(&pool, "SELECT COUNT(*) FROM outbox").await < 40 {
        assert!(Instant::now() < deadline, "nothing was delivered");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(a);
    // The survivor finishes, including anything the killed one had claimed (after its lease).
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(
        &pool,
        "SELECT COUNT(*) FROM deliveries WHERE status <> 'sent'",
    )
    .await
        > 0
    {
        assert!(Instant::now() < deadline, "the queue did not drain");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM outbox").await, 205);
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM deliveries d JOIN outbox o ON o.id = d.id"
        )
        .await,
        205,
        "every delivery appears exactly once in the outbox"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT COUNT(*) FROM deliveries WHERE code IS NOT NULL"
        )
        .await,
        0,
        "codes are erased from the queue once delivered"
    );
    drop(b);
}

/// The newest code sent to `to`, read from the shared database's outbox once delivered.
async fn code_sent_to(pool: &sqlx::AnyPool, to: &str) -> String {
    use sqlx::Row;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let row = sqlx::query(
            "SELECT code FROM outbox WHERE recipient = $1 AND code IS NOT NULL ORDER BY created_at DESC, sequence DESC LIMIT 1",
        )
        .bind(to)
        .fetch_optional(pool)
        .await
        .unwrap();
        if let Some(row) = row {
            return row.get::<String, _>("code");
        }
        assert!(Instant::now() < deadline, "no code reached {to}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Wrong codes and sends are counted across replicas.
/// Ignored by a plain `cargo test`: only `cargo xtask test` runs it, on PostgreSQL (it sets
/// LATCHKEY_TEST_POSTGRES_URL and passes `--include-ignored`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs PostgreSQL: only cargo xtask test runs it"]
async fn wrong_codes_and_sends_count_across_replicas() {
    let url = postgres::new_database(&admin_url()).await;
    let mut a = Replica::spawn_dev(&url);
    let mut b = Replica::spawn_dev(&url);
    a.wait_until_up().await;
    b.wait_until_up().await;
    add_account(&url);
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let cookie = a.sign_in(PASSWORD).await.cookie.unwrap();

    let enroll = |email: &str| {
        serde_json::json!({"kind": "email", "channel": "email", "email": email}).to_string()
    };
    let started = a
        .call(
            Method::POST,
            "/api/v1/enrollments",
            Some(&enroll("jane@example.net")),
            Some(&cookie),
        )
        .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let id = started.body["id"].as_str().unwrap().to_string();
    let code = code_sent_to(&pool, "jane@example.net").await;
    let wrong = support::wrong_code_for(&code);
    let submit = |c: &str| serde_json::json!({ "code": c }).to_string();
    let path = format!("/api/v1/challenges/{id}/code");
    // Five wrong codes, spread over both replicas, void the code on both.
    for replica in [&a, &b, &a, &b, &a] {
        replica
            .call(Method::POST, &path, Some(&submit(wrong)), Some(&cookie))
            .await;
    }
    let right = b
        .call(Method::POST, &path, Some(&submit(&code)), Some(&cookie))
        .await;
    assert_eq!(right.body["fields"][0]["code"], "too_many_tries");

    // Sends count against one account limit whichever replica takes them: 1 above, 4 more here.
    for (n, replica) in [&b, &a, &b, &a].into_iter().enumerate() {
        let email = format!("n{n}@example.net");
        let sent = replica
            .call(
                Method::POST,
                "/api/v1/enrollments",
                Some(&enroll(&email)),
                Some(&cookie),
            )
            .await;
        assert_eq!(sent.status, StatusCode::OK, "send {n}");
    }
    let sixth = b
        .call(
            Method::POST,
            "/api/v1/enrollments",
            Some(&enroll("n9@example.net")),
            Some(&cookie),
        )
        .await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
}
