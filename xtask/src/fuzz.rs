//! The API fuzzing layer: schemathesis generates requests from the server's OpenAPI document —
//! every operation, in the coverage, fuzzing and stateful phases — against a real development
//! server with a signed-in session. No answer may be a 5xx, and every answer must match the
//! document (schema and content type).

use crate::local::{TempDir, free_port, wait_until_up};
use crate::process::command;
use crate::test::{E2E_DEMO_PASSWORD, add_people, start_server};
use crate::{http, tools};

/// Examples per operation: a quick pass in every test run, many more with `--long`.
const EXAMPLES: u32 = 30;
const LONG_EXAMPLES: u32 = 500;

/// Operations that would end the fuzzing session itself (signing out, moving the clock past
/// its lifetime); they are fuzzed only with `--long`, after everything else.
const SESSION_ENDERS: &str = "^/api/v1/(session|sessions|dev/clock)$";

pub fn run(long: bool) -> anyhow::Result<()> {
    let data = TempDir::new("latchkey-fuzz")?;
    let database = format!("sqlite:{}", data.0.join("fuzz.db").display());
    add_people(&database)?;
    let address = format!("127.0.0.1:{}", free_port()?);
    let log_path = data.0.join("server.log");
    let log = std::fs::File::create(&log_path)?;
    let server = start_server(&database, &address, "1", &log)?;
    wait_until_up(&address)?;
    let cookie = http::sign_in(&address, "riley", E2E_DEMO_PASSWORD)?;
    let examples = if long { LONG_EXAMPLES } else { EXAMPLES };
    let fuzz = |exclude: Option<&str>| {
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
        if let Some(pattern) = exclude {
            schemathesis.args(["--exclude-path-regex", pattern]);
        } else {
            schemathesis.args(["--include-path-regex", SESSION_ENDERS]);
        }
        crate::process::run(&mut schemathesis)
    };
    let mut result = fuzz(Some(SESSION_ENDERS));
    if long && result.is_ok() {
        result = fuzz(None);
    }
    drop(server);
    if result.is_err() {
        let log = std::fs::read_to_string(&log_path).unwrap_or_default();
        eprintln!("--- server log ---\n{log}--- end of server log ---");
    }
    result
}
