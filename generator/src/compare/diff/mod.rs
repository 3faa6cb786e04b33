//! Semantic differences between two versions of an API, classified for the
//! users of the generated crate: does the change break code that compiled
//! against the old version, or behaviour it relied on?
//!
//! Works on the IR, so every change already knows the Rust item it touches.
//! Operations are compared by what they are on the wire (method and path,
//! `operations.rs`), types by name (`types.rs`); [`Kind`] names every kind
//! of change and [`KINDS`] the rule behind its verdict; [`markdown`] and
//! [`json`] write the reports.

mod kind;
mod operations;
mod repeats;
mod report;
mod types;

pub use kind::{KINDS, Kind, KindInfo};
pub use report::{Bump, DEFAULT_MARKDOWN_LIMIT, bump, json, markdown, markdown_within};

use crate::error::escape_pointer_token;
use crate::ir::{Api, TypeKind};

pub(crate) use operations::{method_and_path, op_pointer};

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The spec file.
    pub spec: String,
    /// JSON pointer of the node, in the new document (the old one for removals).
    pub pointer: String,
    /// The generated item it affects, e.g. `waldur::Customer::email`.
    pub rust_item: String,
    /// What kind of change it is.
    pub kind: Kind,
    /// What changed, in a sentence.
    pub description: String,
    /// Whether code or behaviour built on the old version can break.
    pub breaking: bool,
    /// Why: the rule of [`Kind`] that gives the verdict.
    pub reason: String,
}

/// The changes from `old` to `new` (either may be absent: an added or a
/// removed spec), breaking ones first, each group in document order.
pub fn diff(old: Option<&Api>, new: Option<&Api>) -> Vec<Change> {
    let mut changes = Changes::default();
    match (old, new) {
        (None, None) => {}
        (None, Some(new)) => changes.add(new, Kind::ApiAdded, "", &new.module, format!("new API `{}`", new.title), false),
        (Some(old), None) => changes.add(old, Kind::ApiRemoved, "", &old.module, format!("API `{}` removed", old.title), true),
        (Some(old), Some(new)) => changes.apis(&repeats::through_aliases(old, new), new),
    }
    let mut list = changes.list;
    list.sort_by_key(|change| !change.breaking);
    list
}

/// The changes found so far.
#[derive(Default)]
struct Changes {
    list: Vec<Change>,
}

impl Changes {
    fn add(&mut self, api: &Api, kind: Kind, pointer: &str, rust_item: &str, description: String, breaking: bool) {
        self.list.push(Change {
            spec: api.source.clone(),
            pointer: pointer.to_owned(),
            rust_item: rust_item.to_owned(),
            kind,
            description,
            breaking,
            reason: kind.reason(breaking).to_owned(),
        });
    }

    fn apis(&mut self, old: &Api, new: &Api) {
        let module = &new.module;
        if old.module != new.module {
            let description = format!("module renamed from `{}` to `{}`", old.module, new.module);
            self.add(new, Kind::ModuleRenamed, "/info", module, description, true);
        }
        if old.default_base_url != new.default_base_url {
            let show = |url: &Option<String>| url.as_deref().map_or("none".to_owned(), |url| format!("`{url}`"));
            let description = format!("default server changed from {} to {}", show(&old.default_base_url), show(&new.default_base_url));
            self.add(new, Kind::DefaultServerChanged, "/servers", &format!("{module}::Client::new"), description, true);
        }
        self.auth_schemes(old, new);
        self.operations(old, new);
        self.types(old, new);
    }

    fn auth_schemes(&mut self, old: &Api, new: &Api) {
        let module = &new.module;
        let client = format!("{module}::Client");
        for scheme in &old.auth_schemes {
            let pointer = format!("/components/securitySchemes/{}", escape_pointer_token(&scheme.name));
            match new.auth_schemes.iter().find(|other| other.name == scheme.name) {
                None => {
                    let description = format!("security scheme `{}` removed", scheme.name);
                    self.add(old, Kind::SecuritySchemeRemoved, &pointer, &client, description, true);
                }
                Some(other) if other.placement != scheme.placement => {
                    let description = format!(
                        "security scheme `{}` now sends the credential {} instead of {}",
                        scheme.name, other.placement, scheme.placement
                    );
                    self.add(new, Kind::SecuritySchemeChanged, &pointer, &client, description, true);
                }
                Some(_) => {}
            }
        }
        for scheme in new.auth_schemes.iter().filter(|scheme| !old.auth_schemes.iter().any(|other| other.name == scheme.name)) {
            let pointer = format!("/components/securitySchemes/{}", escape_pointer_token(&scheme.name));
            self.add(new, Kind::SecuritySchemeAdded, &pointer, &client, format!("security scheme `{}` added", scheme.name), false);
        }
    }
}

/// What a type is, in words.
pub(crate) fn kind(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "an object",
        TypeKind::Enum { .. } => "an enum",
        TypeKind::Alias(_) => "an alias",
        TypeKind::Newtype(_) => "a wrapper",
        TypeKind::OneOf { .. } => "a oneOf",
    }
}
