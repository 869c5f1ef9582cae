//! A server on this machine for tests and benchmarks: a free loopback port, waiting until it
//! listens, a temporary folder for its database, and accounts in it.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::bail;

use crate::process::command;

pub fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

pub fn wait_until_up(address: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if TcpStream::connect(address).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("the server did not start listening on {address} within 60 s")
}

/// Adds an account to the database at `database_url` with `server`'s `user add`, as an
/// administrator does: username, display name, work email and password.
pub fn add_account(
    server: &Path,
    database_url: &str,
    [username, display_name, email, password]: [&str; 4],
) -> anyhow::Result<()> {
    use std::io::Write;
    let mut child = command(server.to_str().unwrap_or_default())
        .args(["user", "add", username, "--password-stdin"])
        .args(["--display-name", display_name, "--email", email])
        .env("LATCHKEY_DATABASE_URL", database_url)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()?;
    if let Some(mut input) = child.stdin.take() {
        writeln!(input, "{password}")?;
    }
    anyhow::ensure!(
        child.wait()?.success(),
        "cannot create the account {username}"
    );
    Ok(())
}

/// A folder removed when this value goes away.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!("{prefix}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(Self(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
