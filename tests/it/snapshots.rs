//! Locks the generator's output: every generated file for the real specs,
//! and the generated module for each focused fixture.

use crate::source;

/// Every file of the crate generated from `spec/` (Fastly and Waldur).
#[test]
fn crate_files() {
    let sources = xtask::read_specs(&crate::root()).expect("spec/ is readable");
    let files = generator::generate(&sources).expect("the specs generate");
    let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    insta::assert_debug_snapshot!("crate_file_list", paths);
    for file in &files {
        let name = format!("crate__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, file.contents);
    }
}

#[test]
fn fixtures() {
    insta::glob!("..", "fixtures/*.yaml", |path| {
        let relative = path.strip_prefix(crate::root()).expect("fixture below the root");
        let spec = source(&relative.to_string_lossy());
        let apis = generator::build_apis(std::slice::from_ref(&spec)).expect("fixture builds");
        let files = generator::write::crate_files(&apis).expect("fixture generates");
        let module = format!("src/{}.rs", apis[0].module);
        let code = &files.iter().find(|file| file.path == module).expect("module file").contents;
        insta::assert_snapshot!(code);
    });
}

/// Specs whose output the tests crate cannot compile as a module: their
/// items are gated on cargo features only a generated crate declares
/// (`tag_features` compiles them as one).
#[test]
fn gated_fixtures() {
    insta::glob!("..", "gated/*.yaml", |path| {
        let relative = path.strip_prefix(crate::root()).expect("fixture below the root");
        let apis = generator::build_apis(&[source(&relative.to_string_lossy())]).expect("fixture builds");
        let files = generator::write::crate_files(&apis).expect("fixture generates");
        let stem = path.file_stem().expect("a file name").to_string_lossy();
        for name in ["Cargo.toml".to_owned(), format!("src/{}.rs", apis[0].module)] {
            let code = &files.iter().find(|file| file.path == name).expect("generated file").contents;
            insta::assert_snapshot!(format!("gated__{stem}__{}", name.replace(['/', '.'], "_")), code);
        }
    });
}

#[test]
fn generation_is_deterministic() {
    let spec = source("spec/fastly-customer.yaml");
    let first = generator::generate(std::slice::from_ref(&spec)).expect("generates");
    let second = generator::generate(std::slice::from_ref(&spec)).expect("generates");
    assert_eq!(first, second);
}

/// Types and operations are written as text in prettyplease's layout
/// instead of being formatted (see `generator/src/emit/text.rs`). For every fixture and
/// spec, each such item that is kept as written must be exactly what
/// prettyplease prints for it, and the items it lays out again must be the
/// ones with a line over its margin.
#[test]
fn items_written_as_text_are_in_prettypleases_layout() {
    let mut paths: Vec<String> = std::fs::read_dir(crate::root().join("tests/fixtures"))
        .expect("fixtures")
        .map(|entry| format!("tests/fixtures/{}", entry.expect("entry").file_name().to_string_lossy()))
        .filter(|path| path.ends_with(".yaml"))
        .collect();
    paths.push("tests/gated/tag_features.yaml".to_owned());
    paths.extend(["spec/fastly-customer.yaml".to_owned(), "spec/waldur-customers.yaml".to_owned()]);
    let (mut kept, mut laid_out) = (0, 0);
    for path in &paths {
        let apis = generator::build_apis(&[source(path)]).expect("builds");
        let module = generator::emit::Module::new(&apis[0]);
        for index in 0..module.len() {
            let generator::emit::Piece::Text(items) = module.piece(index) else { continue };
            for item in items {
                let layout = generator::write::prettyplease_layout(&item.text).expect("the item parses");
                if item.fits {
                    // The formatter puts a blank line before each item.
                    assert_eq!(layout, format!("\n{}", item.text), "{path}: not in prettyplease's layout");
                    kept += 1;
                } else {
                    assert!(item.text.lines().any(|line| line.len() > generator::emit::MARGIN), "{path}: {}", item.text);
                    laid_out += 1;
                }
            }
        }
    }
    assert!(kept > 300 && laid_out > 0, "{kept} kept, {laid_out} laid out again");
}
