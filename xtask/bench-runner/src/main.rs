//! `custgen-bench-runner [--runs N] [--emit DIR] <document>`: generates one
//! OpenAPI document with custgen and with progenitor's library route, the
//! runs interleaved, and prints one JSON line with each side's times, lines
//! of output, or why it produced nothing.
//!
//! Both sides start from the document's text in memory and end with the
//! formatted Rust text in memory, on this one thread:
//! - custgen: `generator::generate_on(…, 1)` (load, model, emit, format,
//!   and the Markdown reference it also writes);
//! - progenitor: `serde_json` into `openapiv3`, `Generator::generate_tokens`,
//!   `syn::parse2`, `prettyplease::unparse`, as its `build.rs` example does.
//!
//! A side that panics is caught and reported as refusing the document. One
//! process per document keeps a crash or a runaway allocation from touching
//! other documents; `cargo xtask bench --corpus` runs it.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Instant;

use serde_json::{Value, json};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// One side's outcome on the document.
struct Side {
    millis: Vec<f64>,
    output: Result<Output, String>,
}

/// What a side produced.
struct Output {
    /// The files of the crate, by path.
    files: Vec<(String, String)>,
    operations: Option<usize>,
}

fn main() {
    let mut runs = 3;
    let mut emit = None;
    let mut document = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|value| value.parse().ok()).unwrap_or(3),
            "--emit" => emit = args.next().map(PathBuf::from),
            _ => document = Some(PathBuf::from(arg)),
        }
    }
    let Some(document) = document else {
        eprintln!("usage: custgen-bench-runner [--runs N] [--emit DIR] <document>");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&document) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {}: {error}", document.display());
            std::process::exit(2);
        }
    };
    // Panics are outcomes here, reported in the JSON line.
    std::panic::set_hook(Box::new(|_| {}));
    let path = document.file_name().map_or_else(|| "spec.json".to_owned(), |name| name.to_string_lossy().into_owned());
    let mut ours = Side { millis: Vec::new(), output: Err("not run".to_owned()) };
    let mut theirs = Side { millis: Vec::new(), output: Err("not run".to_owned()) };
    for run in 0..runs.max(1) {
        // Alternate which side goes first, so neither always runs on a warm cache.
        let order: [bool; 2] = if run % 2 == 0 { [true, false] } else { [false, true] };
        for ours_now in order {
            let side = if ours_now { &mut ours } else { &mut theirs };
            if run > 0 && side.output.is_err() {
                continue;
            }
            let started = Instant::now();
            let output = if ours_now { custgen(&path, &text) } else { progenitor(&text) };
            side.millis.push(started.elapsed().as_secs_f64() * 1000.0);
            side.output = output;
        }
        // A side that refused is not run again; the other keeps its runs,
        // so a document only one side accepts is still timed by its median.
        if ours.output.is_err() && theirs.output.is_err() {
            break;
        }
    }
    // Counted once, after the timed runs.
    if let Ok(output) = &mut ours.output {
        let source = generator::SpecSource { path: path.clone(), text: text.clone() };
        output.operations = generator::build_apis(std::slice::from_ref(&source))
            .ok()
            .map(|apis| apis.iter().map(|api| api.operations.len()).sum());
    }
    if let Some(dir) = emit {
        write_outputs(&dir, &ours, &theirs);
    }
    println!("{}", json!({"custgen": side_json(&ours), "progenitor": side_json(&theirs)}));
}

fn custgen(path: &str, text: &str) -> Result<Output, String> {
    let source = generator::SpecSource { path: path.to_owned(), text: text.to_owned() };
    let files = catch_unwind(AssertUnwindSafe(|| generator::generate_on(std::slice::from_ref(&source), 1)))
        .map_err(panic_message)?
        .map_err(|error| first_line(&error.to_string()))?;
    let files = files.into_iter().map(|file| (file.path, file.contents)).collect();
    Ok(Output { files, operations: None })
}

fn progenitor(text: &str) -> Result<Output, String> {
    catch_unwind(|| {
        let spec: openapiv3::OpenAPI = serde_json::from_str(text).map_err(|error| first_line(&error.to_string()))?;
        let mut generator = progenitor_impl::Generator::default();
        let tokens = generator.generate_tokens(&spec).map_err(|error| first_line(&error.to_string()))?;
        let file: syn_progenitor::File = syn_progenitor::parse2(tokens).map_err(|error| first_line(&error.to_string()))?;
        let code = prettyplease_progenitor::unparse(&file);
        Ok(Output { files: vec![("src/lib.rs".to_owned(), code)], operations: None })
    })
    .map_err(panic_message)?
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("panicked: {}", first_line(&text))
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().chars().take(200).collect()
}

/// Lines that are not blank, and of those the ones that are documentation
/// (`///`, `//!`, or a `#[doc]` attribute with the lines its string spans).
fn lines(files: &[(String, String)]) -> (usize, usize) {
    let (mut code, mut docs) = (0, 0);
    for (_, text) in files.iter().filter(|(path, _)| counted(path)) {
        let mut in_doc_string = false;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            code += 1;
            if in_doc_string {
                docs += 1;
                in_doc_string = !line.ends_with("\"]");
            } else if line.starts_with("///") || line.starts_with("//!") {
                docs += 1;
            } else if line.starts_with("#[doc") || line.starts_with("#![doc") {
                docs += 1;
                in_doc_string = !line.ends_with(']');
            }
        }
    }
    (code, docs)
}

/// The Rust of the crate's `src/`, but for the call template: it is the
/// same for every document, like progenitor's runtime crate on the other
/// side, and neither is counted.
fn counted(path: &str) -> bool {
    path.starts_with("src/") && path.ends_with(".rs") && path != "src/call.rs"
}

/// Public struct fields whose type is any JSON value, seen through
/// `Option`, `Nullable`, `Vec` and `Box`: `pub name: …serde_json::Value…,`
/// on one line, as both sides' formatted code writes fields.
fn any_json_fields(files: &[(String, String)]) -> usize {
    let wrappers = ["::std::option::Option<", "Option<", "crate::Nullable<", "::std::vec::Vec<", "Vec<", "::std::boxed::Box<", "Box<"];
    let mut count = 0;
    for (_, text) in files.iter().filter(|(path, _)| counted(path)) {
        for line in text.lines() {
            let Some(rest) = line.trim().strip_prefix("pub ") else { continue };
            let Some((name, ty)) = rest.split_once(": ") else { continue };
            if !name.chars().all(|ch| ch.is_alphanumeric() || ch == '_') || !ty.ends_with(',') {
                continue;
            }
            let mut ty = ty.trim_end_matches(',');
            while let Some(inner) = wrappers.iter().find_map(|wrapper| ty.strip_prefix(wrapper)) {
                ty = inner.strip_suffix('>').unwrap_or(inner);
            }
            if matches!(ty, "::serde_json::Value" | "serde_json::Value") {
                count += 1;
            }
        }
    }
    count
}

fn side_json(side: &Side) -> Value {
    match &side.output {
        Ok(output) => {
            let (lines, doc_lines) = lines(&output.files);
            let json_fields = any_json_fields(&output.files);
            json!({"ms": side.millis, "lines": lines, "doc_lines": doc_lines, "json_fields": json_fields, "operations": output.operations})
        }
        Err(message) => json!({"ms": side.millis, "error": message}),
    }
}

/// With `--emit`, each side's files under `DIR/custgen` and `DIR/progenitor`,
/// for the `cargo check` sample.
fn write_outputs(dir: &std::path::Path, ours: &Side, theirs: &Side) {
    for (name, side) in [("custgen", ours), ("progenitor", theirs)] {
        if let Ok(output) = &side.output {
            for (path, text) in &output.files {
                let target = dir.join(name).join(path);
                if let Some(parent) = target.parent() {
                    let _ = std::fs::create_dir_all(parent);
                }
                if let Err(error) = std::fs::write(&target, text) {
                    eprintln!("cannot write {}: {error}", target.display());
                    std::process::exit(2);
                }
            }
        }
    }
}
