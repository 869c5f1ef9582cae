//! Behind a real nginx set up as docs/deployment.md says, and one that passes on every header a
//! client writes (security.md 51): each person's limits count apart, a client that writes its
//! own `Forwarded`, `X-Forwarded-For` or `X-Real-IP` (one at a time or all together, naming IPv4
//! addresses or IPv6 networks of its choosing) changes nothing for sign-in, reset or sends, and
//! the audit log has the person's address.

use crate::support;

use std::net::IpAddr;
use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode};
use latchkey_api::puzzle::solve;
use latchkey_testbed::processes;
use serde_json::json;
use support::caddy::Caddy;
use support::nginx::Nginx;
use support::process::{Answer, Caller, Replica, add_account, add_person};
use support::{DatabaseOnDisk, PASSWORD};

/// Two people on their own addresses (the whole of 127.0.0.0/8 is this machine's).
const ALICE: &str = "127.0.0.2";
const BOB: &str = "127.0.0.3";

/// The headers a client writes to name `address` itself: `Forwarded`, `X-Forwarded-For` or
/// `X-Real-IP` alone, or all three (`which`, from 0 to 3), or all three left with a quote open
/// (4), so that a parser honouring quotes would take in what the proxy adds after it.
fn naming(address: &str, which: usize) -> Vec<(&'static str, String)> {
    let forwarded = if address.contains(':') {
        format!("for=\"[{address}]\";proto=https")
    } else {
        format!("for={address};proto=https")
    };
    let all = [
        ("forwarded", forwarded),
        ("x-forwarded-for", address.to_string()),
        ("x-real-ip", address.to_string()),
    ];
    match which {
        3 => all.to_vec(),
        4 => vec![
            ("forwarded", format!("for=\"[{address}]")),
            ("x-forwarded-for", format!("[{address}]\"")),
            ("x-real-ip", format!("\"{address}")),
        ],
        one => vec![all[one].clone()],
    }
}

/// The `n`th forgery of a client that rotates what it claims: each header alone, all three
/// together, and all three with a quote left open, in turn, naming an IPv4 address, then an
/// IPv6 address in a /64 of its own.
fn forged(n: usize) -> Vec<(&'static str, String)> {
    let address = if (n / 5).is_multiple_of(2) {
        format!("203.0.113.{}", n % 250 + 1)
    } else {
        format!("2001:db8:{n:x}::1")
    };
    naming(&address, n % 5)
}

/// Every kind of forgery once: each header alone, all three, and all three with a quote left
/// open, with IPv4 and with IPv6.
const EVERY_FORGERY: std::ops::Range<usize> = 0..10;

/// Sends a request from `address` with `headers`.
async fn send(
    address: &str,
    headers: &[(&'static str, String)],
    port: u16,
    method: Method,
    path: &str,
    body: Option<&str>,
    cookie: Option<&str>,
) -> Answer {
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let caller = Caller {
        from: Some(address.parse::<IpAddr>().unwrap()),
        headers: &headers,
    };
    caller.request(port, method, path, body, cookie).await
}

/// Solves a puzzle and starts a reset for `name` through the server on `port`.
async fn start_reset(
    address: &str,
    headers: &[(&'static str, String)],
    port: u16,
    name: &str,
) -> Answer {
    let puzzle = send(
        address,
        headers,
        port,
        Method::GET,
        "/api/v1/reset/puzzle",
        None,
        None,
    )
    .await
    .body;
    let text = puzzle["puzzle"].as_str().unwrap();
    let solution = solve(text, puzzle["difficulty"].as_u64().unwrap() as u8);
    let body = json!({"username": name, "puzzle": text, "solution": solution}).to_string();
    send(
        address,
        headers,
        port,
        Method::POST,
        "/api/v1/reset",
        Some(&body),
        None,
    )
    .await
}

async fn sign_in(
    address: &str,
    headers: &[(&'static str, String)],
    port: u16,
    name: &str,
    password: &str,
) -> Answer {
    let body = json!({"username": name, "password": password}).to_string();
    send(
        address,
        headers,
        port,
        Method::POST,
        "/api/v1/session",
        Some(&body),
        None,
    )
    .await
}

/// Replicas that believe the proxy on 127.0.0.1, on one database with jdoe.
async fn replicas(
    database: &DatabaseOnDisk,
    count: usize,
    settings: &[(&str, &str)],
) -> Vec<Replica> {
    let mut all = Vec::new();
    let mut settings = settings.to_vec();
    settings.extend([
        ("LATCHKEY_TRUSTED_PROXIES", "127.0.0.1/32"),
        ("LATCHKEY_RESET_PUZZLE_DIFFICULTY", "1"),
    ]);
    // One after the other: on SQLite, the first brings the schema up to date.
    for _ in 0..count {
        let mut replica = Replica::spawn_with(&database.url, true, &settings);
        replica.wait_until_up().await;
        all.push(replica);
    }
    add_account(&database.url);
    all
}

/// The lines of docs/deployment.md's recipe that clear the forwarding headers it does not set.
const CLEARING: [&str; 2] = [
    "proxy_set_header Forwarded \"\";",
    "proxy_set_header X-Real-IP \"\";",
];

/// nginx in front of `upstreams` as docs/deployment.md says (`documented`), or without the
/// lines that clear `Forwarded` and `X-Real-IP`, passing on whatever a client writes there, as
/// nginx does unless told otherwise: what the server itself must not believe.
async fn nginx(upstreams: &[u16], documented: bool) -> Nginx {
    Nginx::start_with(upstreams, |mut recipe| {
        for line in CLEARING {
            assert!(recipe.contains(line), "the recipe no longer says {line}");
            if !documented {
                recipe = recipe.replace(line, "");
            }
        }
        recipe
    })
    .await
}

async fn pool(database: &DatabaseOnDisk) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    sqlx::AnyPool::connect(&database.url).await.unwrap()
}

/// The scopes a table counts under that start with `prefix`, sorted.
async fn scopes(pool: &sqlx::AnyPool, table: &str, prefix: &str) -> Vec<String> {
    let mut scopes: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT scope FROM {table} WHERE scope LIKE '{prefix}%'"
    ))
    .fetch_all(pool)
    .await
    .unwrap();
    scopes.sort();
    scopes
}

#[tokio::test]
async fn behind_nginx_resets_count_per_person_whatever_they_forge() {
    for documented in [true, false] {
        let database = DatabaseOnDisk::new().await;
        let replicas = replicas(&database, 2, &[]).await;
        let nginx = nginx(&[replicas[0].port, replicas[1].port], documented).await;

        // Alice uses up her address's 50 resets an hour, across both replicas, claiming another
        // address each time.
        for n in 0..50 {
            let started = start_reset(ALICE, &forged(n), nginx.port, &format!("person{n}")).await;
            assert_eq!(
                started.status,
                StatusCode::OK,
                "reset {n}: {:?}",
                started.body
            );
        }
        for n in EVERY_FORGERY {
            let refused = start_reset(ALICE, &forged(n), nginx.port, &format!("other{n}")).await;
            assert_eq!(
                refused.status,
                StatusCode::TOO_MANY_REQUESTS,
                "{:?}",
                forged(n)
            );
        }
        // Straight to a replica, not through a trusted proxy, the headers are not believed.
        let direct = start_reset(
            ALICE,
            &naming("198.51.100.1", 3),
            replicas[0].port,
            "direct",
        )
        .await;
        assert_eq!(direct.status, StatusCode::TOO_MANY_REQUESTS);

        // Bob, behind the same nginx, is not held back — not even naming Alice's address in any
        // header.
        for which in 0..4 {
            let bob =
                start_reset(BOB, &naming(ALICE, which), nginx.port, &format!("b{which}")).await;
            assert_eq!(bob.status, StatusCode::OK, "{:?}", naming(ALICE, which));
        }
    }
}

#[tokio::test]
async fn behind_nginx_a_spray_of_names_starts_the_wait_for_the_real_address() {
    let database = DatabaseOnDisk::new().await;
    let replicas = replicas(&database, 1, &[]).await;
    let nginx = nginx(&[replicas[0].port], false).await;

    // 100 names from one address (the free tries of an address), each claiming another.
    for n in 0..100 {
        let refused = sign_in(
            ALICE,
            &forged(n),
            nginx.port,
            &format!("person{n}"),
            PASSWORD,
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{n}");
    }
    // Now Alice's address waits, whatever she claims: even the right password is refused.
    for n in EVERY_FORGERY {
        let waiting = sign_in(ALICE, &forged(n), nginx.port, "jdoe", PASSWORD).await;
        assert_eq!(waiting.status, StatusCode::UNAUTHORIZED, "{:?}", forged(n));
    }
    // Bob's does not, naming Alice or not.
    let bob = sign_in(BOB, &naming(ALICE, 3), nginx.port, "jdoe", PASSWORD).await;
    assert_eq!(bob.status, StatusCode::OK, "{:?}", bob.body);
    let pool = pool(&database).await;
    assert_eq!(
        scopes(&pool, "sign_in_failures", "address:").await,
        [format!("address:{ALICE}")]
    );
}

#[tokio::test]
async fn behind_nginx_sends_count_per_person_and_the_audit_log_has_their_address() {
    let database = DatabaseOnDisk::new().await;
    let replicas = replicas(&database, 1, &[]).await;
    add_person(
        &database.url,
        "rsmith",
        "Robin Smith",
        "robin.smith@contoso.com",
    );
    let nginx = nginx(&[replicas[0].port], false).await;
    let pool = pool(&database).await;

    let alice = sign_in(ALICE, &forged(7), nginx.port, "jdoe", PASSWORD).await;
    assert_eq!(alice.status, StatusCode::OK, "{:?}", alice.body);
    let alice = alice.cookie.unwrap();
    // Alice's address has sent its 100 codes this hour (as if from 100 people behind it).
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    sqlx::query(&format!(
        "INSERT INTO send_limits (scope, window_start, sends, blocked_until) \
         VALUES ('ip:{ALICE}', {now}, 100, 0)"
    ))
    .execute(&pool)
    .await
    .unwrap();
    // Five more, each to an address of its own and claiming another address, are all refused
    // (five: the account's own limit is not reached).
    for n in 0..5 {
        let body =
            json!({"kind": "email", "channel": "email", "email": format!("jane{n}@example.net")});
        let refused = send(
            ALICE,
            &forged(n),
            nginx.port,
            Method::POST,
            "/api/v1/enrollments",
            Some(&body.to_string()),
            Some(&alice),
        )
        .await;
        assert_eq!(
            refused.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{:?}: {:?}",
            forged(n),
            refused.body
        );
    }

    // Bob registers an email through nginx, naming Alice's address in every header: it is sent,
    // and the audit log has his address, neither Alice's nor nginx's.
    let claims = naming(ALICE, 3);
    let bob = sign_in(BOB, &claims, nginx.port, "rsmith", PASSWORD).await;
    assert_eq!(bob.status, StatusCode::OK, "{:?}", bob.body);
    let bob = bob.cookie.unwrap();
    let body = json!({"kind": "email", "channel": "email", "email": "robin@example.net"});
    let started = send(
        BOB,
        &claims,
        nginx.port,
        Method::POST,
        "/api/v1/enrollments",
        Some(&body.to_string()),
        Some(&bob),
    )
    .await;
    assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
    let code = code_sent_to(nginx.port, "robin@example.net").await;
    let path = format!(
        "/api/v1/challenges/{}/code",
        started.body["id"].as_str().unwrap()
    );
    let passed = send(
        BOB,
        &claims,
        nginx.port,
        Method::POST,
        &path,
        Some(&json!({"code": code}).to_string()),
        Some(&bob),
    )
    .await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
    let addresses: Vec<String> =
        sqlx::query_scalar("SELECT ip FROM audit_log WHERE action = 'method_added'")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(addresses, [BOB]);
    assert_eq!(
        scopes(&pool, "send_limits", "ip:").await,
        [format!("ip:{ALICE}"), format!("ip:{BOB}")]
    );
}

#[tokio::test]
async fn the_other_client_address_headers_are_read_alone_too() {
    for (setting, from, to) in [
        (
            "x-real-ip",
            "proxy_set_header X-Real-IP \"\";",
            "proxy_set_header X-Real-IP $remote_addr;",
        ),
        (
            "forwarded",
            "proxy_set_header Forwarded \"\";",
            "proxy_set_header Forwarded \"for=$remote_addr;proto=http\";",
        ),
    ] {
        let database = DatabaseOnDisk::new().await;
        let settings = [("LATCHKEY_CLIENT_ADDRESS_HEADER", setting)];
        let replicas = replicas(&database, 1, &settings).await;
        let nginx = Nginx::start_with(&[replicas[0].port], |recipe| {
            assert!(recipe.contains(from), "the recipe no longer says {from}");
            recipe.replace(from, to)
        })
        .await;
        for n in EVERY_FORGERY {
            let refused = sign_in(ALICE, &forged(n), nginx.port, "jdoe", "wrong").await;
            assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{setting}");
        }
        let pool = pool(&database).await;
        assert_eq!(
            scopes(&pool, "sign_in_failures", "address:").await,
            [format!("address:{ALICE}")],
            "{setting}"
        );
    }
}

#[tokio::test]
async fn behind_the_documented_caddy_forged_headers_change_nothing_either() {
    let database = DatabaseOnDisk::new().await;
    let replicas = replicas(&database, 1, &[]).await;
    let caddy = Caddy::start(&[replicas[0].port]).await;
    for n in EVERY_FORGERY {
        let refused = sign_in(ALICE, &forged(n), caddy.port, &format!("p{n}"), "wrong").await;
        assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "{:?}", forged(n));
    }
    let bob = sign_in(BOB, &naming(ALICE, 3), caddy.port, "jdoe", "wrong").await;
    assert_eq!(bob.status, StatusCode::UNAUTHORIZED);
    let pool = pool(&database).await;
    assert_eq!(
        scopes(&pool, "sign_in_failures", "address:").await,
        [format!("address:{ALICE}"), format!("address:{BOB}")]
    );
    let failures: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT failures FROM sign_in_failures WHERE scope = 'address:{ALICE}'"
    ))
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(failures, [EVERY_FORGERY.len() as i64]);
}

#[test]
fn a_client_address_header_of_another_name_is_refused_at_start() {
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_latchkey-server"))
        .env("LATCHKEY_CLIENT_ADDRESS_HEADER", "true-client-ip")
        .env("LATCHKEY_DEV", "true")
        .env("LATCHKEY_DATABASE_URL", "sqlite::memory:")
        .env(
            "LATCHKEY_LISTEN",
            format!("127.0.0.1:{}", support::free_port()),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = server.kill();
            panic!("the server started with LATCHKEY_CLIENT_ADDRESS_HEADER=true-client-ip");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut told = String::new();
    std::io::Read::read_to_string(&mut server.stderr.take().unwrap(), &mut told).unwrap();
    assert!(!status.success());
    for named in [
        "true-client-ip",
        "x-forwarded-for",
        "forwarded",
        "x-real-ip",
    ] {
        assert!(told.contains(named), "{named} not in {told}");
    }
}

#[tokio::test]
async fn stopping_nginx_stops_its_workers_too() {
    let nginx = Nginx::start(&[support::free_port()]).await;
    // The master listens before it starts its workers.
    let deadline = Instant::now() + Duration::from_secs(10);
    let workers = loop {
        let workers: Vec<u32> = processes::all()
            .iter()
            .filter(|process| process.parent == nginx.pid() && process.running)
            .map(|worker| worker.pid)
            .collect();
        if !workers.is_empty() {
            break workers;
        }
        assert!(Instant::now() < deadline, "nginx started no workers");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    drop(nginx);
    let running: Vec<u32> = workers
        .into_iter()
        .filter(|pid| processes::is_running(*pid))
        .collect();
    assert!(
        running.is_empty(),
        "nginx workers still running: {running:?}"
    );
}

/// The code the dev outbox holds for `to`, once a replica's worker has delivered it.
async fn code_sent_to(port: u16, to: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let outbox = Caller::default()
            .request(port, Method::GET, "/api/v1/dev/outbox", None, None)
            .await;
        let sent = outbox.body.as_array().and_then(|messages| {
            messages
                .iter()
                .find(|message| message["to"] == to && message["code"].is_string())
        });
        if let Some(message) = sent {
            return message["code"].as_str().unwrap().to_string();
        }
        assert!(Instant::now() < deadline, "no code reached {to}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A request to `path` from `peer` with `headers`, to a portal at https://sspr.contoso.com behind
/// a proxy on 127.0.0.1 whose client address header is `header`.
async fn behind_tls_proxy(
    header: Option<&str>,
    peer: &str,
    headers: &[(&str, &str)],
) -> support::Reply {
    use axum::body::Body;
    use latchkey_server::config::ClientAddressHeader;
    let mut args = support::test_args().await;
    args.server.public_url = Some("https://sspr.contoso.com".into());
    args.proxies.trusted_proxies = Some(vec!["127.0.0.1".into()]);
    args.proxies.client_address_header = header.map(|name| match name {
        "forwarded" => ClientAddressHeader::Forwarded,
        "x-real-ip" => ClientAddressHeader::XRealIp,
        _ => ClientAddressHeader::XForwardedFor,
    });
    let config = latchkey_server::config::Config::resolve(args).unwrap();
    let server = support::TestServer::with_config(config).await;
    let mut request = axum::http::Request::builder().uri("/api/v1/config?from=proxy");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let mut request = request.body(Body::empty()).unwrap();
    let peer = std::net::SocketAddr::new(peer.parse().unwrap(), 40_000);
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    server.raw(request).await
}

#[tokio::test]
async fn what_the_proxy_says_came_over_plain_http_is_sent_to_https() {
    let plain = behind_tls_proxy(None, "127.0.0.1", &[("x-forwarded-proto", "http")]).await;
    assert_eq!(plain.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        plain.headers["location"],
        "https://sspr.contoso.com/api/v1/config?from=proxy"
    );
    let by_real_ip = [("x-real-ip", "192.0.2.7"), ("x-forwarded-proto", "http")];
    let plain = behind_tls_proxy(Some("x-real-ip"), "127.0.0.1", &by_real_ip).await;
    assert_eq!(plain.status, StatusCode::PERMANENT_REDIRECT);
    let forwarded = [("forwarded", "for=192.0.2.7;proto=http")];
    let plain = behind_tls_proxy(Some("forwarded"), "127.0.0.1", &forwarded).await;
    assert_eq!(plain.status, StatusCode::PERMANENT_REDIRECT);
    let secure = behind_tls_proxy(None, "127.0.0.1", &[("x-forwarded-proto", "https")]).await;
    assert_eq!(secure.status, StatusCode::OK);
    // The scheme goes with the address's header: the other one says nothing.
    let ignored = behind_tls_proxy(None, "127.0.0.1", &forwarded).await;
    assert_eq!(ignored.status, StatusCode::OK);
    let ignored = behind_tls_proxy(
        Some("forwarded"),
        "127.0.0.1",
        &[("x-forwarded-proto", "http")],
    )
    .await;
    assert_eq!(ignored.status, StatusCode::OK);
    // Only a trusted proxy is believed, either way.
    let outsider = behind_tls_proxy(None, "192.0.2.7", &[("x-forwarded-proto", "http")]).await;
    assert_eq!(outsider.status, StatusCode::OK);
}
