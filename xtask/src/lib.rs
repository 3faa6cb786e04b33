//! The project's automation behind `cargo xtask`, as a library so tests can
//! run it against a scratch directory.

mod bench;
pub mod corpus;
pub mod corpus_examples;
pub mod lint;
pub mod package;
pub mod release;
pub mod spec_diff;
mod spec_drift;

pub use bench::cold::{cold_builds, markdown as cold_build_markdown};
pub use bench::real::CorpusOptions;
pub use bench::runtime::runtime as bench_runtime;
pub use bench::tags::{TagsReport, bench_tags};
pub use bench::{BenchOptions, DefaultResponses, Report, bench, bench_corpus, bench_dir, synthetic_spec};

pub use spec_diff::{diff_sources, spec_diff};
pub use spec_drift::spec_drift;

use std::fs;
use std::path::{Path, PathBuf};

use generator::SpecSource;
use generator::write::{Change, ChangeKind, sync};

pub use generator::write::Mode;

/// The directory, below the root, that holds the spec documents.
pub const SPEC_DIR: &str = "spec";
/// The directory, below the root, that codegen owns.
pub const OUTPUT_DIR: &str = "generated-client";

/// Regenerates `<root>/generated-client` from `<root>/spec`.
///
/// Returns the files that differed (and, in [`Mode::Write`], were replaced).
/// In [`Mode::Check`] any difference is an error naming the stale files. A
/// spec problem is an error and nothing is written.
pub fn codegen(root: &Path, mode: Mode) -> Result<Vec<Change>, String> {
    let sources = read_specs(root)?;
    if sources.is_empty() {
        return Err(format!("{SPEC_DIR}/ holds no .yaml, .yml or .json document"));
    }
    let unchanged = |error: generator::Error| format!("{error}\n\nNothing was written: {OUTPUT_DIR}/ is unchanged.");
    let apis = generator::build_apis(&sources).map_err(unchanged)?;
    for api in &apis {
        for note in &api.notes {
            eprintln!("note: {note}");
        }
        for warning in &api.warnings {
            eprintln!("warning: {warning}");
        }
    }
    let files = generator::write::crate_files(&apis).map_err(unchanged)?;
    let changes = sync(&root.join(OUTPUT_DIR), &files, mode).map_err(|error| error.to_string())?;
    if mode == Mode::Check && !changes.is_empty() {
        let list: String = changes.iter().map(|change| format!("\n  {}", describe(change))).collect();
        return Err(format!(
            "{OUTPUT_DIR}/ is stale:{list}\nrun `cargo xtask codegen` and commit the result"
        ));
    }
    Ok(changes)
}

/// `generated-client/src/fastly.rs (changed)`.
pub fn describe(change: &Change) -> String {
    let kind = match change.kind {
        ChangeKind::Added => "added",
        ChangeKind::Changed => "changed",
        ChangeKind::Removed => "removed",
    };
    format!("{OUTPUT_DIR}/{} ({kind})", change.path)
}

/// The spec documents below `root`, sorted by file name so the output does
/// not depend on directory order, each named by its path from `root`.
pub fn read_specs(root: &Path) -> Result<Vec<SpecSource>, String> {
    let dir = root.join(SPEC_DIR);
    let entries = fs::read_dir(&dir).map_err(|error| format!("cannot list `{}`: {error}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
            let file = path.file_name().unwrap_or_default().to_string_lossy();
            Ok(SpecSource { path: format!("{SPEC_DIR}/{file}"), text })
        })
        .collect()
}

/// The manifest of a scratch workspace of `members` beside the project: the
/// root manifest's shared sections (dependency versions, lints), with the
/// runtime crate by its absolute path, so generated crates build there.
pub fn scratch_workspace_manifest(root: &Path, members: &[String]) -> Result<String, String> {
    let manifest = fs::read_to_string(root.join("Cargo.toml")).map_err(|error| format!("cannot read Cargo.toml: {error}"))?;
    Ok(bench::compile::workspace_manifest(root, &manifest, members))
}
