//! The compile cost of generated code: `cargo check` of a generated crate,
//! timed the way a downstream clean build pays it.
//!
//! Dependencies are checked once first, so the timed runs measure the
//! generated crate alone (what differs between generators); incremental
//! compilation is off so every run does the full work.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use generator::GeneratedFile;
use generator::write::{Mode, sync};

use super::CompileCost;

/// Writes `files` as the crate `generated-client` of a fresh workspace in
/// `dir`, sharing the root workspace's dependency versions and lock file.
pub fn write_workspace(root: &Path, dir: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|error| format!("cannot read Cargo.toml: {error}"))?;
    std::fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).map_err(|error| format!("cannot write {}: {error}", dir.join(name).display()))
    };
    write("Cargo.toml", &workspace_manifest(root, &manifest, &["generated-client".to_owned()]))?;
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write("Cargo.lock", &lock)?;
    }
    sync(&dir.join("generated-client"), files, Mode::Write).map_err(|error| error.to_string())?;
    Ok(())
}

/// The root manifest's shared sections (package metadata, dependency
/// versions, lints) around `members`. Profiles are left out: a downstream
/// crate builds with cargo's defaults. Of the workspace's own crates only
/// the runtime stays, by its absolute path under `root_dir`: generated
/// crates depend on it.
pub(crate) fn workspace_manifest(root_dir: &Path, root: &str, members: &[String]) -> String {
    let members: Vec<String> = members.iter().map(|member| format!("{member:?}")).collect();
    let mut out = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    let mut keep = false;
    for line in root.lines() {
        if line.starts_with('[') {
            keep = line.starts_with("[workspace.");
            out.push('\n');
        }
        // The workspace's own crates are not part of this one, but for the runtime.
        if keep && line.starts_with("custgen-runtime = ") {
            let path = root_dir.join("generator").join("runtime");
            out.push_str(&format!("custgen-runtime = {{ path = {:?}, default-features = false }}\n", path.display().to_string()));
        } else if keep && !line.contains("{ path = ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// Checks `package` (in the folder of that name) in the workspace at `dir`
/// once to build its dependencies, then `runs` more times with only the
/// package itself recompiled.
pub fn check(dir: &Path, package: &str, runs: usize) -> Result<CompileCost, String> {
    check_with(dir, package, runs, &[])
}

/// [`check`] with more arguments for cargo (`--features …`).
pub fn check_with(dir: &Path, package: &str, runs: usize, args: &[&str]) -> Result<CompileCost, String> {
    let with_dependencies = cargo_check(dir, package, args)?;
    let src = dir.join(package).join("src");
    let mut crate_alone = Vec::new();
    for _ in 0..runs.max(1) {
        touch(&src.join("lib.rs"))?;
        crate_alone.push(cargo_check(dir, package, args)?);
    }
    Ok(CompileCost { with_dependencies, crate_alone, lines: lines_of_rust(&src) })
}

fn cargo_check(dir: &Path, package: &str, args: &[&str]) -> Result<Duration, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--lib", "--package", package])
        .args(args)
        .current_dir(dir)
        // One target directory for every workspace of the bench, beside
        // them, so dependencies are built once.
        .env("CARGO_TARGET_DIR", dir.parent().unwrap_or(dir).join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .stdout(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo check: {error}"))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(format!(
            "cargo check of {package} in {} failed:\n{}",
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(elapsed)
}

/// Marks a file changed so cargo recompiles its crate.
fn touch(path: &Path) -> Result<(), String> {
    std::fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|error| format!("cannot touch {}: {error}", path.display()))
}

/// Non-empty lines of the `.rs` files below `dir`.
fn lines_of_rust(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .map(|path| {
            if path.is_dir() {
                lines_of_rust(&path)
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                std::fs::read_to_string(&path).map(|text| text.lines().filter(|line| !line.trim().is_empty()).count()).unwrap_or(0)
            } else {
                0
            }
        })
        .sum()
}
