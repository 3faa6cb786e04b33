//! The reports: Markdown for a pull request (the release verdict first,
//! breaking changes in full, compatible ones grouped by kind and folded,
//! within a size a comment can hold) and JSON for tools.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Change, Kind};

/// What a pull-request comment holds (65,536 characters), less room for
/// the wrapper a workflow puts around the report.
pub const DEFAULT_MARKDOWN_LIMIT: usize = 60_000;

/// The release a set of changes needs, by semver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    /// No change to the API.
    None,
    /// Only compatible changes.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    /// The bump, and what it is before 1.0, where the first non-zero
    /// number plays the major's part.
    pub fn sentence(self) -> &'static str {
        match self {
            Bump::None => "no new release is needed.",
            Bump::Minor => "a minor release (before 1.0: a patch release, `0.y.z` → `0.y.(z+1)`). Bump `version` under `[workspace.package]` in `Cargo.toml`.",
            Bump::Major => "a major release (before 1.0: a minor release, `0.y.z` → `0.(y+1).0`). Bump `version` under `[workspace.package]` in `Cargo.toml`.",
        }
    }

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The release `changes` need.
pub fn bump(changes: &[Change]) -> Bump {
    if changes.iter().any(|change| change.breaking) {
        Bump::Major
    } else if changes.is_empty() {
        Bump::None
    } else {
        Bump::Minor
    }
}

/// The whole report, however long.
pub fn markdown(changes: &[Change]) -> String {
    markdown_within(changes, usize::MAX, "")
}

/// The report in at most `limit` characters: what does not fit is left
/// out, and the report says how much and that the full report is at
/// `full_report`.
pub fn markdown_within(changes: &[Change], limit: usize, full_report: &str) -> String {
    let breaking: Vec<&Change> = changes.iter().filter(|change| change.breaking).collect();
    let compatible: Vec<&Change> = changes.iter().filter(|change| !change.breaking).collect();
    let mut out = String::from("### Spec diff\n\n");
    if changes.is_empty() {
        out.push_str("No changes to the API.\n");
        return out;
    }
    let _ = writeln!(out, "**Release:** {}\n", bump(changes).sentence());
    let _ = writeln!(out, "**{} breaking, {} compatible**\n", breaking.len(), compatible.len());
    let many_specs = changes.iter().any(|change| change.spec != changes[0].spec);
    // Room for the closing note on what was left out.
    let budget = limit.saturating_sub(400 + full_report.len());
    let mut left_out = 0;
    let mut groups: BTreeMap<usize, Vec<&Change>> = BTreeMap::new();
    for change in &compatible {
        groups.entry(change.kind.rank()).or_default().push(change);
    }
    // Per group: its size, its folded list, and the line that counts it
    // when the list does not fit.
    let sections: Vec<(usize, String, String)> = groups
        .values()
        .map(|group| {
            let kind = group[0].kind;
            let counted = format!("- {} ({}): list left out here\n\n", kind.info().title, group.len());
            (group.len(), compatible_group(kind, group, many_specs), counted)
        })
        .collect();
    // Compatible groups that do not fit are counted on a line each: room
    // for those lines is kept while breaking changes are listed.
    let counted_lines: usize = sections.iter().map(|section| section.2.len()).sum();

    if !breaking.is_empty() {
        // In full with pointers when that fits, else without them (the
        // whole report has them), else as many rows as fit.
        let room = budget.saturating_sub(out.len() + counted_lines);
        let full = breaking_section(&breaking, many_specs, true, usize::MAX);
        let (section, listed) = if full.0.len() <= room { full } else { breaking_section(&breaking, many_specs, false, room) };
        out.push_str(&section);
        if listed < breaking.len() {
            left_out += breaking.len() - listed;
            let _ = writeln!(out, "*{} more breaking changes left out here.*\n", breaking.len() - listed);
        }
    }

    if !compatible.is_empty() {
        let _ = writeln!(out, "#### Compatible changes\n");
        // A group is listed when it fits beside the count lines of the
        // groups after it; otherwise it is only counted.
        for (index, (count, listed, counted)) in sections.iter().enumerate() {
            let after: usize = sections[index + 1..].iter().map(|section| section.2.len()).sum();
            if out.len() + listed.len() + after <= budget {
                out.push_str(listed);
            } else {
                left_out += count;
                out.push_str(counted);
            }
        }
    }
    if left_out > 0 {
        let _ = writeln!(out, "**{left_out} of {} changes are left out to keep this report short: the full report is {full_report}.**", changes.len());
    }
    out
}

/// The breaking changes grouped by kind, each group with its rule, in at
/// most `room` characters; returns the text and how many rows it holds.
fn breaking_section(breaking: &[&Change], many_specs: bool, pointers: bool, room: usize) -> (String, usize) {
    let mut groups: BTreeMap<usize, Vec<&Change>> = BTreeMap::new();
    for change in breaking {
        groups.entry(change.kind.rank()).or_default().push(change);
    }
    let mut out = String::from("#### Breaking changes\n\n");
    let mut listed = 0;
    for group in groups.values() {
        let kind = group[0].kind;
        let head = format!("**{}** ({}): {}\n\n{}", kind.info().title, group.len(), kind.reason(true), table_head(many_specs, pointers));
        if out.len() + head.len() > room {
            break;
        }
        out.push_str(&head);
        for change in group {
            let row = table_row(change, many_specs, pointers);
            if out.len() + row.len() + 1 > room {
                out.push('\n');
                return (out, listed);
            }
            out.push_str(&row);
            listed += 1;
        }
        out.push('\n');
    }
    (out, listed)
}

/// One kind of compatible change, folded. Added types are a list of names.
fn compatible_group(kind: Kind, group: &[&Change], many_specs: bool) -> String {
    let mut section = format!("<details><summary>{} ({})</summary>\n\n", kind.info().title, group.len());
    if kind == Kind::TypeAdded {
        let names: Vec<String> = group.iter().map(|change| format!("`{}`", change.rust_item)).collect();
        let _ = writeln!(section, "{}\n", names.join(", "));
    } else {
        let _ = writeln!(section, "{}\n", kind.reason(false));
        section.push_str(&table_head(many_specs, true));
        for change in group {
            section.push_str(&table_row(change, many_specs, true));
        }
        section.push('\n');
    }
    section.push_str("</details>\n\n");
    section
}

fn table_head(many_specs: bool, pointers: bool) -> String {
    let mut head = String::from("|");
    let mut rule = String::from("|");
    for column in [many_specs.then_some("Spec"), Some("Change"), pointers.then_some("Where"), Some("Rust item")].into_iter().flatten() {
        let _ = write!(head, " {column} |");
        rule.push_str("---|");
    }
    format!("{head}\n{rule}\n")
}

fn table_row(change: &Change, many_specs: bool, pointers: bool) -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut row = String::from("|");
    if many_specs {
        let _ = write!(row, " `{}` |", change.spec);
    }
    let _ = write!(row, " {} |", cell(&change.description));
    if pointers {
        let _ = write!(row, " `#{}` |", cell(&change.pointer));
    }
    let _ = writeln!(row, " `{}` |", cell(&change.rust_item));
    row
}

/// The same data for tools: per change its stable `kind`, `pointer`, Rust
/// `item`, `verdict` and `reason`.
pub fn json(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|change| change.breaking).count();
    let list: Vec<serde_json::Value> = changes
        .iter()
        .map(|change| {
            serde_json::json!({
                "kind": change.kind.id(),
                "spec": change.spec,
                "pointer": change.pointer,
                "item": change.rust_item,
                "verdict": if change.breaking { "breaking" } else { "compatible" },
                "description": change.description,
                "reason": change.reason,
            })
        })
        .collect();
    let report = serde_json::json!({
        "bump": bump(changes).as_str(),
        "breaking": breaking,
        "compatible": changes.len() - breaking,
        "changes": list,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(index: usize, breaking: bool, kind: Kind) -> Change {
        Change {
            spec: "spec/big.yaml".to_owned(),
            pointer: format!("/components/schemas/Type{index}/properties/field"),
            rust_item: format!("big::Type{index}::field"),
            kind,
            description: format!("a change to `Type{index}`, described at some length so that rows are long"),
            breaking,
            reason: kind.reason(breaking).to_owned(),
        }
    }

    #[test]
    fn a_long_report_stays_within_its_limit_and_says_what_it_left_out() {
        let mut changes: Vec<Change> = (0..100).map(|index| change(index, true, Kind::FieldRemoved)).collect();
        changes.extend((0..5000).map(|index| change(index, false, Kind::OptionalFieldAdded)));
        changes.extend((0..200).map(|index| change(index, false, Kind::EnumValueAdded)));
        let full = markdown(&changes);
        assert!(full.len() > DEFAULT_MARKDOWN_LIMIT);
        let short = markdown_within(&changes, DEFAULT_MARKDOWN_LIMIT, "the artifact `spec-diff-report`");
        assert!(short.len() <= DEFAULT_MARKDOWN_LIMIT, "{} characters", short.len());
        assert!(short.starts_with("### Spec diff\n\n**Release:** a major release"), "{short}");
        // Every breaking change is there; the big compatible group is counted, not listed.
        assert_eq!(short.matches("| a change to `Type").count(), 100 + 200, "breaking rows and the enum group");
        assert!(short.contains("- Optional fields added (5000): list left out here"), "{short}");
        assert!(short.contains("**5000 of 5300 changes are left out to keep this report short: the full report is the artifact `spec-diff-report`.**"));
        assert!(short.contains("<details><summary>Enum values added (200)</summary>"));
    }

    #[test]
    fn breaking_changes_that_do_not_fit_are_counted() {
        let changes: Vec<Change> = (0..2000).map(|index| change(index, true, Kind::FieldRemoved)).collect();
        let short = markdown_within(&changes, 20_000, "`target/spec-diff/report.md`");
        assert!(short.len() <= 20_000, "{}", short.len());
        assert!(short.contains("more breaking changes left out here."));
        assert!(short.contains("changes are left out to keep this report short: the full report is `target/spec-diff/report.md`."));
    }

    #[test]
    fn json_names_the_kind_item_verdict_and_reason() {
        let report: serde_json::Value = serde_json::from_str(&json(&[change(1, false, Kind::OptionalFieldAdded)])).expect("JSON");
        let first = &report["changes"][0];
        assert_eq!(first["kind"], "optional_field_added");
        assert_eq!(first["item"], "big::Type1::field");
        assert_eq!(first["verdict"], "compatible");
        assert_eq!(first["reason"], Kind::OptionalFieldAdded.reason(false));
        assert_eq!(report["bump"], "minor");
    }
}
