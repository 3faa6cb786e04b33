//! `cargo xtask bench --cold-build`: what a crate that depends on
//! `generated-client` pays the first time it builds.
//!
//! A new binary crate (`target/bench/cold-build/`) depends on
//! `generated-client` by path with one API feature and one TLS feature,
//! calls one operation, and is built with `cargo build` from an empty
//! target directory, once per TLS feature.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The API feature the binary enables.
const API: &str = "waldur";

/// The TLS features compared; the first is the default.
pub const TLS: [&str; 2] = ["rustls-ring", "rustls-aws-lc-rs"];

/// One cold build.
pub struct ColdBuild {
    /// The TLS feature.
    pub tls: &'static str,
    /// Wall time of `cargo build`.
    pub elapsed: Duration,
    /// Crates cargo compiled (its `Compiling` lines: libraries, build
    /// scripts and the binary).
    pub compiled: usize,
}

/// Builds the binary from nothing with each TLS feature.
pub fn cold_builds(root: &Path) -> Result<Vec<ColdBuild>, String> {
    TLS.iter().map(|tls| cold_build(root, tls)).collect()
}

fn cold_build(root: &Path, tls: &'static str) -> Result<ColdBuild, String> {
    let dir = root.join("target").join("bench").join("cold-build");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let client = root.join("generated-client");
    let manifest = format!(
        "[package]\nname = \"cold-build\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\ngenerated-client = {{ path = {:?}, default-features = false, features = [\"{API}\", \"{tls}\"] }}\n",
        client.display().to_string()
    );
    let main = "fn main() {\n    let client = generated_client::waldur::Client::new(\"https://waldur.example\", \"token\").expect(\"a client\");\n    \
                let call = client.customers_list();\n    drop(call);\n}\n";
    for (path, text) in [("Cargo.toml", manifest.as_str()), ("src/main.rs", main)] {
        std::fs::write(dir.join(path), text).map_err(|error| format!("cannot write {path}: {error}"))?;
    }
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        std::fs::write(dir.join("Cargo.lock"), lock).map_err(|error| format!("cannot write Cargo.lock: {error}"))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["build", "--color", "never"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|error| format!("cannot run cargo build: {error}"))?;
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("the cold build with {tls} failed:\n{stderr}"));
    }
    let compiled = stderr.lines().filter(|line| line.trim_start().starts_with("Compiling ")).count();
    Ok(ColdBuild { tls, elapsed, compiled })
}

/// The builds as Markdown.
pub fn markdown(builds: &[ColdBuild]) -> String {
    let mut out = format!(
        "### Cold `cargo build` of a binary that uses `generated-client` (feature `{API}`), from an empty target directory\n\n\
         | TLS feature | wall time | crates compiled |\n|---|---:|---:|\n"
    );
    for build in builds {
        out.push_str(&format!("| `{}` | {:.1} s | {} |\n", build.tls, build.elapsed.as_secs_f64(), build.compiled));
    }
    out
}
