//! `cargo xtask test`: every test layer, in order, with a summary line for each.
//!
//! The layers: `cargo fmt --check` and clippy (native and wasm32); native tests of the workspace;
//! the server's suites again on a private PostgreSQL with the multi-replica tests; schemathesis
//! fuzzing the API from its OpenAPI document;
//! the SPA's browser tests (wasm-bindgen-test in headless Chromium); Playwright end-to-end tests
//! against a freshly built SPA and a real server on a free port with a temporary database, on
//! SQLite and on PostgreSQL.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::bail;

use crate::local::{TempDir, free_port, wait_until_up};
use crate::process::{command, root, run};
use crate::test_server::{E2E_DEMO_PASSWORD, add_people, start_server, start_server_with};
use crate::tools;

struct Layer {
    name: &'static str,
    run: fn() -> anyhow::Result<()>,
}

const LAYERS: &[Layer] = &[
    Layer {
        name: "format",
        run: format,
    },
    Layer {
        name: "clippy",
        run: clippy,
    },
    Layer {
        name: "native tests (SQLite)",
        run: native,
    },
    Layer {
        name: "server tests (PostgreSQL, replicas)",
        run: on_postgres,
    },
    Layer {
        name: "API fuzzing (schemathesis)",
        run: fuzz_the_api,
    },
    Layer {
        name: "browser tests (wasm)",
        run: browser,
    },
    Layer {
        name: "end-to-end (Playwright)",
        run: end_to_end,
    },
];

/// `--long`: the slower profiles (for now, many more generated API requests).
static LONG: AtomicBool = AtomicBool::new(false);

pub fn all(args: &[String]) -> anyhow::Result<()> {
    // `--only WORDS`: the layers whose names hold these words (say `--only end-to-end`).
    let mut only = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--long" => LONG.store(true, Ordering::Relaxed),
            "--only" => only = args.next().cloned(),
            unknown => bail!("cargo xtask test takes --long and --only LAYER (got {unknown:?})"),
        }
    }
    let layers: Vec<&Layer> = LAYERS
        .iter()
        .filter(|layer| {
            only.as_ref()
                .is_none_or(|words| layer.name.contains(words.as_str()))
        })
        .collect();
    if layers.is_empty() {
        let names: Vec<&str> = LAYERS.iter().map(|layer| layer.name).collect();
        bail!(
            "no test layer is named like {only:?}; the layers: {}",
            names.join(", ")
        );
    }
    tools::ensure_build_tools()?;
    tools::ensure_lint_tools()?;
    tools::ensure_smtp_server()?;
    tools::ensure_chromium()?;
    tools::ensure_oathtool()?;
    tools::ensure_nginx()?;
    tools::ensure_caddy()?;
    tools::ensure_slapd()?;
    tools::ensure_samba()?;
    tools::ensure_schemathesis()?;
    tools::ensure_e2e_packages()?;
    let before = crate::leftovers::before();
    let mut results = Vec::new();
    for layer in layers {
        println!("\n=== xtask test: {} ===", layer.name);
        let started = Instant::now();
        let outcome = (layer.run)();
        if let Err(error) = &outcome {
            eprintln!("xtask: {} failed: {error:#}", layer.name);
        }
        results.push((layer.name, outcome.is_ok(), started.elapsed()));
    }
    // A run leaves the machine as it found it: nothing it started outlives it.
    let clean = crate::leftovers::report_and_stop(&crate::leftovers::left(&before));
    results.push(("nothing left running", clean, std::time::Duration::ZERO));
    println!("\n=== xtask test: summary ===");
    for (name, ok, took) in &results {
        let verdict = if *ok { "PASS" } else { "FAIL" };
        println!("{verdict}  {name}  ({:.0} s)", took.as_secs_f64());
    }
    let failed = results.iter().filter(|(_, ok, _)| !ok).count();
    println!("layers: {} passed, {failed} failed", results.len() - failed);
    if failed > 0 {
        bail!("{failed} test layer(s) failed");
    }
    Ok(())
}

fn format() -> anyhow::Result<()> {
    run(command("cargo").args(["fmt", "--all", "--", "--check"]))
}

fn clippy() -> anyhow::Result<()> {
    let strict = ["--", "-D", "warnings"];
    run(command("cargo")
        .args(["clippy", "--workspace", "--all-targets"])
        .args(strict))?;
    run(command("cargo")
        .args([
            "clippy",
            "-p",
            "latchkey",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(strict))
}

fn native() -> anyhow::Result<()> {
    run(command("cargo").args(["test", "--workspace"]))
}

/// The server's suites again on a private PostgreSQL, with the replica tests that need it.
/// Built for the whole workspace, as the native layer is: naming one package would resolve the
/// dependencies' features apart and build everything a second time (time and gigabytes).
fn on_postgres() -> anyhow::Result<()> {
    let postgres = crate::postgres::Postgres::start()?;
    run(command("cargo")
        .args([
            "test",
            "--workspace",
            "--lib",
            "--test",
            "suite",
            "--",
            "--include-ignored",
        ])
        .env("LATCHKEY_TEST_POSTGRES_URL", postgres.url()))
}

fn fuzz_the_api() -> anyhow::Result<()> {
    crate::fuzz::run(LONG.load(Ordering::Relaxed))
}

fn browser() -> anyhow::Result<()> {
    // ChromeDriver leaves each browser's profile (some 85 MB) in the temporary folder when the
    // test runner ends it: here they go into one folder that is removed afterwards.
    let profiles = TempDir::new("latchkey-browser-profiles")?;
    let mut cargo = command("cargo");
    cargo
        .args([
            "test",
            "-p",
            "latchkey",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("TMPDIR", &profiles.0);
    for test in browser_test_names()? {
        cargo.args(["--test", &test]);
    }
    run(&mut cargo)
}

/// The SPA's browser test files (tests/*.rs).
fn browser_test_names() -> anyhow::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(root().join("tests"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            names.push(stem.to_string());
        }
    }
    names.sort();
    Ok(names)
}

/// The Playwright suite against the release SPA and a real server, first on SQLite (the
/// default), then on PostgreSQL.
fn end_to_end() -> anyhow::Result<()> {
    crate::dist::build()?;
    // The server the native layer's tests built (the same features, so nothing is built twice).
    run(command("cargo").args(["test", "--workspace", "--no-run"]))?;
    let data = TempDir::new("latchkey-e2e")?;
    let sqlite = format!("sqlite:{}", data.0.join("e2e.db").display());
    let pauses = format!("sqlite:{}", data.0.join("pauses.db").display());
    playwright_against(&sqlite, &pauses, &data)?;
    let postgres = crate::postgres::Postgres::start()?;
    let url = postgres.create_database("latchkey_e2e")?;
    let pauses = postgres.create_database("latchkey_e2e_pauses")?;
    playwright_against(&url, &pauses, &data)
}

/// The Playwright suite against servers on `database_url`, and one that pauses countries soon
/// on `pauses_database`, a database of its own.
fn playwright_against(
    database_url: &str,
    pauses_database: &str,
    data: &TempDir,
) -> anyhow::Result<()> {
    println!(
        "xtask: end-to-end on {}",
        database_url.split(':').next().unwrap_or_default()
    );
    add_people(database_url)?;
    let address = format!("127.0.0.1:{}", free_port()?);
    let two_step = format!("127.0.0.1:{}", free_port()?);
    let log_path = data.0.join("server.log");
    let log = std::fs::File::create(&log_path)?;
    let server = start_server(database_url, &address, "1", &log)?;
    wait_until_up(&address)?;
    // A second server on the same (already migrated) database whose policy asks for two methods
    // and for a review of security info after a day (its clock is its own to move ahead), in the
    // organisation's colours.
    let second = start_server(database_url, &two_step, "2", &log)?;
    wait_until_up(&two_step)?;
    // A third whose passwords live in a throwaway OpenLDAP, with a database of its own.
    let directory = crate::slapd::DemoDirectory::start(E2E_DEMO_PASSWORD)?;
    let with_directory = format!("127.0.0.1:{}", free_port()?);
    let directory_database = format!(
        "sqlite:{}",
        data.0
            .join(format!("directory-{}.db", directory.port()))
            .display()
    );
    let third = start_server_with(
        &directory_database,
        &with_directory,
        "1",
        &log,
        &directory.settings(),
    )?;
    wait_until_up(&with_directory)?;
    // A fourth whose passwords live in a throwaway Samba Active Directory.
    let domain = crate::samba::DemoDomain::start(E2E_DEMO_PASSWORD)?;
    let with_domain = format!("127.0.0.1:{}", free_port()?);
    let domain_database = format!(
        "sqlite:{}",
        data.0
            .join(format!("domain-{}.db", domain.port()))
            .display()
    );
    let fourth = start_server_with(
        &domain_database,
        &with_domain,
        "1",
        &log,
        &domain.settings(),
    )?;
    wait_until_up(&with_domain)?;
    // A fifth, on a database of its own (a paused country there pauses nobody else's texts),
    // that pauses a country after six settled codes: the messaging spec moves its clock.
    let with_pauses = format!("127.0.0.1:{}", free_port()?);
    let fifth = start_server_with(
        pauses_database,
        &with_pauses,
        "1",
        &log,
        &[("LATCHKEY_PAUSE_MINIMUM_SENDS", "6".to_string())],
    )?;
    wait_until_up(&with_pauses)?;
    let result = run(command("npx")
        .args(["playwright", "test"])
        .current_dir(root().join("tests/e2e"))
        // Every server the specs need runs here: a skipped spec fails the run.
        .env("LATCHKEY_E2E_NO_SKIPS", "1")
        .env("LATCHKEY_URL", format!("http://{address}"))
        // For `latchkey-server tap issue`, as IT support runs it against the first server's
        // database.
        .env(
            "LATCHKEY_SERVER_BIN",
            root().join("target/debug/latchkey-server"),
        )
        .env("LATCHKEY_DATABASE_URL", database_url)
        .env("LATCHKEY_TWO_STEP_URL", format!("http://{two_step}"))
        .env("LATCHKEY_DIRECTORY_URL", format!("http://{with_directory}"))
        .env("LATCHKEY_LDAP_URL", directory.url())
        .env("LATCHKEY_LDAP_PEOPLE", crate::slapd::PEOPLE)
        .env("LATCHKEY_AD_URL", format!("http://{with_domain}"))
        .env("LATCHKEY_AD_LDAP_URL", domain.url())
        .env("LATCHKEY_AD_CA_FILE", domain.ca_file())
        .env("LATCHKEY_AD_PEOPLE", crate::samba::PEOPLE)
        .env("LATCHKEY_PAUSES_URL", format!("http://{with_pauses}"))
        .env("LATCHKEY_PAUSES_DATABASE_URL", pauses_database)
        .env("LATCHKEY_DEMO_PASSWORD", E2E_DEMO_PASSWORD));
    drop((server, second, third, directory, fourth, domain, fifth));
    if result.is_err() {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        eprintln!("--- server log ---\n{log}--- end of server log ---");
    }
    // The failed (and, on CI, flaky) tests again, last, where the end of a long log shows them.
    let failures = root().join("tests/e2e/test-results/failures.txt");
    if let Ok(failures) = std::fs::read_to_string(failures)
        && !failures.is_empty()
    {
        eprintln!("--- tests that failed ---\n{failures}--- end of tests that failed ---");
    }
    result
}
