//! The `--check` sample of the real-document benchmark: `cargo check` of
//! both generators' crates for a seeded sample of the documents both accept.
//!
//! Each side is a workspace of one crate per document, under
//! `target/bench/corpus-check/<side>/`, with a target directory of its own.
//! A first `cargo check` builds the dependencies; then every crate's
//! `lib.rs` is touched and the timed `cargo check --workspace` recompiles
//! the generated crates alone, on both cores, as a downstream build would.
//! The timed checks of both sides alternate, several runs each, and the
//! median counts: which crate cargo starts first varies from run to run,
//! and when the largest starts last the whole check takes longer.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use serde_json::{Value, json};

use super::real::{DocRow, both, run_document};

/// The dependencies of progenitor's generated crates, as `cargo progenitor`
/// writes them (a superset: the types of every document).
const PROGENITOR_DEPENDENCIES: &str = r#"bytes = "1"
futures-core = "0.3"
futures = "0.3"
progenitor-client = "=0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_urlencoded = "0.7"
regress = "0.10"
uuid = { version = "1", features = ["serde", "v4"] }
chrono = { version = "0.4", default-features = false, features = ["serde"] }
"#;

/// The timed check of both sides.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// The documents of the sample.
    pub documents: Vec<String>,
    /// The timed runs of `cargo check` of custgen's crates, then progenitor's.
    pub sides: [Result<Vec<Duration>, String>; 2],
}

/// Picks `size` documents of `rows` that both sides generated (seeded), and
/// checks both sides' crates of them `runs` times.
pub fn check_sample(
    root: &Path,
    runner: &Path,
    dir: &Path,
    rows: &[DocRow],
    (size, seed, runs): (usize, u64, usize),
) -> Result<CheckReport, String> {
    let mut candidates: Vec<&DocRow> = both(rows).into_iter().map(|(row, _)| row).collect();
    crate::corpus::shuffle(&mut candidates, seed);
    candidates.truncate(size);
    let scratch = root.join("target").join("bench").join("corpus-check");
    let _ = std::fs::remove_dir_all(&scratch);
    let emit = scratch.join("emit");
    let mut members = Vec::new();
    for (index, row) in candidates.iter().enumerate() {
        let member = format!("d{index:03}");
        run_document(runner, dir, &dir.join(&row.path), 1, Some(&emit.join(&member)));
        members.push(member);
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|error| format!("cannot read Cargo.toml: {error}"))?;
    let ours = scratch.join("custgen");
    let theirs = scratch.join("progenitor");
    for member in &members {
        copy_dir(&emit.join(member).join("custgen"), &ours.join(member))?;
        let cargo = ours.join(member).join("Cargo.toml");
        let text = read(&cargo)?;
        write(&cargo, &text.replacen("name = \"generated-client\"", &format!("name = \"{member}\""), 1))?;
        copy_dir(&emit.join(member).join("progenitor"), &theirs.join(member))?;
        write(
            &theirs.join(member).join("Cargo.toml"),
            &format!("[package]\nname = \"{member}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{PROGENITOR_DEPENDENCIES}"),
        )?;
    }
    write(&ours.join("Cargo.toml"), &super::compile::workspace_manifest(root, &manifest, &members))?;
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write(&ours.join("Cargo.lock"), &lock)?;
    }
    let list: Vec<String> = members.iter().map(|member| format!("{member:?}")).collect();
    write(&theirs.join("Cargo.toml"), &format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", list.join(", ")))?;
    let workspaces = [&ours, &theirs];
    let mut sides = workspaces.map(|workspace| cargo_check(workspace).map(|_| Vec::new()));
    for _ in 0..runs.max(1) {
        for (side, workspace) in sides.iter_mut().zip(workspaces) {
            if let Ok(times) = side {
                match timed_check(workspace, &members) {
                    Ok(elapsed) => times.push(elapsed),
                    Err(message) => *side = Err(message),
                }
            }
        }
    }
    Ok(CheckReport { documents: candidates.iter().map(|row| row.path.clone()).collect(), sides })
}

/// Times a check of the members alone (their dependencies are checked).
fn timed_check(workspace: &Path, members: &[String]) -> Result<Duration, String> {
    for member in members {
        let lib = workspace.join(member).join("src").join("lib.rs");
        std::fs::File::options()
            .append(true)
            .open(&lib)
            .and_then(|file| file.set_modified(SystemTime::now()))
            .map_err(|error| format!("cannot touch {}: {error}", lib.display()))?;
    }
    cargo_check(workspace)
}

fn cargo_check(workspace: &Path) -> Result<Duration, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--workspace", "--lib", "--keep-going"])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|error| format!("cannot run cargo check: {error}"))?;
    let elapsed = started.elapsed();
    if output.status.success() {
        Ok(elapsed)
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let _ = std::fs::write(workspace.join("check.log"), stderr.as_bytes());
        Err(format!("cargo check failed in {} (see check.log there)", workspace.display()))
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|error| format!("cannot create {}: {error}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|error| format!("cannot read {}: {error}", from.display()))?;
    for entry in entries.flatten() {
        let path: PathBuf = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|error| format!("cannot copy {}: {error}", path.display()))?;
        }
    }
    Ok(())
}

impl CheckReport {
    /// The check as Markdown.
    pub fn markdown(&self) -> String {
        let seconds = |side: &Result<Vec<Duration>, String>| match side {
            Ok(times) => format!("{:.1} s", median(times)),
            Err(message) => format!("failed: {message}"),
        };
        let runs = |side: &Result<Vec<Duration>, String>| match side {
            Ok(times) => times.iter().map(|time| format!("{:.1}", time.as_secs_f64())).collect::<Vec<_>>().join(", "),
            Err(_) => "–".to_owned(),
        };
        let ratio = match &self.sides {
            [Ok(ours), Ok(theirs)] => format!("{:.2}×", median(ours) / median(theirs).max(f64::MIN_POSITIVE)),
            _ => "–".to_owned(),
        };
        format!(
            "\n`cargo check` of {} documents both generate (the generated crates alone, dependencies built before):\n\n| | custgen | progenitor | custgen ÷ progenitor |\n|---|---:|---:|---:|\n| total, median | {} | {} | {ratio} |\n| runs (s) | {} | {} | |\n\nSample: {}\n",
            self.documents.len(),
            seconds(&self.sides[0]),
            seconds(&self.sides[1]),
            runs(&self.sides[0]),
            runs(&self.sides[1]),
            self.documents.join(", ")
        )
    }

    /// The check as data.
    pub fn json(&self) -> Value {
        let side = |side: &Result<Vec<Duration>, String>| match side {
            Ok(times) => json!({
                "seconds": median(times),
                "runs": times.iter().map(Duration::as_secs_f64).collect::<Vec<_>>(),
            }),
            Err(message) => json!({"error": message}),
        };
        json!({"documents": self.documents, "custgen": side(&self.sides[0]), "progenitor": side(&self.sides[1])})
    }
}

/// The median of `times` in seconds.
fn median(times: &[Duration]) -> f64 {
    super::real::median(&times.iter().map(Duration::as_secs_f64).collect::<Vec<_>>())
}
