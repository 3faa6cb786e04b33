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

#[test]
fn generation_is_deterministic() {
    let spec = source("spec/fastly-customer.yaml");
    let first = generator::generate(std::slice::from_ref(&spec)).expect("generates");
    let second = generator::generate(std::slice::from_ref(&spec)).expect("generates");
    assert_eq!(first, second);
}
