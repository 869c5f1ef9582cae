//! `cargo xtask serve` (the product, one command) and `cargo xtask dev` (live reload).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::bail;

use crate::process::{KillOnDrop, command, root, run};
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
    // From here on, whatever stops xtask (Ctrl-C, which reaches the whole group, or a SIGTERM to
    // xtask alone) stops the server first, and then the directory: Samba and its relays with it.
    let told = stop_signals()?;
    let directory: Option<Box<dyn std::any::Any>> = match directory {
        None => None,
        Some(false) => {
            let directory = crate::slapd::DemoDirectory::start(&password)?;
            server.envs(directory.settings());
            let names: Vec<&str> = crate::slapd::DEMO_PEOPLE.iter().map(|p| p.0).collect();
            println!(
                "xtask: OpenLDAP on {} with the people {} (password {password}), under {}",
                directory.url(),
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
    let served = run_until_stopped(&mut server, &told);
    drop(directory);
    served
}

/// Whether xtask was told to stop (SIGTERM, SIGINT, SIGHUP) since this was called: from then on
/// these no longer end xtask at once, so that it can stop what it started.
fn stop_signals() -> anyhow::Result<Arc<AtomicBool>> {
    let told = Arc::new(AtomicBool::new(false));
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGHUP,
    ] {
        signal_hook::flag::register(signal, told.clone())?;
    }
    Ok(told)
}

/// Runs `command` until it ends, or until `told` (then it is told to stop too, and waited for,
/// so that whatever xtask holds is dropped after it); not at all if `told` already.
fn run_until_stopped(command: &mut std::process::Command, told: &AtomicBool) -> anyhow::Result<()> {
    if told.load(Ordering::SeqCst) {
        return Ok(());
    }
    let mut child = command.spawn()?;
    loop {
        if let Some(status) = child.try_wait()? {
            if status.success() || told.load(Ordering::SeqCst) {
                return Ok(());
            }
            bail!("{command:?} failed ({status})");
        }
        if told.load(Ordering::SeqCst) {
            let _ = std::process::Command::new("kill")
                .args(["-TERM", "--", &child.id().to_string()])
                .status();
            child.wait()?;
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sigterm_to_xtask_alone_stops_the_server_and_xtask_carries_on_to_stop_the_rest() {
        let mut server = std::process::Command::new("sleep");
        server.arg("60");
        let me = std::process::id().to_string();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(500));
            let _ = std::process::Command::new("kill")
                .args(["-TERM", "--", &me])
                .status();
        });
        let started = std::time::Instant::now();
        // Still here (a SIGTERM would have ended xtask on the spot), to drop the directory.
        let told = stop_signals().unwrap();
        run_until_stopped(&mut server, &told).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
        let sleeping: Vec<_> = latchkey_testbed::processes::all()
            .into_iter()
            .filter(|process| {
                process.running && process.parent == std::process::id() && process.name == "sleep"
            })
            .collect();
        assert!(sleeping.is_empty(), "the server still runs: {sleeping:?}");
    }
}
