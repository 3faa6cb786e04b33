//! A program with its own reqwest (no TLS feature of its own) beside our
//! client, built with each of our TLS features (`tests/tls-combos/`): its
//! `reqwest::Client::new()` must not panic, before or after ours is built.
//! (With `rustls-ring` it did: our reqwest feature `rustls-no-provider`
//! became the program's too, and such a client needs a process-wide rustls
//! provider, which only building one of ours installed.)

use std::process::Command;

#[test]
fn the_programs_own_reqwest_keeps_working_with_each_tls_feature() {
    let root = crate::root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    for feature in ["rustls-ring", "rustls-aws-lc-rs", "native-tls"] {
        let output = Command::new(&cargo)
            .args(["run", "--quiet", "--locked", "--no-default-features", "--features", feature])
            .current_dir(root.join("tests/tls-combos"))
            .env("CARGO_TARGET_DIR", root.join("target/tls-combos"))
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("both clients built"),
            "with `{feature}`:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
