//! Measuring in a real browser: the scripts of tests/e2e/measure/ run in Node with Playwright's
//! Chromium, each printing what it measured as a JSON list.

use anyhow::{Context, bail};
use serde_json::Value;

use crate::process::{command, root};
use crate::tools;

/// Runs one of the measuring scripts of tests/e2e/measure/ in Node (Playwright's Chromium)
/// against the server at `address`, and reads the JSON list it prints.
pub fn measure_in_browser(
    script: &str,
    address: &str,
    args: &[&str],
) -> anyhow::Result<Vec<Value>> {
    tools::ensure_e2e_packages()?;
    let output = command("node")
        .arg(root().join("tests/e2e/measure").join(script))
        .arg(format!("http://{address}"))
        .args(args)
        .output()
        .context("cannot start node")?;
    anyhow::ensure!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let measured: Value = serde_json::from_slice(&output.stdout)?;
    match measured {
        Value::Array(list) => Ok(list),
        _ => bail!("{script} printed no list"),
    }
}
