//! A real `latchkey-server` process on a free port, for tests that need processes: several
//! replicas on one database, or a server killed and started again.

use std::process::{Child, Command, Stdio};

use axum::body::Bytes;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use super::PASSWORD;

/// One `latchkey-server` process, stopped when dropped.
pub struct Replica {
    pub child: Child,
    pub port: u16,
}

impl Replica {
    pub fn spawn(database_url: &str) -> Self {
        Self::spawn_with(database_url, false, &[])
    }

    /// A replica in development mode: its delivery worker fills the shared outbox.
    pub fn spawn_dev(database_url: &str) -> Self {
        Self::spawn_with(database_url, true, &[])
    }

    /// A replica with `settings` (`LATCHKEY_*` variables) over the tests' own.
    pub fn spawn_with(database_url: &str, development: bool, settings: &[(&str, &str)]) -> Self {
        Self::start(database_url, development, settings, Stdio::null())
    }

    /// A replica in development mode whose standard output (its log) goes to `log`.
    pub fn spawn_logged(database_url: &str, settings: &[(&str, &str)], log: std::fs::File) -> Self {
        Self::start(database_url, true, settings, log.into())
    }

    /// A replica in development mode that may hold at most `open_files` files and sockets
    /// (its soft and hard limit, so it cannot raise it).
    pub fn spawn_with_open_files(database_url: &str, open_files: u32) -> Self {
        let mut limited = Command::new("sh");
        limited.args([
            "-c",
            &format!("ulimit -n {open_files} && exec \"$0\""),
            env!("CARGO_BIN_EXE_latchkey-server"),
        ]);
        Self::start_as(limited, database_url, true, &[], Stdio::null())
    }

    fn start(
        database_url: &str,
        development: bool,
        settings: &[(&str, &str)],
        output: Stdio,
    ) -> Self {
        let server = Command::new(env!("CARGO_BIN_EXE_latchkey-server"));
        Self::start_as(server, database_url, development, settings, output)
    }

    /// Runs `program` (the server, or a shell that starts it) with the tests' settings.
    fn start_as(
        mut program: Command,
        database_url: &str,
        development: bool,
        settings: &[(&str, &str)],
        output: Stdio,
    ) -> Self {
        let port = super::free_port();
        let child = program
            .env("LATCHKEY_LISTEN", format!("127.0.0.1:{port}"))
            .env("LATCHKEY_DATABASE_URL", database_url)
            .env("LATCHKEY_DIST", "/nonexistent")
            .env("LATCHKEY_DEV", development.to_string())
            // Production mode needs one (it seals authenticator app keys): 32 bytes of 7s.
            .env(
                "LATCHKEY_SECRET_KEY",
                "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=",
            )
            .env("LATCHKEY_DEMO_PASSWORD", "replica-velvet-otter-47")
            .env("LATCHKEY_LOG", "warn")
            .envs(settings.iter().copied())
            .stdout(output)
            .spawn()
            .unwrap();
        Self { child, port }
    }

    pub async fn wait_until_up(&mut self) {
        super::wait_until_listening(&mut self.child, self.port, "the replica", String::new).await;
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        cookie: Option<&str>,
    ) -> Answer {
        request(self.port, method, path, body, cookie).await
    }

    pub async fn sign_in(&self, password: &str) -> Answer {
        let body = serde_json::json!({"username": "jdoe", "password": password}).to_string();
        self.call(Method::POST, "/api/v1/session", Some(&body), None)
            .await
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends one request to the server on `port`, as the SPA does.
pub async fn request(
    port: u16,
    method: Method,
    path: &str,
    body: Option<&str>,
    cookie: Option<&str>,
) -> Answer {
    Caller::default()
        .request(port, method, path, body, cookie)
        .await
}

/// Who sends a request: from which loopback address (127.0.0.0/8 is all this machine's, so
/// tests can be several people), with which extra headers.
#[derive(Clone, Copy, Default)]
pub struct Caller<'a> {
    pub from: Option<std::net::IpAddr>,
    pub headers: &'a [(&'a str, &'a str)],
}

impl Caller<'_> {
    /// Sends one request to the server on `port`, as the SPA does.
    pub async fn request(
        self,
        port: u16,
        method: Method,
        path: &str,
        body: Option<&str>,
        cookie: Option<&str>,
    ) -> Answer {
        self.try_request(port, method, path, body, cookie)
            .await
            .unwrap()
    }

    /// Starts registering `email` as the personal email of the person signed in with `cookie`.
    pub async fn start_email(self, port: u16, cookie: &str, email: &str) -> Answer {
        let body = serde_json::json!({"kind": "email", "channel": "email", "email": email});
        self.request(
            port,
            Method::POST,
            "/api/v1/enrollments",
            Some(&body.to_string()),
            Some(cookie),
        )
        .await
    }

    /// The same, with what went wrong when no answer came.
    pub async fn try_request(
        self,
        port: u16,
        method: Method,
        path: &str,
        body: Option<&str>,
        cookie: Option<&str>,
    ) -> Result<Answer, String> {
        let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
        connector.set_local_address(self.from);
        let client = Client::builder(TokioExecutor::new()).build::<_, Full<Bytes>>(connector);
        let mut request = Request::builder()
            .method(method)
            .uri(format!("http://127.0.0.1:{}{path}", port))
            .header("x-requested-with", "latchkey")
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        for (name, value) in self.headers {
            request = request.header(*name, *value);
        }
        let body = Full::new(Bytes::from(body.unwrap_or_default().to_string()));
        let response = client
            .request(request.body(body).unwrap())
            .await
            .map_err(|error| format!("{error:?}"))?;
        let status = response.status();
        let headers = response.headers().clone();
        // The session's cookie where there are several (a sign-in also sets the browser's).
        let cookies: Vec<String> = response
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_string())
            .collect();
        let cookie = cookies
            .iter()
            .find(|cookie| cookie.contains("latchkey_session"))
            .or(cookies.first())
            .cloned();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map_err(|error| format!("{error:?}"))?
            .to_bytes();
        Ok(Answer {
            status,
            headers,
            cookie,
            body: serde_json::from_slice(&bytes).unwrap_or_default(),
            text: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub cookie: Option<String>,
    pub body: serde_json::Value,
    pub text: String,
}

pub fn add_account(database_url: &str) {
    add_person(database_url, "jdoe", "Jane Doe", "jane.doe@contoso.com");
}

/// Adds `username`, called `name`, with `email` as their work email and the tests' password.
pub fn add_person(database_url: &str, username: &str, name: &str, email: &str) {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_latchkey-server"))
        .args([
            "user",
            "add",
            username,
            "--email",
            email,
            "--password-stdin",
        ])
        .args(["--display-name", name, "--database-url", database_url])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
    assert!(child.wait().unwrap().success());
}
