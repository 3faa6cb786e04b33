//! Assembles an [`Api`] from a loaded document.

use openapiv3::{APIKeyLocation, OAuth2Flows, ReferenceOr, SecurityScheme};

use super::naming::{Namespace, const_name, field_name};
use super::operations::operations;
use super::schemas::Schemas;
use super::{Api, AuthPlacement, AuthScheme, Gate, Type};
use crate::error::{Error, Problems};
use crate::load::LoadedSpec;

/// Extension on `info` that names the Rust module; without it the module is
/// named after the file (`fastly-customer.yaml` → `fastly_customer`).
pub const MODULE_EXTENSION: &str = "x-custgen-module";

/// Extension on an `apiKey` scheme: text sent before the key (`Token `).
pub const PREFIX_EXTENSION: &str = "x-custgen-prefix";

/// Extension on `info`: `true` puts each tag's operations, and the types
/// only they use, behind a cargo feature (see `ir/features.rs`).
pub const TAG_FEATURES_EXTENSION: &str = "x-custgen-tag-features";

/// Module names the generated crate uses itself.
const RESERVED_MODULES: &[&str] = &["runtime"];

/// Builds the model of one API; reports every problem found, not just the first.
pub fn build(spec: &LoadedSpec<'_>) -> Result<Api, Error> {
    let document = &spec.document;
    let mut problems = spec.problems();

    let module = module_name(spec, &mut problems);
    let auth_schemes = auth_schemes(spec, &mut problems);
    let mut schemas = Schemas::new(document.components.as_ref().map(|c| &c.schemas), Some(&document.paths));
    schemas.want_types(spec.examples.iter().filter(|example| example.json).map(|example| example.schema.clone()));
    schemas.define_components(&mut problems);
    let mut operations = operations(document, &mut schemas, &auth_schemes, &mut problems);
    let auth_schemes = keep_used_schemes(auth_schemes, &mut operations);
    let examples = examples(spec, &schemas);

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
        notes: Vec::new(),
        features: Vec::new(),
        examples,
    };
    let mut api = api;
    super::usage::mark_sent(&mut api.types, &api.operations);
    if tag_features(spec, &mut problems) {
        super::features::assign(&mut api);
    }
    api.warnings = spec.warnings.iter().cloned().chain(problems.take_warnings()).collect();
    api.notes = problems.take_notes();
    problems.finish(api)
}

/// Each example with the Rust type of its schema; a `nullable` schema's
/// value may be `null`, which the type of the field that holds it (an
/// `Option`) admits, but the schema's own type does not.
fn examples(spec: &LoadedSpec<'_>, schemas: &Schemas<'_>) -> Vec<super::Example> {
    spec.examples
        .iter()
        .map(|example| super::Example {
            pointer: example.pointer.clone(),
            value: example.value.clone(),
            ty: schemas.typed(&example.schema).filter(|_| example.json).map(|ty| match ty {
                Type::Nullable(_) => ty.clone(),
                _ if example.nullable => Type::Nullable(Box::new(ty.clone())),
                _ => ty.clone(),
            }),
            verdict: example.verdict.clone(),
        })
        .collect()
}

/// Only schemes some operation applies are generated (an unused scheme
/// constant is dead code, and a client that never sends a credential should
/// not ask for one); operations' indices are renumbered to match.
fn keep_used_schemes(schemes: Vec<AuthScheme>, operations: &mut [super::Operation]) -> Vec<AuthScheme> {
    let used: Vec<bool> = (0..schemes.len()).map(|index| operations.iter().any(|op| op.auth == Some(index))).collect();
    let mut renumbered = Vec::with_capacity(schemes.len());
    let mut kept = Vec::new();
    for (scheme, used) in schemes.into_iter().zip(&used) {
        renumbered.push(used.then_some(kept.len()));
        if *used {
            kept.push(scheme);
        }
    }
    for operation in operations {
        operation.auth = operation.auth.and_then(|index| renumbered[index]);
    }
    kept
}

/// Whether the document opts into tag features; anything but a boolean is
/// reported.
fn tag_features(spec: &LoadedSpec<'_>, problems: &mut Problems<'_>) -> bool {
    match spec.document.info.extensions.get(TAG_FEATURES_EXTENSION) {
        None => false,
        Some(serde_json::Value::Bool(on)) => *on,
        Some(other) => {
            problems.report(
                &format!("/info/{TAG_FEATURES_EXTENSION}"),
                format!("`{other}` is not a boolean: write `true` to put each tag's operations behind a cargo feature"),
            );
            false
        }
    }
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
    let mut name = field_name(&raw, "api");
    if from_spec.is_none() && RESERVED_MODULES.contains(&name.as_str()) {
        name.push_str("_api");
    }
    if RESERVED_MODULES.contains(&name.as_str()) || (from_spec.is_some() && name != raw) {
        problems.report(
            &format!("/info/{MODULE_EXTENSION}"),
            format!("`{raw}` cannot name a module: use a lowercase identifier other than `runtime`"),
        );
    }
    name
}

/// The schemes the client can apply. OAuth 2.0 and OpenID Connect schemes
/// take an access token the caller obtained, sent as a bearer token; their
/// flows and scopes go into the docs. Other kinds (an unknown `http`
/// scheme, a `$ref`) are left out here; an operation that needs one is
/// generated without it and warned about.
fn auth_schemes(spec: &LoadedSpec<'_>, _problems: &mut Problems<'_>) -> Vec<AuthScheme> {
    let Some(components) = &spec.document.components else { return Vec::new() };
    let mut consts = Namespace::default();
    components
        .security_schemes
        .iter()
        .filter_map(|(name, scheme)| {
            let ReferenceOr::Item(scheme) = scheme else { return None };
            let (placement, docs) = match scheme {
                SecurityScheme::APIKey { location: APIKeyLocation::Header, name, description, extensions } => {
                    let prefix = extensions.get(PREFIX_EXTENSION).and_then(|v| v.as_str()).unwrap_or_default();
                    (AuthPlacement::Header { name: name.clone(), prefix: prefix.to_owned() }, description.clone())
                }
                SecurityScheme::APIKey { location: APIKeyLocation::Query, name, description, .. } => {
                    (AuthPlacement::Query { name: name.clone() }, description.clone())
                }
                SecurityScheme::APIKey { location: APIKeyLocation::Cookie, name, description, .. } => {
                    (AuthPlacement::Cookie { name: name.clone() }, description.clone())
                }
                SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                    (AuthPlacement::Bearer, description.clone())
                }
                SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                    (AuthPlacement::Basic, description.clone())
                }
                SecurityScheme::OAuth2 { flows, description, .. } => {
                    (AuthPlacement::Bearer, Some(join_docs(description, &oauth2_docs(flows))))
                }
                SecurityScheme::OpenIDConnect { open_id_connect_url, description, .. } => {
                    let text = format!(
                        "OpenID Connect: pass an access token obtained from the provider described at <{open_id_connect_url}>; \
                         it is sent as `Authorization: Bearer <token>`."
                    );
                    (AuthPlacement::Bearer, Some(join_docs(description, &text)))
                }
                SecurityScheme::HTTP { .. } => return None,
            };
            Some(AuthScheme {
                name: name.clone(),
                const_name: consts.claim(format!("{}_AUTH", const_name(name, "SCHEME"))),
                docs,
                placement,
                gate: Gate::Always,
            })
        })
        .collect()
}

fn join_docs(description: &Option<String>, text: &str) -> String {
    match description.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        Some(description) => format!("{description}\n\n{text}"),
        None => text.to_owned(),
    }
}

/// What a caller needs to obtain a token: each flow's URLs and its scopes.
fn oauth2_docs(flows: &OAuth2Flows) -> String {
    let mut text = "OAuth 2.0: pass an access token obtained through one of the flows below; \
                    it is sent as `Authorization: Bearer <token>`."
        .to_owned();
    let mut flow = |name: &str, urls: &[(&str, &str)], scopes: &indexmap::IndexMap<String, String>| {
        text.push_str(&format!("\n- {name}:"));
        for (label, url) in urls {
            text.push_str(&format!(" {label} <{url}>;"));
        }
        let names: Vec<String> = scopes.keys().map(|scope| format!("`{scope}`")).collect();
        if names.is_empty() {
            text.push_str(" no scopes.");
        } else {
            text.push_str(&format!(" scopes {}.", names.join(", ")));
        }
    };
    if let Some(f) = &flows.authorization_code {
        flow("authorization code", &[("authorization URL", &f.authorization_url), ("token URL", &f.token_url)], &f.scopes);
    }
    if let Some(f) = &flows.client_credentials {
        flow("client credentials", &[("token URL", &f.token_url)], &f.scopes);
    }
    if let Some(f) = &flows.password {
        flow("password", &[("token URL", &f.token_url)], &f.scopes);
    }
    if let Some(f) = &flows.implicit {
        flow("implicit", &[("authorization URL", &f.authorization_url)], &f.scopes);
    }
    text
}
