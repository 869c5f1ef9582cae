//! Running commands: the repository root, a PATH that finds the installed tools, status checks.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use anyhow::{Context, bail};

/// The workspace root (the folder above xtask/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Where tools from npm (wasm-opt) are installed.
pub fn tools_dir() -> PathBuf {
    root().join("target/tools")
}

/// PATH with the npm tools and cargo's bin folder first.
pub fn tool_path() -> String {
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| home().join(".cargo"))
        .join("bin");
    let npm_bin = tools_dir().join("node_modules/.bin");
    let existing = std::env::var("PATH").unwrap_or_default();
    format!("{}:{}:{existing}", npm_bin.display(), cargo_bin.display())
}

fn home() -> PathBuf {
    std::env::var("HOME").map_or_else(|_| PathBuf::from("/root"), PathBuf::from)
}

/// A command run from the root with the tools on PATH.
pub fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root()).env("PATH", tool_path());
    command
}

/// Runs a command to completion; an error if it fails.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot start {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

/// The first line a command prints, if it runs at all.
pub fn output_line(command: &mut Command) -> Option<String> {
    let output = command.output().ok()?;
    output.status.success().then(|| {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    })
}

/// Whether a program is on the tools PATH.
pub fn has(program: &str) -> bool {
    command(program)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// A child process that is stopped when this value goes away.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
