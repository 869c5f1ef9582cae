//! Sizes: each file of dist/ raw, gzip -9 and brotli -q 11; the first load of a page as the
//! server actually sends it (brotli where it has it); the WASM against the committed baseline.

use std::io::Write;

use anyhow::Context;
use serde_json::{Value, json};

use crate::http;
use crate::process::root;

/// One file of dist/.
pub struct FileSize {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// What the browser downloads before the app runs: each request and its bytes on the wire.
pub struct FirstLoad {
    pub page: &'static str,
    pub requests: Vec<(String, usize)>,
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

/// The local CSS, JS and WASM files an HTML page names, in order.
fn assets_of(html: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for quoted in html.split(['"', '\'']) {
        let path = quoted.split(['?', '#']).next().unwrap_or_default();
        let wanted = [".css", ".js", ".wasm"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if path.starts_with('/') && wanted && !found.iter().any(|f| f == path) {
            found.push(path.to_string());
        }
    }
    found
}

/// The words an English-speaking browser downloads before the page shows anything (index.html's
/// script preloads them alongside the WASM).
const ENGLISH_WORDS: &str = "/locales/en.json";

/// Fetches `page`, every asset it names and its words, as a browser that takes brotli would.
pub fn first_load(address: &str, page: &'static str) -> anyhow::Result<FirstLoad> {
    let compressed = [("Accept-Encoding", "br, gzip")];
    let html = http::request(address, "GET", page, &[], None)?;
    let mut requests = vec![(
        page.to_string(),
        http::request(address, "GET", page, &compressed, None)?
            .body
            .len(),
    )];
    let mut assets = assets_of(&String::from_utf8_lossy(&html.body));
    assets.push(ENGLISH_WORDS.to_string());
    for asset in assets {
        let answer = http::request(address, "GET", &asset, &compressed, None)?;
        anyhow::ensure!(answer.status == 200, "{asset} answered {}", answer.status);
        requests.push((asset, answer.body.len()));
    }
    Ok(FirstLoad { page, requests })
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
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_assets_a_page_names_once_each() {
        let html = r#"<link rel="stylesheet" href="/main-1.css"><link rel="modulepreload" href="/app-2.js">
            <link rel="preload" href="/app-2_bg.wasm" as="fetch"><script type="module">import init from '/app-2.js';
            init({ module_or_path: '/app-2_bg.wasm' });</script><a href="https://example.com/x.js">"#;
        assert_eq!(
            assets_of(html),
            ["/main-1.css", "/app-2.js", "/app-2_bg.wasm"]
        );
    }

    #[test]
    fn brotli_beats_gzip_on_text() {
        let text = "Security info ".repeat(200);
        assert!(brotli11(text.as_bytes()) < gzip9(text.as_bytes()));
        assert!(gzip9(text.as_bytes()) < text.len());
    }
}
