//! `cargo xtask`: the one entry point for Latchkey's development tasks.

mod bench;
mod dist;
mod fuzz;
mod http;
mod leftovers;
mod local;
mod page;
mod postgres;
mod process;
// The SPA's route table, which the build writes into the page and its parts (the SPA reads the
// rest of it).
#[allow(dead_code)]
#[path = "../../src/route_table.rs"]
mod route_table;
mod samba;
mod serve;
mod slapd;
mod split;
mod test;
mod test_server;
mod tools;

use anyhow::bail;

const USAGE: &str = "\
Usage: cargo xtask <task>

Tasks:
  serve   install build tools, build the SPA (release) and run the server in development mode
          on http://localhost:3000 with the demo account and dev outbox;
          `serve --directory openldap` puts the passwords in a throwaway OpenLDAP with demo people
  dev     run the server and `trunk serve` (http://localhost:8080) with live reload
  dist    build the SPA into dist/ (release, precompressed)
  test    install test tools and run every test layer (fmt, clippy, native, browser, end-to-end)
  bench   measure a release build: sizes against the budgets and Keycloak's account console,
          Lighthouse, the API under load, a sign-in burst and a soak; writes target/bench/report.md
";

/// Runs the task; a failure ends with its message alone, so the end of a long log says what
/// failed (not a backtrace of xtask itself).
fn main() -> std::process::ExitCode {
    match run_task() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn run_task() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rest = args.get(1..).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("serve") => serve::serve(rest),
        Some("dev") => serve::dev(),
        Some("dist") => dist::build(),
        Some("test") => test::all(rest),
        Some("bench") => bench::run(rest),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => bail!("unknown task {other:?}\n\n{USAGE}"),
    }
}
