//! `cargo xtask bench`: one command, one report. Builds the release SPA and server, runs the
//! server on a free loopback port with a temporary database and one enrolled user, and measures
//! sizes (with Keycloak's account console beside them), how soon screens fetched later open,
//! Lighthouse, the API under load, a sign-in burst, a five-minute soak of mixed traffic, a real
//! sign-in during a flood of sign-ins (`cargo xtask bench sign-in-flood` runs that alone) and a
//! day of SMS pumping (`cargo xtask bench pumping` runs that alone).
//! Writes target/bench/report.md and report.json; nothing here fails on a number.

mod browser;
mod flood;
mod keycloak;
mod lighthouse;
mod load;
mod next_screens;
mod pumping;
mod report;
mod sizes;
mod soak;

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};

use crate::http;
use crate::local::{TempDir, free_port, wait_until_up};
use crate::process::{KillOnDrop, command, output_line, root};
use crate::{dist, tools};
use report::Measured;

const USER: &str = "bench";
const PASSWORD: &str = "velvet-otter-47-quietly";
const PERSONAL_EMAIL: &str = "bench@example.net";

pub fn run(args: &[String]) -> anyhow::Result<()> {
    match args.first().map(String::as_str) {
        None => {}
        Some("sign-in-flood") => return sign_in_flood_only(),
        Some("pumping") => return pumping_only(),
        Some(unknown) => bail!(
            "cargo xtask bench takes no arguments, or `sign-in-flood` or `pumping` for that part alone (got {unknown:?})"
        ),
    }
    let started = Instant::now();
    tools::ensure_build_tools()?;
    tools::ensure_chromium()?;
    load::ensure_oha()?;
    dist::build()?;
    let (out, _data, database) = release_server_and_database()?;
    println!("xtask: adding the soak's {} people", soak::PEOPLE);
    for n in 0..soak::PEOPLE {
        let name = format!("soak{n}");
        add_user(
            &database,
            &name,
            &format!("Soak Person {n}"),
            &format!("{name}@example.com"),
        )?;
    }
    // The burst measures the hashing pool's memory: every sign-in of it may wait its turn.
    let burst_queue = load::BURST.to_string();
    let (server, address) = start_server(
        &database,
        &[("LATCHKEY_PASSWORD_HASH_QUEUE", &burst_queue)],
        &out.join("server.log"),
    )?;
    let pid = server.0.id();
    let cookie = http::sign_in(&address, USER, PASSWORD)?;
    let cookie = http::enroll_email(&address, &cookie, PERSONAL_EMAIL)?;

    println!("xtask: measuring sizes");
    let files = sizes::dist_files();
    println!("xtask: loading each page in Chromium with an empty cache");
    let loads = sizes::first_loads(&address, &cookie);
    println!("xtask: opening screens fetched later, on a slow 4G phone");
    let next_screens = next_screens::measure(&address, &cookie);
    println!("xtask: bundling Keycloak's account console for comparison");
    let keycloak = keycloak::measure();
    println!("xtask: running Lighthouse (3 runs of each page)");
    let lighthouse = lighthouse::measure(&address, &cookie);
    println!("xtask: loading the API with oha");
    let oha_out = out.join("oha.json");
    let load = load::measure(&address, &cookie, pid, &oha_out);
    println!("xtask: {} concurrent sign-ins", load::BURST);
    let body = format!(r#"{{"username":"{USER}","password":"{PASSWORD}"}}"#);
    let burst = load::sign_in_burst(&address, &body, pid, &oha_out);
    println!(
        "xtask: soaking for {} minutes (security info, sign-ins, codes)",
        soak::SECONDS / 60
    );
    let soak = soak::sign_in_people(&address, PASSWORD)
        .and_then(|people| soak::run(&address, pid, &cookie, &body, people));
    drop(server);
    let flood = measure_flood(&database, &out);
    println!("xtask: simulating a day of SMS pumping (the server suite's pumping test)");
    let pumping = pumping::measure();

    let measured = Measured {
        when: output_line(command("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])).unwrap_or_default(),
        machine: machine(),
        files,
        loads,
        next_screens,
        baseline: sizes::baseline(),
        keycloak,
        lighthouse,
        load,
        burst,
        flood,
        soak,
        pumping,
        hash_pool: std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    std::fs::write(out.join("report.md"), measured.markdown())?;
    std::fs::write(
        out.join("report.json"),
        serde_json::to_string_pretty(&measured.json())?,
    )?;
    println!("\n{}", measured.summary());
    println!(
        "xtask: wrote target/bench/report.md and report.json in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Builds the release server; the report's folder, and a temporary database (gone when the
/// `TempDir` is dropped) holding the benchmark's account.
fn release_server_and_database() -> anyhow::Result<(PathBuf, TempDir, String)> {
    crate::process::run(command("cargo").args(["build", "--release", "-p", "latchkey-server"]))?;
    let out = root().join("target/bench");
    std::fs::create_dir_all(&out)?;
    let data = TempDir::new("latchkey-bench")?;
    let database = format!("sqlite:{}", data.0.join("bench.db").display());
    add_user(&database, USER, "Bench Mark", "bench@example.com")?;
    Ok((out, data, database))
}

/// The release server on a free loopback port with the benchmark's settings and `settings` over
/// them, logging to `log`; stopped when dropped.
fn start_server(
    database: &str,
    settings: &[(&str, &str)],
    log: &std::path::Path,
) -> anyhow::Result<(KillOnDrop, String)> {
    let address = format!("127.0.0.1:{}", free_port()?);
    let log = std::fs::File::create(log)?;
    let server = KillOnDrop(
        command(
            root()
                .join("target/release/latchkey-server")
                .to_str()
                .unwrap_or_default(),
        )
        .env("LATCHKEY_LISTEN", &address)
        .env("LATCHKEY_DATABASE_URL", database)
        .env("LATCHKEY_DIST", root().join("dist"))
        .env("LATCHKEY_DEV", "true")
        // Each person comes from their own address, as a proxy on loopback reports.
        .env("LATCHKEY_TRUSTED_PROXIES", "127.0.0.1")
        .env("LATCHKEY_LOG", "warn")
        .envs(settings.iter().copied())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("cannot start the release server")?,
    );
    wait_until_up(&address)?;
    Ok((server, address))
}

/// A real sign-in during a flood, on a server of its own with the default hashing queue.
fn measure_flood(database: &str, out: &std::path::Path) -> anyhow::Result<flood::Flood> {
    println!(
        "xtask: a real sign-in while {} clients flood sign-ins for {} s",
        flood::FLOODERS,
        flood::SECONDS
    );
    let (_server, address) = start_server(database, &[], &out.join("flood-server.log"))?;
    flood::measure(&address, USER, PASSWORD)
}

/// `cargo xtask bench sign-in-flood`: that measurement alone, on a new database, printed.
fn sign_in_flood_only() -> anyhow::Result<()> {
    let (out, _data, database) = release_server_and_database()?;
    let measured = measure_flood(&database, &out);
    println!("\n{}", report::flood_section(&measured));
    measured.map(|_| ())
}

/// `cargo xtask bench pumping`: the SMS pumping simulation alone, printed.
fn pumping_only() -> anyhow::Result<()> {
    let measured = pumping::measure();
    println!("{}", pumping::section(&measured));
    measured.map(|_| ())
}

/// An account for the benchmark, with its password.
fn add_user(database: &str, username: &str, display_name: &str, email: &str) -> anyhow::Result<()> {
    let server = root().join("target/release/latchkey-server");
    crate::local::add_account(&server, database, [username, display_name, email, PASSWORD])
}

/// "2 cores (AMD EPYC …), 24 GiB": what the figures were measured on.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split_once(':'))
                .map(|(_, name)| name.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("MemTotal:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or_else(String::new, |kib| {
            format!(", {:.0} GiB", kib / 1024.0 / 1024.0)
        });
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores ({cpu}){memory}")
}
