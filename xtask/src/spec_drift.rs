//! `cargo xtask spec-drift`: where a hand-maintained spec no longer says
//! what the vendor's published schema does.

use std::path::Path;

use generator::SpecSource;
use generator::drift::{Report, declarations_in, drift};

use crate::read_specs;

/// Compares our spec (`spec`, or the document of `spec/` that shares the
/// most operations with the vendor's) with the vendor's document `upstream`.
pub fn spec_drift(root: &Path, upstream: &Path, spec: Option<&Path>) -> Result<(String, Report), String> {
    let read = |path: &Path| -> Result<SpecSource, String> {
        let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        let shown = path.strip_prefix(root).unwrap_or(path).display().to_string();
        Ok(SpecSource { path: shown, text })
    };
    let vendor = read(upstream)?;
    let theirs = build(&vendor)?;
    let candidates = match spec {
        Some(path) => vec![read(path)?],
        None => read_specs(root)?,
    };
    let mut best: Option<(usize, SpecSource, generator::ir::Api)> = None;
    for source in candidates {
        let ours = build(&source)?;
        let shared = ours
            .operations
            .iter()
            .filter(|operation| theirs.operations.iter().any(|other| other.method == operation.method && other.path == operation.path))
            .count();
        if best.as_ref().is_none_or(|(most, ..)| shared > *most) {
            best = Some((shared, source, ours));
        }
    }
    let (_, source, ours) = best.ok_or("no spec to compare")?;
    let declared = declarations_in(&source.text).map_err(|error| format!("{}: {error}", source.path))?;
    Ok((source.path, drift(&ours, &theirs, &declared)))
}

fn build(source: &SpecSource) -> Result<generator::ir::Api, String> {
    generator::build_apis(std::slice::from_ref(source))
        .map(|mut apis| apis.remove(0))
        .map_err(|error| format!("{} does not build:\n{error}", source.path))
}
