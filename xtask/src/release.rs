//! `cargo xtask release [--dry-run]`: a release of `generated-client` made
//! from what spec-diff says of the specs since the last release tag
//! (`generated-client-vX.Y.Z`): the version under `[workspace.package]` is
//! bumped by semver (before 1.0 a breaking change bumps the minor number, a
//! compatible one the patch; a change that leaves the API alone releases
//! nothing), and a `CHANGELOG.md` section in Keep a Changelog's words is
//! prepended, breaking changes first, each naming the Rust item. The tag is
//! shown, not created: it belongs on the commit that holds the release.

use std::path::Path;

use generator::diff::{Bump, Change};

use crate::spec_diff::git;

/// The prefix of release tags.
pub const TAG_PREFIX: &str = "generated-client-v";

/// What a release is, or would be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The last release's tag, if there is one.
    pub previous: Option<String>,
    /// The version released; `None` when nothing changed for users.
    pub version: Option<String>,
    /// The CHANGELOG.md section.
    pub section: String,
    /// The tag to create on the release commit.
    pub tag: Option<String>,
}

/// Works out the release and, unless `dry_run`, writes the version and the
/// changelog section; `date` is the release date (`YYYY-MM-DD`).
pub fn release(root: &Path, dry_run: bool, date: &str) -> Result<Release, String> {
    let manifest_path = root.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).map_err(|error| format!("cannot read Cargo.toml: {error}"))?;
    let current = workspace_version(&manifest).ok_or("Cargo.toml has no `version` under `[workspace.package]`")?;
    let previous = last_tag(root)?;
    let (version, section) = match &previous {
        None => {
            let section = format!(
                "## [{current}] - {date}\n\nThe first release: the clients of every API in `spec/`.\n"
            );
            (Some(current.clone()), section)
        }
        Some(tag) => {
            let changes = crate::spec_diff::spec_diff(root, Some(tag))?;
            let last = tag.trim_start_matches(TAG_PREFIX);
            match next_version(last, generator::diff::bump(&changes))? {
                None => (None, String::new()),
                Some(next) => {
                    let section = section(&next, date, &changes);
                    (Some(next), section)
                }
            }
        }
    };
    let tag = version.as_ref().map(|version| format!("{TAG_PREFIX}{version}"));
    if !dry_run {
        if let Some(version) = &version {
            if version != &current {
                let bumped = set_workspace_version(&manifest, version).ok_or("cannot set the version in Cargo.toml")?;
                std::fs::write(&manifest_path, bumped).map_err(|error| format!("cannot write Cargo.toml: {error}"))?;
            }
            let changelog_path = root.join("CHANGELOG.md");
            let old = std::fs::read_to_string(&changelog_path).unwrap_or_default();
            std::fs::write(&changelog_path, prepend(&old, &section)).map_err(|error| format!("cannot write CHANGELOG.md: {error}"))?;
        }
    }
    Ok(Release { previous, version, section, tag })
}

/// The newest release tag, by version.
fn last_tag(root: &Path) -> Result<Option<String>, String> {
    let listing = git(root, &["tag", "--list", &format!("{TAG_PREFIX}*"), "--sort=-v:refname"])?;
    Ok(listing.lines().next().map(str::to_owned))
}

/// The version after `last` for a release of `bump`.
pub fn next_version(last: &str, bump: Bump) -> Result<Option<String>, String> {
    let parts: Vec<u64> = last.split('.').map(|part| part.parse::<u64>()).collect::<Result<_, _>>().map_err(|_| format!("`{last}` is not a version"))?;
    let [major, minor, patch] = parts[..] else { return Err(format!("`{last}` is not a MAJOR.MINOR.PATCH version")) };
    Ok(match (bump, major) {
        (Bump::None, _) => None,
        (Bump::Major, 0) => Some(format!("0.{}.0", minor + 1)),
        (Bump::Minor, 0) => Some(format!("0.{minor}.{}", patch + 1)),
        (Bump::Major, _) => Some(format!("{}.0.0", major + 1)),
        (Bump::Minor, _) => Some(format!("{major}.{}.0", minor + 1)),
    })
}

/// The changelog section for `changes`: breaking changes first (under
/// "Changed", "Removed", ...), then the compatible ones, each group under
/// its Keep a Changelog heading, each line naming the Rust item.
pub fn section(version: &str, date: &str, changes: &[Change]) -> String {
    let mut out = format!("## [{version}] - {date}\n");
    let heading = |change: &Change| {
        let id = change.kind.id();
        if id.contains("removed") {
            "Removed"
        } else if id.contains("deprecated") {
            "Deprecated"
        } else if id.contains("added") {
            "Added"
        } else {
            "Changed"
        }
    };
    for breaking in [true, false] {
        for title in ["Removed", "Changed", "Deprecated", "Added"] {
            let lines: Vec<String> = changes
                .iter()
                .filter(|change| change.breaking == breaking && heading(change) == title)
                .map(|change| {
                    let item = if change.rust_item.is_empty() { String::new() } else { format!("`{}`: ", change.rust_item) };
                    let mark = if breaking { "**Breaking.** " } else { "" };
                    format!("- {mark}{item}{}", change.description)
                })
                .collect();
            if !lines.is_empty() {
                let suffix = if breaking { " (breaking)" } else { "" };
                out.push_str(&format!("\n### {title}{suffix}\n\n{}\n", lines.join("\n")));
            }
        }
    }
    out
}

/// `old` with `section` put first, under the file's title.
fn prepend(old: &str, section: &str) -> String {
    const TITLE: &str = "# Changelog\n\nEvery release of `generated-client`, newest first, written by `cargo xtask release` from spec-diff (format: [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), versions: [SemVer](https://semver.org/)).\n";
    let rest = old.find("\n## ").map_or("", |at| &old[at + 1..]);
    format!("{TITLE}\n{section}\n{rest}")
}

/// The `version` under `[workspace.package]`.
fn workspace_version(manifest: &str) -> Option<String> {
    let mut inside = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            inside = line.trim() == "[workspace.package]";
        } else if inside && let Some(value) = line.strip_prefix("version = ") {
            return Some(value.trim().trim_matches('"').to_owned());
        }
    }
    None
}

/// `manifest` with the version under `[workspace.package]` set to `version`.
fn set_workspace_version(manifest: &str, version: &str) -> Option<String> {
    let mut inside = false;
    let mut done = false;
    let mut out = String::with_capacity(manifest.len());
    for line in manifest.split_inclusive('\n') {
        if line.starts_with('[') {
            inside = line.trim() == "[workspace.package]";
        }
        if inside && !done && line.starts_with("version = ") {
            out.push_str(&format!("version = \"{version}\"\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    done.then_some(out)
}
