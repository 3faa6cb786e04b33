//! Generates the `generated-client` crate from OpenAPI 3.0 documents.
//!
//! The pipeline has four stages, each taking one data type and handing on
//! the next:
//!
//! 1. [`load`]: [`SpecSource`] (text) → [`load::LoadedSpec`] (a checked
//!    `openapiv3` document);
//! 2. [`ir`]: → [`ir::Api`], our own model, where every Rust name is decided;
//! 3. [`emit`]: → [`emit::Module`], the module as pieces (tokens, or text already laid out) rendered
//!    on demand;
//! 4. [`write`](mod@write): → formatted [`GeneratedFile`]s (pieces formatted on
//!    every core), and on request to disk.
//!
//! [`generate`] runs stages 1–4 in memory; only [`write::sync`] does I/O.
//! Beside the pipeline, [`compare`] reads two models: [`diff`] (two
//! versions of a spec, for its users) and [`drift`] (our spec against the
//! vendor's).

pub mod compare;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod write;

pub use compare::{diff, drift};
pub use error::{Error, LineCol, Problem};
pub use load::SpecSource;
pub use write::GeneratedFile;

/// Builds the model of every spec, reporting the problems of all of them.
pub fn build_apis(sources: &[SpecSource]) -> Result<Vec<ir::Api>, Error> {
    let mut apis = Vec::new();
    let mut problems = Vec::new();
    for source in sources {
        match load::load(source).and_then(|spec| ir::build(&spec)) {
            Ok(api) => apis.push(api),
            Err(error) => problems.extend_from_slice(error.problems()),
        }
    }
    for (index, api) in apis.iter().enumerate() {
        if let Some(first) = apis[..index].iter().find(|other| other.module == api.module) {
            problems.push(Problem {
                file: api.source.clone(),
                pointer: format!("/info/{}", ir::MODULE_EXTENSION),
                location: None,
                message: format!(
                    "module `{}` is already generated from `{}`: set a different `{}`",
                    api.module,
                    first.source,
                    ir::MODULE_EXTENSION
                ),
            });
        }
    }
    if problems.is_empty() { Ok(apis) } else { Err(Error::new(problems)) }
}

/// Every file of the `generated-client` crate for these specs, in memory.
pub fn generate(sources: &[SpecSource]) -> Result<Vec<GeneratedFile>, Error> {
    generate_with_warnings(sources).map(|(files, _)| files)
}

/// [`generate`] with the formatting on at most `threads` threads (`1`: on
/// the calling thread alone). The text is the same for any count.
pub fn generate_on(sources: &[SpecSource], threads: usize) -> Result<Vec<GeneratedFile>, Error> {
    write::crate_files_on(&build_apis(sources)?, threads)
}

/// [`generate`], also returning what was degraded, each warning naming
/// file, pointer, line:col and what was done.
pub fn generate_with_warnings(sources: &[SpecSource]) -> Result<(Vec<GeneratedFile>, Vec<Problem>), Error> {
    let apis = build_apis(sources)?;
    let warnings = apis.iter().flat_map(|api| api.warnings.iter().cloned()).collect();
    Ok((write::crate_files(&apis)?, warnings))
}
