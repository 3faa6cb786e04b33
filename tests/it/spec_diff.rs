//! `cargo xtask spec-diff`: one before/after pair per kind of change, each
//! with its Markdown report locked by a snapshot and its classification
//! asserted, and an end-to-end run against a real git repository.

use std::path::Path;
use std::process::Command;

use generator::SpecSource;
use generator::diff::{Change, markdown};

pub(crate) const BASE: &str = include_str!("../diff/shop.yaml");

/// `(name, text to replace, replacement, expected: None for no change,
/// Some(breaking) otherwise)`.
pub(crate) const CASES: &[(&str, &str, &str, Option<bool>)] = &[
    ("operation_removed", "    get:\n      operationId: get_item\n", "    x-gone:\n      operationId: get_item\n", Some(true)),
    (
        "operation_added",
        "components:\n",
        "  /items/{id}/archive:\n    post:\n      operationId: archive_item\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses: {'204': {description: Done}}\ncomponents:\n",
        Some(false),
    ),
    ("operation_id_renamed", "operationId: get_item", "operationId: fetch_item", Some(true)),
    ("field_removed", "        price: {type: number}\n", "", Some(true)),
    ("optional_field_added", "        price: {type: number}\n", "        price: {type: number}\n        color: {type: string}\n", Some(false)),
    ("required_field_added", "      required: [name]\n      properties:\n", "      required: [name, sku]\n      properties:\n        sku: {type: string}\n", Some(true)),
    ("field_type_changed", "price: {type: number}", "price: {type: string}", Some(true)),
    ("field_format_changed", "name: {type: string}", "name: {type: string, format: email}", Some(false)),
    ("field_made_required", "required: [name]", "required: [name, price]", Some(true)),
    ("field_made_nullable", "price: {type: number}", "price: {type: number, nullable: true}", Some(true)),
    ("enum_value_added", "enum: [new, used]", "enum: [new, used, refurbished]", Some(false)),
    ("enum_value_removed", "enum: [new, used]", "enum: [new]", Some(true)),
    ("optional_parameter_made_required", "{name: limit, in: query, schema", "{name: limit, in: query, required: true, schema", Some(true)),
    (
        "optional_parameter_added",
        "        - {name: limit, in: query, schema: {type: integer}}\n",
        "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: q, in: query, schema: {type: string}}\n",
        Some(false),
    ),
    (
        "required_parameter_added",
        "        - {name: limit, in: query, schema: {type: integer}}\n",
        "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: shop, in: query, required: true, schema: {type: string}}\n",
        Some(true),
    ),
    ("parameter_removed", "      parameters:\n        - {name: limit, in: query, schema: {type: integer}}\n", "", Some(true)),
    ("parameter_type_changed", "{name: limit, in: query, schema: {type: integer}}", "{name: limit, in: query, schema: {type: string}}", Some(true)),
    (
        "response_type_changed",
        "        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Item'}\ncomponents:",
        "        '200':\n          description: OK\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Tag'}\ncomponents:",
        Some(true),
    ),
    ("error_response_added", "      responses:\n        '201':", "      responses:\n        '409':\n          description: Exists\n        '201':", Some(true)),
    (
        "error_response_added_beside_another",
        "        '404': {description: No such item.}\n",
        "        '404': {description: No such item.}\n        '410': {description: Gone for good.}\n",
        Some(false),
    ),
    (
        "request_body_type_changed",
        "          application/json:\n            schema: {$ref: '#/components/schemas/Item'}\n      responses:",
        "          application/json:\n            schema: {$ref: '#/components/schemas/Tag'}\n      responses:",
        Some(true),
    ),
    (
        "request_media_type_added",
        "          application/json:\n            schema: {$ref: '#/components/schemas/Item'}\n      responses:",
        "          application/json:\n            schema: {$ref: '#/components/schemas/Item'}\n          application/x-www-form-urlencoded:\n            schema: {$ref: '#/components/schemas/Item'}\n      responses:",
        Some(false),
    ),
    ("security_changed", "name: X-Key}", "name: X-Api-Key}", Some(true)),
    ("server_changed", "https://shop.example.com", "https://api.shop.example.com", Some(true)),
    ("schema_added", "    Tag:\n", "    Label:\n      type: string\n    Tag:\n", Some(false)),
    ("schema_removed", "    Tag:\n      type: object\n      properties:\n        label: {type: string, nullable: true}\n", "", Some(true)),
    (
        "type_now_sent_by_a_request",
        "components:\n",
        "  /tags:\n    post:\n      operationId: create_tag\n      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Tag'}}}}\n      responses: {'204': {description: Done}}\ncomponents:\n",
        Some(true),
    ),
    (
        "response_header_declared",
        "            X-Request-Id: {schema: {type: string}}\n",
        "            X-Request-Id: {schema: {type: string}}\n            X-Trace: {schema: {type: string}}\n",
        Some(false),
    ),
    (
        "response_header_removed",
        "          headers:\n            X-Request-Id: {schema: {type: string}}\n",
        "",
        Some(true),
    ),
    (
        "request_body_removed",
        "      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Item'}\n",
        "",
        Some(true),
    ),
    ("error_response_removed", "        '404': {description: No such item.}\n", "", Some(true)),
    (
        "pagination_declared",
        "      operationId: list_items\n",
        "      operationId: list_items\n      x-custgen-pagination: {style: page, page-param: limit}\n",
        Some(true),
    ),
    ("field_made_optional", "      required: [name]\n", "", Some(true)),
    (
        "schema_kind_changed",
        "    Tag:\n      type: object\n      properties:\n        label: {type: string, nullable: true}\n",
        "    Tag:\n      type: string\n",
        Some(true),
    ),
    ("response_header_type_changed", "X-Request-Id: {schema: {type: string}}", "X-Request-Id: {schema: {type: integer}}", Some(true)),
    (
        "request_body_added",
        "      operationId: get_item\n",
        "      operationId: get_item\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}\n",
        Some(true),
    ),
    (
        "request_media_type_changed",
        "          application/json:\n            schema: {$ref: '#/components/schemas/Item'}\n      responses:",
        "          application/x-www-form-urlencoded:\n            schema: {$ref: '#/components/schemas/Item'}\n      responses:",
        Some(true),
    ),
    (
        "optional_field_added_to_a_struct_without_optional_fields",
        "        width: {type: number}\n",
        "        width: {type: number}\n        depth: {type: number}\n",
        Some(false),
    ),
    ("received_field_made_non_nullable", "label: {type: string, nullable: true}", "label: {type: string}", Some(false)),
    ("description_only", "description: One item.", "description: A single item, by id.", None),
];

pub(crate) fn changes(before: &str, after: &str) -> Vec<Change> {
    let source = |text: &str| SpecSource { path: "spec/shop.yaml".to_owned(), text: text.to_owned() };
    xtask::diff_sources(&[source(before)], &[source(after)]).expect("both versions build")
}

#[test]
fn every_kind_of_change_is_classified() {
    assert!(CASES.len() >= 20);
    for (name, from, to, expected) in CASES {
        assert!(BASE.contains(from), "case {name}: the base spec lacks {from:?}");
        let after = BASE.replacen(from, to, 1);
        let changes = changes(BASE, &after);
        match expected {
            None => assert!(changes.is_empty(), "case {name}: {changes:#?}"),
            Some(breaking) => {
                assert!(!changes.is_empty(), "case {name}: no change found");
                let any_breaking = changes.iter().any(|change| change.breaking);
                assert_eq!(any_breaking, *breaking, "case {name}: {changes:#?}");
                assert!(changes.iter().all(|change| change.rust_item.starts_with("shop::")), "case {name}: {changes:#?}");
            }
        }
        insta::assert_snapshot!(format!("spec_diff_{name}"), markdown(&changes));
    }
}

#[test]
fn a_removed_field_names_its_rust_item_and_pointer() {
    let after = BASE.replacen("        price: {type: number}\n", "", 1);
    let changes = changes(BASE, &after);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert!(changes[0].breaking);
    assert_eq!(changes[0].rust_item, "shop::Item::price");
    assert_eq!(changes[0].pointer, "/components/schemas/Item/properties/price");
    let json: serde_json::Value = serde_json::from_str(&generator::diff::json(&changes)).expect("JSON");
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["changes"][0]["item"], "shop::Item::price");
    assert_eq!(json["changes"][0]["kind"], "field_removed");
    assert_eq!(json["changes"][0]["verdict"], "breaking");
    assert_eq!(json["changes"][0]["reason"], "the public field is gone");
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=custgen", "-c", "user.email=custgen@example.com", "-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
}

#[test]
fn spec_diff_compares_with_git_revisions() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("spec")).expect("spec dir");
    let spec = dir.path().join("spec/shop.yaml");
    std::fs::write(&spec, BASE).expect("write");
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "shop API"]);
    git(dir.path(), &["checkout", "-q", "-b", "feature"]);

    assert!(xtask::spec_diff(dir.path(), Some("HEAD")).expect("diff").is_empty(), "a clean tree has no changes");

    std::fs::write(&spec, BASE.replacen("        price: {type: number}\n", "", 1)).expect("edit");
    let uncommitted = xtask::spec_diff(dir.path(), Some("HEAD")).expect("diff");
    assert_eq!(uncommitted.len(), 1);
    git(dir.path(), &["commit", "-q", "-am", "drop price"]);

    // Default base: the merge base with `main`.
    let changes = xtask::spec_diff(dir.path(), None).expect("diff");
    assert_eq!(changes.len(), 1, "{changes:#?}");
    assert_eq!(changes[0].rust_item, "shop::Item::price");
    assert!(changes[0].breaking);
    assert!(xtask::spec_diff(dir.path(), Some("HEAD")).expect("diff").is_empty());
    assert_eq!(xtask::spec_diff(dir.path(), Some("HEAD~1")).expect("diff"), changes);
}

/// Under tag features, moving an operation to another tag takes it (and
/// the types only it uses) away from crates that enabled the old tag's
/// feature alone; giving it one more tag takes nothing away.
#[test]
fn a_changed_tag_feature_is_breaking_only_when_it_takes_an_item_away() {
    let base = std::fs::read_to_string(crate::root().join("tests/gated/tag_features.yaml")).expect("the fixture");
    let moved = base.replacen("      tags: [Stock & Items]\n", "      tags: [Orders]\n", 1);
    let moving = changes(&base, &moved);
    let list_items = moving.iter().find(|change| change.rust_item == "tagged::Client::list_items").expect("list_items changed");
    assert!(list_items.breaking, "{moving:#?}");
    assert_eq!(list_items.description, "compiled with `tagged-orders` (was compiled with `tagged-stock-items`)");
    assert!(moving.iter().any(|change| change.rust_item == "tagged::ItemFilter" && change.breaking), "{moving:#?}");

    let widened = base.replacen("      tags: [Stock & Items]\n", "      tags: [Stock & Items, Orders]\n", 1);
    let widening = changes(&base, &widened);
    assert!(!widening.is_empty());
    assert!(widening.iter().all(|change| !change.breaking), "{widening:#?}");
}

fn kinds(changes: &[Change]) -> Vec<(&'static str, bool)> {
    changes.iter().map(|change| (change.kind.id(), change.breaking)).collect()
}

/// An operation is its method and path: a body that appears, or is sent
/// as another media type, is a change inside it, not the operation
/// removed and another added.
#[test]
fn a_request_body_added_or_re_encoded_is_reported_inside_the_operation() {
    let (_, from, to, _) = CASES.iter().find(|case| case.0 == "request_body_added").expect("the case");
    let added = changes(BASE, &BASE.replacen(from, to, 1));
    assert_eq!(kinds(&added), vec![("request_body_added", true)], "{added:#?}");
    assert_eq!(added[0].rust_item, "shop::Client::get_item");
    assert_eq!(added[0].pointer, "/paths/~1items~1{id}/get/requestBody");

    let (_, from, to, _) = CASES.iter().find(|case| case.0 == "request_media_type_changed").expect("the case");
    let re_encoded = changes(BASE, &BASE.replacen(from, to, 1));
    assert_eq!(kinds(&re_encoded), vec![("request_media_type_changed", true)], "{re_encoded:#?}");
    assert!(re_encoded[0].description.contains("from `application/json` to `application/x-www-form-urlencoded`"));
}

/// Renaming a path parameter keeps the operation; the parameter itself is
/// reported (the call struct's field is renamed).
#[test]
fn a_renamed_path_parameter_keeps_the_operation() {
    let after = BASE.replacen("/items/{id}:", "/items/{item_id}:", 1).replacen("{name: id, in: path", "{name: item_id, in: path", 1);
    let found = changes(BASE, &after);
    assert!(found.iter().all(|change| !matches!(change.kind.id(), "operation_removed" | "operation_added")), "{found:#?}");
    assert_eq!(kinds(&found), vec![("parameter_removed", true), ("required_parameter_added", true)], "{found:#?}");
}

/// The same `operationId` under another path is a move, breaking because
/// requests go elsewhere.
#[test]
fn an_operation_under_another_path_is_a_move() {
    let after = BASE.replacen("/items/{id}:", "/products/{id}:", 1);
    let found = changes(BASE, &after);
    assert_eq!(kinds(&found), vec![("operation_moved", true)], "{found:#?}");
    assert_eq!(found[0].description, "`get_item` moved from `GET /items/{id}` to `GET /products/{id}`");
}

/// A changed default server sends every request elsewhere.
#[test]
fn a_changed_default_server_is_breaking_with_its_reason() {
    let found = changes(BASE, &BASE.replacen("https://shop.example.com", "https://api.shop.example.com", 1));
    assert_eq!(kinds(&found), vec![("default_server_changed", true)]);
    assert!(found[0].reason.contains("requests go to another host"), "{}", found[0].reason);
}

/// A spec file renamed with its module kept is the same API.
#[test]
fn a_renamed_spec_file_with_the_same_module_is_the_same_api() {
    let before = SpecSource { path: "spec/shop.yaml".to_owned(), text: BASE.to_owned() };
    let after = SpecSource { path: "spec/shop-v2.yaml".to_owned(), text: BASE.replacen("        price: {type: number}\n", "", 1) };
    let found = xtask::diff_sources(&[before], &[after]).expect("both build");
    assert_eq!(kinds(&found), vec![("field_removed", true)], "{found:#?}");
}

/// Tools match on `kind`: the README lists every one, with its rules.
#[test]
fn the_readme_documents_every_kind_of_change() {
    let readme = std::fs::read_to_string(crate::root().join("README.md")).expect("README");
    for info in generator::diff::KINDS {
        let row = format!("| `{}` | {} | {} |", info.id, or_dash(info.breaking), or_dash(info.compatible));
        assert!(readme.contains(&row), "README lacks the row {row}");
    }
}

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// A repeated inline schema is an alias of the first one's type; when a
/// new version changes the repeat, its place gets a type of its own again:
/// an alias that became a struct (code that passed the first type there
/// breaks); the types inside it stay aliases of the first's.
#[test]
fn a_repeated_inline_schema_that_diverges_is_reported_as_a_type_of_its_own() {
    let base = std::fs::read_to_string(crate::root().join("tests/fixtures/repeated_shapes.yaml")).expect("the fixture");
    let marker = "                  sender:\n                    description: Who did it.\n";
    let at = base.rfind(marker).expect("the closed event's sender");
    let mut diverged = base.clone();
    diverged.replace_range(at..at + marker.len(), "                  sender:\n                    description: Who closed it.\n");
    let found = changes(&base, &diverged);
    let sender = found.iter().find(|change| change.rust_item.ends_with("::GetClosedResponseSender")).expect("the repeat changed");
    assert_eq!((sender.kind.id(), sender.breaking), ("type_kind_changed", true), "{found:#?}");
    assert_eq!(sender.description, "changed from an alias to an object");
    // Its permissions are still written as the first sender's: the same
    // alias as before, unchanged.
    assert!(!found.iter().any(|change| change.rust_item.ends_with("::GetClosedResponseSenderPermissions")), "{found:#?}");
}

/// A version that writes a repeated schema out at an earlier place moves
/// the group's type to that place's name; the old name stays an alias of
/// it, as do the names of the types inside it, and every use reads as
/// the same type: nothing breaks.
#[test]
fn a_repeat_written_earlier_moves_the_type_and_breaks_nothing() {
    let base = std::fs::read_to_string(crate::root().join("tests/fixtures/repeated_shapes.yaml")).expect("the fixture");
    let opened = base.find("  /events/opened:\n").expect("the first operation");
    let closed = base.find("  /events/closed:\n").expect("the second operation");
    let earlier = base[opened..closed].replace("/events/opened", "/events/reopened").replace("get_opened", "get_reopened").replace("[opened]", "[reopened]");
    let mut moved = base.clone();
    moved.insert_str(opened, &earlier);
    let found = changes(&base, &moved);
    assert!(found.iter().all(|change| !change.breaking), "{found:#?}");
    let moved: Vec<&str> = found.iter().filter(|change| change.kind.id() == "type_became_repeat").map(|change| change.rust_item.as_str()).collect();
    assert_eq!(
        moved,
        ["shop::GetOpenedResponseSender", "shop::GetOpenedResponseSenderPermissions", "shop::GetOpenedResponseSenderPermissionsIssues"],
        "{found:#?}"
    );
    let sender = found.iter().find(|change| change.rust_item.ends_with("::GetOpenedResponseSender")).expect("the old first");
    assert_eq!(sender.kind.id(), "type_became_repeat", "{found:#?}");
    assert_eq!(sender.description, "now an alias of `GetReopenedResponseSender`, whose schema it repeats word for word");
}
