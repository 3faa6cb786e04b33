//! Assembles an [`Api`] from a loaded document.

use heck::ToShoutySnakeCase;
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

use super::naming::field_name;
use super::operations::operations;
use super::schemas::Schemas;
use super::{Api, AuthPlacement, AuthScheme};
use crate::error::{Error, Problems, escape_pointer_token};
use crate::load::LoadedSpec;

/// Extension on `info` that names the Rust module; without it the module is
/// named after the file (`fastly-customer.yaml` → `fastly_customer`).
pub const MODULE_EXTENSION: &str = "x-custgen-module";

/// Extension on an `apiKey` scheme: text sent before the key (`Token `).
pub const PREFIX_EXTENSION: &str = "x-custgen-prefix";

/// Module names the generated crate uses itself.
const RESERVED_MODULES: &[&str] = &["runtime"];

/// Builds the model of one API; reports every problem found, not just the first.
pub fn build(spec: &LoadedSpec<'_>) -> Result<Api, Error> {
    let document = &spec.document;
    let mut problems = spec.problems();

    let module = module_name(spec, &mut problems);
    let auth_schemes = auth_schemes(spec, &mut problems);
    let mut schemas = Schemas::new(document.components.as_ref().map(|c| &c.schemas));
    schemas.define_components(&mut problems);
    let operations = operations(document, &mut schemas, &auth_schemes, &mut problems);

    let api = Api {
        source: spec.source.path.clone(),
        module,
        title: document.info.title.clone(),
        version: document.info.version.clone(),
        description: document.info.description.clone(),
        default_base_url: document.servers.first().map(|server| {
            let mut url = server.url.clone();
            for (name, variable) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &variable.default);
            }
            url
        }),
        auth_schemes,
        types: schemas.into_types(&mut problems),
        operations,
        warnings: Vec::new(),
    };
    let mut api = api;
    api.warnings = spec.warnings.iter().cloned().chain(problems.take_warnings()).collect();
    problems.finish(api)
}

fn module_name(spec: &LoadedSpec<'_>, problems: &mut Problems<'_>) -> String {
    let from_spec = spec.document.info.extensions.get(MODULE_EXTENSION);
    let raw = match from_spec {
        Some(value) => value.as_str().unwrap_or_default().to_owned(),
        None => {
            let file = spec.source.path.rsplit(['/', '\\']).next().unwrap_or_default();
            file.split('.').next().unwrap_or_default().to_owned()
        }
    };
    let name = field_name(&raw, "api");
    if RESERVED_MODULES.contains(&name.as_str()) || (from_spec.is_some() && name != raw) {
        problems.report(
            &format!("/info/{MODULE_EXTENSION}"),
            format!("`{raw}` cannot name a module: use a lowercase identifier other than `runtime`"),
        );
    }
    name
}

/// The schemes the client can apply. Unsupported kinds are left out here and
/// reported only if an operation needs one.
fn auth_schemes(spec: &LoadedSpec<'_>, problems: &mut Problems<'_>) -> Vec<AuthScheme> {
    let Some(components) = &spec.document.components else { return Vec::new() };
    components
        .security_schemes
        .iter()
        .filter_map(|(name, scheme)| {
            let pointer = format!("/components/securitySchemes/{}", escape_pointer_token(name));
            let ReferenceOr::Item(scheme) = scheme else {
                problems.report(&pointer, "security scheme `$ref`s are not supported: write the scheme inline");
                return None;
            };
            let (placement, docs) = match scheme {
                SecurityScheme::APIKey { location: APIKeyLocation::Header, name, description, extensions } => {
                    let prefix = extensions.get(PREFIX_EXTENSION).and_then(|v| v.as_str()).unwrap_or_default();
                    (AuthPlacement::Header { name: name.clone(), prefix: prefix.to_owned() }, description)
                }
                SecurityScheme::APIKey { location: APIKeyLocation::Query, name, description, .. } => {
                    (AuthPlacement::Query { name: name.clone() }, description)
                }
                SecurityScheme::APIKey { location: APIKeyLocation::Cookie, name, description, .. } => {
                    (AuthPlacement::Cookie { name: name.clone() }, description)
                }
                SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    (AuthPlacement::Bearer, description)
                }
                SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (AuthPlacement::Basic, description)
                }
                _ => return None,
            };
            Some(AuthScheme {
                name: name.clone(),
                const_name: format!("{}_AUTH", name.to_shouty_snake_case()),
                docs: docs.clone(),
                placement,
            })
        })
        .collect()
}
