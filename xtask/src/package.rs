//! `cargo xtask package`: `cargo package` of the two crates users depend on,
//! `custgen-runtime` and `generated-client`, verification included (each is
//! built from its packaged tarball, `generated-client` against the packaged
//! runtime, not the workspace's).
//!
//! Cargo packages a crate that depends on another unpublished crate of its
//! workspace only when both may be published (it then pretends the first is
//! in the registry while it verifies the second); with `publish = false`,
//! the workspace's switch, it looks the runtime up on crates.io and fails.
//! So the two crates are copied, unchanged, into a scratch workspace
//! (`target/package-check/`) whose only difference is `publish = true`, and
//! packaged there. Nothing is published.

use std::path::Path;
use std::process::Command;

/// The crates users depend on: (package, folder below the root).
const CRATES: &[(&str, &str)] = &[("custgen-runtime", "generator/runtime"), ("generated-client", "generated-client")];

/// Packages both crates; returns the tail of cargo's output.
pub fn package(root: &Path) -> Result<String, String> {
    let scratch = root.join("target").join("package-check");
    let _ = std::fs::remove_dir_all(&scratch);
    let mut members = Vec::new();
    for (name, folder) in CRATES {
        copy_dir(&root.join(folder), &scratch.join(name))?;
        members.push((*name).to_owned());
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|error| format!("cannot read Cargo.toml: {error}"))?;
    let manifest = crate::bench::compile::workspace_manifest(root, &manifest, &members)
        .replace("\npublish = false\n", "\npublish = true\n")
        .replace(
            &format!("custgen-runtime = {{ path = {:?}, default-features = false }}", root.join("generator").join("runtime").display().to_string()),
            "custgen-runtime = { version = \"0.2.0\", path = \"custgen-runtime\", default-features = false }",
        );
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|error| format!("cannot write the scratch manifest: {error}"))?;
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        std::fs::write(scratch.join("Cargo.lock"), lock).map_err(|error| format!("cannot copy Cargo.lock: {error}"))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["package", "--workspace", "--allow-dirty"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .output()
        .map_err(|error| format!("cannot run cargo package: {error}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).replace(&format!("{}/", scratch.display()), "");
    let tail: Vec<&str> = stderr.lines().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
    if output.status.success() { Ok(tail.join("\n")) } else { Err(format!("cargo package failed:\n{stderr}")) }
}

/// Copies a crate's folder, leaving out build output.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|error| format!("cannot create {}: {error}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|error| format!("cannot read {}: {error}", from.display()))? {
        let entry = entry.map_err(|error| error.to_string())?;
        let path = entry.path();
        if entry.file_name() == "target" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).map_err(|error| format!("cannot copy {}: {error}", path.display()))?;
        }
    }
    Ok(())
}
