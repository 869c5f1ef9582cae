//! The API under load with `oha` (loopback only, bounded in time): fixed request rates on the
//! user's security info and on the public config; then a burst of concurrent sign-ins. The
//! server's peak memory (VmHWM) is read after each, reset before.

use std::path::PathBuf;

use anyhow::Context;
use serde_json::Value;

use crate::process::{command, output_line, run};

const OHA_VERSION: &str = "1.16.0";
/// Seconds each rate runs for.
const SECONDS: u32 = 20;
/// Sign-ins sent at once.
pub const BURST: u32 = 200;

/// One endpoint at one rate.
pub struct Run {
    pub endpoint: &'static str,
    pub rate: u32,
    pub requests_per_sec: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub failed: u64,
    pub peak_rss_mib: f64,
}

/// The sign-in burst.
pub struct Burst {
    pub succeeded: u64,
    pub failed: u64,
    pub seconds: f64,
    pub peak_rss_mib: f64,
}

/// oha from the crate registry, once.
pub fn ensure_oha() -> anyhow::Result<()> {
    let version = output_line(command("oha").arg("--version")).unwrap_or_default();
    if version.ends_with(OHA_VERSION) {
        return Ok(());
    }
    println!("xtask: installing oha {OHA_VERSION} (a few minutes, once)");
    run(command("cargo").args(["install", "--locked", "oha", "--version", OHA_VERSION]))
}

/// The server's peak resident memory since the last reset, in MiB.
fn peak_rss(pid: u32) -> f64 {
    memory(pid, "VmHWM:")
}

/// The server's resident memory now, in MiB.
pub fn rss(pid: u32) -> f64 {
    memory(pid, "VmRSS:")
}

/// One of the process's memory figures (`field` as /proc/PID/status names it), in MiB.
fn memory(pid: u32, field: &str) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// Starts the peak over (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

/// Runs oha with `args` against `url`; its JSON summary.
fn oha(args: &[String], url: &str, out: &PathBuf) -> anyhow::Result<Value> {
    run(command("oha")
        .args(args)
        .args(["--no-tui", "--output-format", "json", "-o"])
        .arg(out)
        .arg(url))?;
    serde_json::from_str(&std::fs::read_to_string(out)?).context("oha wrote no JSON")
}

/// Requests that failed: transport errors and non-2xx answers. Requests still in flight when a
/// timed run ends ("aborted due to deadline") are oha's, not the server's.
fn failures(summary: &Value) -> u64 {
    let errors: u64 = summary["errorDistribution"].as_object().map_or(0, |all| {
        all.iter()
            .filter(|(error, _)| !error.contains("deadline"))
            .filter_map(|(_, n)| n.as_u64())
            .sum()
    });
    let not_ok: u64 = summary["statusCodeDistribution"]
        .as_object()
        .map_or(0, |all| {
            all.iter()
                .filter(|(code, _)| !code.starts_with('2'))
                .filter_map(|(_, n)| n.as_u64())
                .sum()
        });
    errors + not_ok
}

/// Each endpoint at 500 and 1 000 requests a second for `SECONDS`.
pub fn measure(address: &str, cookie: &str, pid: u32, out: &PathBuf) -> anyhow::Result<Vec<Run>> {
    let mut runs = Vec::new();
    for endpoint in ["/api/v1/security-info", "/api/v1/config"] {
        for rate in [500, 1_000] {
            reset_peak(pid);
            let args = vec![
                "-z".to_string(),
                format!("{SECONDS}s"),
                "-q".into(),
                rate.to_string(),
                "-c".into(),
                "50".into(),
                "-H".into(),
                format!("Cookie: {cookie}"),
            ];
            let summary = oha(&args, &format!("http://{address}{endpoint}"), out)?;
            let latency = &summary["metrics"]["latency_ms"];
            runs.push(Run {
                endpoint,
                rate,
                requests_per_sec: summary["summary"]["requestsPerSec"]
                    .as_f64()
                    .unwrap_or(f64::NAN),
                p50_ms: latency["p50"].as_f64().unwrap_or(f64::NAN),
                p99_ms: latency["p99"].as_f64().unwrap_or(f64::NAN),
                max_ms: latency["max"].as_f64().unwrap_or(f64::NAN),
                failed: failures(&summary),
                peak_rss_mib: peak_rss(pid),
            });
        }
    }
    Ok(runs)
}

/// `BURST` sign-ins at once, each a full Argon2id check.
pub fn sign_in_burst(address: &str, body: &str, pid: u32, out: &PathBuf) -> anyhow::Result<Burst> {
    reset_peak(pid);
    let args: Vec<String> = [
        "-n",
        &BURST.to_string(),
        "-c",
        &BURST.to_string(),
        "-m",
        "POST",
        "-H",
        "Content-Type: application/json",
        "-H",
        "X-Requested-With: latchkey",
        "-d",
        body,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let summary = oha(&args, &format!("http://{address}/api/v1/session"), out)?;
    let failed = failures(&summary);
    Ok(Burst {
        succeeded: u64::from(BURST).saturating_sub(failed),
        failed,
        seconds: summary["summary"]["total"].as_f64().unwrap_or(f64::NAN),
        peak_rss_mib: peak_rss(pid),
    })
}

#[cfg(test)]
mod tests {
    use super::failures;

    #[test]
    fn errors_and_non_2xx_answers_count_as_failures() {
        let summary = serde_json::json!({
            "statusCodeDistribution": {"200": 90, "429": 4, "500": 1},
            "errorDistribution": {"connection reset": 2, "aborted due to deadline": 3},
        });
        assert_eq!(failures(&summary), 7);
    }
}
