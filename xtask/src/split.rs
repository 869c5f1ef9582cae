//! The release build of the SPA's WASM in parts: compiled with the `split` feature, split at the
//! split points of `src/parts.rs` (wasm_split_cli_support), bound (wasm-bindgen), shrunk
//! (wasm-opt) and its scripts minified (esbuild), into one folder named by a hash of its contents
//! so browsers may keep it for ever.
//! Each part's files are also put together in a bundle, downloaded in one request when all of
//! them are wanted at once (`split/bundles.js`).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::process::{command, root, run};
use crate::route_table::{PAGES, Shows, shown};

/// The main module's JavaScript, as index.html imports it.
const MAIN_SCRIPT: &str = "latchkey.js";
/// The main module's WASM.
const MAIN_WASM: &str = "latchkey_bg.wasm";
/// The script that downloads the parts, as the main module imports it.
const PARTS_SCRIPT: &str = "parts.js";

/// The extension of a part's bundle: its files one after the other.
const BUNDLE: &str = "bundle";

/// wasm-opt's settings: smallest, with the WASM features Rust ≥ 1.87 emits, without the
/// producers and target-features sections (some 200 bytes in each of the dozens of parts).
const WASM_OPT: &[&str] = &[
    "-Oz",
    "--strip-producers",
    "--strip-target-features",
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Which part each page needs at once, by the split names of `src/parts.rs`, as the route
/// table says (a page that leads to another needs the other's): index.html asks for them
/// alongside the main module.
fn page_splits() -> impl Iterator<Item = (&'static str, &'static str)> {
    PAGES.iter().filter_map(|page| match shown(page).shows {
        Shows::Part(split) => Some((page.path, split)),
        _ => None,
    })
}

/// The built app in `dist/<folder>/`.
#[derive(Debug)]
pub struct App {
    /// `app-<hash>`.
    pub folder: String,
    /// For each page path, the part files (in the folder) it needs besides the main module.
    pub page_parts: Vec<(&'static str, Vec<String>)>,
}

/// Builds the app into a fresh `app-<hash>` folder of `dist`.
pub fn build(dist: &Path) -> anyhow::Result<App> {
    let work = root().join("target/latchkey-split");
    let _ = std::fs::remove_dir_all(&work);
    let parts_dir = work.join("parts");
    std::fs::create_dir_all(&parts_dir)?;

    // Relocations let the splitter move functions between modules.
    run(command("cargo").args([
        "rustc",
        "--package=latchkey",
        "--bin=latchkey",
        "--target=wasm32-unknown-unknown",
        "--profile=wasm-release",
        "--features=split",
        "--",
        "-Clink-arg=--emit-relocs",
    ]))?;
    let compiled = root().join("target/wasm32-unknown-unknown/wasm-release/latchkey.wasm");
    let input =
        std::fs::read(&compiled).with_context(|| format!("cannot read {}", compiled.display()))?;

    let unbound = work.join("latchkey_split.wasm");
    let link_name = format!("./{PARTS_SCRIPT}");
    let main_module = format!("./{MAIN_SCRIPT}");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &parts_dir;
        options.main_out_path = &unbound;
        options.link_name = &link_name;
        options.main_module = &main_module;
        options
    })
    .map_err(|error| anyhow::anyhow!("splitting the WASM failed: {error}"))?;

    run(command("wasm-bindgen")
        .args([
            "--target=web",
            "--keep-lld-exports",
            "--no-demangle",
            "--no-typescript",
            "--out-name=latchkey",
        ])
        .arg("--out-dir")
        .arg(&parts_dir)
        .arg(&unbound))?;

    for entry in std::fs::read_dir(&parts_dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "wasm") {
            run(command("wasm-opt")
                .args(WASM_OPT)
                .arg(&path)
                .arg("-o")
                .arg(&path))?;
        }
    }
    write_bundles(&parts_dir, &split.prefetch_map)?;
    minify_scripts(&parts_dir)?;
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&parts_dir)? {
        files.push(entry?.path());
    }
    files.sort();

    let folder = format!("app-{:016x}", contents_hash(&files)?);
    let destination = dist.join(&folder);
    std::fs::create_dir_all(&destination)?;
    for file in &files {
        let name = file.file_name().context("a file has a name")?;
        std::fs::copy(file, destination.join(name))?;
    }
    for wanted in [MAIN_SCRIPT, MAIN_WASM, PARTS_SCRIPT] {
        anyhow::ensure!(
            destination.join(wanted).exists(),
            "the build made no {wanted}"
        );
    }
    Ok(App {
        page_parts: page_parts(&split.prefetch_map)?,
        folder,
    })
}

/// A part's bundle, when it is made of several files.
fn bundle(split: &str, stems: &[String]) -> Option<String> {
    (stems.len() > 1).then(|| format!("{split}.{BUNDLE}"))
}

/// What to download for each page of [`page_splits`]; an error if a split name is unknown.
fn page_parts(
    prefetch: &HashMap<String, Vec<String>>,
) -> anyhow::Result<Vec<(&'static str, Vec<String>)>> {
    page_splits()
        .map(|(page, split)| {
            let stems = prefetch
                .get(split)
                .with_context(|| format!("src/parts.rs has no part named {split}"))?;
            let files = bundle(split, stems).map_or_else(
                || stems.iter().map(|s| format!("{s}.wasm")).collect(),
                |b| vec![b],
            );
            Ok((page, files))
        })
        .collect()
}

/// Writes the bundle of each page's part made of several files (its files one after the other;
/// other parts come after a page's, which has some of their files already), and appends to the
/// parts script the code that downloads a bundle when all its files are wanted.
fn write_bundles(parts_dir: &Path, prefetch: &HashMap<String, Vec<String>>) -> anyhow::Result<()> {
    let mut splits: Vec<&str> = page_splits().map(|(_, split)| split).collect();
    splits.sort_unstable();
    splits.dedup();
    let mut bundles = Vec::new();
    for split in splits {
        let stems = prefetch.get(split).map(Vec::as_slice).unwrap_or_default();
        let Some(bundle) = bundle(split, stems) else {
            continue;
        };
        let mut bytes = Vec::new();
        let mut files = Vec::new();
        for stem in stems {
            let name = format!("{stem}.wasm");
            let file = std::fs::read(parts_dir.join(&name))?;
            files.push(serde_json::json!([name, file.len()]));
            bytes.extend(file);
        }
        std::fs::write(parts_dir.join(&bundle), &bytes)?;
        bundles.push((bytes.len(), bundle, files));
    }
    // Largest first: when two parts are wanted at once, the larger comes in one request.
    bundles.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let table: Vec<_> = bundles
        .into_iter()
        .map(|(_, name, files)| serde_json::json!([name, files]))
        .collect();

    let script = parts_dir.join(PARTS_SCRIPT);
    let loader = std::fs::read_to_string(&script)?;
    anyhow::ensure!(
        loader.contains("fetch(new URL(") && !loader.contains("function fetch"),
        "{PARTS_SCRIPT} no longer downloads files with fetch(new URL(…)): split/bundles.js needs a look"
    );
    let script_text = format!(
        "{loader}\nconst BUNDLES = {};\n{}",
        serde_json::to_string(&table)?,
        include_str!("split/bundles.js")
    );
    std::fs::write(&script, script_text)?;
    Ok(())
}

/// Minifies the app's scripts in place (esbuild): the browser needs no comments, spaces or long
/// local names.
fn minify_scripts(parts_dir: &Path) -> anyhow::Result<()> {
    for script in [MAIN_SCRIPT, PARTS_SCRIPT] {
        let path = parts_dir.join(script);
        run(command("esbuild")
            .arg(&path)
            .args(["--minify", "--format=esm", "--allow-overwrite"])
            .arg(format!("--outfile={}", path.display())))?;
    }
    Ok(())
}

/// A hash of the files' names and contents.
fn contents_hash(files: &[PathBuf]) -> anyhow::Result<u64> {
    let mut hasher = DefaultHasher::new();
    for file in files {
        hasher.write(file.file_name().unwrap_or_default().as_encoded_bytes());
        hasher.write(&std::fs::read(file)?);
    }
    Ok(hasher.finish())
}

impl App {
    /// What index.html needs to start the app, once its script says the app is wanted (at once,
    /// except at `/signin`): the main module, its WASM and the parts of the page at hand fetched
    /// together, and the start — or, when the app cannot be fetched, the shell's "couldn't load"
    /// notice in place of what it showed.
    pub fn head(&self) -> String {
        let folder = &self.folder;
        let parts: Vec<String> = self
            .page_parts
            .iter()
            .map(|(page, files)| {
                let files: Vec<String> = files.iter().map(|f| format!("\"{f}\"")).collect();
                format!("\"{page}\":[{}]", files.join(","))
            })
            .collect();
        format!(
            r#"<script>latchkeyWanted.then(function(){{var files=["{MAIN_SCRIPT}","{MAIN_WASM}"].concat({{{parts}}}[location.pathname]||[]);for(var i=0;i<files.length;i++){{var link=document.createElement("link");if(i===0){{link.rel="modulepreload";}}else{{link.rel="preload";link.as="fetch";link.crossOrigin="anonymous";}}link.href="/{folder}/"+files[i];document.head.appendChild(link);}}}});</script>
<script type="module">latchkeyWanted.then(function(){{return import("/{folder}/{MAIN_SCRIPT}");}}).then(function(app){{return app.default({{module_or_path:"/{folder}/{MAIN_WASM}"}});}}).catch(function(){{document.getElementById("loading").hidden=true;document.getElementById("sign-in").hidden=true;document.getElementById("not-loaded").hidden=false;}});</script>
"#,
            parts = parts.join(","),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_of_several_files_has_a_bundle_and_a_part_of_one_file_has_none() {
        let files = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(
            bundle("reset", &files(&["chunk_3", "split_reset"])).as_deref(),
            Some("reset.bundle")
        );
        assert_eq!(bundle("verify", &files(&["split_verify"])), None);
    }
}
