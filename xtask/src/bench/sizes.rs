//! Sizes: each file of dist/ raw, gzip -9 and brotli -q 11 (the main module and every part);
//! the first load of a page as Chromium downloads it, and the parts it fetches in idle time after;
//! the main module against the committed baseline.

use std::io::Write;

use anyhow::Context;
use serde_json::{Value, json};

use crate::process::root;

/// One file of dist/.
pub struct FileSize {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// What a browser with an empty cache downloads for a page until the network is idle: each
/// request and its bytes on the wire; then what it fetches in idle time (the likely next parts).
pub struct FirstLoad {
    pub page: String,
    pub requests: Vec<(String, usize)>,
    pub later: Vec<(String, usize)>,
}

impl FirstLoad {
    pub fn total(&self) -> usize {
        self.requests.iter().map(|(_, bytes)| bytes).sum()
    }
}

pub fn gzip9(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map_or(0, |out| out.len())
}

pub fn brotli11(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out.len()
}

/// Every file the build wrote (not the precompressed copies), by path under dist/.
pub fn dist_files() -> anyhow::Result<Vec<FileSize>> {
    let dist = root().join("dist");
    let mut files = Vec::new();
    let mut folders = vec![dist.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).context("no dist/: build it first")? {
            let path = entry?.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    let mut sizes = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(&dist)
            .unwrap_or(&path)
            .to_string_lossy()
            .to_string();
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let bytes = std::fs::read(&path)?;
        sizes.push(FileSize {
            raw: bytes.len(),
            gzip: gzip9(&bytes),
            brotli: brotli11(&bytes),
            name,
        });
    }
    sizes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sizes)
}

/// The pages measured, as first-load.mjs names them: `/signin` as it opens, and once the person
/// turns to it (its card works before the app, which then starts); `/security-info` signed in.
const PAGES: &[&str] = &["/signin", "/signin:turned", "/security-info:signed-in"];

/// Loads each page in Chromium (tests/e2e/measure/first-load.mjs), signed in with `cookie`
/// where the page needs it.
pub fn first_loads(address: &str, cookie: &str) -> anyhow::Result<Vec<FirstLoad>> {
    let mut args = vec![cookie];
    args.extend(PAGES);
    let measured = super::browser::measure_in_browser("first-load.mjs", address, &args)?;
    let requests = |list: &Value| -> Vec<(String, usize)> {
        list.as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let path = r["path"].as_str().unwrap_or("?").to_string();
                (path, r["bytes"].as_f64().unwrap_or(0.0) as usize)
            })
            .collect()
    };
    measured
        .iter()
        .map(|load| {
            Ok(FirstLoad {
                page: load["page"]
                    .as_str()
                    .context("a load names its page")?
                    .to_string(),
                requests: requests(&load["requests"]),
                later: requests(&load["later"]),
            })
        })
        .collect()
}

/// The committed WASM sizes to compare with: (raw, brotli), if any.
pub fn baseline() -> Option<(usize, usize)> {
    let text = std::fs::read_to_string(root().join("bench/baseline.json")).ok()?;
    let value: Value = serde_json::from_str(&text).ok()?;
    Some((
        value["wasm_raw"].as_u64()? as usize,
        value["wasm_brotli"].as_u64()? as usize,
    ))
}

/// The sizes as JSON, for the report's twin.
pub fn to_json(files: &[FileSize], loads: &[FirstLoad]) -> Value {
    json!({
        "files": files.iter().map(|f| json!({
            "name": f.name, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli,
        })).collect::<Vec<_>>(),
        "first_load": loads.iter().map(|l| json!({
            "page": l.page,
            "requests": l.requests.iter().map(|(path, bytes)| json!({"path": path, "bytes": bytes})).collect::<Vec<_>>(),
            "total": l.total(),
            "later": l.later.iter().map(|(path, bytes)| json!({"path": path, "bytes": bytes})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brotli_beats_gzip_on_text() {
        let text = "Security info ".repeat(200);
        assert!(brotli11(text.as_bytes()) < gzip9(text.as_bytes()));
        assert!(gzip9(text.as_bytes()) < text.len());
    }
}
