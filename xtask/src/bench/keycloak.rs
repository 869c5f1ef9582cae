//! The comparison row: Keycloak's account console (npm `@keycloak/keycloak-account-ui` 26.7.4
//! with React 18, react-router-dom 7 and i18next, as locked in bench/keycloak/) bundled by
//! esbuild, minified; the JS and CSS it loads before any data, brotli -q 11.

use std::collections::BTreeSet;

use anyhow::Context;
use serde_json::Value;

use super::sizes::brotli11;
use crate::process::{command, root, run};

/// The console's initial JS and CSS, brotli.
pub struct Console {
    pub js_brotli: usize,
    pub css_brotli: usize,
}

impl Console {
    pub fn total(&self) -> usize {
        self.js_brotli + self.css_brotli
    }
}

pub fn measure() -> anyhow::Result<Console> {
    let dir = root().join("target/bench/keycloak");
    std::fs::create_dir_all(&dir)?;
    for file in ["package.json", "package-lock.json", "entry.jsx"] {
        std::fs::copy(root().join("bench/keycloak").join(file), dir.join(file))?;
    }
    if !dir
        .join("node_modules/@keycloak/keycloak-account-ui")
        .exists()
    {
        println!("xtask: installing Keycloak's account console and esbuild (npm ci, once)");
        run(command("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir))?;
    }
    let out = dir.join("out");
    let _ = std::fs::remove_dir_all(&out);
    let mut esbuild = command(
        dir.join("node_modules/.bin/esbuild")
            .to_str()
            .unwrap_or_default(),
    );
    esbuild
        .current_dir(&dir)
        .args([
            "entry.jsx",
            "--bundle",
            "--minify",
            "--splitting",
            "--format=esm",
        ])
        .args([
            "--jsx=automatic",
            "--outdir=out",
            "--metafile=out/meta.json",
        ])
        .args([
            "--log-level=error",
            "--define:process.env.NODE_ENV=\"production\"",
        ]);
    for extension in ["woff", "woff2", "ttf", "eot", "svg", "png", "jpg", "gif"] {
        esbuild.arg(format!("--loader:.{extension}=file"));
    }
    run(&mut esbuild)?;
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(out.join("meta.json"))?)?;
    let outputs = meta["outputs"]
        .as_object()
        .context("esbuild wrote no outputs")?;
    let (entry, details) = outputs
        .iter()
        .find(|(_, o)| o["entryPoint"] == "entry.jsx")
        .context("no output for entry.jsx")?;
    // The entry and every chunk it imports statically; lazy chunks wait for navigation.
    let mut initial = BTreeSet::from([entry.clone()]);
    let mut queue = vec![entry.clone()];
    while let Some(file) = queue.pop() {
        for import in outputs[&file]["imports"].as_array().into_iter().flatten() {
            let path = import["path"].as_str().unwrap_or_default().to_string();
            if import["kind"] == "import-statement" && initial.insert(path.clone()) {
                queue.push(path);
            }
        }
    }
    let size =
        |path: &str| -> anyhow::Result<usize> { Ok(brotli11(&std::fs::read(dir.join(path))?)) };
    let js_brotli = initial
        .iter()
        .map(|path| size(path))
        .sum::<anyhow::Result<usize>>()?;
    let css_brotli = match details["cssBundle"].as_str() {
        Some(css) => size(css)?,
        None => 0,
    };
    Ok(Console {
        js_brotli,
        css_brotli,
    })
}
