//! Mutation fuzzing of the generator: valid specs (every fixture and
//! real-world document) get keys deleted, nodes replaced by values of other
//! types, `$ref`s dangled and cycles injected, map keys (schema, property,
//! scheme, parameter names) renamed to hostile names with their `$ref`s
//! following, and the `openapi` version switched between 3.0 and 3.1; the
//! generator must answer `Ok` or `Err` for each, never panic, and never
//! emit code that does not parse (reported as an internal error).
//!
//! A normal test run tries 200 cases; `CUSTGEN_FUZZ_CASES` and
//! `CUSTGEN_FUZZ_SECONDS` set a longer pass (`.ci/run` runs one).

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

/// How one mutation changes a document; the numbers pick nodes.
#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Replace(usize, u8),
    DangleRef(usize),
    SelfRef(usize),
    RefToRoot(usize),
    RenameKey(usize, u8),
    Version(u8),
}

/// Names real documents use as map keys that are hard to turn into Rust.
const HOSTILE_NAMES: [&str; 16] =
    ["2fa", "", "type", "Self", "self", "crate", "_", "__", "-", "a b", "é", "$ref", "x-y.z", "123", "Result", "a/b~c"];

/// Map positions whose keys become Rust identifiers.
const NAMED_MAPS: [&str; 6] = ["/schemas/", "/properties/", "/securitySchemes/", "/parameters/", "/responses/", "/paths/"];

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        (any::<usize>(), 0u8..8).prop_map(|(at, kind)| Mutation::Replace(at, kind)),
        any::<usize>().prop_map(Mutation::DangleRef),
        any::<usize>().prop_map(Mutation::SelfRef),
        any::<usize>().prop_map(Mutation::RefToRoot),
        (any::<usize>(), 0u8..16).prop_map(|(at, name)| Mutation::RenameKey(at, name)),
        (0u8..3).prop_map(Mutation::Version),
    ]
}

/// Every valid document the suite knows, parsed.
fn corpus() -> &'static [(String, Value)] {
    static CORPUS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut documents = Vec::new();
        for dir in ["tests/fixtures", "spec", "tests/specs"] {
            let mut paths: Vec<_> = std::fs::read_dir(crate::root().join(dir))
                .expect("readable")
                .map(|entry| entry.expect("entry").path())
                .filter(|path| path.extension().is_some_and(|e| e == "yaml" || e == "json"))
                .collect();
            paths.sort();
            for path in paths {
                let text = std::fs::read_to_string(&path).expect("readable");
                let value: Value = if path.extension().is_some_and(|e| e == "json") {
                    serde_json::from_str(&text).expect("JSON")
                } else {
                    serde_yaml::from_str(&text).expect("YAML")
                };
                documents.push((path.display().to_string(), value));
            }
        }
        documents
    })
}

/// Pointers of every node, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                let child_at = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                out.push(child_at.clone());
                pointers(child, child_at, out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let child_at = format!("{at}/{index}");
                out.push(child_at.clone());
                pointers(child, child_at, out);
            }
        }
        _ => {}
    }
}

fn apply(document: &mut Value, mutation: &Mutation) {
    let mut all = Vec::new();
    pointers(document, String::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let pick = |seed: usize| all[seed % all.len()].clone();
    let schema_names: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    match mutation {
        Mutation::Delete(seed) => {
            let at = pick(*seed);
            let (parent, key) = at.rsplit_once('/').unwrap_or(("", &at));
            match document.pointer_mut(parent) {
                Some(Value::Object(members)) => {
                    members.remove(&key.replace("~1", "/").replace("~0", "~"));
                }
                Some(Value::Array(items)) => {
                    if let Ok(index) = key.parse::<usize>()
                        && index < items.len()
                    {
                        items.remove(index);
                    }
                }
                _ => {}
            }
        }
        Mutation::Replace(seed, kind) => {
            let replacement = [json!(null), json!(true), json!(42), json!(-1.5), json!("text"), json!([]), json!({}), json!({"type": "object"})]
                [*kind as usize % 8]
                .clone();
            if let Some(node) = document.pointer_mut(&pick(*seed)) {
                *node = replacement;
            }
        }
        Mutation::DangleRef(seed) => {
            if let Some(node) = document.pointer_mut(&pick(*seed)) {
                *node = json!({"$ref": format!("#/components/schemas/Missing{seed}")});
            }
        }
        Mutation::SelfRef(seed) => {
            if let Some(name) = schema_names.get(seed % schema_names.len().max(1)) {
                let target = schema_names[(seed / 7) % schema_names.len()].clone();
                if let Some(node) = document.pointer_mut(&format!("/components/schemas/{}", name.replace('~', "~0").replace('/', "~1"))) {
                    *node = json!({"$ref": format!("#/components/schemas/{target}")});
                }
            }
        }
        Mutation::RefToRoot(seed) => {
            if let Some(node) = document.pointer_mut(&pick(*seed)) {
                *node = json!({"$ref": "#"});
            }
        }
        Mutation::RenameKey(seed, name) => {
            let named: Vec<&String> = all.iter().filter(|at| NAMED_MAPS.iter().any(|map| at.contains(map))).collect();
            let at = if named.is_empty() { pick(*seed) } else { named[seed % named.len()].clone() };
            rename(document, &at, HOSTILE_NAMES[*name as usize % HOSTILE_NAMES.len()]);
        }
        Mutation::Version(kind) => {
            if let Some(Value::Object(members)) = Some(&mut *document) {
                members.insert("openapi".to_owned(), json!(["3.0.3", "3.1.0", "3.1.1"][*kind as usize % 3]));
            }
        }
    }
}

/// Renames the member at `at` to `name` and points every `$ref` to it at
/// the new name, so the document stays consistent and the name itself is
/// what gets tested.
fn rename(document: &mut Value, at: &str, name: &str) {
    let Some((parent, key)) = at.rsplit_once('/') else { return };
    let Some(Value::Object(members)) = document.pointer_mut(parent) else { return };
    let old = key.replace("~1", "/").replace("~0", "~");
    if members.contains_key(name) {
        return;
    }
    let Some(value) = members.remove(&old) else { return };
    members.insert(name.to_owned(), value);
    let new_pointer = format!("#{parent}/{}", name.replace('~', "~0").replace('/', "~1"));
    retarget(document, &format!("#{at}"), &new_pointer);
}

fn retarget(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::Object(members) => {
            for (key, child) in members.iter_mut() {
                match child {
                    Value::String(target) if key == "$ref" && target == old => *target = new.to_owned(),
                    _ => retarget(child, old, new),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| retarget(item, old, new)),
        _ => {}
    }
}

/// How long one mutated spec may take to generate; the largest valid spec
/// here takes well under a second.
const CASE_BOUND: Duration = Duration::from_secs(20);

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_specs_never_make_the_generator_panic() {
    let cases = setting("CUSTGEN_FUZZ_CASES", 200);
    let budget = Duration::from_secs(setting("CUSTGEN_FUZZ_SECONDS", 110));
    let corpus = corpus();
    let started = Instant::now();
    let (ran, ok, refused) = (Cell::new(0u64), Cell::new(0u64), Cell::new(0u64));
    let strategy = (0..corpus.len(), proptest::collection::vec(mutation(), 1..4), any::<bool>());
    let config = Config { cases: u32::try_from(cases).unwrap_or(u32::MAX), failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&strategy, |(index, mutations, as_yaml)| {
        if started.elapsed() > budget {
            return Ok(());
        }
        let (name, original) = &corpus[index];
        let mut document = original.clone();
        for mutation in &mutations {
            apply(&mut document, mutation);
        }
        let (path, text) = if as_yaml {
            ("fuzz.yaml", serde_yaml::to_string(&document).unwrap_or_default())
        } else {
            ("fuzz.json", serde_json::to_string(&document).unwrap_or_default())
        };
        let source = generator::SpecSource { path: path.to_owned(), text };
        // On its own thread, so a case that never ends fails the run with
        // its mutations instead of hanging it.
        let (done, outcome) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(catch_unwind(AssertUnwindSafe(|| generator::generate(std::slice::from_ref(&source)))));
        });
        let Ok(outcome) = outcome.recv_timeout(CASE_BOUND) else {
            return Err(TestCaseError::fail(format!("the generator ran past {CASE_BOUND:?} on {name} after {mutations:?}")));
        };
        ran.set(ran.get() + 1);
        match outcome {
            Ok(Ok(_)) => ok.set(ok.get() + 1),
            Ok(Err(error)) => {
                refused.set(refused.get() + 1);
                // A refusal must say where: a file and a message, never empty.
                prop_assert!(!error.problems().is_empty());
                prop_assert!(error.problems().iter().all(|problem| !problem.message.is_empty()));
                // Code that does not parse is the generator's fault, not the spec's.
                prop_assert!(
                    !error.problems().iter().any(|problem| problem.message.starts_with("internal error")),
                    "{name} after {mutations:?}: {error}"
                );
            }
            Err(_) => return Err(TestCaseError::fail(format!("the generator panicked on {name} after {mutations:?}"))),
        }
        Ok(())
    });
    println!(
        "fuzz: {} mutated specs in {:.1} s: {} generated, {} refused with an error",
        ran.get(),
        started.elapsed().as_secs_f64(),
        ok.get(),
        refused.get()
    );
    if let Err(failure) = result {
        panic!("{failure}");
    }
    assert!(ran.get() > 0);
}
