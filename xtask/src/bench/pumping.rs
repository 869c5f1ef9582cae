//! SMS pumping (#30): the server suite's simulation (`server/tests/suite/pumping.rs`, on
//! SQLite) run once, its `PUMPING {json}` line read back: 2 000 resets and enrollments in a day,
//! what was sent, what was refused and why, the spend, and when the attacked country paused.

use std::fmt::Write as _;

use anyhow::{Context, bail};
use serde_json::Value;

use crate::process::command;

/// The test that simulates it, and the line it prints its figures on.
const TEST: &str = "pumping::";
const LINE: &str = "PUMPING ";

/// Runs the simulation; its figures.
pub fn measure() -> anyhow::Result<Value> {
    let output = command("cargo")
        .args([
            "test",
            "--workspace",
            "--test",
            "suite",
            TEST,
            "--",
            "--nocapture",
        ])
        .env_remove("LATCHKEY_TEST_POSTGRES_URL")
        .output()
        .context("cannot run the pumping simulation")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stdout
            .lines()
            .chain(stderr.lines())
            .rev()
            .take(20)
            .collect();
        bail!(
            "the simulation failed: {}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix(LINE))
        .context("the simulation printed no figures")?;
    Ok(serde_json::from_str(line)?)
}

/// The report's section on the simulation.
pub fn section(pumping: &anyhow::Result<Value>) -> String {
    let mut out = String::from(
        "\n## 7. SMS pumping (2 000 resets and enrollments in a simulated day, texts to DE and AT)\n\n",
    );
    let figures = match pumping {
        Ok(figures) => figures,
        Err(error) => {
            let _ = writeln!(out, "Not measured: {error:#}");
            return out;
        }
    };
    let number = |key: &str| figures[key].as_u64().unwrap_or_default();
    let _ = writeln!(
        out,
        "{} attempts, {} texts queued; spend {} of a budget of {} cost units. Austria paused at {} \
         ({} minutes into the attack, on a sample of {} codes); the real person in Germany got \
         {} codes of {}.\n",
        number("attempted"),
        number("queued"),
        number("spend"),
        number("budget"),
        figures["paused_at"].as_str().unwrap_or("never"),
        number("paused_after_minutes"),
        number("pause_sample"),
        number("real_person_codes"),
        number("real_person_resets"),
    );
    out.push_str("| refused because | attempts |\n|---|---|\n");
    if let Some(refused) = figures["refused"].as_object() {
        for (why, count) in refused {
            let _ = writeln!(out, "| {why} | {count} |");
        }
    }
    out
}

/// The summary's row: what got through, and whether anything passed the caps.
pub fn summary_row(figures: &Value) -> (String, bool) {
    let number = |key: &str| figures[key].as_u64().unwrap_or_default();
    let measured = format!(
        "{} of {} sent, spend {}, paused at {}",
        number("queued"),
        number("attempted"),
        number("spend"),
        figures["paused_at"].as_str().unwrap_or("never"),
    );
    let held = number("spend") <= number("budget")
        && number("texts_to_the_prefix") <= number("prefix_cap")
        && number("texts_to_attacked_country") <= number("country_cap");
    (measured, held)
}
