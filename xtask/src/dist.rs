//! `cargo xtask dist`: the SPA in release mode into dist/ — Trunk makes the page, its styles and
//! files, [`crate::split`] the app in parts — each file precompressed (brotli, gzip) so the
//! server sends the small twin without compressing on every request.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use crate::process::{command, root, run};
use crate::tools::ensure_build_tools;

/// What the SPA is built from; dist/ newer than all of it is up to date.
const INPUTS: &[&str] = &[
    "index.html",
    "Cargo.toml",
    "Cargo.lock",
    "Trunk.toml",
    ".cargo/config.toml",
    "src",
    "api/src",
    "api/Cargo.toml",
    "style",
    "public",
    "locales",
    "xtask/src/dist.rs",
    "xtask/src/page.rs",
    "xtask/src/split.rs",
    "xtask/src/split/bundles.js",
];

/// Installs what is missing, builds, compresses — unless dist/ is already up to date.
pub fn build() -> anyhow::Result<()> {
    ensure_build_tools()?;
    let built = root().join("dist/index.html.br");
    if let Ok(built_at) = std::fs::metadata(&built).and_then(|m| m.modified())
        && INPUTS
            .iter()
            .all(|input| newest_change(&root().join(input)).is_some_and(|t| t < built_at))
    {
        println!("xtask: dist/ is up to date");
        return Ok(());
    }
    println!("xtask: building the SPA (release)");
    let dist = root().join("dist");
    let page = site_without_app()?;
    run(command("trunk")
        .args(["build", "--release", "--offline", "--dist"])
        .arg(&dist)
        .arg(&page))?;
    let app = crate::split::build(&dist)?;
    let index = dist.join("index.html");
    let html = std::fs::read_to_string(&index)?;
    let html = html.replacen(APP_PLACE, &app.head(), 1).replacen(
        &APP_PLACE.replace('"', ""),
        &app.head(),
        1,
    );
    anyhow::ensure!(
        html.contains(&app.folder),
        "index.html lost the app's place"
    );
    std::fs::write(&index, html)?;
    precompress(&dist)?;
    println!("xtask: dist/ is ready");
    Ok(())
}

/// Where index.html loads the app: Trunk's own build of it in development, the parts' in release.
const RUST_LINK: &str = "<link data-trunk rel=\"rust\"";
/// What stands in for it in the release page until the app is built (as written, or minified).
const APP_PLACE: &str = "<meta name=\"latchkey-app\">";

/// A copy of index.html without Trunk's build of the app, with the route table's data and the
/// shell's words written in ([`crate::page`]), beside links to the folders it copies
/// files from, for Trunk to make the release page of.
fn site_without_app() -> anyhow::Result<std::path::PathBuf> {
    let site = root().join("target/release-site");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site)?;
    for folder in ["public", "locales", "style"] {
        std::os::unix::fs::symlink(root().join(folder), site.join(folder))?;
    }
    let html = std::fs::read_to_string(root().join("index.html"))?;
    let html: Vec<&str> = html
        .lines()
        .map(|line| {
            if line.trim_start().starts_with(RUST_LINK) {
                "  <meta name=\"latchkey-app\">"
            } else {
                line
            }
        })
        .collect();
    anyhow::ensure!(
        html.iter().any(|line| line.contains(APP_PLACE)),
        "index.html has no {RUST_LINK}"
    );
    let page = site.join("index.html");
    std::fs::write(&page, crate::page::with_table(&html.join("\n"))?)?;
    Ok(page)
}

/// The latest modification time of a file, or of anything in a folder.
fn newest_change(path: &Path) -> Option<std::time::SystemTime> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_dir() {
        return meta.modified().ok();
    }
    std::fs::read_dir(path)
        .ok()?
        .filter_map(|entry| newest_change(&entry.ok()?.path()))
        .max()
        .or_else(|| meta.modified().ok())
}

fn precompress(dir: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            precompress(&path)?;
            continue;
        }
        let compressible = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            matches!(
                e,
                "html" | "js" | "css" | "wasm" | "bundle" | "svg" | "txt" | "json"
            )
        });
        if !compressible {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let mut brotli_bytes = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut bytes.as_slice(), &mut brotli_bytes, &params)?;
        std::fs::write(with_suffix(&path, "br"), brotli_bytes)?;
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gzip.write_all(&bytes)?;
        std::fs::write(with_suffix(&path, "gz"), gzip.finish()?)?;
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    name.into()
}
