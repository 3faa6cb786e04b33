//! All tests in one binary, so they link once.

mod codegen;
mod constructs;
mod contract;
mod errors;
mod example_round_trip;
mod examples;
mod fuzz;
mod fastly_wire;
mod hostile;
mod packaging;
mod page_conventions;
mod real_world;
mod release;
mod runtime;
mod snapshots;
mod spec_diff;
mod spec_diff_compiled;
mod spec_drift;
mod tag_features;
mod tls_combinations;
mod untagged;
mod waldur_wire;

use std::path::{Path, PathBuf};

use generator::SpecSource;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_owned()
}

/// The target directory of the scratch workspaces tests compile
/// generated code in, shared so their dependencies build once.
pub fn scratch_target() -> PathBuf {
    root().join("target").join("scratch-check")
}

/// A spec source read from a path below the workspace root.
pub fn source(relative: &str) -> SpecSource {
    let text = std::fs::read_to_string(root().join(relative)).expect("fixture is readable");
    SpecSource { path: relative.to_owned(), text }
}
