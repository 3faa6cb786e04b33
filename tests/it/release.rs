//! `cargo xtask release` on a scratch repository: the version bump and the
//! changelog come from spec-diff, against the last release tag.

use std::path::Path;
use std::process::Command;

const SPEC: &str = "openapi: 3.0.3
info: {title: Shop, version: '1', x-custgen-module: shop}
servers: [{url: 'https://shop.example.com'}]
paths:
  /items:
    get:
      operationId: list_items
      description: Every item.
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Item'}}
  /items/{id}:
    get:
      operationId: get_item
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
components:
  schemas:
    Item:
      type: object
      properties:
        id: {type: string}
";

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Release Test", "-c", "user.email=release@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
}

/// A repository at release 0.3.0 of `SPEC`, with a CHANGELOG of that release.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("spec")).expect("spec/");
    std::fs::write(dir.path().join("Cargo.toml"), "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"0.3.0\"\nedition = \"2024\"\n").expect("writes");
    std::fs::write(dir.path().join("spec/shop.yaml"), SPEC).expect("writes");
    git(dir.path(), &["init", "-q", "-b", "main"]);
    let first = xtask::release::release(dir.path(), false, "2026-01-02").expect("first release");
    assert_eq!(first.version.as_deref(), Some("0.3.0"));
    assert_eq!(first.tag.as_deref(), Some("generated-client-v0.3.0"));
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "release 0.3.0"]);
    git(dir.path(), &["tag", "generated-client-v0.3.0"]);
    dir
}

fn change_spec(dir: &Path, from: &str, to: &str) {
    let path = dir.join("spec/shop.yaml");
    let text = std::fs::read_to_string(&path).expect("reads");
    assert!(text.contains(from));
    std::fs::write(&path, text.replacen(from, to, 1)).expect("writes");
}

fn version(dir: &Path) -> String {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).expect("reads");
    manifest.lines().find_map(|line| line.strip_prefix("version = ")).expect("a version").trim_matches('"').to_owned()
}

#[test]
fn the_first_release_starts_the_changelog_with_the_current_version() {
    let dir = repository();
    let changelog = std::fs::read_to_string(dir.path().join("CHANGELOG.md")).expect("a changelog");
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    assert!(changelog.contains("## [0.3.0] - 2026-01-02\n"), "{changelog}");
    assert_eq!(version(dir.path()), "0.3.0");
}

#[test]
fn a_breaking_change_bumps_the_minor_number_and_leads_the_section() {
    let dir = repository();
    // One operation removed (breaking), one field added (compatible).
    change_spec(dir.path(), "  /items/{id}:\n    get:\n      operationId: get_item\n", "  /items/{id}:\n    delete:\n      operationId: delete_item\n");
    change_spec(dir.path(), "        id: {type: string}\n", "        id: {type: string}\n        name: {type: string}\n");

    let dry = xtask::release::release(dir.path(), true, "2026-02-03").expect("dry run");
    assert_eq!(dry.version.as_deref(), Some("0.4.0"));
    assert_eq!(version(dir.path()), "0.3.0", "a dry run writes nothing");

    let release = xtask::release::release(dir.path(), false, "2026-02-03").expect("release");
    assert_eq!(release.tag.as_deref(), Some("generated-client-v0.4.0"));
    assert_eq!(version(dir.path()), "0.4.0");
    let changelog = std::fs::read_to_string(dir.path().join("CHANGELOG.md")).expect("a changelog");
    let new = changelog.find("## [0.4.0] - 2026-02-03").expect("the new section");
    let old = changelog.find("## [0.3.0]").expect("the old section");
    assert!(new < old, "newest first:\n{changelog}");
    let breaking = changelog.find("**Breaking.** `shop::Client::get_item`").expect(&changelog);
    let added = changelog.find("### Added\n").expect(&changelog);
    assert!(breaking < added, "breaking changes first:\n{changelog}");
    assert!(changelog[added..].contains("`shop::Item::name`"), "{changelog}");
}

#[test]
fn a_compatible_change_bumps_the_patch_number() {
    let dir = repository();
    change_spec(dir.path(), "        id: {type: string}\n", "        id: {type: string}\n        name: {type: string}\n");
    let release = xtask::release::release(dir.path(), false, "2026-02-03").expect("release");
    assert_eq!(release.version.as_deref(), Some("0.3.1"));
    assert_eq!(version(dir.path()), "0.3.1");
}

#[test]
fn a_change_to_the_docs_alone_releases_nothing() {
    let dir = repository();
    change_spec(dir.path(), "description: Every item.", "description: Every item there is.");
    let release = xtask::release::release(dir.path(), false, "2026-02-03").expect("release");
    assert_eq!(release.version, None);
    assert_eq!(release.tag, None);
    assert_eq!(version(dir.path()), "0.3.0");
}
