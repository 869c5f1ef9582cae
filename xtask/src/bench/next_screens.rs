//! How soon a screen the app downloads later opens after the click, on a slow 4G phone, once
//! the page has fetched its likely next parts in idle time (tests/e2e/measure/next-screens.mjs).

use anyhow::Context;
use serde_json::Value;

use crate::process::{command, root};

/// The budget of #16: a later screen opens within this of the click.
pub const BUDGET_MS: f64 = 300.0;

/// One screen, and how long after the click it showed.
pub struct NextScreen {
    pub screen: String,
    pub ms: f64,
}

/// Opens each screen in Chromium, signed in with `cookie` where it needs it.
pub fn measure(address: &str, cookie: &str) -> anyhow::Result<Vec<NextScreen>> {
    crate::tools::ensure_e2e_packages()?;
    let output = command("node")
        .arg(root().join("tests/e2e/measure/next-screens.mjs"))
        .arg(format!("http://{address}"))
        .arg(cookie)
        .output()
        .context("cannot start node")?;
    anyhow::ensure!(
        output.status.success(),
        "next-screens.mjs failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let measured: Value = serde_json::from_slice(&output.stdout)?;
    measured
        .as_array()
        .context("next-screens.mjs printed no list")?
        .iter()
        .map(|screen| {
            Ok(NextScreen {
                screen: screen["screen"]
                    .as_str()
                    .context("a measure names its screen")?
                    .to_string(),
                ms: screen["ms"].as_f64().context("a measure has its time")?,
            })
        })
        .collect()
}
