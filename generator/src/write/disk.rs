//! Brings a directory in line with the generated files, all at once or not
//! at all: the new tree is written beside the old one and swapped in by
//! renaming, so a failed run leaves the old files byte-for-byte as they were.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::GeneratedFile;

/// Whether [`sync`] may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Replace the directory when anything differs.
    Write,
    /// Only compare; the caller fails when there are changes.
    Check,
}

/// How one file differs between the directory and the generated output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Generated, not on disk.
    Added,
    /// On disk with other contents.
    Changed,
    /// On disk, no longer generated.
    Removed,
}

/// One file that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Path inside the directory, `/`-separated.
    pub path: String,
    /// How it differs.
    pub kind: ChangeKind,
}

/// A file operation that failed, with the path it failed on.
#[derive(Debug, thiserror::Error)]
#[error("{action} `{}`: {source}", path.display())]
pub struct SyncError {
    action: &'static str,
    path: PathBuf,
    source: io::Error,
}

fn context(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> SyncError {
    let path = path.to_owned();
    move |source| SyncError { action, path, source }
}

/// Compares `dir` with `files` and, in [`Mode::Write`], replaces it when
/// they differ. Returns the differences, sorted by path; nothing is
/// written when there are none.
pub fn sync(dir: &Path, files: &[GeneratedFile], mode: Mode) -> Result<Vec<Change>, SyncError> {
    let existing = read_tree(dir)?;
    let changes = diff(&existing, files);
    if mode == Mode::Write && !changes.is_empty() {
        replace(dir, files)?;
    }
    Ok(changes)
}

fn diff(existing: &BTreeMap<String, String>, files: &[GeneratedFile]) -> Vec<Change> {
    let mut changes: Vec<Change> = files
        .iter()
        .filter_map(|file| {
            let kind = match existing.get(&file.path) {
                None => ChangeKind::Added,
                // A checkout with CRLF line endings is not stale.
                Some(old) if old.replace("\r\n", "\n") == file.contents => return None,
                Some(_) => ChangeKind::Changed,
            };
            Some(Change { path: file.path.clone(), kind })
        })
        .collect();
    changes.extend(
        existing
            .keys()
            .filter(|path| !files.iter().any(|file| &file.path == *path))
            .map(|path| Change { path: path.clone(), kind: ChangeKind::Removed }),
    );
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}

/// Every file below `dir` by relative path; a missing `dir` is empty.
fn read_tree(dir: &Path) -> Result<BTreeMap<String, String>, SyncError> {
    let mut tree = BTreeMap::new();
    if !dir.exists() {
        return Ok(tree);
    }
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).map_err(context("cannot list", &current))? {
            let path = entry.map_err(context("cannot list", &current))?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            // Binary or unreadable text counts as different content.
            let text = fs::read(&path).map_err(context("cannot read", &path))?;
            tree.insert(key, String::from_utf8_lossy(&text).into_owned());
        }
    }
    Ok(tree)
}

/// Writes the new tree beside `dir`, then swaps it in with two renames.
fn replace(dir: &Path, files: &[GeneratedFile]) -> Result<(), SyncError> {
    let name = dir.file_name().map_or_else(|| "generated".into(), |name| name.to_string_lossy().into_owned());
    let staged = dir.with_file_name(format!("{name}.swap-new"));
    let retired = dir.with_file_name(format!("{name}.swap-old"));
    for leftover in [&staged, &retired] {
        if leftover.exists() {
            fs::remove_dir_all(leftover).map_err(context("cannot remove leftover", leftover))?;
        }
    }
    if let Err(error) = write_tree(&staged, files) {
        let _ = fs::remove_dir_all(&staged);
        return Err(error);
    }
    let had_old = dir.exists();
    if had_old {
        fs::rename(dir, &retired).map_err(context("cannot move aside", dir))?;
    }
    if let Err(source) = fs::rename(&staged, dir) {
        if had_old {
            let _ = fs::rename(&retired, dir);
        }
        let _ = fs::remove_dir_all(&staged);
        return Err(SyncError { action: "cannot move into place", path: dir.to_owned(), source });
    }
    if had_old {
        fs::remove_dir_all(&retired).map_err(context("cannot remove", &retired))?;
    }
    Ok(())
}

fn write_tree(root: &Path, files: &[GeneratedFile]) -> Result<(), SyncError> {
    for file in files {
        let path = root.join(&file.path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(context("cannot create", parent))?;
        }
        fs::write(&path, &file.contents).map_err(context("cannot write", &path))?;
    }
    Ok(())
}
