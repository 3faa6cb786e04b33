//! `cargo xtask bench --tags <document>`: what tag features save. The
//! document is generated with `x-custgen-tag-features: true` set on its
//! `info`, and the crate is checked with every feature and with one tag's
//! (by default the tag with the most operations: the least saving).

use std::path::Path;
use std::time::{Duration, Instant};

use generator::SpecSource;
use serde_json::Value;

use super::compile;

/// What one `--tags` run measured.
pub struct TagsReport {
    /// The document.
    pub document: String,
    /// Generation time on every core (tag features on), median of `runs`
    /// (at least three).
    pub generation: Duration,
    /// Operations and tag features of the document.
    pub operations: usize,
    pub features: usize,
    /// The tag feature checked alone, and its operations.
    pub tag: String,
    pub tag_operations: usize,
    /// Median `cargo check` of the crate alone: every feature, then the one tag.
    pub all: Duration,
    pub one: Duration,
}

impl TagsReport {
    /// The report as Markdown.
    pub fn markdown(&self) -> String {
        format!(
            "## Tag features: `{}`\n\n\
             {} operations, {} tag features; generated in {:.2} s (every core, tag features on).\n\n\
             | `cargo check` of the crate alone | time |\n|---|---:|\n\
             | all features | {:.1} s |\n| `{}` only ({} operations) | {:.1} s |\n\n\
             One tag checks {:.1}× faster than all.\n",
            self.document,
            self.operations,
            self.features,
            self.generation.as_secs_f64(),
            self.all.as_secs_f64(),
            self.tag,
            self.tag_operations,
            self.one.as_secs_f64(),
            self.all.as_secs_f64() / self.one.as_secs_f64().max(f64::EPSILON),
        )
    }
}

/// Runs the measurement on the document at `path`, with `tag` (a tag as
/// the document writes it) or the largest, using `root/target/bench/tags`.
pub fn bench_tags(root: &Path, path: &Path, tag: Option<&str>, runs: usize) -> Result<TagsReport, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let mut document: Value = serde_yaml::from_str(&text).map_err(|error| format!("{} does not parse: {error}", path.display()))?;
    let info = document.get_mut("info").and_then(Value::as_object_mut).ok_or_else(|| format!("{} has no `info`", path.display()))?;
    info.insert(generator::ir::TAG_FEATURES_EXTENSION.to_owned(), Value::Bool(true));
    info.insert(generator::ir::MODULE_EXTENSION.to_owned(), Value::String("api".to_owned()));
    let source = SpecSource { path: path.display().to_string(), text: document.to_string() };

    let mut times = Vec::new();
    let mut files = Vec::new();
    // Generation is cheap next to the checks: at least three runs.
    for _ in 0..runs.max(3) {
        let started = Instant::now();
        files = generator::generate(std::slice::from_ref(&source)).map_err(|error| error.to_string())?;
        times.push(started.elapsed());
    }
    let apis = generator::build_apis(std::slice::from_ref(&source)).map_err(|error| error.to_string())?;
    let api = &apis[0];
    let operations_of = |tag: &str| api.operations.iter().filter(|operation| operation.primary && operation.tags.iter().any(|t| t == tag)).count();
    let chosen = match tag {
        Some(tag) => api.features.iter().find(|feature| feature.tag.as_deref() == Some(tag)),
        None => api.features.iter().filter(|feature| feature.tag.is_some()).max_by_key(|feature| operations_of(feature.tag.as_deref().unwrap_or_default())),
    }
    .ok_or_else(|| format!("{} has no tag {}", path.display(), tag.unwrap_or("at all")))?;

    let dir = super::bench_dir(root).join("tags").join("crate");
    let _ = std::fs::remove_dir_all(&dir);
    compile::write_workspace(root, &dir, &files)?;
    let all = compile::check(&dir, "generated-client", runs)?;
    let one_features = format!("{},rustls-ring", chosen.name);
    let one = compile::check_with(&dir, "generated-client", runs, &["--no-default-features", "--features", &one_features])?;
    Ok(TagsReport {
        document: path.display().to_string(),
        generation: median(times),
        operations: api.operations.iter().filter(|operation| operation.primary).count(),
        features: api.features.iter().filter(|feature| feature.tag.is_some()).count(),
        tag: chosen.name.clone(),
        tag_operations: operations_of(chosen.tag.as_deref().unwrap_or_default()),
        all: median(all.crate_alone),
        one: median(one.crate_alone),
    })
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times.get(times.len() / 2).copied().unwrap_or_default()
}
