//! Generates a module from every spec in `fixtures/` (one construct each)
//! and `specs/` (real-world documents: the Petstore, a 125-operation cut of
//! GitHub's API), so one `cargo build` proves that what the generator emits
//! for each of them compiles, and tests can call the generated operations.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut out = String::new();
    let mut modules = Vec::new();
    for name in ["fixtures", "specs"] {
        let dir = Path::new(&manifest).join(name);
        println!("cargo::rerun-if-changed={}", dir.display());
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("the spec directory is readable")
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "yaml" || extension == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let file = path.file_name().expect("file name").to_string_lossy();
            modules.push(module(&format!("tests/{name}/{file}"), &path, &mut out));
        }
    }
    let arms: String = modules.iter().map(|module| format!("        {module:?} => {module}::decode_union(name, value),\n")).collect();
    let _ = writeln!(
        out,
        "/// Decodes `value` as the untagged union `name` of fixture `module` (see each module's `decode_union`).\n\
         pub fn decode_union(module: &str, name: &str, value: serde_json::Value) -> Option<Result<(String, serde_json::Value), String>> {{\n    match module {{\n{arms}        _ => None,\n    }}\n}}"
    );
    let list: String = modules.iter().map(|module| format!("    ({module:?}, {module}::EXAMPLES),\n")).collect();
    let _ = writeln!(out, "/// Every fixture module's examples.\npub const EXAMPLES: &[(&str, &[crate::examples::Case])] = &[\n{list}];");
    std::fs::write(Path::new(&out_dir).join("fixtures.rs"), out).expect("OUT_DIR is writable");
    spec_examples(&manifest, &out_dir);
    let harness: String = generator::emit::ROUND_TRIP.lines().filter(|line| !line.starts_with("//!")).map(|line| format!("{line}\n")).collect();
    std::fs::write(Path::new(&out_dir).join("round_trip.rs"), harness).expect("OUT_DIR is writable");
    // The generated crate's `Call`, without its inner docs (`include!` takes items only).
    let call: String = generator::write::CALL.lines().filter(|line| !line.starts_with("//!")).map(|line| format!("{line}\n")).collect();
    std::fs::write(Path::new(&out_dir).join("call.rs"), call).expect("OUT_DIR is writable");
}

/// The round-trip cases of the examples of `spec/`, against the
/// `generated-client` crate itself.
fn spec_examples(manifest: &str, out_dir: &str) {
    let dir = Path::new(manifest).join("../spec");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("spec/ is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
        .collect();
    paths.sort();
    let mut out = String::new();
    let mut list = String::new();
    for path in paths {
        let file = path.file_name().expect("file name").to_string_lossy();
        let text = std::fs::read_to_string(&path).expect("spec is readable");
        let source = generator::SpecSource { path: format!("spec/{file}"), text };
        let apis = generator::build_apis(&[source]).unwrap_or_else(|error| panic!("{error}"));
        let api = &apis[0];
        let cases = generator::emit::example_cases(api, &format!("generated_client::{}", api.module), "generated_client");
        let _ = writeln!(out, "/// From `spec/{file}`.\npub mod {} {{\n    #[allow(unused_imports)]\n    use crate::examples::{{Case, round_trip}};\n{cases}}}", api.module);
        list.push_str(&format!("    (\"spec/{file}\", {}::EXAMPLES),\n", api.module));
    }
    let _ = writeln!(out, "/// Every spec's examples.\npub const EXAMPLES: &[(&str, &[crate::examples::Case])] = &[\n{list}];");
    std::fs::write(Path::new(out_dir).join("spec_examples.rs"), out).expect("OUT_DIR is writable");
}

/// Appends the module generated from one spec; `shown` is its path from
/// the workspace root. Returns the module's name.
fn module(shown: &str, path: &Path, out: &mut String) -> String {
    let text = std::fs::read_to_string(path).expect("spec is readable");
    let source = generator::SpecSource { path: shown.to_owned(), text };
    let apis = generator::build_apis(&[source]).unwrap_or_else(|error| panic!("{error}"));
    let files = generator::write::crate_files(&apis).unwrap_or_else(|error| panic!("{error}"));
    let module = format!("src/{}.rs", apis[0].module);
    let code = &files.iter().find(|file| file.path == module).expect("module file").contents;
    // `include!` takes items only: drop the file header and inner docs. The
    // outer docs stay, so clippy and rustdoc check what the generator makes of
    // each spec's text, but their examples become plain text: they name
    // `generated_client::<module>`, which exists only for the specs in
    // `spec/` (compiled there as doctests).
    let items: String = code
        .lines()
        .filter(|line| !line.starts_with("//") || line.starts_with("///"))
        .map(|line| format!("{}\n", if line.trim_start() == "/// ```no_run" { line.replace("no_run", "text") } else { line.to_owned() }))
        .collect();
    // Every untagged union gets a way to decode a value by the union's
    // name, saying which shape it became (from `Debug`, which starts with
    // the variant) and what it encodes back to.
    let unions: String = apis[0]
        .types
        .iter()
        .filter(|def| matches!(def.kind, generator::ir::TypeKind::OneOf { discriminator: None, .. }))
        .map(|def| {
            format!(
                "        {:?} => Some(serde_json::from_value::<{}>(value).map(|decoded| (format!(\"{{decoded:?}}\").split('(').next().unwrap_or_default().to_owned(), serde_json::to_value(&decoded).unwrap_or_default())).map_err(|e| e.to_string())),\n",
                def.name, def.name
            )
        })
        .collect();
    let body = if unions.is_empty() {
        "    let _ = (name, value);\n    None\n".to_owned()
    } else {
        format!("    match name {{\n{unions}        _ => None,\n    }}\n")
    };
    let decode = format!(
        "/// Decodes `value` as the untagged union called `name`: the shape it became and its encoding; `None` for no such union.\n\
         pub fn decode_union(name: &str, value: serde_json::Value) -> Option<Result<(String, serde_json::Value), String>> {{\n{body}}}\n"
    );
    let cases = generator::emit::example_cases(&apis[0], "", "crate");
    let _ = writeln!(
        out,
        "/// Generated from `{shown}`.\npub mod {} {{\n{items}{decode}\n#[allow(unused_imports)]\nuse crate::examples::{{Case, round_trip}};\n{cases}}}",
        apis[0].module
    );
    apis[0].module.clone()
}
