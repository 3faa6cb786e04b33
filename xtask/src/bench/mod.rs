//! `cargo xtask bench`: how fast the generator is and how cheap its output
//! is to compile, on a deterministic synthetic spec and on `spec/`.
//!
//! Numbers are reported, never asserted: targets live in the README and are
//! judged by people reading the report, not by a test that flakes on a busy
//! machine.

pub mod cold;
pub(crate) mod compile;
mod progenitor;
pub mod real;
pub mod runtime;
mod real_check;
mod report;
mod stages;
mod synthetic;
pub mod tags;

pub use report::Report;
pub use synthetic::{DefaultResponses, synthetic_spec};

use std::path::{Path, PathBuf};
use std::time::Duration;

use generator::SpecSource;

/// What to measure, and on how big a spec.
#[derive(Debug, Clone, Copy)]
pub struct BenchOptions {
    /// Operations in the synthetic spec.
    pub operations: usize,
    /// Component schemas in the synthetic spec.
    pub schemas: usize,
    /// Runs per measurement; the report gives median, min and max.
    pub runs: usize,
    /// Also time `cargo check` of the crate generated from the synthetic spec.
    pub compile: bool,
    /// Also install `cargo-progenitor` and compare it on the same spec.
    pub progenitor: bool,
}

impl Default for BenchOptions {
    fn default() -> Self {
        Self { operations: 2000, schemas: 2000, runs: 5, compile: true, progenitor: false }
    }
}

/// `cargo check` of one generated crate.
pub struct CompileCost {
    /// The first check, dependencies included.
    pub with_dependencies: Duration,
    /// Later checks, the generated crate alone.
    pub crate_alone: Vec<Duration>,
    /// Non-empty lines of Rust in the crate's `src/`.
    pub lines: usize,
}

/// Runs the benchmark under `root`, using `root/target/bench` as scratch.
pub fn bench(root: &Path, options: BenchOptions) -> Result<Report, String> {
    let scratch = bench_dir(root);
    let synthetic = synthetic_source(options, DefaultResponses::Declared);
    // Kept, so other tools can be run on the very same document.
    std::fs::create_dir_all(&scratch).map_err(|error| format!("cannot create {}: {error}", scratch.display()))?;
    let kept = scratch.join(&synthetic.path);
    std::fs::write(&kept, &synthetic.text).map_err(|error| format!("cannot write {}: {error}", kept.display()))?;
    let mut inputs = vec![synthetic.clone()];
    inputs.extend(crate::read_specs(root)?);
    let generation = inputs
        .iter()
        .map(|source| stages::time_stages(source, options.runs, &scratch.join("stages")))
        .collect::<Result<Vec<_>, _>>()?;
    let peak_memory_kib = peak_memory_kib();
    let compile = if options.compile {
        let files = generator::generate(std::slice::from_ref(&synthetic)).map_err(|error| error.to_string())?;
        Some(compile_cost(root, &files, &scratch.join("custgen"), options.runs)?)
    } else {
        None
    };
    let progenitor = if options.progenitor {
        let source = synthetic_source(options, DefaultResponses::Omitted);
        Some(progenitor::compare(root, &source, &scratch, options.runs)?)
    } else {
        None
    };
    Ok(Report { options, generation, peak_memory_kib, compile, progenitor })
}

/// `cargo xtask bench --corpus`: both generators on real documents; the
/// Markdown report, also written with the JSON rows to `target/bench/`.
pub fn bench_corpus(root: &Path, options: &real::CorpusOptions) -> Result<String, String> {
    let runner = real::build_runner(root)?;
    let rows = real::run(&runner, options);
    let check = match options.check {
        Some((size, seed)) => Some(real::check_sample(root, &runner, &options.dir, &rows, (size, seed, options.runs))?),
        None => None,
    };
    let markdown = real::markdown(&rows, options, check.as_ref());
    let scratch = bench_dir(root);
    std::fs::create_dir_all(&scratch).map_err(|error| format!("cannot create {}: {error}", scratch.display()))?;
    let json = real::json(&rows, check.as_ref()).to_string();
    for (name, text) in [("corpus-report.md", &markdown), ("corpus-report.json", &json)] {
        std::fs::write(scratch.join(name), text).map_err(|error| format!("cannot write {name}: {error}"))?;
    }
    Ok(markdown)
}

/// Where the benchmark keeps its generated crates and tools.
pub fn bench_dir(root: &Path) -> PathBuf {
    root.join("target/bench")
}

fn synthetic_source(options: BenchOptions, defaults: DefaultResponses) -> SpecSource {
    SpecSource {
        path: format!("synthetic-{}-operations.json", options.operations),
        text: synthetic_spec(options.operations, options.schemas, defaults),
    }
}

/// Lays out a generated crate as a workspace at `dir` and times `cargo
/// check` of it.
fn compile_cost(root: &Path, files: &[generator::GeneratedFile], dir: &Path, runs: usize) -> Result<CompileCost, String> {
    compile::write_workspace(root, dir, files)?;
    compile::check(dir, "generated-client", runs)
}

/// The process's peak resident memory (`VmHWM`), where Linux reports it.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
