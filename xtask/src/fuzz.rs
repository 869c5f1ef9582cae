//! The API fuzzing layer: schemathesis generates requests from the server's OpenAPI document —
//! every operation, in the coverage, fuzzing and stateful phases — against a real development
//! server with a signed-in session of an IT support admin who has verified with a method of
//! their own, so the console's operations answer too. No answer may be a 5xx, and every answer
//! must match the document (schema and content type).

use crate::local::{TempDir, free_port, wait_until_up};
use crate::process::command;
use crate::test_server::{E2E_DEMO_PASSWORD, add_people, start_server};
use crate::{http, tools};

/// Examples per operation: a quick pass in every test run, many more with `--long`.
const EXAMPLES: u32 = 30;
const LONG_EXAMPLES: u32 = 500;

/// Operations that would end the fuzzing session itself (signing out, moving the clock past
/// its lifetime); they are fuzzed only with `--long`, after everything else.
const SESSION_ENDERS: &str = "^/api/v1/(session|sessions|dev/clock)$";
/// Operations that give the session a new ID (new recovery codes verify the person at once: a
/// step-up, security.md 18), after which the fuzzer's cookie is stale: fuzzed after the rest.
const SESSION_RENEWERS: &str = "^/api/v1/recovery-codes$";
/// Everything but those.
const THE_REST: &str = "^/api/v1/(session|sessions|dev/clock|recovery-codes)$";

/// The account schemathesis uses.
const FUZZER: &str = "riley";

/// `latchkey-server user role <username> admin`, as an administrator grants it.
fn grant_admin(database: &str, username: &str) -> anyhow::Result<()> {
    let server = crate::process::root().join("target/debug/latchkey-server");
    crate::process::run(
        command(server.to_str().unwrap_or_default())
            .args(["user", "role", username, "admin"])
            .env("LATCHKEY_DATABASE_URL", database),
    )
}

pub fn run(long: bool) -> anyhow::Result<()> {
    let data = TempDir::new("latchkey-fuzz")?;
    let database = format!("sqlite:{}", data.0.join("fuzz.db").display());
    add_people(&database)?;
    let address = format!("127.0.0.1:{}", free_port()?);
    let log_path = data.0.join("server.log");
    let log = std::fs::File::create(&log_path)?;
    let server = start_server(&database, &address, "1", &log)?;
    wait_until_up(&address)?;
    grant_admin(&database, FUZZER)?;
    let cookie = http::sign_in(&address, FUZZER, E2E_DEMO_PASSWORD)?;
    let cookie = http::enroll_email(&address, &cookie, "fuzzer@example.net")?;
    let examples = if long { LONG_EXAMPLES } else { EXAMPLES };
    // The operations `pattern` matches, or (`except`) all the others.
    let fuzz = |pattern: &str, except: bool| {
        let mut schemathesis = command(tools::schemathesis().to_str().unwrap_or_default());
        // Its cache of found examples goes with the temporary folder, not into the repository.
        schemathesis
            .current_dir(&data.0)
            .arg("run")
            .arg(format!("http://{address}/api/v1/openapi.json"))
            .args([
                "--checks",
                "not_a_server_error,response_schema_conformance,content_type_conformance",
            ])
            .args(["--header", &format!("Cookie: {cookie}")])
            .args(["--header", "X-Requested-With: latchkey"])
            .args(["--max-examples", &examples.to_string(), "--workers", "1"])
            .args(["--seed", "20261127", "--no-color"]);
        let filter = if except {
            "--exclude-path-regex"
        } else {
            "--include-path-regex"
        };
        schemathesis.args([filter, pattern]);
        crate::process::run(&mut schemathesis)
    };
    let mut result = fuzz(THE_REST, true).and_then(|()| fuzz(SESSION_RENEWERS, false));
    if long && result.is_ok() {
        result = fuzz(SESSION_ENDERS, false);
    }
    drop(server);
    if result.is_err() {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        eprintln!("--- server log ---\n{log}--- end of server log ---");
    }
    result
}
