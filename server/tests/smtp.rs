//! Email delivery through a real SMTP server (aiosmtpd, installed by `cargo xtask test`): the
//! message's headers, text and HTML parts, and a code that works when typed back.

mod support;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use latchkey_server::config::{Config, ServeArgs};
use support::TestServer;

/// An aiosmtpd server writing every message into a maildir; stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: std::path::PathBuf,
}

impl SmtpServer {
    fn start() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = std::env::temp_dir().join(format!("latchkey-maildir-{port}"));
        let _ = std::fs::remove_dir_all(&maildir);
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 runs");
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
    }
}

async fn server_sending_to(smtp_url: String) -> TestServer {
    let config = Config::resolve(ServeArgs {
        smtp_url: Some(smtp_url),
        email_from: Some("Contoso IT <no-reply@contoso.example>".into()),
        ..support::test_args().await
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
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
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
        .claim_delivery(i64::MAX / 2, 1)
        .await
        .unwrap()
        .expect("the message waits for another try");
    assert_eq!(pending.attempts, 2);
    assert!(pending.code.is_some());
}
