//! Slow clients cannot hold the real server (security.md 55), on loopback and bounded in count
//! and time: connections dribbling their headers, or idle between requests, are closed after
//! 10 seconds; a body dribbled a byte at a time is cut off after 30; and a flood of connections
//! at the open-file limit leaves `/healthz` answering at once.

use crate::support;

use std::time::{Duration, Instant};

use support::DatabaseOnDisk;
use support::process::Replica;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Connections of each kind in the first test.
const SLOW: usize = 20;

async fn started(replica: Replica) -> Replica {
    let mut replica = replica;
    replica.wait_until_up().await;
    replica
}

async fn connect(port: u16) -> TcpStream {
    TcpStream::connect(("127.0.0.1", port)).await.unwrap()
}

/// Sends `head` at once, then `dribble` every `every` while reading what the server answers;
/// how long after `since` the server closed the connection (`None`: still open after 45 s).
async fn closed_after(
    mut stream: TcpStream,
    head: &str,
    dribble: &'static [u8],
    every: Duration,
) -> (Option<Duration>, String) {
    let since = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    let (mut reading, mut writing) = stream.into_split();
    let dribbling = tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            if writing.write_all(dribble).await.is_err() {
                break;
            }
        }
    });
    let mut answer = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(45), async {
        let mut buffer = [0u8; 1024];
        // End of stream or a reset: either way the server closed it.
        while let Ok(n @ 1..) = reading.read(&mut buffer).await {
            answer.extend_from_slice(&buffer[..n]);
        }
        since.elapsed()
    })
    .await
    .ok();
    dribbling.abort();
    (closed, String::from_utf8_lossy(&answer).into_owned())
}

/// The status of `GET path` on a new connection, if it comes within 2 seconds.
async fn status_of(port: u16, path: &str) -> Option<u16> {
    let asked = async {
        let mut stream = connect(port).await;
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.ok()?;
        String::from_utf8_lossy(&answer)
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    tokio::time::timeout(Duration::from_secs(2), asked)
        .await
        .ok()
        .flatten()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn dribbled_headers_and_idle_connections_are_closed_after_ten_seconds() {
    let database = DatabaseOnDisk::new().await;
    let server = started(Replica::spawn_dev(&database.url)).await;
    let mut connections = Vec::new();
    // A header line a second, so the request never ends; and one request answered, then
    // nothing: an idle keep-alive connection.
    let kinds: [(&'static str, &'static [u8], u64); 2] = [
        (
            "GET /healthz HTTP/1.1\r\nHost: localhost\r\n",
            b"X-Slow: 1\r\n",
            1,
        ),
        ("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n", b"", 60),
    ];
    for _ in 0..SLOW {
        for (head, dribble, every) in kinds {
            let stream = connect(server.port).await;
            let every = Duration::from_secs(every);
            connections.push(tokio::spawn(closed_after(stream, head, dribble, every)));
        }
    }
    for connection in connections {
        let (closed, answer) = connection.await.unwrap();
        let closed = closed.expect("a slow or idle connection still open after 45 s");
        assert!(
            (Duration::from_secs(9)..Duration::from_secs(14)).contains(&closed),
            "closed after {closed:?}; answered {answer:?}"
        );
    }
    // The server still serves.
    assert_eq!(status_of(server.port, "/healthz").await, Some(200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_dribbled_a_byte_a_second_is_cut_off_after_thirty_seconds() {
    let database = DatabaseOnDisk::new().await;
    let server = started(Replica::spawn_dev(&database.url)).await;
    let head = "POST /api/v1/session HTTP/1.1\r\nHost: localhost\r\n\
                Content-Type: application/json\r\nX-Requested-With: latchkey\r\n\
                Content-Length: 1000\r\n\r\n{";
    let stream = connect(server.port).await;
    let (closed, answer) = closed_after(stream, head, b" ", Duration::from_secs(1)).await;
    let closed = closed.expect("a dribbled body still open after 45 s");
    assert!(
        (Duration::from_secs(29)..Duration::from_secs(35)).contains(&closed),
        "closed after {closed:?}; answered {answer:?}"
    );
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_connection_flood_at_the_open_file_limit_leaves_healthz_answering() {
    // 320 descriptors: room for 16 connections (256 kept for the rest, two per connection, 16
    // for the health checks' reserve). 400 idle connections would take them all, uncapped.
    let database = DatabaseOnDisk::new().await;
    let server = started(Replica::spawn_with_open_files(&database.url, 320)).await;
    let mut flood = Vec::new();
    for _ in 0..400 {
        flood.push(connect(server.port).await);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let asked = Instant::now();
    assert_eq!(status_of(server.port, "/healthz").await, Some(200));
    assert!(
        asked.elapsed() < Duration::from_secs(1),
        "{:?}",
        asked.elapsed()
    );
    // At the cap, anything else is told to come back shortly.
    assert_eq!(status_of(server.port, "/api/v1/config").await, Some(503));
    drop(flood);
    let deadline = Instant::now() + Duration::from_secs(5);
    while status_of(server.port, "/api/v1/config").await != Some(200) {
        assert!(Instant::now() < deadline, "the server did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
