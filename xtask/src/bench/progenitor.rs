//! The side-by-side run: progenitor (Oxide's generator, installed from
//! crates.io with `cargo install`) and custgen on the same spec, each
//! timed generating a crate and then `cargo check`ing it.
//!
//! Progenitor runs as its own process; custgen runs in process. Process
//! start-up is a few milliseconds, small next to either generator's time.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use generator::SpecSource;
use generator::write::{Mode, sync};
use serde_json::{Value, json};

use super::report::{compile_json, runs_json};
use super::stages::summary;
use super::{CompileCost, compile};

/// The progenitor release compared against, pinned so numbers are
/// comparable from run to run.
pub const VERSION: &str = "0.15.1";

/// One generator's side of the comparison.
pub struct Side {
    /// Generating the crate, every run.
    pub generate: Vec<Duration>,
    /// Checking it.
    pub check: CompileCost,
}

/// Both sides on one spec.
pub struct Comparison {
    /// Operations in the spec.
    pub operations: usize,
    /// custgen.
    pub ours: Side,
    /// progenitor, or why it produced no crate.
    pub theirs: Result<Side, String>,
}

/// Installs progenitor if needed and runs both generators on `source`.
pub fn compare(root: &Path, source: &SpecSource, scratch: &Path, runs: usize) -> Result<Comparison, String> {
    let (operations, ours) = custgen(root, source, &scratch.join("custgen-side-by-side"), runs)?;
    let theirs = install(&scratch.join("tools")).and_then(|tool| progenitor(&tool, source, &scratch.join("progenitor"), runs));
    Ok(Comparison { operations, ours, theirs })
}

/// custgen's side, and the number of operations it generated.
fn custgen(root: &Path, source: &SpecSource, dir: &Path, runs: usize) -> Result<(usize, Side), String> {
    let output = dir.join("generated-client");
    let mut generate = Vec::new();
    let mut files = Vec::new();
    for _ in 0..runs.max(1) {
        let _ = std::fs::remove_dir_all(&output);
        let started = Instant::now();
        files = generator::generate(std::slice::from_ref(source)).map_err(|error| error.to_string())?;
        sync(&output, &files, Mode::Write).map_err(|error| error.to_string())?;
        generate.push(started.elapsed());
    }
    let operations = generator::build_apis(std::slice::from_ref(source))
        .map_err(|error| error.to_string())?
        .iter()
        .map(|api| api.operations.len())
        .sum();
    let check = super::compile_cost(root, &files, dir, runs)?;
    Ok((operations, Side { generate, check }))
}

/// The package progenitor generates.
const PACKAGE: &str = "synthetic-progenitor";

fn progenitor(tool: &Path, source: &SpecSource, dir: &Path, runs: usize) -> Result<Side, String> {
    std::fs::create_dir_all(dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let spec = dir.join("spec.json");
    std::fs::write(&spec, &source.text).map_err(|error| format!("cannot write {}: {error}", spec.display()))?;
    let output = dir.join(PACKAGE);
    let mut generate = Vec::new();
    for _ in 0..runs.max(1) {
        let _ = std::fs::remove_dir_all(&output);
        let started = Instant::now();
        let result = Command::new(tool)
            .arg("progenitor")
            .arg("--input")
            .arg(&spec)
            .arg("--output")
            .arg(&output)
            .args(["--name", PACKAGE, "--version", "0.1.0"])
            .output()
            .map_err(|error| format!("cannot run {}: {error}", tool.display()))?;
        let elapsed = started.elapsed();
        if !result.status.success() {
            let stderr = String::from_utf8_lossy(&result.stderr);
            let first: Vec<&str> = stderr.lines().take(6).collect();
            return Err(format!("progenitor failed on the spec: {}", first.join(" / ")));
        }
        generate.push(elapsed);
    }
    // The generated crate becomes the one member of a workspace of its own,
    // so it is not mistaken for part of the custgen workspace around it.
    std::fs::write(dir.join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [\"{PACKAGE}\"]\n"))
        .map_err(|error| format!("cannot write the progenitor workspace manifest: {error}"))?;
    let check = compile::check(dir, PACKAGE, runs)?;
    Ok(Side { generate, check })
}

/// `cargo-progenitor`, installed into `tools` unless it already is.
fn install(tools: &Path) -> Result<PathBuf, String> {
    let binary = tools.join("bin/cargo-progenitor");
    if binary.exists() {
        return Ok(binary);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["install", "cargo-progenitor", "--locked", "--version", VERSION, "--root"])
        .arg(tools)
        .env("CARGO_TARGET_DIR", tools.join("target"))
        .status()
        .map_err(|error| format!("cannot run cargo install: {error}"))?;
    if !status.success() {
        return Err(format!("cargo install cargo-progenitor@{VERSION} failed"));
    }
    Ok(binary)
}

fn ratio(theirs: &[Duration], ours: &[Duration]) -> f64 {
    summary(theirs).median / summary(ours).median.max(f64::MIN_POSITIVE)
}

impl Comparison {
    /// The comparison table.
    pub fn markdown(&self, runs: usize) -> String {
        let mut out = format!(
            "### Side by side with progenitor {VERSION} ({} operations, no `default` responses; ms, median of {runs} runs, min–max)\n\n",
            self.operations
        );
        let ours = &self.ours;
        match &self.theirs {
            Ok(theirs) => {
                out.push_str("| | custgen | progenitor | progenitor ÷ custgen |\n|---|---:|---:|---:|\n");
                out.push_str(&format!(
                    "| generate the crate | {} | {} | {:.1}× |\n",
                    summary(&ours.generate),
                    summary(&theirs.generate),
                    ratio(&theirs.generate, &ours.generate)
                ));
                out.push_str(&format!(
                    "| `cargo check`, the crate alone | {} | {} | {:.1}× |\n",
                    summary(&ours.check.crate_alone),
                    summary(&theirs.check.crate_alone),
                    ratio(&theirs.check.crate_alone, &ours.check.crate_alone)
                ));
                out.push_str(&format!(
                    "| non-empty lines of Rust | {} | {} | {:.1}× |\n",
                    ours.check.lines,
                    theirs.check.lines,
                    theirs.check.lines as f64 / ours.check.lines.max(1) as f64
                ));
            }
            Err(message) => {
                out.push_str(&format!(
                    "custgen: generate {} ms, `cargo check` of the crate alone {} ms.\n\nprogenitor produced no crate: {message}\n",
                    summary(&ours.generate),
                    summary(&ours.check.crate_alone)
                ));
            }
        }
        out
    }

    /// The comparison as data.
    pub fn json(&self) -> Value {
        let side = |side: &Side| json!({"generate_ms": runs_json(&side.generate), "cargo_check": compile_json(&side.check)});
        json!({
            "version": VERSION,
            "operations": self.operations,
            "custgen": side(&self.ours),
            "progenitor": match &self.theirs {
                Ok(theirs) => side(theirs),
                Err(message) => json!({"error": message}),
            },
            "generate_ratio": self.theirs.as_ref().ok().map(|theirs| ratio(&theirs.generate, &self.ours.generate)),
            "check_ratio": self.theirs.as_ref().ok().map(|theirs| ratio(&theirs.check.crate_alone, &self.ours.check.crate_alone)),
        })
    }
}
