//! The report: target/bench/report.md for people, report.json for tools — each section's
//! figures, or why it could not be measured, with the budgets of performance.md beside them.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::flood::{self, Flood};
use super::keycloak::Console;
use super::lighthouse::PageScores;
use super::load::{BURST, Burst, Run};
use super::next_screens::{self, NextScreen};
use super::sizes::{FileSize, FirstLoad};
use super::soak::{self, Soak};

/// Everything measured in one run.
pub struct Measured {
    pub when: String,
    pub machine: String,
    pub files: anyhow::Result<Vec<FileSize>>,
    pub loads: anyhow::Result<Vec<FirstLoad>>,
    pub next_screens: anyhow::Result<Vec<NextScreen>>,
    pub baseline: Option<(usize, usize)>,
    pub keycloak: anyhow::Result<Console>,
    pub lighthouse: anyhow::Result<Vec<PageScores>>,
    pub load: anyhow::Result<Vec<Run>>,
    pub burst: anyhow::Result<Burst>,
    pub flood: anyhow::Result<Flood>,
    pub soak: anyhow::Result<Soak>,
    /// The SMS pumping simulation's figures, as its test printed them.
    pub pumping: anyhow::Result<Value>,
    /// Password hashes allowed at once (the Argon2 pool).
    pub hash_pool: usize,
}

const KB: f64 = 1000.0;

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / KB)
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

fn not_measured<T>(result: &anyhow::Result<T>) -> Option<String> {
    result
        .as_ref()
        .err()
        .map(|error| format!("Not measured: {error:#}\n"))
}

impl Measured {
    /// The main module: what every page downloads before the app runs.
    fn wasm(&self) -> Option<&FileSize> {
        self.files
            .as_ref()
            .ok()?
            .iter()
            .find(|f| f.name.ends_with("latchkey_bg.wasm"))
    }

    /// The summary table: each budget of performance.md and how this run compares.
    pub fn summary(&self) -> String {
        let mut rows = String::from("| what | measured | budget | |\n|---|---|---|---|\n");
        let mut row = |what: &str, measured: String, budget: &str, note: &str| {
            let _ = writeln!(rows, "| {what} | {measured} | {budget} | {note} |");
        };
        if let Some(wasm) = self.wasm() {
            let change = self.baseline.map_or_else(
                || "no baseline".to_string(),
                |(_, br)| {
                    format!(
                        "{:+.1} KB since the baseline",
                        (wasm.brotli as f64 - br as f64) / KB
                    )
                },
            );
            row(
                "main WASM module, raw",
                kb(wasm.raw),
                "≤ 250 KB",
                verdict(wasm.raw <= 250_000),
            );
            let met = verdict(wasm.brotli <= 75_000);
            row(
                "main WASM module, brotli",
                kb(wasm.brotli),
                "≤ 75 KB",
                &format!("{met}; {change}"),
            );
        }
        if let Ok(loads) = &self.loads {
            for load in loads {
                let measured = format!("{} in {} requests", kb(load.total()), load.requests.len());
                let what = format!("first load of `{}` in Chromium", load.page);
                // `/signin, turned to` has no budget: what someone about to sign in downloads.
                let limit = match load.page.as_str() {
                    "/signin" => Some(100_000),
                    "/security-info" => Some(120_000),
                    _ => None,
                };
                match limit {
                    Some(limit) => row(
                        &what,
                        measured,
                        &format!("≤ {} KB", limit / 1000),
                        verdict(load.total() <= limit),
                    ),
                    None => row(&what, measured, "—", "until the app is ready to sign in"),
                }
            }
        }
        if let Ok(screens) = &self.next_screens {
            for screen in screens {
                row(
                    &format!("{} opens after the click, slow 4G phone", screen.screen),
                    format!("{:.0} ms", screen.ms),
                    &format!("≤ {:.0} ms", next_screens::BUDGET_MS),
                    verdict(screen.ms <= next_screens::BUDGET_MS),
                );
            }
        }
        if let (Ok(console), Ok(loads)) = (&self.keycloak, &self.loads)
            && let Some(ours) = loads.iter().find(|l| l.page == "/security-info")
        {
            let ratio = ours.total() as f64 / console.total() as f64;
            let what = "Keycloak account console 26.7.4, initial JS + CSS, brotli";
            row(
                what,
                kb(console.total()),
                "—",
                &format!("ours is {ratio:.2}× its size"),
            );
        }
        if let Ok(pages) = &self.lighthouse {
            for page in pages {
                let scores = format!(
                    "{:.0} / {:.0} / {:.0}",
                    page.performance, page.accessibility, page.best_practices
                );
                let all = page.performance >= 100.0
                    && page.accessibility >= 100.0
                    && page.best_practices >= 100.0;
                let what = format!(
                    "Lighthouse `{}` performance / accessibility / best practices",
                    page.page
                );
                row(&what, scores, "100 / 100 / 100", verdict(all));
                let timing = format!(
                    "{:.0} ms / {:.0} ms / {:.3}",
                    page.lcp_ms, page.tbt_ms, page.cls
                );
                let met = page.lcp_ms <= 1200.0 && page.tbt_ms <= 50.0 && page.cls == 0.0;
                let what = format!("Lighthouse `{}` LCP / TBT / CLS", page.page);
                row(&what, timing, "≤ 1 200 ms / ≤ 50 ms / 0", verdict(met));
            }
        }
        if let Ok(runs) = &self.load
            && let Some(run) = runs
                .iter()
                .find(|r| r.endpoint == "/api/v1/security-info" && r.rate == 1_000)
        {
            let measured = format!("p99 {:.2} ms, {} failed", run.p99_ms, run.failed);
            let met = run.p99_ms <= 10.0 && run.failed == 0;
            row(
                "`GET /api/v1/security-info` at 1 000 req/s",
                measured,
                "p99 ≤ 10 ms",
                verdict(met),
            );
        }
        if let Ok(burst) = &self.burst {
            let bound = 19.0 * self.hash_pool as f64 + 100.0;
            let measured = format!(
                "{}/{BURST} in {:.1} s, peak {:.0} MiB",
                burst.succeeded, burst.seconds, burst.peak_rss_mib
            );
            let met = burst.failed == 0 && burst.peak_rss_mib <= bound;
            let budget = format!("all, peak ≤ {bound:.0} MiB");
            row(
                &format!("{BURST} concurrent sign-ins"),
                measured,
                &budget,
                verdict(met),
            );
        }
        if let Ok(flood) = &self.flood {
            let measured = format!(
                "p99 {:.0} ms (quiet: {:.0} ms); {} of {} refused at once (503)",
                flood.p99_ms,
                flood.quiet_p99_ms,
                flood.refused,
                flood.signed_in + flood.refused + flood.failed
            );
            let met = flood.p99_ms <= 2000.0 && flood.failed == 0;
            row(
                &format!("a real sign-in while {} clients flood", flood::FLOODERS),
                measured,
                "p99 ≤ 2 s",
                verdict(met),
            );
        }
        if let Ok(soak) = &self.soak {
            let failed: usize = soak.kinds.iter().map(|kind| kind.failed).sum();
            let measured = format!(
                "{:+.1} MiB ({:.0} → {:.0} MiB), {failed} failed",
                soak.growth_mib(),
                soak.rss_warm_mib,
                soak.rss_end_mib
            );
            // Flat: within a tenth of the warmed-up size (allocator noise), and nothing failed.
            let met = soak.growth_mib() <= soak.rss_warm_mib / 10.0 && failed == 0;
            row(
                &format!("{}-minute soak: memory", soak::SECONDS / 60),
                measured,
                "flat, no failures",
                verdict(met),
            );
        }
        if let Ok(pumping) = &self.pumping {
            let (measured, held) = super::pumping::summary_row(pumping);
            row(
                "SMS pumping: 2 000 attempts in a day",
                measured,
                "caps and budget held",
                verdict(held),
            );
        }
        rows
    }

    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# Latchkey benchmark report\n\nMeasured {} on {}; release build. A report, not a test: \
             shared machines are noisy, so compare ratios within one run.\n\n## Summary\n\n{}\n",
            self.when,
            self.machine,
            self.summary()
        );
        out.push_str("## 1. Size\n\n");
        match &self.files {
            Ok(files) => {
                out.push_str(
                    "| file in dist/ | raw | gzip -9 | brotli -q 11 |\n|---|---|---|---|\n",
                );
                for f in files {
                    let _ = writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        f.name,
                        kb(f.raw),
                        kb(f.gzip),
                        kb(f.brotli)
                    );
                }
            }
            Err(_) => out.push_str(&not_measured(&self.files).unwrap_or_default()),
        }
        out.push('\n');
        match &self.loads {
            Ok(loads) => {
                for load in loads {
                    let _ = writeln!(
                        out,
                        "First load of `{}` in Chromium, empty cache, every byte on the wire \
                         until the network is idle:\n",
                        load.page
                    );
                    out.push_str("| request | bytes |\n|---|---|\n");
                    for (path, bytes) in &load.requests {
                        let _ = writeln!(out, "| `{path}` | {} |", kb(*bytes));
                    }
                    let _ = writeln!(out, "| **total** | **{}** |\n", kb(load.total()));
                    if !load.later.is_empty() {
                        let later: usize = load.later.iter().map(|(_, bytes)| bytes).sum();
                        let _ = writeln!(
                            out,
                            "Then, in idle time, the parts a person is likely to open next ({}):\n",
                            kb(later)
                        );
                        out.push_str("| request | bytes |\n|---|---|\n");
                        for (path, bytes) in &load.later {
                            let _ = writeln!(out, "| `{path}` | {} |", kb(*bytes));
                        }
                        out.push('\n');
                    }
                }
            }
            Err(_) => out.push_str(&not_measured(&self.loads).unwrap_or_default()),
        }
        match &self.next_screens {
            Ok(screens) => {
                out.push_str(
                    "Screens fetched later, opened once the page has settled (Chromium, slow 4G: \
                     150 ms round trip, 1.6 Mbit/s; CPU slowed 4×), from the click to the first \
                     frame that shows them:\n\n| screen | after the click |\n|---|---|\n",
                );
                for screen in screens {
                    let _ = writeln!(out, "| {} | {:.0} ms |", screen.screen, screen.ms);
                }
                out.push('\n');
            }
            Err(_) => out.push_str(&not_measured(&self.next_screens).unwrap_or_default()),
        }
        match &self.keycloak {
            Ok(console) => {
                let _ = writeln!(
                    out,
                    "Keycloak's account console (26.7.4 with React 18, react-router-dom 7, i18next; \
                     esbuild, minified): initial JS {} + CSS {} = {} brotli.\n",
                    kb(console.js_brotli),
                    kb(console.css_brotli),
                    kb(console.total())
                );
            }
            Err(_) => out.push_str(&not_measured(&self.keycloak).unwrap_or_default()),
        }
        out.push_str("## 2. Load in a browser (Lighthouse 12.8.2, mobile, median of 3)\n\n");
        match &self.lighthouse {
            Ok(pages) => {
                out.push_str("| page | performance | accessibility | best practices | FCP | LCP | TBT | CLS |\n|---|---|---|---|---|---|---|---|\n");
                for p in pages {
                    let _ = writeln!(
                        out,
                        "| `{}` | {:.0} | {:.0} | {:.0} | {:.0} ms | {:.0} ms | {:.0} ms | {:.3} |",
                        p.page,
                        p.performance,
                        p.accessibility,
                        p.best_practices,
                        p.fcp_ms,
                        p.lcp_ms,
                        p.tbt_ms,
                        p.cls
                    );
                }
            }
            Err(_) => out.push_str(&not_measured(&self.lighthouse).unwrap_or_default()),
        }
        out.push_str(
            "\n## 3. API under load (oha, loopback, 20 s at each rate, 50 connections)\n\n",
        );
        match &self.load {
            Ok(runs) => {
                out.push_str("| endpoint | rate | achieved | p50 | p99 | max | failed | server peak RSS |\n|---|---|---|---|---|---|---|---|\n");
                for r in runs {
                    let _ = writeln!(
                        out,
                        "| `GET {}` | {} req/s | {:.0} req/s | {:.2} ms | {:.2} ms | {:.1} ms | {} | {:.0} MiB |",
                        r.endpoint,
                        r.rate,
                        r.requests_per_sec,
                        r.p50_ms,
                        r.p99_ms,
                        r.max_ms,
                        r.failed,
                        r.peak_rss_mib
                    );
                }
            }
            Err(_) => out.push_str(&not_measured(&self.load).unwrap_or_default()),
        }
        let _ = writeln!(
            out,
            "\n## 4. Sign-in burst ({BURST} at once, Argon2id pool of {}, a hashing queue as long as the burst)\n",
            self.hash_pool
        );
        match &self.burst {
            Ok(b) => {
                let _ = writeln!(
                    out,
                    "{} succeeded, {} failed, in {:.1} s; the server's peak RSS {:.0} MiB (bound: 19 MiB × {} + 100 MiB = {:.0} MiB).",
                    b.succeeded,
                    b.failed,
                    b.seconds,
                    b.peak_rss_mib,
                    self.hash_pool,
                    19.0 * self.hash_pool as f64 + 100.0
                );
            }
            Err(_) => out.push_str(&not_measured(&self.burst).unwrap_or_default()),
        }
        out.push_str(&flood_section(&self.flood));
        let _ = writeln!(
            out,
            "\n## 6. Soak ({} minutes of mixed traffic at a steady rate, SQLite)\n",
            soak::SECONDS / 60
        );
        match &self.soak {
            Ok(soak) => {
                out.push_str("Latencies count from when each request was due.\n\n");
                out.push_str(
                    "| request | rate | sent | failed | p50 | p99 |\n|---|---|---|---|---|---|\n",
                );
                for kind in &soak.kinds {
                    let _ = writeln!(
                        out,
                        "| {} | {}/s | {} | {} | {:.1} ms | {:.1} ms |",
                        kind.name,
                        kind.per_second,
                        kind.requests,
                        kind.failed,
                        kind.p50_ms,
                        kind.p99_ms
                    );
                }
                let _ = writeln!(
                    out,
                    "\nThe server's memory: {:.1} MiB after {} s, {:.1} MiB at the end ({:+.1} MiB).",
                    soak.rss_warm_mib,
                    soak::WARM_UP.as_secs(),
                    soak.rss_end_mib,
                    soak.growth_mib()
                );
            }
            Err(_) => out.push_str(&not_measured(&self.soak).unwrap_or_default()),
        }
        out.push_str(&super::pumping::section(&self.pumping));
        out
    }

    pub fn json(&self) -> Value {
        let error = |e: &anyhow::Error| json!({ "error": format!("{e:#}") });
        json!({
            "when": self.when,
            "machine": self.machine,
            "sizes": match (&self.files, &self.loads) {
                (Ok(files), Ok(loads)) => super::sizes::to_json(files, loads),
                (Err(e), _) | (_, Err(e)) => error(e),
            },
            "next_screens": self.next_screens.as_ref().map_or_else(error, |screens| json!(screens.iter().map(|s| json!({
                "screen": s.screen, "ms": s.ms,
            })).collect::<Vec<_>>())),
            "wasm_baseline": self.baseline.map(|(raw, br)| json!({"raw": raw, "brotli": br})),
            "keycloak": self.keycloak.as_ref().map_or_else(error, |c| json!({
                "js_brotli": c.js_brotli, "css_brotli": c.css_brotli, "total": c.total(),
            })),
            "lighthouse": self.lighthouse.as_ref().map_or_else(error, |pages| json!(pages.iter().map(|p| json!({
                "page": p.page, "performance": p.performance, "accessibility": p.accessibility,
                "best_practices": p.best_practices, "fcp_ms": p.fcp_ms, "lcp_ms": p.lcp_ms,
                "tbt_ms": p.tbt_ms, "cls": p.cls,
            })).collect::<Vec<_>>())),
            "load": self.load.as_ref().map_or_else(error, |runs| json!(runs.iter().map(|r| json!({
                "endpoint": r.endpoint, "rate": r.rate, "requests_per_sec": r.requests_per_sec,
                "p50_ms": r.p50_ms, "p99_ms": r.p99_ms, "max_ms": r.max_ms, "failed": r.failed,
                "peak_rss_mib": r.peak_rss_mib,
            })).collect::<Vec<_>>())),
            "sign_in_burst": self.burst.as_ref().map_or_else(error, |b| json!({
                "concurrent": BURST, "succeeded": b.succeeded, "failed": b.failed,
                "seconds": b.seconds, "peak_rss_mib": b.peak_rss_mib, "hash_pool": self.hash_pool,
            })),
            "sign_in_flood": self.flood.as_ref().map_or_else(error, |f| json!({
                "flooders": flood::FLOODERS, "seconds": flood::SECONDS,
                "quiet_p99_ms": f.quiet_p99_ms, "p50_ms": f.p50_ms, "p99_ms": f.p99_ms,
                "signed_in": f.signed_in, "refused": f.refused, "failed": f.failed,
                "flood_sent": f.flood_sent, "flood_refused": f.flood_refused,
            })),
            "pumping": self.pumping.as_ref().map_or_else(error, Clone::clone),
            "soak": self.soak.as_ref().map_or_else(error, |soak| json!({
                "seconds": soak::SECONDS,
                "rss_warm_mib": soak.rss_warm_mib,
                "rss_end_mib": soak.rss_end_mib,
                "requests": soak.kinds.iter().map(|k| json!({
                    "request": k.name, "per_second": k.per_second, "sent": k.requests,
                    "failed": k.failed, "p50_ms": k.p50_ms, "p99_ms": k.p99_ms,
                })).collect::<Vec<_>>(),
            })),
        })
    }
}

/// The report's section on a real sign-in during a flood of sign-ins.
pub fn flood_section(flood: &anyhow::Result<Flood>) -> String {
    let mut out = format!(
        "\n## 5. A real sign-in during a flood ({} clients, {} s, default hashing queue)\n\n",
        flood::FLOODERS,
        flood::SECONDS
    );
    match flood {
        Ok(f) => {
            let _ = writeln!(
                out,
                "The real person's sign-ins, one every 200 ms: p50 {:.0} ms, p99 {:.0} ms (p99 {:.0} ms \
                 before the flood); {} signed in, {} refused at once with 503 and Retry-After, \
                 {} failed otherwise. The flood sent {} sign-ins, {} of them refused with 503.",
                f.p50_ms,
                f.p99_ms,
                f.quiet_p99_ms,
                f.signed_in,
                f.refused,
                f.failed,
                f.flood_sent,
                f.flood_refused
            );
        }
        Err(_) => out.push_str(&not_measured(flood).unwrap_or_default()),
    }
    out
}
