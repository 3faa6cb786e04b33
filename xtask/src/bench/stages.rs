//! Per-stage timings of the generator on one spec, run in process.

use std::path::Path;
use std::time::{Duration, Instant};

use generator::{GeneratedFile, SpecSource};

/// The stages timed one after another on one thread, in pipeline order;
/// their sum; and the whole crate generated the way `cargo xtask codegen`
/// does it (module pieces formatted on every core).
pub const STAGES: [&str; 7] = ["load", "ir", "emit", "format", "write", "sum", "end to end"];

/// One input's timings: per stage, every run.
pub struct Timings {
    /// What was generated.
    pub name: String,
    /// Operations in the spec.
    pub operations: usize,
    /// Durations per stage, in [`STAGES`] order.
    pub stages: Vec<Vec<Duration>>,
    /// Bytes written: the Rust module and its Markdown reference.
    pub output_bytes: usize,
}

/// Runs the pipeline on `source` `runs` times, stage by stage and then end
/// to end, writing into `scratch` (removed after every run, so each write
/// starts from nothing).
pub fn time_stages(source: &SpecSource, runs: usize, scratch: &Path) -> Result<Timings, String> {
    let mut stages = vec![Vec::new(); STAGES.len()];
    let mut output_bytes = 0;
    let mut operations = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let mut clock = Instant::now();
        let mut lap = |stage: usize, stages: &mut Vec<Vec<Duration>>| {
            stages[stage].push(clock.elapsed());
            clock = Instant::now();
        };
        let spec = generator::load::load(source).map_err(|error| error.to_string())?;
        lap(0, &mut stages);
        let api = generator::ir::build(&spec).map_err(|error| error.to_string())?;
        lap(1, &mut stages);
        let module = generator::emit::Module::new(&api);
        let pieces: Vec<_> = (0..module.len()).map(|index| module.piece(index)).collect();
        let reference = generator::emit::api_reference(&api);
        lap(2, &mut stages);
        let code = generator::write::rust_file("", pieces, &source.path).map_err(|error| error.to_string())?;
        lap(3, &mut stages);
        output_bytes = code.len() + reference.len();
        operations = api.operations.len();
        let files = [
            GeneratedFile { path: "src/api.rs".to_owned(), contents: code },
            GeneratedFile { path: "docs/api.md".to_owned(), contents: reference },
        ];
        generator::write::sync(scratch, &files, generator::write::Mode::Write).map_err(|error| error.to_string())?;
        let _ = std::fs::remove_dir_all(scratch);
        lap(4, &mut stages);
        stages[5].push(started.elapsed());

        let started = Instant::now();
        let files = generator::generate(std::slice::from_ref(source)).map_err(|error| error.to_string())?;
        generator::write::sync(scratch, &files, generator::write::Mode::Write).map_err(|error| error.to_string())?;
        stages[6].push(started.elapsed());
        let _ = std::fs::remove_dir_all(scratch);
    }
    Ok(Timings { name: source.path.clone(), operations, stages, output_bytes })
}

/// Median, min and max in milliseconds.
pub fn summary(runs: &[Duration]) -> Summary {
    let mut ms: Vec<f64> = runs.iter().map(|run| run.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    Summary {
        median: ms.get(ms.len() / 2).copied().unwrap_or_default(),
        min: ms.first().copied().unwrap_or_default(),
        max: ms.last().copied().unwrap_or_default(),
    }
}

/// A distribution of runs, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    /// The middle run (the upper middle for an even count).
    pub median: f64,
    /// The fastest run.
    pub min: f64,
    /// The slowest run.
    pub max: f64,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} ({:.1}–{:.1})", self.median, self.min, self.max)
    }
}
