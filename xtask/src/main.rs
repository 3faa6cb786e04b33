//! `cargo xtask <task>`: the project's automation, in Rust so it runs
//! wherever cargo does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use xtask::{Mode, codegen, describe};

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  codegen            regenerate generated-client/ from spec/
  codegen --check    fail if generated-client/ is not what spec/ generates";

/// The workspace root: this crate sits one level below it.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mode = match args.as_slice() {
        ["codegen"] => Mode::Write,
        ["codegen", "--check"] => Mode::Check,
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprintln!("error: unknown arguments {args:?}\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    match codegen(&workspace_root(), mode) {
        Ok(changes) => {
            for change in &changes {
                println!("wrote {}", describe(change));
            }
            let elapsed = started.elapsed().as_millis();
            if changes.is_empty() {
                println!("generated-client/ is up to date ({elapsed} ms)");
            } else {
                println!("generated-client/ updated: {} file(s) ({elapsed} ms)", changes.len());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
