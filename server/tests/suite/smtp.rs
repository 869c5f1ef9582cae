//! Email delivery through a real SMTP server (aiosmtpd, installed by `cargo xtask test`): the
//! message's headers, text and HTML parts, and a code that works when typed back; and through
//! relays that demand STARTTLS or TLS and a password, with a certificate from a private CA.

use crate::support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use latchkey_server::config::Config;
use support::{TestServer, free_port};

/// An aiosmtpd server writing every message into a maildir; stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: std::path::PathBuf,
}

/// An aiosmtpd relay that takes mail only over TLS and after `latchkey` / `relay-pass` logs in.
const SECURE_RELAY: &str = r#"
import signal, ssl, sys
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, maildir, mode = sys.argv[1:6]

def authenticate(server, session, envelope, mechanism, data):
    ok = isinstance(data, LoginPassword) and data.login == b"latchkey" and data.password == b"relay-pass"
    return AuthResult(success=ok)

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
common = dict(hostname="127.0.0.1", port=int(port), authenticator=authenticate, auth_required=True)
if mode == "starttls":
    controller = Controller(Mailbox(maildir), tls_context=context, require_starttls=True, **common)
else:
    # aiosmtpd does not see implicit TLS as TLS when offering AUTH; the socket is TLS all the same.
    controller = Controller(Mailbox(maildir), ssl_context=context, auth_require_tls=False, **common)
controller.start()
signal.pause()
"#;

impl SmtpServer {
    fn start() -> Self {
        let port = free_port();
        let maildir = std::env::temp_dir().join(format!("latchkey-maildir-{port}"));
        let _ = std::fs::remove_dir_all(&maildir);
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 runs");
        Self::wait_for(child, port, maildir)
    }

    /// A relay that needs `mode` (`starttls` or `tls`) and a password, with a certificate for
    /// `localhost` from a new private CA; returns it and the CA's certificate file.
    fn start_secure(mode: &str) -> (Self, std::path::PathBuf) {
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("latchkey-relay-{port}"));
        std::fs::create_dir_all(&dir).unwrap();
        let ca_file = super::support::tls::localhost_certificate(&dir, "relay");
        std::fs::write(dir.join("relay.py"), SECURE_RELAY).unwrap();
        let maildir = dir.join("maildir");
        let child = Command::new("python3")
            .arg(dir.join("relay.py"))
            .arg(port.to_string())
            .arg(dir.join("relay.pem"))
            .arg(dir.join("relay.key"))
            .arg(&maildir)
            .arg(mode)
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 runs");
        (Self::wait_for(child, port, maildir), ca_file)
    }

    /// Waits until the server listens; dropping it removes the folder that holds `maildir`'s
    /// files (its parent for a secure relay, which keeps its certificates there too).
    fn wait_for(child: Child, port: u16, maildir: std::path::PathBuf) -> Self {
        let server = Self {
            child,
            port,
            maildir,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "aiosmtpd did not start: run `cargo xtask test`, or `pip install aiosmtpd`"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    /// Every delivered message, as raw text.
    fn messages(&self) -> Vec<String> {
        std::fs::read_dir(self.maildir.join("new"))
            .map(|entries| {
                entries
                    .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.maildir);
        if let Some(relay) = self
            .maildir
            .parent()
            .filter(|p| p.to_string_lossy().contains("latchkey-relay-"))
        {
            let _ = std::fs::remove_dir_all(relay);
        }
    }
}

async fn server_sending_to(smtp_url: String) -> TestServer {
    server_trusting(smtp_url, None).await
}

async fn server_trusting(smtp_url: String, ca: Option<std::path::PathBuf>) -> TestServer {
    let config = Config::resolve({
        let mut args = support::test_args().await;
        args.delivery.smtp_url = Some(smtp_url.as_str().into());
        args.delivery.smtp_ca_file = ca;
        args.delivery.email_from = Some("Contoso IT <no-reply@contoso.example>".into());
        args
    })
    .unwrap();
    TestServer::with_config(config).await
}

/// The six digits after "verification code is ".
fn code_in(text: &str) -> String {
    let at = text
        .find("verification code is ")
        .expect("the email states the code");
    text[at + "verification code is ".len()..]
        .chars()
        .take(6)
        .collect()
}

#[tokio::test]
async fn codes_are_emailed_through_a_real_smtp_relay_and_work() {
    let smtp = SmtpServer::start();
    let server = server_sending_to(format!("smtp://127.0.0.1:{}", smtp.port)).await;
    let cookie = server.signed_in().await;
    let started = server.start_email(&cookie, "jane@example.net").await;
    assert_eq!(started.status, StatusCode::OK);
    server.deliver_all().await;

    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    let mail = &messages[0];
    for header in [
        "From: \"Contoso IT\" <no-reply@contoso.example>",
        "To: jane@example.net",
        "Subject: Your Contoso verification code",
        "multipart/alternative",
        "text/plain",
        "text/html",
    ] {
        assert!(mail.contains(header), "{header} missing from:\n{mail}");
    }
    let code = code_in(mail);
    assert_eq!(code.len(), 6);
    // The dev outbox is not involved: SMTP carried the message.
    assert!(server.state.store.outbox().await.unwrap().is_empty());
    let passed = server
        .submit_code(&cookie, started.body["id"].as_str().unwrap(), &code)
        .await;
    assert_eq!(passed.status, StatusCode::OK, "{:?}", passed.body);
}

#[tokio::test]
async fn an_unreachable_relay_is_retried_not_lost() {
    let closed = free_port();
    let server = server_sending_to(format!("smtp://127.0.0.1:{closed}")).await;
    let cookie = server.signed_in().await;
    server.start_email(&cookie, "jane@example.net").await;
    assert!(
        latchkey_server::delivery::deliver_one(&server.state)
            .await
            .unwrap()
    );
    // Still queued for a retry, with the code kept until it is delivered.
    let pending = server
        .state
        .store
        .autocommit()
        .await
        .unwrap()
        .claim_delivery(i64::MAX / 2, 1)
        .await
        .unwrap()
        .expect("the message waits for another try");
    assert_eq!(pending.attempts, 2);
    assert!(pending.code.is_some());
}

/// Sends one code through `url`, trusting the private CA `ca`.
async fn send_through(url: String, ca: std::path::PathBuf) -> TestServer {
    let server = server_trusting(url, Some(ca)).await;
    let cookie = server.signed_in().await;
    server.start_email(&cookie, "jane@example.net").await;
    server.deliver_all().await;
    server
}

#[tokio::test]
async fn a_relay_that_demands_starttls_and_a_password_gets_the_mail() {
    let (relay, ca) = SmtpServer::start_secure("starttls");
    let url = format!(
        "smtp://latchkey:relay-pass@localhost:{}?tls=required",
        relay.port
    );
    send_through(url, ca.clone()).await;
    let messages = relay.messages();
    assert_eq!(
        messages.len(),
        1,
        "delivered over STARTTLS after logging in"
    );
    assert!(messages[0].contains("To: jane@example.net"));

    // The wrong password is refused by the relay, and the message waits for a retry.
    let wrong = format!(
        "smtp://latchkey:wrong@localhost:{}?tls=required",
        relay.port
    );
    let server = send_through(wrong, ca).await;
    assert_eq!(relay.messages().len(), 1);
    let pending = server
        .state
        .store
        .autocommit()
        .await
        .unwrap()
        .claim_delivery(i64::MAX / 2, 1)
        .await
        .unwrap();
    assert!(pending.is_some(), "a refused login is retried, not lost");
}

#[tokio::test]
async fn a_relay_on_implicit_tls_gets_the_mail() {
    let (relay, ca) = SmtpServer::start_secure("tls");
    let url = format!("smtps://latchkey:relay-pass@localhost:{}", relay.port);
    send_through(url, ca).await;
    assert_eq!(
        relay.messages().len(),
        1,
        "delivered over TLS after logging in"
    );
}

#[tokio::test]
async fn a_relay_whose_certificate_is_not_trusted_gets_nothing() {
    let (relay, _ca) = SmtpServer::start_secure("starttls");
    let url = format!(
        "smtp://latchkey:relay-pass@localhost:{}?tls=required",
        relay.port
    );
    // Without the private CA, the relay's certificate is refused.
    let server = server_sending_to(url).await;
    let cookie = server.signed_in().await;
    server.start_email(&cookie, "jane@example.net").await;
    server.deliver_all().await;
    assert!(relay.messages().is_empty());
}
