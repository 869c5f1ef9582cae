//! Lighthouse 12.8.2 (locked in bench/lighthouse/) with its mobile preset (4× CPU, slow 4G) on
//! Debian's Chromium: the median of three runs of each page — scores, FCP, LCP, TBT and CLS.

use serde_json::Value;

use crate::process::{command, root, run};

/// One page's medians.
pub struct PageScores {
    pub page: &'static str,
    pub performance: f64,
    pub accessibility: f64,
    pub best_practices: f64,
    pub fcp_ms: f64,
    pub lcp_ms: f64,
    pub tbt_ms: f64,
    pub cls: f64,
}

const RUNS: usize = 3;
/// Tries of one run: Lighthouse sometimes loses a trace (`NO_NAVSTART`) on a busy machine.
const TRIES: usize = 3;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Runs Lighthouse on each page (with the session `cookie` for the signed-in one).
pub fn measure(address: &str, cookie: &str) -> anyhow::Result<Vec<PageScores>> {
    let dir = root().join("target/bench/lighthouse");
    std::fs::create_dir_all(&dir)?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(root().join("bench/lighthouse").join(file), dir.join(file))?;
    }
    if !dir.join("node_modules/.bin/lighthouse").exists() {
        println!("xtask: installing Lighthouse 12.8.2 (npm ci, once)");
        run(command("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir))?;
    }
    let headers = format!(r#"{{"Cookie":"{cookie}"}}"#);
    let mut pages = Vec::new();
    for (page, signed_in) in [("/signin", false), ("/security-info", true)] {
        let mut runs: Vec<Value> = Vec::new();
        for run_number in 0..RUNS {
            let report = dir.join(format!(
                "report-{}-{run_number}.json",
                page.trim_start_matches('/')
            ));
            let mut lighthouse = command(
                dir.join("node_modules/.bin/lighthouse")
                    .to_str()
                    .unwrap_or_default(),
            );
            lighthouse
                .arg(format!("http://{address}{page}"))
                .args(["--output=json", "--quiet"])
                .arg(format!("--output-path={}", report.display()))
                .arg("--only-categories=performance,accessibility,best-practices")
                .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
                .env("CHROME_PATH", "/usr/bin/chromium");
            if signed_in {
                lighthouse.arg(format!("--extra-headers={headers}"));
            }
            runs.push(run_with_retries(&mut lighthouse, &report)?);
        }
        let pick = |read: &dyn Fn(&Value) -> Option<f64>| {
            median(
                runs.iter()
                    .map(|run| read(run).unwrap_or(f64::NAN))
                    .collect(),
            )
        };
        let score = |name: &'static str| {
            move |run: &Value| run["categories"][name]["score"].as_f64().map(|s| s * 100.0)
        };
        let audit =
            |name: &'static str| move |run: &Value| run["audits"][name]["numericValue"].as_f64();
        pages.push(PageScores {
            page,
            performance: pick(&score("performance")),
            accessibility: pick(&score("accessibility")),
            best_practices: pick(&score("best-practices")),
            fcp_ms: pick(&audit("first-contentful-paint")),
            lcp_ms: pick(&audit("largest-contentful-paint")),
            tbt_ms: pick(&audit("total-blocking-time")),
            cls: pick(&audit("cumulative-layout-shift")),
        });
    }
    Ok(pages)
}

/// One Lighthouse run, tried again when it fails or its report carries a runtime error, so one
/// bad trace does not lose the figures.
fn run_with_retries(
    lighthouse: &mut std::process::Command,
    report: &std::path::Path,
) -> anyhow::Result<Value> {
    let mut last_problem = String::new();
    for _ in 0..TRIES {
        let outcome = run(lighthouse).and_then(|()| {
            let value: Value = serde_json::from_str(&std::fs::read_to_string(report)?)?;
            match value["runtimeError"]["code"].as_str() {
                Some(code) => anyhow::bail!("Lighthouse reported {code}"),
                None => Ok(value),
            }
        });
        match outcome {
            Ok(value) => return Ok(value),
            Err(problem) => {
                last_problem = format!("{problem:#}");
                println!("xtask: a Lighthouse run failed ({last_problem}); trying again");
            }
        }
    }
    anyhow::bail!("Lighthouse failed {TRIES} times: {last_problem}")
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn the_median_of_three_is_the_middle_one() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert!(median(Vec::new()).is_nan());
    }
}
