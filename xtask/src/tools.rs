//! Installs the exact build and test tools Latchkey needs, once: the wasm32 target, Trunk,
//! wasm-bindgen (matching Cargo.lock), wasm-opt (npm's binaryen), esbuild (npm), OpenSSL's headers (for
//! webauthn-rs), Chromium and chromedriver, oathtool and schemathesis.

use anyhow::{Context, bail};

use crate::process::{command, has, output_line, root, run, tools_dir};

const TRUNK_VERSION: &str = "0.21.14";
/// Debian's binaryen is too old: its `wasm-opt -Oz` output of Leptos 0.8 crashes at start-up.
const BINARYEN_VERSION: &str = "132.0.0";
/// Minifies the app's scripts (wasm-bindgen's and the parts' loader).
const ESBUILD_VERSION: &str = "0.28.2";
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Everything `cargo xtask dist` and the server's build need.
pub fn ensure_build_tools() -> anyhow::Result<()> {
    ensure_openssl_headers()?;
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()?;
    ensure_wasm_opt()?;
    ensure_esbuild()
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let installed = command("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("wasm32-unknown-unknown"));
    if installed {
        return Ok(());
    }
    println!("xtask: adding the wasm32-unknown-unknown target");
    run(command("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn ensure_trunk() -> anyhow::Result<()> {
    let version = output_line(command("trunk").arg("--version")).unwrap_or_default();
    if version.ends_with(TRUNK_VERSION) {
        return Ok(());
    }
    println!("xtask: installing trunk {TRUNK_VERSION} (about 8 minutes, once)");
    run(command("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))
}

/// The wasm-bindgen version in Cargo.lock; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("no Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            let version = lines.next().unwrap_or_default();
            if let Some(version) = version.strip_prefix("version = \"") {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen entry")
}

fn ensure_wasm_bindgen() -> anyhow::Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    let cli = output_line(command("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner =
        output_line(command("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    if cli.ends_with(&wanted) && runner.ends_with(&wanted) {
        return Ok(());
    }
    println!("xtask: installing wasm-bindgen-cli {wanted} (about 3 minutes, once)");
    // Not --locked: the CLI's own lockfile pins a release the registry lacks.
    run(command("cargo").args([
        "install",
        "--force",
        "wasm-bindgen-cli",
        "--version",
        &wanted,
    ]))
}

fn ensure_wasm_opt() -> anyhow::Result<()> {
    let version = output_line(command("wasm-opt").arg("--version")).unwrap_or_default();
    let major = BINARYEN_VERSION.split('.').next().unwrap_or_default();
    if version.contains(&format!("version {major}")) {
        return Ok(());
    }
    println!("xtask: installing wasm-opt from npm's binaryen {BINARYEN_VERSION}");
    npm_tool(&format!("binaryen@{BINARYEN_VERSION}"))
}

fn ensure_esbuild() -> anyhow::Result<()> {
    let version = output_line(command("esbuild").arg("--version")).unwrap_or_default();
    if version == ESBUILD_VERSION {
        return Ok(());
    }
    println!("xtask: installing esbuild {ESBUILD_VERSION} from npm");
    npm_tool(&format!("esbuild@{ESBUILD_VERSION}"))
}

/// Installs an npm package into the tools folder, whose `.bin` is on the tasks' PATH.
fn npm_tool(package: &str) -> anyhow::Result<()> {
    if !has("npm") {
        bail!(
            "npm is needed to install {package}: install Node.js 20 (Debian: apt-get install nodejs npm)"
        );
    }
    let dir = tools_dir();
    std::fs::create_dir_all(&dir)?;
    run(command("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(package))
}

/// rustfmt and clippy, for the lint layer.
pub fn ensure_lint_tools() -> anyhow::Result<()> {
    let ready = |args: &[&str]| {
        command("cargo")
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if ready(&["fmt", "--version"]) && ready(&["clippy", "--version"]) {
        return Ok(());
    }
    println!("xtask: adding rustfmt and clippy");
    run(command("rustup").args(["component", "add", "rustfmt", "clippy"]))
}

/// aiosmtpd (PyPI), the real SMTP server the email delivery tests send to.
pub fn ensure_smtp_server() -> anyhow::Result<()> {
    let present = command("python3")
        .args(["-c", "import aiosmtpd"])
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    println!("xtask: installing aiosmtpd (pip) for the SMTP tests");
    run(command("python3").args(["-m", "pip", "install", "--quiet", "aiosmtpd==1.4.6"]))
}

/// Installs Debian `packages` with apt-get unless `present` says they are there; `why` says
/// what needs them when they cannot be installed (not root, or no apt-get).
fn ensure_debian_packages(present: bool, packages: &[&str], why: &str) -> anyhow::Result<()> {
    if present {
        return Ok(());
    }
    let is_root = output_line(std::process::Command::new("id").arg("-u")).as_deref() == Some("0");
    let list = packages.join(" ");
    if !(is_root && has("apt-get")) {
        bail!("{why}: install them (Debian: sudo apt-get install {list}) and run again");
    }
    println!("xtask: installing {list} with apt-get");
    run(command("apt-get").arg("update").arg("-qq"))?;
    run(command("apt-get")
        .args(["install", "-y", "-qq"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// OpenSSL's headers and pkg-config: webauthn-rs (passkeys) builds against OpenSSL.
fn ensure_openssl_headers() -> anyhow::Result<()> {
    let present = command("pkg-config")
        .args(["--exists", "openssl"])
        .status()
        .is_ok_and(|status| status.success());
    ensure_debian_packages(
        present,
        &["libssl-dev", "pkg-config"],
        "the server builds against OpenSSL's headers (libssl-dev) found by pkg-config",
    )
}

/// Debian's Chromium and chromedriver, for browser tests.
pub fn ensure_chromium() -> anyhow::Result<()> {
    let present = |path: &str| std::path::Path::new(path).exists();
    ensure_debian_packages(
        present("/usr/bin/chromium") && present("/usr/bin/chromedriver"),
        &["chromium", "chromium-driver"],
        "the browser tests need Chromium and chromedriver at /usr/bin",
    )
}

/// oathtool, the independent TOTP client the end-to-end suite checks authenticator apps with.
pub fn ensure_oathtool() -> anyhow::Result<()> {
    ensure_debian_packages(
        has("oathtool"),
        &["oathtool"],
        "the end-to-end tests compute authenticator codes with oathtool",
    )
}

/// Debian's nginx, the proxy the server's tests put in front of two replicas, and docs/deployment.md's
/// recipe for hosting the SPA as static files.
pub fn ensure_nginx() -> anyhow::Result<()> {
    ensure_debian_packages(
        std::path::Path::new("/usr/sbin/nginx").exists(),
        &["nginx"],
        "the trusted-proxy tests run the server behind nginx, and docs/deployment.md's static hosting recipe is tested",
    )
}

/// Debian's Caddy: the server's tests forge forwarding headers through docs/deployment.md's
/// Caddy recipe too.
pub fn ensure_caddy() -> anyhow::Result<()> {
    ensure_debian_packages(
        std::path::Path::new("/usr/bin/caddy").exists(),
        &["caddy"],
        "the trusted-proxy tests run the server behind Caddy as docs/deployment.md says",
    )
}

/// Debian's OpenLDAP server and client tools: the directory tests run a real slapd.
pub fn ensure_slapd() -> anyhow::Result<()> {
    let present = [
        "/usr/sbin/slapd",
        "/usr/bin/ldapwhoami",
        "/usr/bin/ldapmodify",
    ]
    .iter()
    .all(|path| std::path::Path::new(path).exists());
    ensure_debian_packages(
        present,
        &["slapd", "ldap-utils"],
        "the directory tests run OpenLDAP's slapd and check it with ldap-utils",
    )
}

/// Debian's Samba as an Active Directory domain controller, with what runs it in a network
/// namespace of its own (`unshare`, `ip`) and passes LDAPS out of it (`socat`).
pub fn ensure_samba() -> anyhow::Result<()> {
    let present = [
        "/usr/sbin/samba",
        "/usr/bin/samba-tool",
        "/usr/bin/socat",
        "/usr/bin/ldapsearch",
        "/usr/bin/openssl",
    ]
    .iter()
    .all(|path| std::path::Path::new(path).exists())
        && (std::path::Path::new("/usr/sbin/ip").exists()
            || std::path::Path::new("/usr/bin/ip").exists());
    ensure_debian_packages(
        present,
        &[
            "samba",
            "samba-ad-provision",
            "samba-dsdb-modules",
            "socat",
            "iproute2",
            "ldap-utils",
            "openssl",
        ],
        "the Active Directory tests run Samba as a domain controller in a network namespace",
    )
}

/// schemathesis (PyPI), in its own virtual environment under target/tools.
pub fn ensure_schemathesis() -> anyhow::Result<()> {
    let venv = tools_dir().join("schemathesis");
    let program = venv.join("bin/schemathesis");
    let version = output_line(command(program.to_str().unwrap_or_default()).arg("--version"));
    if version.is_some_and(|v| v.ends_with(SCHEMATHESIS_VERSION)) {
        return Ok(());
    }
    println!("xtask: installing schemathesis {SCHEMATHESIS_VERSION} (pip, once)");
    run(command("python3").arg("-m").arg("venv").arg(&venv))?;
    run(
        command(venv.join("bin/pip").to_str().unwrap_or_default()).args([
            "install",
            "--quiet",
            &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
        ]),
    )
}

/// The schemathesis program `ensure_schemathesis` installs.
pub fn schemathesis() -> std::path::PathBuf {
    tools_dir().join("schemathesis/bin/schemathesis")
}

/// The end-to-end suite's npm packages (Playwright, axe-core), as locked.
pub fn ensure_e2e_packages() -> anyhow::Result<()> {
    if !has("npm") {
        bail!("npm is needed for the end-to-end tests: install Node.js 20");
    }
    let e2e = root().join("tests/e2e");
    if e2e.join("node_modules/@playwright/test").exists() {
        return Ok(());
    }
    println!("xtask: installing the end-to-end test packages (npm ci)");
    run(command("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(e2e)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))
}
