//! `cargo xtask corpus --examples N [--seed S]`: the examples of a seeded
//! sample of corpus documents, checked against their schemas by the
//! generator's JSON Schema validator and round-tripped through the types
//! generated from each document.
//!
//! Each document of the sample becomes a crate of one scratch workspace
//! (`target/corpus-examples/`) with a test that decodes every valid example
//! into its Rust type and encodes it back; `cargo test` runs them all. A
//! failure is classified: an example the validator rejects is the
//! document's fault (counted, not ours to fix); a valid example that does
//! not decode, or comes back different, is ours. So is a crate that does not
//! compile.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use generator::load::Verdict;

/// The counts of one sample, and every failure.
#[derive(Debug, Default)]
pub struct ExamplesReport {
    /// The documents of the sample, in sample order, with their counts.
    pub documents: Vec<DocumentExamples>,
    /// Valid examples that failed the round trip: (document, pointer, what happened).
    pub ours: Vec<(String, String, String)>,
    /// Examples the validator rejected: (document, pointer, what it said).
    pub invalid: Vec<(String, String, String)>,
}

/// The examples of one document.
#[derive(Debug, Default, Clone)]
pub struct DocumentExamples {
    /// The document, relative to the corpus.
    pub path: String,
    /// Examples found.
    pub found: usize,
    /// Valid against their own schema.
    pub valid: usize,
    /// Rejected by the validator.
    pub invalid: usize,
    /// Whose schema is not valid JSON Schema, so not checked.
    pub unchecked: usize,
    /// Valid, with a Rust type to try (a JSON value, of a schema the model reads).
    pub cases: usize,
    /// Round-tripped equal.
    pub round_tripped: usize,
}

impl ExamplesReport {
    fn sum(&self, count: impl Fn(&DocumentExamples) -> usize) -> usize {
        self.documents.iter().map(count).sum()
    }

    /// The report's last line.
    pub fn summary(&self) -> String {
        format!(
            "examples: {} found, {} valid, {} round-tripped, {} invalid in the document, {} ours",
            self.sum(|doc| doc.found),
            self.sum(|doc| doc.valid),
            self.sum(|doc| doc.round_tripped),
            self.sum(|doc| doc.invalid),
            self.ours.len(),
        )
    }

    /// The whole report as Markdown: a row per document, then every failure.
    pub fn markdown(&self) -> String {
        let mut out = String::from(
            "| document | found | valid | invalid | unchecked | with a Rust type | round-tripped |\n|---|---:|---:|---:|---:|---:|---:|\n",
        );
        for doc in self.documents.iter().filter(|doc| doc.found > 0) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                doc.path, doc.found, doc.valid, doc.invalid, doc.unchecked, doc.cases, doc.round_tripped
            );
        }
        let _ = writeln!(
            out,
            "\n{} of {} documents have examples; {} valid examples have no Rust type to try (XML or text bodies, schemas the model does not read, files), {} were not checked (their schema is not valid JSON Schema).",
            self.documents.iter().filter(|doc| doc.found > 0).count(),
            self.documents.len(),
            self.sum(|doc| doc.valid - doc.cases.min(doc.valid)),
            self.sum(|doc| doc.unchecked),
        );
        let _ = writeln!(out, "\n## Ours ({})\n", self.ours.len());
        for (document, pointer, message) in &self.ours {
            let _ = writeln!(out, "- `{document}` `{pointer}`: {message}");
        }
        let _ = writeln!(out, "\n## Invalid in the document ({})\n", self.invalid.len());
        for (document, pointer, message) in &self.invalid {
            let _ = writeln!(out, "- `{document}` `{pointer}`: {message}");
        }
        out
    }
}

/// Generates the sample into `target/corpus-examples/`, runs its tests and
/// classifies every example.
pub fn run(root: &Path, dir: &Path, size: usize, seed: u64) -> Result<ExamplesReport, String> {
    let workspace = root.join("target").join("corpus-examples");
    // The crates of an earlier sample go.
    for entry in std::fs::read_dir(&workspace).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with('d') {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    std::fs::create_dir_all(&workspace).map_err(|error| format!("cannot create {}: {error}", workspace.display()))?;
    let mut report = ExamplesReport::default();
    let mut members = Vec::new();
    for (relative, apis, files) in crate::corpus::generated_sample(dir, size, seed) {
        let member = format!("d{:03}", report.documents.len());
        let mut counts = DocumentExamples { path: relative.clone(), ..DocumentExamples::default() };
        let mut tests = String::new();
        for api in &apis {
            for example in &api.examples {
                counts.found += 1;
                match &example.verdict {
                    Verdict::Valid => counts.valid += 1,
                    Verdict::Invalid(message) => {
                        counts.invalid += 1;
                        report.invalid.push((relative.clone(), example.pointer.clone(), message.clone()));
                    }
                    Verdict::Unchecked(_) => counts.unchecked += 1,
                }
            }
            let cases = generator::emit::example_cases(api, &format!("{member}::{}", api.module), member.as_str());
            counts.cases += cases.matches("    Case {").count();
            tests.push_str(&format!("mod {} {{\n    use super::round_trip::{{Case, round_trip}};\n{cases}}}\n", api.module));
            tests.push_str(&format!("const {}: &[Case] = {}::EXAMPLES;\n", api.module.to_uppercase(), api.module));
        }
        let all: Vec<String> = apis.iter().map(|api| api.module.to_uppercase()).collect();
        let harness: String =
            generator::emit::ROUND_TRIP.lines().filter(|line| !line.starts_with("//!")).map(|line| format!("    {line}\n")).collect();
        let test_file = format!(
            "//! Generated by `cargo xtask corpus --examples`: the examples of `{relative}`.\n\
             #![allow(missing_docs, unused_imports)]\n\
             mod round_trip {{\n{harness}}}\n\
             use round_trip::Case;\n\
             {tests}\
             #[test]\n\
             fn examples_round_trip() {{\n    for case in [{}].into_iter().flatten() {{\n        match round_trip::check(case) {{\n            Ok(()) => println!(\"CASE {member} PASS {{}}\", case.pointer),\n            Err(error) => println!(\"CASE {member} FAIL {{}}\\t{{}}\", case.pointer, error.replace('\\n', \" \")),\n        }}\n    }}\n}}\n",
            all.join(", ")
        );
        let mut files = files;
        files.push(generator::GeneratedFile { path: "tests/examples.rs".to_owned(), contents: test_file });
        crate::corpus::write_member(&workspace, &member, files)?;
        members.push(member);
        report.documents.push(counts);
    }
    crate::corpus::write_workspace(root, &workspace, &members)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["test", "--workspace", "--test", "examples", "--no-fail-fast", "--message-format=short", "--", "--nocapture"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .output()
        .map_err(|error| format!("cannot run cargo test: {error}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    std::fs::write(workspace.join("test.log"), format!("{stderr}\n{stdout}")).map_err(|error| format!("cannot write test.log: {error}"))?;
    // The build output of 150 documents' test binaries is some 37 GB, on
    // the disk the project's own builds share: it goes once the log is kept.
    let _ = std::fs::remove_dir_all(workspace.join("target"));
    let by_member: BTreeMap<&str, usize> = members.iter().enumerate().map(|(index, member)| (member.as_str(), index)).collect();
    let mut ran = vec![false; members.len()];
    for line in stdout.lines() {
        let mut parts = line.splitn(4, ' ');
        let (Some("CASE"), Some(member), Some(outcome), Some(rest)) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(&index) = by_member.get(member) else { continue };
        ran[index] = true;
        let document = &mut report.documents[index];
        match outcome {
            "PASS" => document.round_tripped += 1,
            _ => {
                let (pointer, message) = rest.split_once('\t').unwrap_or((rest, ""));
                report.ours.push((document.path.clone(), pointer.to_owned(), message.to_owned()));
            }
        }
    }
    // A crate whose test did not build fails every case it has.
    for (index, member) in members.iter().enumerate() {
        let document = &report.documents[index];
        if !ran[index] && document.cases > 0 {
            let reason = if stderr.contains(&format!("could not compile `{member}`")) {
                "the generated crate or its examples test does not compile (see target/corpus-examples/test.log)"
            } else {
                "the examples test did not run (see target/corpus-examples/test.log)"
            };
            report.ours.push((document.path.clone(), String::new(), format!("{} examples: {reason}", document.cases)));
        }
    }
    Ok(report)
}

/// Spectral's example rules on the same documents, next to ours.
#[derive(Debug, Default)]
pub struct SpectralComparison {
    /// Findings both make: (document, pointer).
    pub both: Vec<(String, String)>,
    /// Only Spectral's: (document, pointer, its message).
    pub spectral_only: Vec<(String, String, String)>,
    /// Only ours: (document, pointer, our message).
    pub ours_only: Vec<(String, String, String)>,
    /// Spectral's findings on `default` values, which are not examples.
    pub defaults: usize,
}

impl SpectralComparison {
    /// The comparison as Markdown.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "## Spectral's `oas3-valid-media-example` and `oas3-valid-schema-example` on the same documents\n\n\
             {} examples both flag, {} only Spectral flags, {} only we flag; Spectral also flags {} `default` values, which are not examples.\n",
            self.both.len(),
            self.spectral_only.len(),
            self.ours_only.len(),
            self.defaults
        );
        for (title, rows) in [("Only Spectral", &self.spectral_only), ("Only ours", &self.ours_only)] {
            let _ = writeln!(out, "\n### {title}\n");
            for (document, pointer, message) in rows {
                let _ = writeln!(out, "- `{document}` `{pointer}`: {message}");
            }
        }
        out
    }
}

/// Runs Spectral with only its two example rules on the documents of
/// `report` that have examples, and pairs its findings with ours by
/// document and pointer.
pub fn compare_with_spectral(root: &Path, dir: &Path, report: &ExamplesReport) -> Result<SpectralComparison, String> {
    let spectral = crate::lint::install(root)?;
    let workspace = root.join("target").join("corpus-examples");
    let ruleset = workspace.join("spectral-examples.yaml");
    std::fs::write(
        &ruleset,
        "extends: [[\"spectral:oas\", \"off\"]]\nrules:\n  oas3-valid-media-example: error\n  oas3-valid-schema-example: error\n",
    )
    .map_err(|error| format!("cannot write {}: {error}", ruleset.display()))?;
    let mut comparison = SpectralComparison::default();
    let mut spectral_found = std::collections::BTreeSet::new();
    for document in report.documents.iter().filter(|document| document.found > 0) {
        let output = Command::new(&spectral)
            .arg("lint")
            .arg(dir.join(&document.path))
            .arg("--ruleset")
            .arg(&ruleset)
            .args(["--format", "json", "--quiet", "--fail-severity", "error"])
            .output()
            .map_err(|error| format!("cannot run {}: {error}", spectral.display()))?;
        let findings: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Array(Vec::new()));
        for finding in findings.as_array().into_iter().flatten() {
            let code = finding["code"].as_str().unwrap_or_default();
            if code != "oas3-valid-media-example" && code != "oas3-valid-schema-example" {
                continue;
            }
            let pointer: String = finding["path"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|token| format!("/{}", token.as_str().map_or_else(|| token.to_string(), |token| token.replace('~', "~0").replace('/', "~1"))))
                .collect();
            let message = finding["message"].as_str().unwrap_or_default().to_owned();
            if pointer.ends_with("/default") || pointer.contains("/default/") {
                comparison.defaults += 1;
                continue;
            }
            let pointer = example_pointer(&pointer);
            if spectral_found.insert((document.path.clone(), pointer.clone())) {
                comparison.spectral_only.push((document.path.clone(), pointer, message));
            }
        }
    }
    for (document, pointer, message) in &report.invalid {
        let key = (document.clone(), pointer.clone());
        if spectral_found.contains(&key) {
            comparison.both.push(key);
        } else {
            comparison.ours_only.push((document.clone(), pointer.clone(), message.clone()));
        }
    }
    let ours: std::collections::BTreeSet<(String, String)> =
        report.invalid.iter().map(|(document, pointer, _)| (document.clone(), pointer.clone())).collect();
    comparison.spectral_only.retain(|(document, pointer, _)| !ours.contains(&(document.clone(), pointer.clone())));
    Ok(comparison)
}

/// The example a Spectral finding is in: Spectral points inside the value
/// (`…/example/deleted_at`), we at the example (`…/example`).
fn example_pointer(pointer: &str) -> String {
    let tokens: Vec<&str> = pointer.split('/').collect();
    for (index, token) in tokens.iter().enumerate().skip(1) {
        // (A property named `example` is not one.)
        let is_schema_or_media_example = *token == "example" && tokens[index - 1] != "properties";
        let is_named_value = *token == "value" && index >= 2 && tokens[index - 2] == "examples";
        if is_schema_or_media_example || is_named_value {
            return tokens[..=index].join("/");
        }
    }
    pointer.to_owned()
}
