//! A test server: the real router on an in-memory SQLite database with a manual clock, and
//! helpers to send requests through it without a network.

pub mod answers;
pub mod caddy;
pub mod console;
pub mod faults;
pub mod messaging;
pub mod nginx;
pub mod passkey;
pub mod postgres;
pub mod process;
pub mod pumping;
pub mod recheck;
pub mod reset;
pub mod samba;
pub mod slapd;
pub mod staff;
pub mod tls;

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use latchkey_api::types::MethodKind;
use latchkey_server::accounts::{NewAccount, create};
use latchkey_server::clock::ManualClock;
use latchkey_server::config::{Config, ServeArgs};
use latchkey_server::{AppState, app};
use serde_json::Value;
use tower::ServiceExt;

pub const PASSWORD: &str = "velvet-otter-47-quietly";

/// Set by `cargo xtask test` to run the same suites on PostgreSQL: a superuser URL of a private
/// server; each test gets a new database on it.
pub const POSTGRES_ENV: &str = "LATCHKEY_TEST_POSTGRES_URL";

/// A loopback port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until the process `child` (`what`, for the message) listens on loopback `port`;
/// panics with `explain()` if it exits first, or when 60 seconds pass.
pub async fn wait_until_listening(
    child: &mut std::process::Child,
    port: u16,
    what: &str,
    explain: impl Fn() -> String,
) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{what} exited ({status}): {}", explain());
        }
        assert!(std::time::Instant::now() < deadline, "{what} did not start");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// A new, empty database for one test: in-memory SQLite, or a fresh PostgreSQL database.
pub async fn database_url() -> String {
    match std::env::var(POSTGRES_ENV) {
        Ok(admin) => postgres::new_database(&admin).await,
        Err(_) => "sqlite::memory:".into(),
    }
}

/// A database that outlives a connection and a process: a file for SQLite (removed with its
/// journal when the test ends), else a new PostgreSQL database.
pub struct DatabaseOnDisk {
    pub url: String,
    file: Option<std::path::PathBuf>,
}

impl DatabaseOnDisk {
    pub async fn new() -> Self {
        let url = database_url().await;
        if url.starts_with("postgres") {
            return Self { url, file: None };
        }
        let path = std::env::temp_dir().join(format!(
            "latchkey-test-{}-{}.db",
            std::process::id(),
            latchkey_server::store::new_id()
        ));
        Self {
            url: format!("sqlite:{}", path.display()),
            file: Some(path),
        }
    }
}

impl Drop for DatabaseOnDisk {
    fn drop(&mut self) {
        if let Some(path) = &self.file {
            for ending in ["", "-wal", "-shm"] {
                let mut name = path.clone().into_os_string();
                name.push(ending);
                let _ = std::fs::remove_file(name);
            }
        }
    }
}

/// Test settings on a fresh database of the backend under test.
pub async fn test_args() -> ServeArgs {
    let mut args = ServeArgs::default();
    args.server.database_url = Some(database_url().await);
    args.server.dev = Some(true);
    args.server.dist = Some("/nonexistent".into());
    args.limits.password_hash_concurrency = Some(2);
    // Production-mode tests need one; 32 bytes of 7s in base64.
    args.keys.secret_key = Some("BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=".into());
    args
}

pub struct TestServer {
    pub router: Router,
    pub state: AppState,
    pub clock: ManualClock,
    /// What a browser's cookie jar does: the session cookie a test holds (the one it signed in
    /// with) stands for its browser, and requests send the newest cookie that browser was given
    /// (the session ID changes on each verification).
    browsers: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

/// Where a request comes from: the address connected (a browser's, or a proxy's), and the
/// client a proxy names in `X-Forwarded-For`.
#[derive(Clone, Copy)]
pub struct Peer<'a> {
    pub address: &'a str,
    pub forwarded_for: Option<&'a str>,
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The `name=value` part of the session cookie this reply sets.
    pub fn session_cookie(&self) -> Option<String> {
        self.set_cookie()
            .map(|c| c.split(';').next().unwrap_or_default().to_string())
    }

    /// The session cookie this reply sets, whole (with its attributes), or else its only one.
    pub fn set_cookie(&self) -> Option<String> {
        self.cookie_named("latchkey_session")
            .or_else(|| self.cookie_named(""))
    }

    /// The first cookie this reply sets whose name contains `part`, whole.
    pub fn cookie_named(&self, part: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .find(|cookie| cookie.split('=').next().unwrap_or_default().contains(part))
    }
}

impl TestServer {
    pub async fn new() -> Self {
        Self::with_config(Config::resolve(test_args().await).unwrap()).await
    }

    pub async fn with_config(config: Config) -> Self {
        let clock = ManualClock::at(1_800_000_000);
        let state = AppState::new(config, Arc::new(clock.clone()))
            .await
            .unwrap();
        let server = Self {
            router: app(state.clone()),
            state,
            clock,
            browsers: Default::default(),
        };
        // With a directory, the people are the directory's.
        if server.state.config.directory.is_none() {
            server
                .add_person("jdoe", "Jane Doe", "jane.doe@contoso.com")
                .await;
        }
        server
    }

    /// Disables (or enables again) `username`'s account; whether it exists.
    pub async fn set_disabled(&self, username: &str, disabled: bool) -> bool {
        let mut tx = self.state.store.autocommit().await.unwrap();
        tx.set_disabled(username, disabled).await.unwrap()
    }

    /// Creates an account with the tests' password.
    pub async fn add_person(&self, username: &str, display_name: &str, email: &str) {
        let account = NewAccount {
            username,
            email,
            display_name,
            password: PASSWORD,
        };
        let state = &self.state;
        create(
            &state.store,
            &state.hasher,
            &state.config,
            account,
            latchkey_server::clock::Clock::now(&self.clock),
        )
        .await
        .unwrap();
    }

    /// Sends a request as the SPA does: JSON with the custom header.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Reply {
        self.send_from_page(method, path, body, cookie, None).await
    }

    /// Sends a request as the SPA does from a page in `page_language` (`Accept-Language`).
    pub async fn send_from_page(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
        page_language: Option<&str>,
    ) -> Reply {
        self.send_as(method, path, body, cookie, page_language, None)
            .await
    }

    /// Sends a request as a browser on a page in `page_language`, connected from `from`.
    async fn send_as(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
        page_language: Option<&str>,
        from: Option<Peer<'_>>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("x-requested-with", "latchkey");
        if let Some(client) = from.and_then(|peer| peer.forwarded_for) {
            request = request.header("x-forwarded-for", client);
        }
        let sent = cookie.map(|cookie| self.newest_cookie(cookie));
        if let Some(cookie) = &sent {
            request = request.header(header::COOKIE, cookie);
        }
        if let Some(language) = page_language {
            request = request.header(header::ACCEPT_LANGUAGE, language);
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string())),
            None => request.body(Body::empty()),
        };
        let mut request = request.unwrap();
        if let Some(Peer { address, .. }) = from {
            let peer = std::net::SocketAddr::new(address.parse().unwrap(), 50_000);
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
        }
        let reply = self.raw(request).await;
        if let (Some(browser), Some(renewed)) = (cookie, reply.session_cookie()) {
            let name = |cookie: &str| cookie.split('=').next().unwrap_or_default().to_string();
            let was_session = name(browser).contains("latchkey_session");
            if was_session && name(&renewed) == name(browser) && !renewed.ends_with('=') {
                self.browsers
                    .lock()
                    .unwrap()
                    .insert(browser.to_string(), renewed);
            }
        }
        reply
    }

    /// Sends a request with exactly this cookie, as a stolen or stale cookie would be sent.
    pub async fn exactly_as_given(&self, method: Method, path: &str, cookie: &str) -> Reply {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header("x-requested-with", "latchkey")
            .header(header::COOKIE, cookie)
            .body(Body::empty())
            .unwrap();
        self.raw(request).await
    }

    /// The cookie the browser that started with `cookie` sends now.
    pub fn newest_cookie(&self, cookie: &str) -> String {
        let browsers = self.browsers.lock().unwrap();
        browsers
            .get(cookie)
            .cloned()
            .unwrap_or_else(|| cookie.to_string())
    }

    /// Sends any request as it is.
    pub async fn raw(&self, request: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> Reply {
        let body = serde_json::json!({ "username": username, "password": password });
        self.send(Method::POST, "/api/v1/session", Some(body), None)
            .await
    }

    /// Signs in from the client address `address` (what a browser's connection would show).
    pub async fn sign_in_from(&self, address: &str, username: &str, password: &str) -> Reply {
        let body = serde_json::json!({ "username": username, "password": password });
        self.send_from(address, Method::POST, "/api/v1/session", Some(body), None)
            .await
    }

    /// Sends a request as the SPA does, from the client address `address`.
    pub async fn send_from(
        &self,
        address: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Reply {
        let peer = Peer {
            address,
            forwarded_for: None,
        };
        self.send_as(method, path, body, cookie, None, Some(peer))
            .await
    }

    /// Sends a request as the SPA does, connected from `peer`.
    pub async fn send_by(
        &self,
        peer: Peer<'_>,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Reply {
        self.send_as(method, path, body, cookie, None, Some(peer))
            .await
    }

    /// Picks `language` for the signed-in person (`PUT /api/v1/me/language`); `cookie` may be
    /// `None` to try it signed out.
    pub async fn pick_language(&self, cookie: Option<&str>, language: Value) -> Reply {
        self.send(
            Method::PUT,
            "/api/v1/me/language",
            Some(serde_json::json!({ "language": language })),
            cookie,
        )
        .await
    }

    /// Signs in as jdoe and returns the cookie.
    /// The signed-in person's own change of password (`POST /api/v1/me/password`).
    pub async fn change_password(&self, cookie: &str, current: &str, new: &str) -> Reply {
        let body = serde_json::json!({"current": current, "password": new});
        self.send(
            Method::POST,
            "/api/v1/me/password",
            Some(body),
            Some(cookie),
        )
        .await
    }

    pub async fn signed_in(&self) -> String {
        let reply = self.sign_in("jdoe", PASSWORD).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        reply.session_cookie().unwrap()
    }
}

impl TestServer {
    /// Runs the delivery worker until the queue is empty.
    pub async fn deliver_all(&self) {
        while latchkey_server::delivery::deliver_one(&self.state)
            .await
            .unwrap()
        {}
    }

    /// The newest message in the dev outbox that `wanted` accepts.
    async fn newest_sent(
        &self,
        wanted: impl Fn(&latchkey_server::store::OutboxMessage) -> bool,
    ) -> Option<latchkey_server::store::OutboxMessage> {
        let outbox = self.state.store.outbox().await.unwrap();
        outbox.into_iter().find(|m| wanted(m))
    }

    /// The code in the newest outbox message to `to`.
    pub async fn last_code_to(&self, to: &str) -> String {
        self.deliver_all().await;
        self.newest_sent(|m| m.recipient == to && m.code.is_some())
            .await
            .and_then(|m| m.code)
            .unwrap_or_else(|| panic!("no code was sent to {to}"))
    }

    /// Adds the phone +1 425 555 0123 by text, then asks for a call to it, and delivers
    /// everything (a text, a change notice, a call).
    pub async fn add_phone_then_call(&self, cookie: &str) {
        let text = self.start_phone(cookie, "sms").await;
        let code = self.last_code_to("+14255550123").await;
        self.submit_code(cookie, text.body["id"].as_str().unwrap(), &code)
            .await;
        self.start_phone(cookie, "voice").await;
        self.deliver_all().await;
    }

    /// The body of the newest message sent to `to` by `channel` ("sms", "voice", "email").
    pub async fn sent_to(&self, to: &str, channel: &str) -> String {
        self.newest_sent(|m| m.recipient == to && m.channel == channel)
            .await
            .map(|m| m.body)
            .unwrap_or_else(|| panic!("nothing was sent to {to} by {channel}"))
    }

    /// Starts enrolling a personal email; returns the challenge ID.
    pub async fn start_email(&self, cookie: &str, email: &str) -> Reply {
        let body = serde_json::json!({"kind": "email", "channel": "email", "email": email});
        self.send(
            Method::POST,
            "/api/v1/enrollments",
            Some(body),
            Some(cookie),
        )
        .await
    }

    /// Starts enrolling jdoe's phone (US `4255550123`) by text (`sms`) or call (`voice`).
    pub async fn start_phone(&self, cookie: &str, channel: &str) -> Reply {
        let body = serde_json::json!({"kind": "phone", "channel": channel, "country": "US", "number": "425 555 0123"});
        self.send(
            Method::POST,
            "/api/v1/enrollments",
            Some(body),
            Some(cookie),
        )
        .await
    }

    /// The account of jdoe, whom every test server has.
    pub async fn jdoe(&self) -> latchkey_server::store::User {
        self.account("jdoe").await
    }

    /// The local record of `username`, who must have one.
    pub async fn account(&self, username: &str) -> latchkey_server::store::User {
        let store = &self.state.store;
        store
            .find_user_for_sign_in(username)
            .await
            .unwrap()
            .unwrap()
    }

    /// Signs `username` in with a Temporary Access Pass.
    pub async fn sign_in_with_access_pass(&self, username: &str, pass: &str) -> Reply {
        let body = serde_json::json!({"username": username, "password": pass});
        self.send(
            Method::POST,
            "/api/v1/session/access-pass",
            Some(body),
            None,
        )
        .await
    }

    /// jdoe's audit log, newest first, as (action, detail).
    pub async fn audit_of_jdoe(&self) -> Vec<(String, String)> {
        let user = self.jdoe().await;
        self.state.store.audit_of(&user.id).await.unwrap()
    }

    /// The ways a session may verify, and the channel of each in the order offered.
    pub async fn verification_options(&self, cookie: &str) -> (Value, Vec<String>) {
        let options = self
            .send(
                Method::GET,
                "/api/v1/verification-options",
                None,
                Some(cookie),
            )
            .await
            .body;
        let channels = options
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["channel"].as_str().unwrap().to_string())
            .collect();
        (options, channels)
    }

    /// The challenge's delivery and call state.
    pub async fn challenge_status(&self, cookie: &str, challenge: &str) -> Reply {
        let path = format!("/api/v1/challenges/{challenge}");
        self.send(Method::GET, &path, None, Some(cookie)).await
    }

    /// The ID of the newest call in the outbox to `to`.
    pub async fn last_call_to(&self, to: &str) -> String {
        self.deliver_all().await;
        self.state
            .store
            .outbox()
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.recipient == to && m.channel == "voice")
            .map(|m| m.id)
            .unwrap_or_else(|| panic!("nobody called {to}"))
    }

    pub async fn submit_code(&self, cookie: &str, challenge: &str, code: &str) -> Reply {
        let path = format!("/api/v1/challenges/{challenge}/code");
        let body = serde_json::json!({ "code": code });
        self.send(Method::POST, &path, Some(body), Some(cookie))
            .await
    }

    /// Signs in and enrolls `email` as jdoe's personal email; returns the session cookie.
    pub async fn with_email_method(&self, email: &str) -> String {
        let cookie = self.signed_in().await;
        let started = self.start_email(&cookie, email).await;
        assert_eq!(started.status, StatusCode::OK, "{:?}", started.body);
        let id = started.body["id"].as_str().unwrap().to_string();
        let code = self.last_code_to(email).await;
        let passed = self.submit_code(&cookie, &id, &code).await;
        assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
        cookie
    }

    /// A new session of jdoe, verified with the email the first verification option reaches.
    pub async fn signed_in_and_verified(&self) -> String {
        let cookie = self.signed_in().await;
        let (options, channels) = self.verification_options(&cookie).await;
        assert_eq!(channels[0], "email", "{options}");
        let body = serde_json::json!({"method_id": options[0]["method_id"], "channel": "email"});
        let started = self
            .send(
                Method::POST,
                "/api/v1/verifications",
                Some(body),
                Some(&cookie),
            )
            .await;
        let id = started.body["id"].as_str().unwrap().to_string();
        let to = options[0]["masked"].as_str().unwrap_or_default();
        let code = self.last_code_to(&self.email_of_jdoe(to).await).await;
        let passed = self.submit_code(&cookie, &id, &code).await;
        assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
        cookie
    }

    /// jdoe's personal email whose mask is `masked`.
    async fn email_of_jdoe(&self, masked: &str) -> String {
        let user = self.jdoe().await;
        let methods = self.state.store.methods(&user.id).await.unwrap();
        let domain = masked.rsplit('@').next().unwrap_or_default();
        methods
            .into_iter()
            .find(|m| m.kind == MethodKind::Email && m.target.ends_with(domain))
            .map(|m| m.target)
            .expect("jdoe has that email")
    }
}

/// The `code` of the first field error of a reply.
pub fn field_problem(reply: &Reply) -> String {
    reply.body["fields"][0]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A six-digit code that is certainly not `code`.
pub fn wrong_code_for(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}
