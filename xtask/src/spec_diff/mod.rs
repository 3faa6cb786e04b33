//! `cargo xtask spec-diff`: what a change to `spec/` does to the users of
//! `generated-client`, compared semantically with a git revision.

use std::path::Path;
use std::process::Command;

use generator::SpecSource;
use generator::ir::Api;
use generator::diff::{Change, diff};

use crate::{SPEC_DIR, read_specs};

pub mod audit;

/// Where the whole report is written, below the workspace root.
pub const FULL_REPORT_DIR: &str = "target/spec-diff";

/// The changes from one document to another of the same API, wherever
/// they are (two releases of a vendor's description, say): both are read
/// as `spec/<new file name>`, so they generate the same module.
pub fn diff_files(old: &Path, new: &Path) -> Result<Vec<Change>, String> {
    let [old, new] = same_api_sources(old, new)?;
    diff_sources(&[old], &[new])
}

/// Both documents as sources of one spec file, named after the new one.
pub(crate) fn same_api_sources(old: &Path, new: &Path) -> Result<[SpecSource; 2], String> {
    let read = |path: &Path| std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()));
    let name = new.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| "api.yaml".to_owned());
    let path = format!("{SPEC_DIR}/{name}");
    Ok([SpecSource { path: path.clone(), text: read(old)? }, SpecSource { path, text: read(new)? }])
}

/// Writes the whole report, Markdown and JSON, to [`FULL_REPORT_DIR`];
/// returns the Markdown file's path, relative to `root`.
pub fn write_full_reports(root: &Path, changes: &[Change]) -> Result<String, String> {
    let dir = root.join(FULL_REPORT_DIR);
    std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let write = |name: &str, text: String| {
        std::fs::write(dir.join(name), text).map_err(|error| format!("cannot write {FULL_REPORT_DIR}/{name}: {error}"))
    };
    write("report.md", generator::diff::markdown(changes))?;
    write("report.json", generator::diff::json(changes))?;
    Ok(format!("{FULL_REPORT_DIR}/report.md"))
}

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

/// The changes between two sets of spec documents. Documents are matched
/// by the module they generate, so a spec file renamed with its module
/// kept is the same API; what is left is matched by file path (a module
/// renamed in place).
pub fn diff_sources(old: &[SpecSource], new: &[SpecSource]) -> Result<Vec<Change>, String> {
    let build = |sources: &[SpecSource], side: &str| {
        sources
            .iter()
            .map(|source| {
                generator::build_apis(std::slice::from_ref(source))
                    .map(|mut apis| apis.remove(0))
                    .map_err(|error| format!("the {side} version of {} does not build:\n{error}", source.path))
            })
            .collect::<Result<Vec<Api>, String>>()
    };
    let old = build(old, "base")?;
    let new = build(new, "new")?;
    let mut changes = Vec::new();
    let mut paired_old = vec![false; old.len()];
    let mut pairs: Vec<(Option<usize>, usize)> = Vec::new();
    for (index, api) in new.iter().enumerate() {
        let by_module = old.iter().position(|other| other.module == api.module);
        pairs.push((by_module, index));
        if let Some(found) = by_module {
            paired_old[found] = true;
        }
    }
    for pair in pairs.iter_mut().filter(|pair| pair.0.is_none()) {
        let by_path = old.iter().enumerate().position(|(index, other)| !paired_old[index] && other.source == new[pair.1].source);
        if let Some(found) = by_path {
            paired_old[found] = true;
            pair.0 = Some(found);
        }
    }
    for (api, _) in old.iter().zip(&paired_old).filter(|(_, paired)| !**paired) {
        changes.extend(diff(Some(api), None));
    }
    for (before, after) in pairs {
        changes.extend(diff(before.map(|index| &old[index]), Some(&new[after])));
    }
    changes.sort_by_key(|change| !change.breaking);
    Ok(changes)
}

pub(crate) fn git(root: &Path, args: &[&str]) -> Result<String, String> {
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
