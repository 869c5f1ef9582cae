//! How soon a screen the app downloads later opens after the click, on a slow 4G phone, once
//! the page has fetched its likely next parts in idle time (tests/e2e/measure/next-screens.mjs).

use anyhow::Context;

/// The budget of #16: a later screen opens within this of the click.
pub const BUDGET_MS: f64 = 300.0;

/// One screen, and how long after the click it showed.
pub struct NextScreen {
    pub screen: String,
    pub ms: f64,
}

/// Opens each screen in Chromium, signed in with `cookie` where it needs it.
pub fn measure(address: &str, cookie: &str) -> anyhow::Result<Vec<NextScreen>> {
    super::browser::measure_in_browser("next-screens.mjs", address, &[cookie])?
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
