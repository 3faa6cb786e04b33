//! `cargo xtask bench --runtime`: builds the runtime benchmark
//! (`xtask/runtime-bench/`, a workspace of its own) in release mode into
//! `target/runtime-bench/` and runs it: the generated client per call next
//! to plain reqwest + serde_json on a local server, and a 50 MB list's
//! decode next to `serde_json::from_slice`.

use std::path::Path;
use std::process::Command;

/// Builds and runs the benchmark; returns its report.
pub fn runtime(root: &Path) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let manifest = root.join("xtask/runtime-bench/Cargo.toml");
    let target = root.join("target/runtime-bench");
    let status = Command::new(&cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        return Err("the runtime benchmark does not build".to_owned());
    }
    let output = Command::new(target.join("release/custgen-runtime-bench"))
        .output()
        .map_err(|error| format!("cannot run the runtime benchmark: {error}"))?;
    if !output.status.success() {
        return Err(format!("the runtime benchmark failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
