//! Stage 1: text in, a checked `openapiv3` document out.
//!
//! Besides parsing, this stage rejects what later stages cannot represent
//! (other OpenAPI versions, external or dangling `$ref`s) while it still has
//! the raw document, so every problem carries a precise pointer.

mod examples;
mod locate;
mod narrow;
mod normalize;
mod refs;
mod v31;

pub use examples::{Example, Verdict};
pub use locate::Locator;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{Error, LineCol, Problem, Problems, escape_pointer_token};

/// One spec file as read from disk; the generator itself does no I/O.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecSource {
    /// The path shown in messages and generated headers, relative to the
    /// workspace (e.g. `spec/fastly-customer.yaml`).
    pub path: String,
    /// The YAML (or JSON) text.
    pub text: String,
}

/// A parsed document whose local `$ref`s are known to resolve.
#[derive(Debug)]
pub struct LoadedSpec<'a> {
    /// Where the document came from.
    pub source: &'a SpecSource,
    /// The typed document.
    pub document: OpenAPI,
    /// Positions of the document's nodes, for messages from later stages.
    pub locator: Locator,
    /// What loading degraded (e.g. OpenAPI 3.1 constructs with no 3.0 form),
    /// and the examples that do not match their schemas.
    pub warnings: Vec<Problem>,
    /// Every example of the document, with what the validator said of it.
    pub examples: Vec<Example>,
}

impl LoadedSpec<'_> {
    /// A collector that reports problems against this document.
    pub(crate) fn problems(&self) -> Problems<'_> {
        Problems::new(&self.source.path, &self.locator)
    }
}

/// Parses and checks one spec file.
pub fn load(source: &SpecSource) -> Result<LoadedSpec<'_>, Error> {
    let locator = Locator::new(&source.text);
    let mut raw = parse(source)?;
    refs::decode_refs(&mut raw, false);
    let problems = Problems::new(&source.path, &locator);
    check_version(&raw, &problems)?;
    let is_31 = raw.get("openapi").and_then(Value::as_str).is_some_and(|version| version.starts_with("3.1."));
    let mut warnings: Vec<Problem> = if is_31 {
        v31::translate(&mut raw).into_iter().map(|(pointer, message)| problems.problem(&pointer, message)).collect()
    } else {
        Vec::new()
    };

    let mut problems = problems;
    refs::check_refs(&raw, &mut problems);
    let mut raw = problems.finish(raw)?;
    refs::inline_callback_refs(&mut raw);
    normalize::normalize(&mut raw);
    let examples = examples::check(&mut raw, &Problems::new(&source.path, &locator), &mut warnings);

    // Read without tracking the path first: tracking costs more than the
    // read, and only a failure needs the path.
    let document = <OpenAPI as serde::Deserialize>::deserialize(&raw).or_else(|_| {
        serde_path_to_error::deserialize::<_, OpenAPI>(&raw).map_err(|error| {
            let (pointer, message) =
                narrow::narrow(&raw).unwrap_or_else(|| (pointer_of(error.path()), error.inner().to_string()));
            Problems::new(&source.path, &locator)
                .problem(&pointer, format!("this is not a valid OpenAPI 3.0 node: {message}"))
        })
    })?;
    Ok(LoadedSpec { source, document, locator, warnings, examples })
}

/// JSON documents are read as JSON (YAML parsers reject some valid JSON,
/// such as escaped surrogate pairs); everything else as YAML.
fn parse(source: &SpecSource) -> Result<Value, Problem> {
    let problem = |location: Option<LineCol>, message: String| Problem {
        file: source.path.clone(),
        pointer: String::new(),
        location,
        message,
    };
    if source.path.ends_with(".json") {
        serde_json::from_str(&source.text).map_err(|error| {
            let location = LineCol { line: error.line(), col: error.column() };
            problem(Some(location), format!("the file is not valid JSON: {error}"))
        })
    } else {
        serde_yaml::from_str(&source.text).map_err(|error| {
            let location = error.location().map(|at| LineCol { line: at.line(), col: at.column() });
            problem(location, format!("the file is not valid YAML: {error}"))
        })
    }
}

/// `openapiv3` reads 3.0 documents only; a 3.1 or Swagger 2.0 document would
/// otherwise fail later with a confusing message, or worse, half-parse.
fn check_version(raw: &Value, problems: &Problems<'_>) -> Result<(), Problem> {
    match raw.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") || version.starts_with("3.1.") => Ok(()),
        Some(version) => Err(problems.problem(
            "/openapi",
            format!("OpenAPI {version} is not supported: custgen reads OpenAPI 3.0.x and 3.1.x documents"),
        )),
        None if raw.get("swagger").is_some() => Err(problems.problem(
            "/swagger",
            "Swagger 2.0 documents are not supported: convert the document to OpenAPI 3.0.x",
        )),
        None => Err(problems.problem(
            "",
            "not an OpenAPI document: the top-level `openapi: 3.0.x` field is missing",
        )),
    }
}

/// Turns serde's path to a failing node into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                pointer.push('/');
                pointer.push_str(&escape_pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}
