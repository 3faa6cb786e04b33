//! Regenerates `generated-client/` from every document in `spec/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use generator::SpecSource;
use generator::write::{ChangeKind, sync};

pub use generator::write::Mode;

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask sits inside the workspace").to_owned()
}

/// Reads the spec documents of `spec_dir`, sorted by file name so the
/// output does not depend on directory order.
pub fn read_specs(root: &Path, spec_dir: &Path) -> Result<Vec<SpecSource>, String> {
    let entries = fs::read_dir(spec_dir).map_err(|error| format!("cannot list `{}`: {error}", spec_dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).map_err(|error| format!("cannot read `{}`: {error}", path.display()))?;
            let shown = path.strip_prefix(root).unwrap_or(&path);
            let shown = shown.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            Ok(SpecSource { path: shown, text })
        })
        .collect()
}

pub fn run(mode: Mode) -> Result<(), String> {
    let started = Instant::now();
    let root = workspace_root();
    let sources = read_specs(&root, &root.join("spec"))?;
    if sources.is_empty() {
        return Err("spec/ holds no .yaml, .yml or .json document".to_owned());
    }
    let files = generator::generate(&sources).map_err(|error| {
        format!("{error}\n\nNothing was written: generated-client/ is unchanged.")
    })?;
    let changes = sync(&root.join("generated-client"), &files, mode).map_err(|error| error.to_string())?;

    for change in &changes {
        let kind = match change.kind {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Removed => "removed",
        };
        let verb = if mode == Mode::Check { "stale" } else { "wrote" };
        println!("{verb}: generated-client/{} ({kind})", change.path);
    }
    let elapsed = started.elapsed().as_millis();
    match (mode, changes.is_empty()) {
        (Mode::Check, false) => Err(format!(
            "generated-client/ is stale ({} file(s) above); run `cargo xtask codegen` and commit the result",
            changes.len()
        )),
        (_, true) => {
            println!("generated-client/ is up to date with {} spec(s) ({elapsed} ms)", sources.len());
            Ok(())
        }
        (Mode::Write, false) => {
            println!("generated-client/ updated: {} file(s) ({elapsed} ms)", changes.len());
            Ok(())
        }
    }
}
