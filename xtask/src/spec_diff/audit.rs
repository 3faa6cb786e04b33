//! `cargo xtask spec-diff --audit <old> <new>`: spec-diff's verdicts set
//! beside an independent judge's. Both documents' crates are generated
//! into a scratch workspace and checked by cargo-semver-checks (pinned,
//! installed into `target/tools` when missing); each item either flags is
//! listed with both verdicts, and every disagreement is either explained by
//! a rule (a kind of change cargo-semver-checks cannot see, see
//! [`UNSEEN`]) or counted as unexplained.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use generator::diff::{Change, Kind};
use generator::ir::Api;

use super::same_api_sources;

/// The pinned version of the judge.
pub const SEMVER_CHECKS_VERSION: &str = "0.51.0";

/// Breaking kinds cargo-semver-checks does not report, and why: it compares
/// which items exist and their signatures' shape, not the types inside
/// them, nor what the requests carry.
pub const UNSEEN: &[(Kind, &str)] = &[
    (Kind::DefaultServerChanged, "wire: every signature stays, requests go to another host"),
    (Kind::SecuritySchemeChanged, "wire: every signature stays, the credential goes elsewhere"),
    (Kind::OperationAuthChanged, "wire: every signature stays, another credential is sent"),
    (Kind::OperationMoved, "wire: every signature stays, requests go to another method or path"),
    (Kind::RequestMediaTypeChanged, "wire: every signature stays, the body is encoded otherwise"),
    (Kind::FieldTypeChanged, "type: a public field's type changes"),
    (Kind::FieldRequirednessChanged, "type: a public field switches between `T` and `Option<T>`"),
    (Kind::FieldNullabilityChanged, "type: a public field's wrapper changes"),
    (Kind::FieldWrapperChanged, "type: a public field switches between `Option<T>` and `Nullable<T>`"),
    (Kind::ParameterTypeChanged, "type: an argument's or setter's type changes"),
    (Kind::RequestBodyTypeChanged, "type: the body argument's type changes"),
    (Kind::ResponseChanged, "type: an operation's output or error type changes"),
    (Kind::ResponseAdded, "type: the operation's output or error type changes"),
    (Kind::PaginationChanged, "type: the operation's output type changes"),
    (Kind::ResponseHeaderChanged, "type: a header field's type changes"),
    (Kind::TypeChanged, "type: an alias or wrapper stands for another type"),
    (Kind::OneOfShapesChanged, "type: a variant's payload type changes"),
    (Kind::FeatureGateChanged, "features: cargo-semver-checks checks one feature set"),
];

/// Runs the audit and returns its report (Markdown).
pub fn run(root: &Path, old: &Path, new: &Path, changes: &[Change]) -> Result<String, String> {
    let started = Instant::now();
    let tool = ensure_tool(root)?;
    let [old_source, new_source] = same_api_sources(old, new)?;
    let build = |source: &generator::SpecSource| {
        generator::build_apis(std::slice::from_ref(source)).map_err(|error| format!("{} does not build:\n{error}", source.path))
    };
    let (old_apis, new_apis) = (build(&old_source)?, build(&new_source)?);
    let dir = root.join("target").join("spec-diff-audit");
    let old_dir = scratch_crate(root, &dir.join("old"), &old_apis)?;
    let new_dir = scratch_crate(root, &dir.join("new"), &new_apis)?;
    let output = Command::new(&tool)
        .args(["semver-checks", "check-release", "--package", "generated-client", "--manifest-path"])
        .arg(new_dir.join("Cargo.toml"))
        .arg("--baseline-root")
        .arg(&old_dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .map_err(|error| format!("cannot run {}: {error}", tool.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let flagged = parse_failures(&format!("{stdout}\n{stderr}"));
    if !output.status.success() && flagged.is_empty() {
        return Err(format!("cargo-semver-checks failed without a verdict:\n{stderr}"));
    }
    let owners = operation_owners(old_apis.iter().chain(&new_apis));
    Ok(compare(changes, &flagged, &owners, started.elapsed().as_secs_f64()))
}

/// cargo-semver-checks from `target/tools`, installed there when missing.
fn ensure_tool(root: &Path) -> Result<PathBuf, String> {
    let tools = root.join("target").join("tools");
    let tool = tools.join("bin").join("cargo-semver-checks");
    let installed = Command::new(&tool).arg("--version").output().ok().filter(|output| output.status.success());
    if installed.is_some_and(|output| String::from_utf8_lossy(&output.stdout).contains(SEMVER_CHECKS_VERSION)) {
        return Ok(tool);
    }
    eprintln!("installing cargo-semver-checks {SEMVER_CHECKS_VERSION} into target/tools (once; several minutes)");
    let status = Command::new(env!("CARGO"))
        .args(["install", "--locked", "--version", &format!("={SEMVER_CHECKS_VERSION}"), "--root"])
        .arg(&tools)
        .arg("cargo-semver-checks")
        .env("CARGO_TARGET_DIR", tools.join("build"))
        .status()
        .map_err(|error| format!("cannot run cargo install: {error}"))?;
    if status.success() { Ok(tool) } else { Err("cargo install cargo-semver-checks failed".to_owned()) }
}

/// One side's `generated-client` in a workspace of its own.
fn scratch_crate(root: &Path, dir: &Path, apis: &[Api]) -> Result<PathBuf, String> {
    let _ = std::fs::remove_dir_all(dir);
    let files = generator::write::crate_files(apis).map_err(|error| error.to_string())?;
    let crate_dir = dir.join("generated-client");
    for file in &files {
        let path = crate_dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap_or(&crate_dir)).map_err(|error| format!("cannot create {}: {error}", path.display()))?;
        std::fs::write(&path, &file.contents).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    let manifest = crate::scratch_workspace_manifest(root, &["generated-client".to_owned()])?;
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|error| format!("cannot write the workspace manifest: {error}"))?;
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    Ok(crate_dir)
}

/// One item cargo-semver-checks flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flagged {
    /// The lint, e.g. `constructible_struct_adds_field`.
    pub lint: String,
    /// The line naming the item, as printed.
    pub item: String,
}

/// The items of every `--- failure <lint>: …` block's `Failed in:` list.
pub fn parse_failures(output: &str) -> Vec<Flagged> {
    let mut flagged = Vec::new();
    let mut lint: Option<String> = None;
    let mut listing = false;
    for line in output.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix("--- failure ") {
            lint = rest.split(':').next().map(str::to_owned);
            listing = false;
        } else if trimmed == "Failed in:" {
            listing = lint.is_some();
        } else if trimmed.is_empty() || trimmed.starts_with("---") || !line.starts_with(' ') {
            listing = false;
        } else if let (true, Some(lint)) = (listing, &lint) {
            let item = trimmed.split(", previously in").next().unwrap_or(trimmed);
            let item = item.split(" in file ").next().unwrap_or(item);
            let item = item.split(" in /").next().unwrap_or(item);
            flagged.push(Flagged { lint: lint.clone(), item: item.trim().trim_end_matches(',').to_owned() });
        }
    }
    flagged
}

/// The types an operation owns (its call struct, enums, headers struct),
/// each with the method they belong to.
fn operation_owners<'a>(apis: impl Iterator<Item = &'a Api>) -> Vec<(String, String)> {
    let mut owners = Vec::new();
    for api in apis {
        for operation in &api.operations {
            let owned = [Some(&operation.struct_name), operation.success_enum.as_ref(), operation.error_enum.as_ref(), operation.headers_struct.as_ref()];
            for name in owned.into_iter().flatten() {
                owners.push((name.clone(), operation.name.clone()));
            }
        }
    }
    owners
}

/// The identifiers in a text.
fn words(text: &str) -> BTreeSet<String> {
    text.split(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).filter(|word| !word.is_empty()).map(str::to_owned).collect()
}

/// The identifiers of a change's item below the module: `Type` and
/// `field`, or `Client` and `method`.
fn item_words(change: &Change) -> Vec<String> {
    let path = change.rust_item.split("(…)").next().unwrap_or(&change.rust_item);
    path.split("::").skip(1).map(str::to_owned).collect()
}

/// The changes that account for a flagged item: those whose item words are
/// all in its line (an operation's own types stand for its method), else
/// those of the same type or method.
fn accounts_for<'c>(changes: &'c [Change], flagged: &Flagged, owners: &[(String, String)]) -> Vec<&'c Change> {
    let mut seen = words(&flagged.item);
    for (owned, method) in owners {
        if seen.contains(owned) {
            seen.insert("Client".to_owned());
            seen.insert(method.clone());
        }
    }
    let exact: Vec<&Change> =
        changes.iter().filter(|change| !item_words(change).is_empty() && item_words(change).iter().all(|word| seen.contains(word))).collect();
    if !exact.is_empty() {
        return exact;
    }
    changes
        .iter()
        .filter(|change| {
            let item = item_words(change);
            let owner = if item.first().is_some_and(|first| first == "Client") { item.get(..2) } else { item.get(..1) };
            owner.is_some_and(|owner| owner.iter().all(|word| seen.contains(word)))
        })
        .collect()
}

fn compare(changes: &[Change], flagged: &[Flagged], owners: &[(String, String)], seconds: f64) -> String {
    let mut rows = Vec::new();
    let (mut agree, mut explained, mut unexplained) = (0, 0, 0);
    let mut confirmed: BTreeSet<usize> = BTreeSet::new();
    for item in flagged {
        let matches = accounts_for(changes, item, owners);
        let breaking: Vec<&&Change> = matches.iter().filter(|change| change.breaking).collect();
        for change in &breaking {
            if let Some(index) = changes.iter().position(|other| std::ptr::eq(other, **change)) {
                confirmed.insert(index);
            }
        }
        let (spec_diff, verdict) = match (breaking.first(), matches.first()) {
            (Some(change), _) => (format!("breaking: {} (`{}`)", change.description, change.kind.id()), "agree"),
            (None, Some(change)) => (format!("compatible: {} (`{}`)", change.description, change.kind.id()), "**disagree**"),
            (None, None) => ("no change found".to_owned(), "**disagree**"),
        };
        if verdict == "agree" { agree += 1 } else { unexplained += 1 }
        rows.push(format!("| `{}` | `{}` | {} | {verdict} |", item.item.replace('|', "\\|"), item.lint, spec_diff.replace('|', "\\|")));
    }
    for (_, change) in changes.iter().enumerate().filter(|(index, change)| change.breaking && !confirmed.contains(index)) {
        let rule = UNSEEN.iter().find(|(kind, _)| *kind == change.kind).map(|(_, rule)| *rule);
        let verdict = match rule {
            Some(rule) => {
                explained += 1;
                format!("explained ({rule})")
            }
            None => {
                unexplained += 1;
                "**disagree**".to_owned()
            }
        };
        rows.push(format!(
            "| `{}` | not flagged | breaking: {} (`{}`) | {verdict} |",
            change.rust_item,
            change.description.replace('|', "\\|"),
            change.kind.id()
        ));
    }
    let breaking = changes.iter().filter(|change| change.breaking).count();
    let mut out = String::from("### spec-diff beside cargo-semver-checks\n\n");
    let _ = writeln!(out, "| item | cargo-semver-checks | spec-diff | verdicts |\n|---|---|---|---|");
    for row in &rows {
        let _ = writeln!(out, "{row}");
    }
    let _ = writeln!(
        out,
        "\nspec-diff: {} changes, {breaking} breaking; cargo-semver-checks {SEMVER_CHECKS_VERSION}: {} items flagged",
        changes.len(),
        flagged.len()
    );
    let _ = writeln!(out, "audit: {agree} agree, {explained} explained, {unexplained} unexplained ({seconds:.0} s)");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_read_lint_by_lint() {
        let output = "\
--- failure constructible_struct_adds_field: externally-constructible struct adds field ---

Description:
A pub struct constructible with a struct literal has a new pub field.
        ref: https://doc.rust-lang.org/reference/attributes/type_system.html#the-non_exhaustive-attribute

Failed in:
  field Item.color in /tmp/new/src/shop.rs:40
  field Tag.name in /tmp/new/src/shop.rs:80

--- failure inherent_method_missing: pub method removed or renamed ---

Failed in:
  Client::get_item, previously in file /tmp/old/src/shop.rs:30
";
        let flagged = parse_failures(output);
        assert_eq!(
            flagged,
            vec![
                Flagged { lint: "constructible_struct_adds_field".into(), item: "field Item.color".into() },
                Flagged { lint: "constructible_struct_adds_field".into(), item: "field Tag.name".into() },
                Flagged { lint: "inherent_method_missing".into(), item: "Client::get_item".into() },
            ]
        );
    }
}
