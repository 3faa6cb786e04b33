//! Generates a module from every spec in `fixtures/`, so one `cargo build`
//! proves that what the generator emits for each of them compiles, and the
//! runtime tests can call real generated operations.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let fixtures = Path::new(&manifest).join("fixtures");
    println!("cargo::rerun-if-changed={}", fixtures.display());

    let mut paths: Vec<_> = std::fs::read_dir(&fixtures)
        .expect("tests/fixtures is readable")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
        .collect();
    paths.sort();

    let mut out = String::new();
    for path in paths {
        let name = path.file_stem().expect("file name").to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("fixture is readable");
        let source = generator::SpecSource { path: format!("tests/fixtures/{name}.yaml"), text };
        let apis = generator::build_apis(&[source]).unwrap_or_else(|error| panic!("{error}"));
        let files = generator::write::crate_files(&apis).unwrap_or_else(|error| panic!("{error}"));
        let module = format!("src/{}.rs", apis[0].module);
        let code = &files.iter().find(|file| file.path == module).expect("module file").contents;
        // `include!` takes items only: drop the file header and inner docs.
        let items: String = code
            .lines()
            .filter(|line| !line.starts_with("//"))
            .map(|line| format!("{line}\n"))
            .collect();
        let _ = writeln!(out, "/// Generated from `tests/fixtures/{name}.yaml`.\npub mod {} {{\n{items}}}", apis[0].module);
    }
    std::fs::write(Path::new(&out_dir).join("fixtures.rs"), out).expect("OUT_DIR is writable");
}
