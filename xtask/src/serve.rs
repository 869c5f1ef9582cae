//! `cargo xtask serve` (the product, one command) and `cargo xtask dev` (live reload).

use std::process::Child;

use anyhow::bail;

use crate::process::{command, root, run};
use crate::tools::ensure_build_tools;

/// The demo people's password in the throwaway directory (`LATCHKEY_DEMO_PASSWORD` if set).
const DIRECTORY_PASSWORD: &str = "demo-velvet-otter-47";

/// Builds the SPA and runs the release server in development mode. `LATCHKEY_*` variables pass
/// through unchanged; development mode and the dist folder are defaults, not overrides. With
/// `--directory openldap` (or `active_directory`), passwords live in a throwaway OpenLDAP (or
/// Samba Active Directory) with demo people.
pub fn serve(args: &[String]) -> anyhow::Result<()> {
    let directory = match args {
        [] => None,
        [flag, value] if flag == "--directory" && value == "openldap" => Some(false),
        [flag, value] if flag == "--directory" && value == "active_directory" => Some(true),
        _ => bail!(
            "cargo xtask serve takes nothing, or --directory openldap|active_directory (got \
             {args:?})"
        ),
    };
    crate::dist::build()?;
    println!("xtask: building the server (release)");
    run(command("cargo").args(["build", "--release", "-p", "latchkey-server"]))?;
    let server = root().join("target/release/latchkey-server");
    let mut server = command(server.to_str().unwrap_or("latchkey-server"));
    set_dev_defaults(&mut server);
    let password =
        std::env::var("LATCHKEY_DEMO_PASSWORD").unwrap_or_else(|_| DIRECTORY_PASSWORD.to_string());
    let directory: Option<Box<dyn std::any::Any>> = match directory {
        None => None,
        Some(false) => {
            let directory = crate::slapd::DemoDirectory::start(&password)?;
            server.envs(directory.settings());
            let names: Vec<&str> = crate::slapd::DEMO_PEOPLE.iter().map(|p| p.0).collect();
            println!(
                "xtask: OpenLDAP on ldap://127.0.0.1:{} with the people {} (password \
                 {password}), under {}",
                directory.port,
                names.join(", "),
                crate::slapd::PEOPLE
            );
            Some(Box::new(directory))
        }
        Some(true) => {
            let domain = crate::samba::DemoDomain::start(&password)?;
            server.envs(domain.settings());
            let names: Vec<&str> = crate::samba::DEMO_PEOPLE.iter().map(|p| p.0).collect();
            println!(
                "xtask: Samba Active Directory on {} with the people {} (password {password}; \
                 alan must change his at sign-in), under {}",
                domain.url(),
                names.join(", "),
                crate::samba::PEOPLE
            );
            Some(Box::new(domain))
        }
    };
    let served = run(&mut server);
    drop(directory);
    served
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
