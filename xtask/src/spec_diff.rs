//! `cargo xtask spec-diff`: what a change to `spec/` does to the users of
//! `generated-client`, compared semantically with a git revision.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use generator::SpecSource;
use generator::diff::{Change, diff};

use crate::{SPEC_DIR, read_specs};

/// The changes from the specs at git revision `base` (default: the merge
/// base with `main`) to the specs in the working tree below `root`.
pub fn spec_diff(root: &Path, base: Option<&str>) -> Result<Vec<Change>, String> {
    let base = match base {
        Some(base) => base.to_owned(),
        None => merge_base(root)?,
    };
    let old = specs_at(root, &base)?;
    let new = read_specs(root)?;
    diff_sources(&old, &new)
}

/// The changes between two sets of spec documents, matched by file path.
pub fn diff_sources(old: &[SpecSource], new: &[SpecSource]) -> Result<Vec<Change>, String> {
    let build = |source: &SpecSource, side: &str| {
        generator::build_apis(std::slice::from_ref(source))
            .map(|mut apis| apis.remove(0))
            .map_err(|error| format!("the {side} version of {} does not build:\n{error}", source.path))
    };
    let paths: BTreeSet<&str> = old.iter().chain(new).map(|source| source.path.as_str()).collect();
    let mut changes = Vec::new();
    for path in paths {
        let before = old.iter().find(|source| source.path == path).map(|source| build(source, "base")).transpose()?;
        let after = new.iter().find(|source| source.path == path).map(|source| build(source, "new")).transpose()?;
        changes.extend(diff(before.as_ref(), after.as_ref()));
    }
    changes.sort_by_key(|change| !change.breaking);
    Ok(changes)
}

fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        return Err(format!("`git {}` failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn merge_base(root: &Path) -> Result<String, String> {
    ["main", "origin/main"]
        .iter()
        .find_map(|branch| git(root, &["merge-base", "HEAD", branch]).ok())
        .map(|hash| hash.trim().to_owned())
        .ok_or_else(|| "no merge base with `main` or `origin/main`: pass `--base <git-ref>`".to_owned())
}

/// The spec documents as they were at `revision`.
fn specs_at(root: &Path, revision: &str) -> Result<Vec<SpecSource>, String> {
    let listing = git(root, &["ls-tree", "--name-only", &format!("{revision}:{SPEC_DIR}")])?;
    let mut names: Vec<&str> = listing
        .lines()
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = format!("{SPEC_DIR}/{name}");
            let text = git(root, &["show", &format!("{revision}:{path}")])?;
            Ok(SpecSource { path, text })
        })
        .collect()
}
