//! `cargo xtask lint`: Spectral (`@stoplight/spectral-cli`, pinned by
//! `xtask/spectral/package-lock.json`) with the `spectral:oas` ruleset and
//! the project's `.spectral.yaml` on every document of `spec/`. Spectral is
//! installed into `target/spectral` with `npm ci` the first time, and again
//! whenever the pinned lock changes.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::SPEC_DIR;

/// Where the pinned package files are, below the workspace root.
const PINNED: &str = "xtask/spectral";

/// Where Spectral is installed, below the workspace root.
const INSTALLED: &str = "target/spectral";

/// What Spectral said: its findings as `file:line:col severity rule message`
/// (paths relative to the workspace), and whether it found an error.
pub struct Lint {
    /// One finding a line.
    pub findings: Vec<String>,
    /// Spectral's exit status said an error was found.
    pub failed: bool,
}

/// Lints every document of `spec/`.
pub fn lint(root: &Path) -> Result<Lint, String> {
    let spectral = install(root)?;
    let mut documents: Vec<PathBuf> = std::fs::read_dir(root.join(SPEC_DIR))
        .map_err(|error| format!("cannot read {SPEC_DIR}/: {error}"))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml" || extension == "yml" || extension == "json"))
        .collect();
    documents.sort();
    let output = Command::new(&spectral)
        .arg("lint")
        .args(&documents)
        .args(["--ruleset", ".spectral.yaml", "--format", "text", "--fail-severity", "error"])
        .current_dir(root)
        .output()
        .map_err(|error| format!("cannot run {}: {error}", spectral.display()))?;
    let prefix = format!("{}/", root.display());
    let findings = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.contains(':') && !line.trim().is_empty())
        .map(|line| line.replace(&prefix, ""))
        .collect();
    if !output.status.success() && output.status.code() != Some(1) {
        return Err(format!("spectral failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(Lint { findings, failed: !output.status.success() })
}

/// The installed Spectral, installed from the pinned lock when missing or
/// older than it.
pub(crate) fn install(root: &Path) -> Result<PathBuf, String> {
    let installed = root.join(INSTALLED);
    let binary = installed.join("node_modules").join(".bin").join("spectral");
    let pinned_lock = std::fs::read(root.join(PINNED).join("package-lock.json")).map_err(|error| format!("cannot read the pinned lock: {error}"))?;
    let current = std::fs::read(installed.join("package-lock.json")).ok();
    if binary.is_file() && current.as_deref() == Some(pinned_lock.as_slice()) {
        return Ok(binary);
    }
    std::fs::create_dir_all(&installed).map_err(|error| format!("cannot create {INSTALLED}: {error}"))?;
    for file in ["package.json", "package-lock.json"] {
        std::fs::copy(root.join(PINNED).join(file), installed.join(file)).map_err(|error| format!("cannot copy {file}: {error}"))?;
    }
    eprintln!("installing Spectral into {INSTALLED} (npm ci)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&installed)
        .status()
        .map_err(|error| format!("cannot run npm (is Node.js installed?): {error}"))?;
    if status.success() && binary.is_file() { Ok(binary) } else { Err(format!("`npm ci` in {INSTALLED} failed: {status}")) }
}
