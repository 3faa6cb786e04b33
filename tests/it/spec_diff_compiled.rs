//! `spec-diff`'s verdicts checked by the compiler: for every kind of change
//! in `spec_diff::CASES`, a downstream crate uses the items the change
//! touches, and is compiled against the code generated from the spec before
//! and after the change. A change is breaking exactly when that crate stops
//! compiling, or, for the few changes that keep every signature, when the
//! requests it sends change (listed in [`WIRE`]).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use generator::SpecSource;

use crate::spec_diff::{BASE, CASES};

/// Per case, downstream code that uses what the change touches, written
/// against the module `shop` of the generated crate.
const USAGE: &[(&str, &str)] = &[
    ("operation_removed", "pub fn check(client: &shop::Client) { let _ = client.get_item(\"x\"); }"),
    (
        "operation_added",
        "pub fn check(client: &shop::Client) { let _ = client.list_items(); let _ = client.get_item(\"x\"); let _ = client.create_item(shop::Item::new(\"n\".into())); }",
    ),
    ("operation_id_renamed", "pub fn check(client: &shop::Client) { let _ = client.get_item(\"x\"); }"),
    ("field_removed", "pub fn check(item: shop::Item) -> Option<f64> { item.price }"),
    ("optional_field_added", "pub fn check() -> shop::Item { let mut item = shop::Item::new(\"n\".into()); item.price = Some(1.0); item }"),
    ("required_field_added", "pub fn check() -> shop::Item { shop::Item::new(\"n\".into()) }"),
    ("field_type_changed", "pub fn check(item: shop::Item) -> Option<f64> { item.price }"),
    ("field_format_changed", "pub fn check(item: shop::Item) -> String { item.name }"),
    ("field_made_required", "pub fn check(item: shop::Item) -> Option<f64> { item.price }"),
    ("field_made_nullable", "pub fn check(item: shop::Item) -> Option<f64> { item.price }"),
    (
        "enum_value_added",
        "pub fn check(status: shop::ItemStatus) -> u8 { match status { shop::ItemStatus::New => 1, shop::ItemStatus::Used => 2, _ => 0 } }",
    ),
    (
        "enum_value_removed",
        "pub fn check(status: shop::ItemStatus) -> u8 { match status { shop::ItemStatus::New => 1, shop::ItemStatus::Used => 2, _ => 0 } }",
    ),
    ("optional_parameter_made_required", "pub fn check(client: &shop::Client) { let _ = client.list_items().limit(5); }"),
    ("optional_parameter_added", "pub fn check(client: &shop::Client) { let _ = client.list_items().limit(5); }"),
    ("required_parameter_added", "pub fn check(client: &shop::Client) { let _ = client.list_items().limit(5); }"),
    ("parameter_removed", "pub fn check(client: &shop::Client) { let _ = client.list_items().limit(5); }"),
    ("parameter_type_changed", "pub fn check(client: &shop::Client) { let _ = client.list_items().limit(5); }"),
    (
        "response_type_changed",
        "fn output<O: runtime::Operation<Output = shop::Item>>(_: &Call<O>) {}\npub fn check(client: &shop::Client) { output(&client.get_item(\"x\")); }",
    ),
    (
        "error_response_added",
        "fn infallible<O: runtime::Operation<Error = std::convert::Infallible>>(_: &Call<O>) {}\npub fn check(client: &shop::Client) { infallible(&client.create_item(shop::Item::new(\"n\".into()))); }",
    ),
    (
        "error_response_added_beside_another",
        "pub fn check(error: shop::GetItemError) -> bool { match error { shop::GetItemError::NotFound => true, _ => false } }",
    ),
    ("request_body_type_changed", "pub fn check(client: &shop::Client) { let _ = client.create_item(shop::Item::new(\"n\".into())); }"),
    ("request_media_type_added", "pub fn check(client: &shop::Client) { let _ = client.create_item(shop::Item::new(\"n\".into())); }"),
    ("security_changed", "pub fn check(client: &shop::Client) { let _ = client.get_item(\"x\"); }"),
    ("server_changed", "pub fn check() -> &'static str { shop::Client::DEFAULT_BASE_URL }"),
    ("schema_added", "pub fn check(tag: shop::Tag) -> Option<String> { tag.label }"),
    ("schema_removed", "pub fn check(tag: shop::Tag) -> Option<String> { tag.label }"),
    ("type_now_sent_by_a_request", "pub fn check(tag: shop::Tag) -> Option<String> { tag.label }"),
    ("response_header_declared", "pub fn check(headers: &shop::CreateItemHeaders) -> Option<&str> { headers.x_request_id.as_deref() }"),
    ("response_header_removed", "pub fn check(headers: &shop::CreateItemHeaders) -> Option<&str> { headers.x_request_id.as_deref() }"),
    ("request_body_removed", "pub fn check(client: &shop::Client) { let _ = client.create_item(shop::Item::new(\"n\".into())); }"),
    (
        "error_response_removed",
        "pub fn check(error: shop::GetItemError) -> bool { match error { shop::GetItemError::NotFound => true, _ => false } }",
    ),
    (
        "pagination_declared",
        "fn output<O: runtime::Operation<Output = Vec<shop::Item>>>(_: &Call<O>) {}\npub fn check(client: &shop::Client) { output(&client.list_items()); }",
    ),
    ("field_made_optional", "pub fn check() -> shop::Item { shop::Item::new(\"n\".into()) }"),
    ("schema_kind_changed", "pub fn check(tag: shop::Tag) -> Option<String> { tag.label }"),
    ("response_header_type_changed", "pub fn check(headers: &shop::CreateItemHeaders) -> Option<&str> { headers.x_request_id.as_deref() }"),
    ("request_body_added", "pub fn check(client: &shop::Client) { let _ = client.get_item(\"x\"); }"),
    ("request_media_type_changed", "pub fn check(client: &shop::Client) { let _ = client.create_item(shop::Item::new(\"n\".into())); }"),
    (
        "optional_field_added_to_a_struct_without_optional_fields",
        "pub fn check() -> Option<f64> { let dimensions = shop::Dimensions::new(1.0); let shop::Dimensions { width, .. } = dimensions; Some(width) }",
    ),
    ("received_field_made_non_nullable", "pub fn check(tag: shop::Tag) -> Option<String> { tag.label }"),
];

/// What no version lets another crate write: a struct literal of a model.
/// Models are `#[non_exhaustive]`, so the compiler refuses it before and
/// after every change, and a field the spec adds cannot break it.
const LITERAL: &str = "pub fn check() -> shop::Item { shop::Item { name: \"n\".into(), price: None, status: None } }";

/// Breaking changes that keep every signature: the requests change (the
/// credential goes in another header), so code that compiles stops working.
const WIRE: &[&str] = &["security_changed", "server_changed", "request_media_type_changed"];

/// The generated crate's files for `spec`.
fn generated(spec: &str) -> Vec<generator::GeneratedFile> {
    let source = SpecSource { path: "spec/shop.yaml".to_owned(), text: spec.to_owned() };
    let apis = generator::build_apis(&[source]).expect("the spec builds");
    generator::write::crate_files(&apis).expect("the crate is laid out")
}

fn file<'f>(files: &'f [generator::GeneratedFile], path: &str) -> &'f str {
    &files.iter().find(|file| file.path == path).unwrap_or_else(|| panic!("no {path}")).contents
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A crate `name` holding one generated module per case, each from the
/// spec `spec_of(case)`.
fn api_crate(dir: &Path, name: &str, cases: &[&str], spec_of: impl Fn(&str) -> String) {
    let base = generated(BASE);
    let manifest = file(&base, "Cargo.toml").replace("name = \"generated-client\"", &format!("name = \"{name}\""));
    write(&dir.join("Cargo.toml"), &manifest);
    // The root without the `shop` module, which comes once per case instead.
    let mut lib: String = file(&base, "src/lib.rs")
        .lines()
        .filter(|line| !line.contains("pub mod shop;") && !line.contains("feature = \"shop\"") && !line.starts_with("/// The Shop"))
        .map(|line| format!("{line}\n"))
        .collect();
    write(&dir.join("src/call.rs"), file(&base, "src/call.rs"));
    for case in cases {
        lib.push_str(&format!("/// The shop API after `{case}`.\npub mod {case};\n"));
        write(&dir.join(format!("src/{case}.rs")), file(&generated(&spec_of(case)), "src/shop.rs"));
    }
    write(&dir.join("src/lib.rs"), &lib);
}

/// A downstream crate `name` that depends on `api` and uses it per case.
fn usage_crate(dir: &Path, name: &str, api: &str) {
    write(
        &dir.join("Cargo.toml"),
        &format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\nshop_api = {{ package = \"{api}\", path = \"../{api}\" }}\n"),
    );
    let mut lib = String::new();
    for (case, code) in USAGE {
        lib.push_str(&format!("pub mod {case};\n"));
        write(
            &dir.join(format!("src/{case}.rs")),
            &format!("#[allow(unused_imports)]\nuse shop_api::{{Call, runtime}};\nuse shop_api::{case} as shop;\n\n{code}\n"),
        );
    }
    lib.push_str("pub mod struct_literal;\n");
    write(
        &dir.join("src/struct_literal.rs"),
        &format!("use shop_api::{} as shop;\n\n{LITERAL}\n", USAGE[0].0),
    );
    write(&dir.join("src/lib.rs"), &lib);
}

/// Every case whose usage file has a compile error, from `cargo check` output.
fn failing(output: &str, krate: &str) -> BTreeSet<String> {
    output
        .lines()
        .filter(|line| line.contains(": error"))
        .filter_map(|line| line.strip_prefix(&format!("{krate}/src/"))?.split_once(".rs:").map(|(case, _)| case.to_owned()))
        .collect()
}

#[test]
fn spec_diff_verdicts_match_what_the_compiler_says() {
    let cases: Vec<(&str, &str, &str, bool)> =
        CASES.iter().filter_map(|(name, from, to, expected)| Some((*name, *from, *to, (*expected)?))).collect();
    let names: Vec<&str> = cases.iter().map(|case| case.0).collect();
    let covered: Vec<&str> = USAGE.iter().map(|(name, _)| *name).collect();
    assert_eq!(covered, names, "every kind of change has downstream code");
    assert!(names.len() >= 26, "{} cases", names.len());

    let root = crate::root();
    let dir = root.join("target").join("spec-diff-compiled");
    for member in ["api_old", "api_new", "use_old", "use_new"] {
        let _ = std::fs::remove_dir_all(dir.join(member));
    }
    api_crate(&dir.join("api_old"), "api_old", &names, |_| BASE.to_owned());
    api_crate(&dir.join("api_new"), "api_new", &names, |name| {
        let (_, from, to, _) = cases.iter().find(|case| case.0 == name).expect("a case");
        BASE.replacen(from, to, 1)
    });
    usage_crate(&dir.join("use_old"), "use_old", "api_old");
    usage_crate(&dir.join("use_new"), "use_new", "api_new");
    let members: Vec<String> = ["api_old", "api_new", "use_old", "use_new"].iter().map(|member| (*member).to_owned()).collect();
    write(&dir.join("Cargo.toml"), &xtask::scratch_workspace_manifest(&root, &members).expect("a manifest"));
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));

    let output = Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--keep-going", "--offline", "--message-format=short"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", crate::scratch_target())
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("api_old/src") && !stderr.contains("api_new/src"), "the generated code compiles:\n{stderr}");
    let literal = BTreeSet::from(["struct_literal".to_owned()]);
    assert_eq!(failing(&stderr, "use_old"), literal, "only the struct literal fails against the base:\n{stderr}");
    assert!(
        stderr.contains("use_old/src/struct_literal.rs") && stderr.contains("use_new/src/struct_literal.rs") && stderr.contains("E0639"),
        "the compiler refuses a model's struct literal on both sides (E0639):\n{stderr}"
    );

    let mut broken = failing(&stderr, "use_new");
    broken.remove("struct_literal");
    let mut disagreements = Vec::new();
    for (name, from, to, breaking) in &cases {
        let compiler_says = broken.contains(*name) || WIRE.contains(name);
        let changes = crate::spec_diff::changes(BASE, &BASE.replacen(from, to, 1));
        let diff_says = changes.iter().any(|change| change.breaking);
        assert_eq!(diff_says, *breaking, "case {name}: the snapshot test's expectation");
        if diff_says != compiler_says {
            disagreements.push(format!("{name}: spec-diff says breaking={diff_says}, the downstream crate says {compiler_says}"));
        }
    }
    assert!(disagreements.is_empty(), "{}\n\n{stderr}", disagreements.join("\n"));
    assert_eq!(broken.len(), cases.iter().filter(|case| case.3).count() - WIRE.len(), "{broken:?}");
}
