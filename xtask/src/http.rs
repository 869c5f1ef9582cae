//! Plain HTTP/1.1 over a loopback socket: the bytes exactly as the server sends them, compressed
//! or not, without a client library deciding anything.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// An answer: status, headers (names in lower case) and the body as sent.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The `name=value` of the cookie this answer sets, if any (a sign-in's, or the new session
    /// ID a verification gives); the session's where there are several (a sign-in also sets the
    /// browser's).
    pub fn cookie(&self) -> Option<String> {
        let cookies: Vec<&str> = self
            .headers
            .iter()
            .filter(|(key, _)| key == "set-cookie")
            .filter_map(|(_, value)| value.split(';').next())
            .collect();
        let cookie = cookies
            .iter()
            .find(|cookie| cookie.contains("latchkey_session"))
            .or(cookies.first())?;
        Some(cookie.to_string())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Sends one request to `address` and reads the whole answer.
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> anyhow::Result<Answer> {
    let mut stream =
        TcpStream::connect(address).with_context(|| format!("cannot reach {address}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if let Some(body) = body {
        stream.write_all(body.as_bytes())?;
    }
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse(&raw)
}

fn parse(raw: &[u8]) -> anyhow::Result<Answer> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("an answer without headers")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .context("an answer without a status")?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_lowercase(), value.trim().to_string()))
        .collect();
    let mut answer = Answer {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    };
    if answer.header("transfer-encoding") == Some("chunked") {
        answer.body = unchunk(&answer.body)?;
    }
    Ok(answer)
}

/// The body of a chunked answer.
fn unchunk(mut rest: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .context("a chunk without its size")?;
        let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..line_end]).trim(), 16)?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 {
            bail!("a chunk shorter than its size");
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

/// Signs in; the session cookie (`name=value`).
pub fn sign_in(address: &str, username: &str, password: &str) -> anyhow::Result<String> {
    let body = format!(r#"{{"username":"{username}","password":"{password}"}}"#);
    let answer = request(
        address,
        "POST",
        "/api/v1/session",
        &[
            ("Content-Type", "application/json"),
            ("X-Requested-With", "latchkey"),
        ],
        Some(&body),
    )?;
    if answer.status != 200 {
        bail!("signing in as {username} answered {}", answer.status);
    }
    answer.cookie().context("signing in set no cookie")
}

/// Gives the account the personal `email`, proven with the code from the dev outbox, so it has
/// a method (and the session is verified); returns the session's cookie, renewed by the proof.
pub fn enroll_email(address: &str, cookie: &str, email: &str) -> anyhow::Result<String> {
    let headers = [
        ("Cookie", cookie),
        ("Content-Type", "application/json"),
        ("X-Requested-With", "latchkey"),
    ];
    let body = format!(r#"{{"kind":"email","channel":"email","email":"{email}"}}"#);
    let started = request(
        address,
        "POST",
        "/api/v1/enrollments",
        &headers,
        Some(&body),
    )?;
    let challenge: serde_json::Value = serde_json::from_slice(&started.body)?;
    let id = challenge["id"].as_str().context("no challenge")?;
    let deadline = Instant::now() + Duration::from_secs(10);
    let code = loop {
        let outbox = request(address, "GET", "/api/v1/dev/outbox", &headers, None)?;
        let messages: serde_json::Value = serde_json::from_slice(&outbox.body)?;
        let found = messages
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["to"] == email);
        if let Some(code) = found.and_then(|m| m["code"].as_str()) {
            break code.to_string();
        }
        anyhow::ensure!(Instant::now() < deadline, "no code reached {email}");
        std::thread::sleep(Duration::from_millis(200));
    };
    let path = format!("/api/v1/challenges/{id}/code");
    let body = format!(r#"{{"code":"{code}"}}"#);
    let passed = request(address, "POST", &path, &headers, Some(&body))?;
    anyhow::ensure!(
        passed.status == 200,
        "enrolling {email} answered {}",
        passed.status
    );
    passed
        .cookie()
        .context("a proven code renews the session's cookie")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_chunked_answers() {
        let plain = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b\r\n\r\nhi").unwrap();
        assert_eq!((plain.status, plain.body.as_slice()), (200, &b"hi"[..]));
        assert_eq!(plain.header("x-a"), Some("b"));
        let chunked =
            parse(b"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                .unwrap();
        assert_eq!(
            (chunked.status, chunked.body.as_slice()),
            (404, &b"abcde"[..])
        );
    }
}
