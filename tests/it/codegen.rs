//! `cargo xtask codegen`: the committed output is current, stale output is
//! named, and a failed run changes nothing.

use std::fs;
use std::path::Path;

use xtask::{Mode, codegen};

/// A plain `cargo test` fails when someone edits `spec/` and forgets to
/// regenerate, so nobody has to remember a second command.
#[test]
fn committed_output_is_current() {
    if let Err(message) = codegen(&crate::root(), Mode::Check) {
        panic!("{message}");
    }
}

/// A scratch workspace with the real Fastly spec and its generated crate.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("spec")).expect("spec dir");
    fs::copy(crate::root().join("spec/fastly-customer.yaml"), dir.path().join("spec/fastly-customer.yaml"))
        .expect("copy spec");
    let written = codegen(dir.path(), Mode::Write).expect("codegen into scratch");
    assert!(written.len() > 3, "a first run writes every file: {written:?}");
    dir
}

/// Every file below `dir`, with its bytes.
fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push((path.display().to_string(), fs::read(&path).expect("read")));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn check_names_each_stale_file_and_the_fix() {
    let dir = scratch();
    assert!(codegen(dir.path(), Mode::Check).expect("fresh output is current").is_empty());

    let lib = dir.path().join("generated-client/src/lib.rs");
    fs::write(&lib, "// edited by hand\n").expect("edit");
    fs::write(dir.path().join("generated-client/src/extra.rs"), "").expect("add");
    fs::remove_file(dir.path().join("generated-client/src/fastly.rs")).expect("remove");

    let message = codegen(dir.path(), Mode::Check).expect_err("stale output fails the check");
    assert!(message.contains("generated-client/src/lib.rs (changed)"), "{message}");
    assert!(message.contains("generated-client/src/extra.rs (removed)"), "{message}");
    assert!(message.contains("generated-client/src/fastly.rs (added)"), "{message}");
    assert!(message.contains("cargo xtask codegen"), "{message}");
    assert_eq!(fs::read_to_string(&lib).expect("read"), "// edited by hand\n", "--check never writes");

    let changes = codegen(dir.path(), Mode::Write).expect("regenerate");
    assert_eq!(changes.len(), 3);
    assert!(codegen(dir.path(), Mode::Check).expect("current again").is_empty());
}

#[test]
fn a_broken_spec_leaves_the_output_byte_for_byte_untouched() {
    let dir = scratch();
    let before = snapshot_tree(&dir.path().join("generated-client"));
    let spec = dir.path().join("spec/fastly-customer.yaml");
    let text = fs::read_to_string(&spec).expect("read spec");
    fs::write(&spec, text.replacen("#/components/schemas/CustomerResponse'", "#/components/schemas/Nope'", 1))
        .expect("break spec");

    let message = codegen(dir.path(), Mode::Write).expect_err("a dangling $ref fails");
    assert!(message.contains("spec/fastly-customer.yaml:"), "{message}");
    assert!(
        message.contains("#/paths/~1current_customer/get/responses/200/content/application~1json/schema"),
        "{message}"
    );
    assert!(message.contains("`#/components/schemas/Nope` points at nothing"), "{message}");
    assert!(message.contains("Nothing was written"), "{message}");
    assert_eq!(snapshot_tree(&dir.path().join("generated-client")), before);
}

#[test]
fn a_failed_write_leaves_the_output_untouched() {
    let dir = scratch();
    let before = snapshot_tree(&dir.path().join("generated-client"));
    let spec = dir.path().join("spec/fastly-customer.yaml");
    let text = fs::read_to_string(&spec).expect("read spec");
    fs::write(&spec, text.replace("Get a customer", "Fetch a customer")).expect("edit spec");
    // A plain file where the staging directory goes makes staging fail.
    fs::write(dir.path().join("generated-client.swap-new"), "in the way").expect("block staging");

    let message = codegen(dir.path(), Mode::Write).expect_err("staging cannot start");
    assert!(message.contains("generated-client.swap-new"), "{message}");
    assert_eq!(snapshot_tree(&dir.path().join("generated-client")), before);
}

/// The benchmark runs end to end (its numbers are reported, never asserted).
#[test]
fn bench_times_every_stage_of_a_synthetic_spec() {
    let options = xtask::BenchOptions { operations: 30, schemas: 20, runs: 1, compile: false, progenitor: false };
    let report = xtask::bench(&crate::root(), options).expect("bench runs");
    let table = report.markdown();
    assert!(table.contains("| load | ir | emit | format | write | sum | end to end |"), "{table}");
    assert!(table.contains("| synthetic-30-operations.json | 30 |"), "{table}");
    let json: serde_json::Value = serde_json::from_str(&report.json()).expect("JSON report");
    assert_eq!(json["generation"].as_array().map(Vec::len), Some(3), "synthetic + two specs");
    assert_eq!(json["generation"][0]["stages_ms"].as_object().map(|stages| stages.len()), Some(7));
    assert!(json["cargo_check"].is_null(), "not asked for");
    let spec = xtask::synthetic_spec(30, 20, xtask::DefaultResponses::Declared);
    let apis = generator::build_apis(&[generator::SpecSource { path: "synthetic.json".into(), text: spec }]).expect("builds");
    assert_eq!(apis[0].operations.len(), 30);
    assert_eq!(apis[0].types.iter().filter(|def| def.origin.starts_with("/components/schemas/")).count(), 20);
    let without = xtask::synthetic_spec(30, 20, xtask::DefaultResponses::Omitted);
    assert!(!without.contains("\"default\""), "no default responses for progenitor");
}
