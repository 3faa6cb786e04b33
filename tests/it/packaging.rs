//! What the crates that depend on us compile.

use std::process::Command;

/// The normal dependencies of `package`, one name per line.
fn dependencies(package: &str) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["tree", "--offline", "-p", package, "-e", "normal", "--prefix", "none", "--format", "{p}"])
        .current_dir(crate::root())
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_types_only_build_has_no_http_stack() {
    let tree = dependencies("custgen-types-only");
    assert!(tree.contains("generated-client"), "{tree}");
    for stack in ["reqwest ", "hyper ", "rustls ", "tokio ", "h2 "] {
        assert!(!tree.lines().any(|line| line.starts_with(stack)), "{stack}is built:\n{tree}");
    }
}

#[test]
fn the_default_build_has_the_client() {
    let tree = dependencies("custgen-downstream");
    assert!(tree.lines().any(|line| line.starts_with("reqwest ")), "{tree}");
}
