//! The benchmark's results, as a Markdown table for people and JSON for
//! tools.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::progenitor::Comparison;
use super::stages::{STAGES, Timings, summary};
use super::{BenchOptions, CompileCost};

/// Everything one `cargo xtask bench` measured.
pub struct Report {
    /// What was asked for.
    pub options: BenchOptions,
    /// Generator stages per input: the synthetic spec first, then `spec/`.
    pub generation: Vec<Timings>,
    /// Peak resident memory of the generation runs, where the OS reports it.
    pub peak_memory_kib: Option<u64>,
    /// `cargo check` of the crate generated from the synthetic spec.
    pub compile: Option<CompileCost>,
    /// The side-by-side run against progenitor, when asked for.
    pub progenitor: Option<Comparison>,
}

impl Report {
    /// Markdown tables, one per measurement.
    pub fn markdown(&self) -> String {
        let runs = self.options.runs.max(1);
        let mut out = format!(
            "### Generation, in process (ms: median of {runs} runs, min–max)\n\n\
             Stages run one after another on one thread; *end to end* generates the whole crate \
             as `cargo xtask codegen` does, formatting on every core.\n\n"
        );
        out.push_str("| input | operations |");
        for stage in STAGES {
            let _ = write!(out, " {stage} |");
        }
        out.push_str(" output |\n|---|---:|");
        out.push_str(&"---:|".repeat(STAGES.len() + 1));
        out.push('\n');
        for timings in &self.generation {
            let _ = write!(out, "| {} | {} |", timings.name, timings.operations);
            for runs in &timings.stages {
                let _ = write!(out, " {} |", summary(runs));
            }
            let _ = writeln!(out, " {:.1} MB |", timings.output_bytes as f64 / 1e6);
        }
        match self.peak_memory_kib {
            Some(kib) => {
                let _ = writeln!(out, "\nPeak memory of the generation runs: {:.0} MB.", kib as f64 / 1024.0);
            }
            None => out.push_str("\nPeak memory: not reported on this platform.\n"),
        }
        if let Some(cost) = &self.compile {
            let _ = write!(
                out,
                "\n### `cargo check` of the crate generated from the synthetic spec (ms)\n\n\
                 | non-empty lines of Rust | first check, dependencies included | the crate alone: median (min–max) |\n\
                 |---:|---:|---:|\n| {} | {:.0} | {} |\n",
                cost.lines,
                cost.with_dependencies.as_secs_f64() * 1000.0,
                summary(&cost.crate_alone),
            );
        }
        if let Some(comparison) = &self.progenitor {
            out.push('\n');
            out.push_str(&comparison.markdown(runs));
        }
        out
    }

    /// The same numbers as data.
    pub fn json(&self) -> String {
        let inputs: Vec<Value> = self
            .generation
            .iter()
            .map(|timings| {
                let stages: serde_json::Map<String, Value> = STAGES
                    .iter()
                    .zip(&timings.stages)
                    .map(|(stage, runs)| (stage.replace(' ', "_"), runs_json(runs)))
                    .collect();
                json!({
                    "input": timings.name,
                    "operations": timings.operations,
                    "output_bytes": timings.output_bytes,
                    "stages_ms": stages,
                })
            })
            .collect();
        let report = json!({
            "options": {
                "operations": self.options.operations,
                "schemas": self.options.schemas,
                "runs": self.options.runs,
            },
            "generation": inputs,
            "peak_memory_kib": self.peak_memory_kib,
            "cargo_check": self.compile.as_ref().map(compile_json),
            "progenitor": self.progenitor.as_ref().map(Comparison::json),
        });
        serde_json::to_string_pretty(&report).unwrap_or_default()
    }
}

/// Median, min and max of some runs, in milliseconds.
pub fn runs_json(runs: &[std::time::Duration]) -> Value {
    let summary = summary(runs);
    json!({"median": summary.median, "min": summary.min, "max": summary.max})
}

/// A compile cost as data, in milliseconds.
pub fn compile_json(cost: &CompileCost) -> Value {
    json!({
        "lines": cost.lines,
        "with_dependencies_ms": cost.with_dependencies.as_secs_f64() * 1000.0,
        "crate_alone_ms": runs_json(&cost.crate_alone),
    })
}
