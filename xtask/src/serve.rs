//! `cargo xtask serve` (the product, one command) and `cargo xtask dev` (live reload).

use std::process::Child;

use crate::process::{command, root, run};
use crate::tools::ensure_build_tools;

/// Builds the SPA and runs the release server in development mode. `LATCHKEY_*` variables pass
/// through unchanged; development mode and the dist folder are defaults, not overrides.
pub fn serve() -> anyhow::Result<()> {
    crate::dist::build()?;
    println!("xtask: building the server (release)");
    run(command("cargo").args(["build", "--release", "-p", "latchkey-server"]))?;
    let server = root().join("target/release/latchkey-server");
    let mut server = command(server.to_str().unwrap_or("latchkey-server"));
    set_dev_defaults(&mut server);
    run(&mut server)
}

/// The server (port 3000) and `trunk serve` (port 8080, proxying /api) together.
pub fn dev() -> anyhow::Result<()> {
    ensure_build_tools()?;
    run(command("cargo").args(["build", "-p", "latchkey-server"]))?;
    let mut server = command(
        root()
            .join("target/debug/latchkey-server")
            .to_str()
            .unwrap_or_default(),
    );
    set_dev_defaults(&mut server);
    // Passkeys are made on trunk's page, so its address is one they may be used from.
    if std::env::var_os("LATCHKEY_PASSKEY_ORIGINS").is_none() {
        server.env(
            "LATCHKEY_PASSKEY_ORIGINS",
            "http://localhost:8080,http://localhost:3000",
        );
    }
    let server = KillOnDrop(server.spawn()?);
    println!("xtask: open http://localhost:8080/ (the API runs on 3000)");
    let result = run(command("trunk").args(["serve", "--offline"]));
    drop(server);
    result
}

fn set_dev_defaults(command: &mut std::process::Command) {
    for (name, value) in [("LATCHKEY_DEV", "true"), ("LATCHKEY_DIST", "dist")] {
        if std::env::var_os(name).is_none() {
            command.env(name, value);
        }
    }
}

/// A child process that is stopped when this value goes away.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
