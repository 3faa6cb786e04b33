//! `cargo xtask bench`: times each generator stage on a deterministic
//! synthetic spec and on `spec/`, and reports peak memory.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use generator::SpecSource;
use serde_json::{Value, json};

/// The size of the synthetic spec and how often each stage runs.
#[derive(Debug, Clone, Copy)]
pub struct BenchOptions {
    /// Operations in the synthetic spec.
    pub operations: usize,
    /// Component schemas in the synthetic spec.
    pub schemas: usize,
    /// Runs per stage; the report gives median, min and max.
    pub runs: usize,
}

impl Default for BenchOptions {
    fn default() -> Self {
        Self { operations: 2000, schemas: 2000, runs: 5 }
    }
}

const STAGES: [&str; 6] = ["load", "ir", "emit", "format", "write", "total"];

/// One input's timings: per stage, every run.
pub struct Timings {
    /// What was generated.
    pub name: String,
    /// Durations per stage, in `STAGES` order.
    pub stages: Vec<Vec<Duration>>,
    /// Bytes of Rust written.
    pub output_bytes: usize,
}

/// Runs the benchmark; returns the Markdown table and the JSON report.
pub fn bench(root: &Path, options: BenchOptions) -> Result<(String, String), String> {
    let synthetic = SpecSource {
        path: format!("synthetic-{}-operations.json", options.operations),
        text: synthetic_spec(options.operations, options.schemas),
    };
    let mut inputs = vec![synthetic];
    inputs.extend(crate::read_specs(root)?);
    let scratch = std::env::temp_dir().join(format!("custgen-bench-{}", std::process::id()));
    let results: Vec<Timings> = inputs
        .iter()
        .map(|source| time_stages(source, options.runs, &scratch))
        .collect::<Result<_, _>>()?;
    let _ = std::fs::remove_dir_all(&scratch);
    let peak = peak_memory_kib();
    Ok((table(&results, peak), report(&results, peak, options)))
}

fn time_stages(source: &SpecSource, runs: usize, scratch: &Path) -> Result<Timings, String> {
    let mut stages = vec![Vec::new(); STAGES.len()];
    let mut output_bytes = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let mut clock = Instant::now();
        let mut lap = |stage: usize, stages: &mut Vec<Vec<Duration>>| {
            stages[stage].push(clock.elapsed());
            clock = Instant::now();
        };
        let spec = generator::load::load(source).map_err(|error| error.to_string())?;
        lap(0, &mut stages);
        let api = generator::ir::build(&spec).map_err(|error| error.to_string())?;
        lap(1, &mut stages);
        let tokens = generator::emit::api_module(&api);
        let reference = generator::emit::api_reference(&api);
        lap(2, &mut stages);
        let code = generator::write::rust_file("", tokens, &source.path).map_err(|error| error.to_string())?;
        lap(3, &mut stages);
        output_bytes = code.len() + reference.len();
        let files = [
            generator::GeneratedFile { path: "src/api.rs".to_owned(), contents: code },
            generator::GeneratedFile { path: "docs/api.md".to_owned(), contents: reference },
        ];
        generator::write::sync(scratch, &files, generator::write::Mode::Write).map_err(|error| error.to_string())?;
        let _ = std::fs::remove_dir_all(scratch);
        lap(4, &mut stages);
        stages[5].push(started.elapsed());
    }
    Ok(Timings { name: source.path.clone(), stages, output_bytes })
}

/// Median, min and max in milliseconds.
fn summary(runs: &[Duration]) -> (f64, f64, f64) {
    let mut ms: Vec<f64> = runs.iter().map(|run| run.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let median = ms.get(ms.len() / 2).copied().unwrap_or_default();
    (median, ms.first().copied().unwrap_or_default(), ms.last().copied().unwrap_or_default())
}

fn table(results: &[Timings], peak: Option<u64>) -> String {
    let mut out = String::from("| input | stage | median ms | min ms | max ms |\n|---|---|---|---|---|\n");
    for result in results {
        for (stage, runs) in STAGES.iter().zip(&result.stages) {
            let (median, min, max) = summary(runs);
            let _ = writeln!(out, "| {} | {stage} | {median:.1} | {min:.1} | {max:.1} |", result.name);
        }
    }
    match peak {
        Some(kib) => {
            let _ = writeln!(out, "\npeak memory (whole run): {:.1} MB", kib as f64 / 1024.0);
        }
        None => out.push_str("\npeak memory: not available on this platform\n"),
    }
    out
}

fn report(results: &[Timings], peak: Option<u64>, options: BenchOptions) -> String {
    let inputs: Vec<Value> = results
        .iter()
        .map(|result| {
            let stages: serde_json::Map<String, Value> = STAGES
                .iter()
                .zip(&result.stages)
                .map(|(stage, runs)| {
                    let (median, min, max) = summary(runs);
                    ((*stage).to_owned(), json!({"median_ms": median, "min_ms": min, "max_ms": max}))
                })
                .collect();
            json!({"input": result.name, "output_bytes": result.output_bytes, "stages": stages})
        })
        .collect();
    let report = json!({
        "operations": options.operations,
        "schemas": options.schemas,
        "runs": options.runs,
        "peak_memory_kib": peak,
        "inputs": inputs,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// The process's peak resident memory (`VmHWM`), where Linux reports it.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A deterministic spec mixing objects, enums, arrays, `allOf` and `oneOf`
/// schemas, and GET (path and query parameters), POST (JSON) and PUT (form)
/// operations.
pub fn synthetic_spec(operations: usize, schemas: usize) -> String {
    let schemas = schemas.max(4);
    let name = |index: usize| format!("Schema{index}");
    let reference = |index: usize| json!({"$ref": format!("#/components/schemas/{}", name(index % schemas))});
    let mut components = serde_json::Map::new();
    for index in 0..schemas {
        let schema = match index % 5 {
            0 => json!({
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string", "maxLength": 64},
                    "count": {"type": "integer", "format": "int32", "minimum": 0},
                    "ratio": {"type": "number", "nullable": true},
                    "created": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "next": reference(index + 1),
                }
            }),
            1 => json!({"type": "string", "enum": ["alpha", "beta", "-beta", "gamma"]}),
            2 => json!({"type": "array", "items": reference(index + 3)}),
            3 => json!({"allOf": [reference(index + 2), {"type": "object", "properties": {"extra": {"type": "boolean"}}}]}),
            _ => json!({"oneOf": [reference(index + 1), {"type": "string"}, {"type": "integer"}]}),
        };
        components.insert(name(index), schema);
    }
    let mut paths = serde_json::Map::new();
    for index in 0..operations {
        let object = reference((index / 5) * 5);
        let path = format!("/resources{}/{{id}}", index / 3);
        let operation = match index % 3 {
            0 => ("get", json!({
                "operationId": format!("get_resource_{index}"),
                "summary": "Get resources",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                    {"name": "filter", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                ],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": object}}}}},
            })),
            1 => ("post", json!({
                "operationId": format!("create_resource_{index}"),
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": object}}},
                "responses": {
                    "201": {"description": "Created", "content": {"application/json": {"schema": object}}},
                    "400": {"description": "Invalid", "content": {"application/json": {"schema": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}},
                },
            })),
            _ => ("put", json!({
                "operationId": format!("update_resource_{index}"),
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": object}}},
                "responses": {"204": {"description": "Updated"}, "default": {"description": "Error"}},
            })),
        };
        let item = paths.entry(path).or_insert_with(|| json!({}));
        if let Some(item) = item.as_object_mut() {
            item.insert(operation.0.to_owned(), operation.1);
        }
    }
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1", "x-custgen-module": "synthetic"},
        "servers": [{"url": "https://synthetic.example.com"}],
        "paths": paths,
        "components": {"schemas": components},
    });
    serde_json::to_string(&spec).unwrap_or_default()
}
