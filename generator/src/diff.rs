//! Semantic differences between two versions of an API, classified for the
//! users of the generated crate: does the change break code that compiled
//! against the old version, or behaviour it relied on?
//!
//! Works on the IR, so every change already knows the Rust item it touches.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::error::escape_pointer_token;
use crate::ir::{
    Api, BodyEncoding, Field, Gate, Operation, Outcome, Param, ResponseBody, ResponseHeader, Type, TypeDef, TypeKind,
};

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The spec file.
    pub spec: String,
    /// JSON pointer of the node, in the new document (the old one for removals).
    pub pointer: String,
    /// The generated item it affects, e.g. `waldur::Customer::email`.
    pub rust_item: String,
    /// What changed, in a sentence.
    pub description: String,
    /// Whether code or behaviour built on the old version can break.
    pub breaking: bool,
}

/// The changes from `old` to `new` (either may be absent: an added or a
/// removed spec), breaking ones first, each group in document order.
pub fn diff(old: Option<&Api>, new: Option<&Api>) -> Vec<Change> {
    let mut changes = Changes::default();
    match (old, new) {
        (None, None) => {}
        (None, Some(new)) => changes.add(new, "", &new.module, format!("new API `{}`", new.title), false),
        (Some(old), None) => changes.add(old, "", &old.module, format!("API `{}` removed", old.title), true),
        (Some(old), Some(new)) => changes.apis(old, new),
    }
    let mut list = changes.list;
    list.sort_by_key(|change| !change.breaking);
    list
}

#[derive(Default)]
struct Changes {
    list: Vec<Change>,
}

impl Changes {
    fn add(&mut self, api: &Api, pointer: &str, rust_item: &str, description: String, breaking: bool) {
        self.list.push(Change {
            spec: api.source.clone(),
            pointer: pointer.to_owned(),
            rust_item: rust_item.to_owned(),
            description,
            breaking,
        });
    }

    fn apis(&mut self, old: &Api, new: &Api) {
        let module = &new.module;
        if old.module != new.module {
            self.add(new, "/info", module, format!("module renamed from `{}` to `{}`", old.module, new.module), true);
        }
        if old.default_base_url != new.default_base_url {
            let show = |url: &Option<String>| url.as_deref().map_or("none".to_owned(), |url| format!("`{url}`"));
            let description = format!("default server changed from {} to {}", show(&old.default_base_url), show(&new.default_base_url));
            // Without a server the client needs a base URL argument.
            let breaking = old.default_base_url.is_some() != new.default_base_url.is_some();
            self.add(new, "/servers", &format!("{module}::Client::new"), description, breaking);
        }
        for scheme in &old.auth_schemes {
            let pointer = format!("/components/securitySchemes/{}", escape_pointer_token(&scheme.name));
            match new.auth_schemes.iter().find(|other| other.name == scheme.name) {
                None => self.add(old, &pointer, &format!("{module}::Client"), format!("security scheme `{}` removed", scheme.name), true),
                Some(other) if other.placement != scheme.placement => self.add(
                    new,
                    &pointer,
                    &format!("{module}::Client"),
                    format!("security scheme `{}` now sends the credential {} instead of {}", scheme.name, other.placement, scheme.placement),
                    true,
                ),
                Some(_) => {}
            }
        }
        for scheme in new.auth_schemes.iter().filter(|scheme| !old.auth_schemes.iter().any(|other| other.name == scheme.name)) {
            let pointer = format!("/components/securitySchemes/{}", escape_pointer_token(&scheme.name));
            self.add(new, &pointer, &format!("{module}::Client"), format!("security scheme `{}` added", scheme.name), false);
        }
        self.operations(old, new);
        self.types(old, new);
    }

    fn operations(&mut self, old: &Api, new: &Api) {
        let key = |operation: &Operation| (operation.id.clone(), operation.body.as_ref().map(|body| body.encoding as u8));
        let old_ops: BTreeMap<_, &Operation> = old.operations.iter().map(|operation| (key(operation), operation)).collect();
        let new_ops: BTreeMap<_, &Operation> = new.operations.iter().map(|operation| (key(operation), operation)).collect();
        for operation in &old.operations {
            if !new_ops.contains_key(&key(operation)) {
                let item = format!("{}::Client::{}", old.module, operation.name);
                self.add(old, &op_pointer(operation), &item, format!("operation `{}` removed", label(operation)), true);
            }
        }
        for operation in &new.operations {
            let item = format!("{}::Client::{}", new.module, operation.name);
            let pointer = op_pointer(operation);
            let Some(before) = old_ops.get(&key(operation)) else {
                self.add(new, &pointer, &item, format!("operation `{}` added", label(operation)), false);
                continue;
            };
            if before.method != operation.method || before.path != operation.path {
                let description = format!("`{}` moved from `{} {}` to `{} {}`", operation.id, before.method.as_str(), before.path, operation.method.as_str(), operation.path);
                self.add(new, &pointer, &item, description, true);
            }
            if before.name != operation.name {
                self.add(new, &pointer, &item, format!("method renamed from `{}`", before.name), true);
            }
            self.params(new, before, operation, &item);
            self.bodies(new, before, operation, &item, &pointer);
            self.responses(new, before, operation, &item, &pointer);
            if before.auth.map(|index| &old.auth_schemes[index].name) != operation.auth.map(|index| &new.auth_schemes[index].name) {
                self.add(new, &format!("{pointer}/security"), &item, format!("`{}` authenticates differently", operation.id), true);
            }
            if before.gate != operation.gate {
                self.gate(new, &pointer, &item, &before.gate, &operation.gate);
            }
            if !before.deprecated && operation.deprecated {
                self.add(new, &pointer, &item, format!("`{}` deprecated", operation.id), false);
            }
        }
    }

    fn params(&mut self, api: &Api, before: &Operation, after: &Operation, item: &str) {
        let find = |list: &'_ [Param], param: &Param| list.iter().find(|other| other.wire_name == param.wire_name && other.location == param.location).cloned();
        for param in &before.params {
            if find(&after.params, param).is_none() {
                let description = format!("{:?} parameter `{}` removed", param.location, param.wire_name).to_lowercase_first();
                self.add(api, &param.origin, &param_item(item, param), description, true);
            }
        }
        for param in &after.params {
            let place = format!("{:?} parameter `{}`", param.location, param.wire_name).to_lowercase_first();
            match find(&before.params, param) {
                None if param.required => self.add(api, &param.origin, item, format!("required {place} added"), true),
                None => self.add(api, &param.origin, &param_item(item, param), format!("optional {place} added"), false),
                Some(old) => {
                    if old.required != param.required {
                        let (from, to) = if param.required { ("optional", "required") } else { ("required", "optional") };
                        self.add(api, &param.origin, item, format!("{place} changed from {from} to {to}"), true);
                    }
                    if old.ty != param.ty {
                        let description = format!("{place} type changed from `{}` to `{}`", display(&old.ty), display(&param.ty));
                        self.add(api, &param.origin, &param_item(item, param), description, true);
                    }
                }
            }
        }
    }

    fn bodies(&mut self, api: &Api, before: &Operation, after: &Operation, item: &str, pointer: &str) {
        let pointer = format!("{pointer}/requestBody");
        match (&before.body, &after.body) {
            (None, Some(body)) => self.add(api, &pointer, item, format!("request body `{}` added", display(&body.ty)), true),
            (Some(_), None) => self.add(api, &pointer, item, "request body removed".to_owned(), true),
            (Some(old), Some(new)) if old.ty != new.ty => self.add(
                api,
                &pointer,
                item,
                format!("request body type changed from `{}` to `{}`", display(&old.ty), display(&new.ty)),
                true,
            ),
            (Some(old), Some(new)) if old.content_type != new.content_type => self.add(
                api,
                &pointer,
                item,
                format!("request body media type changed from `{}` to `{}`", old.content_type, new.content_type),
                true,
            ),
            _ => {}
        }
    }

    fn responses(&mut self, api: &Api, before: &Operation, after: &Operation, item: &str, pointer: &str) {
        let outcomes = |list: &[Outcome]| -> BTreeMap<String, String> {
            list.iter().map(|outcome| (outcome.status.to_string(), body(&outcome.body))).collect()
        };
        for (what, old, new) in [
            ("success response", outcomes(&before.successes), outcomes(&after.successes)),
            ("error response", outcomes(&before.errors), outcomes(&after.errors)),
        ] {
            for (code, shape) in &old {
                let at = format!("{pointer}/responses/{}", escape_pointer_token(code));
                match new.get(code) {
                    None => self.add(api, &at, item, format!("{what} `{code}` removed"), true),
                    Some(other) if other != shape => {
                        self.add(api, &at, item, format!("{what} `{code}` changed from {shape} to {other}"), true);
                    }
                    Some(_) => {}
                }
            }
            // A new outcome is a new variant of a non-exhaustive enum when the
            // operation already had one; otherwise it changes the output or
            // error type (one success becomes an enum; `Infallible` becomes one).
            let had_enum = if what == "success response" { old.len() > 1 } else { !old.is_empty() };
            for (code, shape) in new.iter().filter(|(code, _)| !old.contains_key(*code)) {
                let at = format!("{pointer}/responses/{}", escape_pointer_token(code));
                self.add(api, &at, item, format!("{what} `{code}` ({shape}) added"), !had_enum);
            }
        }
        match (&before.pagination, &after.pagination) {
            (None, Some(_)) => self.add(api, pointer, item, "now returns a `Page`".to_owned(), true),
            (Some(_), None) => self.add(api, pointer, item, "no longer returns a `Page`".to_owned(), true),
            (Some(old), Some(new)) if old.item != new.item => {
                let description = format!("page items changed from `{}` to `{}`", display(&old.item), display(&new.item));
                self.add(api, pointer, item, description, true);
            }
            (Some(old), Some(new)) if old != new => {
                self.add(api, pointer, item, format!("pages now follow {} instead of {}", new.style, old.style), false);
            }
            _ => {}
        }
        self.response_headers(api, before, after, item, pointer);
    }

    /// Declared success headers: the `…Headers` struct is `#[non_exhaustive]`,
    /// so a new optional header is a new field no caller can have spelled out.
    fn response_headers(&mut self, api: &Api, before: &Operation, after: &Operation, item: &str, pointer: &str) {
        let find = |list: &[ResponseHeader], name: &str| list.iter().find(|header| header.wire_name.eq_ignore_ascii_case(name)).cloned();
        let field = |header: &ResponseHeader| match &after.headers_struct {
            Some(name) => format!("{}::{name}::{}", api.module, header.name),
            None => item.to_owned(),
        };
        for old in &before.response_headers {
            if find(&after.response_headers, &old.wire_name).is_none() {
                self.add(api, pointer, item, format!("declared response header `{}` removed", old.wire_name), true);
            }
        }
        for new in &after.response_headers {
            match find(&before.response_headers, &new.wire_name) {
                None => {
                    let required = if new.required { "required" } else { "optional" };
                    self.add(api, pointer, &field(new), format!("{required} response header `{}` declared", new.wire_name), false);
                }
                Some(old) if old.ty != new.ty || old.required != new.required => {
                    let shape = |header: &ResponseHeader| {
                        format!("`{}`{}", display(&header.ty), if header.required { "" } else { ", optional" })
                    };
                    let description = format!("response header `{}` changed from {} to {}", new.wire_name, shape(&old), shape(new));
                    self.add(api, pointer, &field(new), description, true);
                }
                Some(_) => {}
            }
        }
    }

    fn types(&mut self, old: &Api, new: &Api) {
        let module = &new.module;
        let old_types: BTreeMap<&str, &TypeDef> = old.types.iter().map(|def| (def.name.as_str(), def)).collect();
        for def in &old.types {
            if !new.types.iter().any(|other| other.name == def.name) {
                self.add(old, &def.origin, &format!("{}::{}", old.module, def.name), format!("type `{}` removed", def.name), true);
            }
        }
        for def in &new.types {
            let item = format!("{module}::{}", def.name);
            let Some(before) = old_types.get(def.name.as_str()) else {
                self.add(new, &def.origin, &item, format!("type `{}` added", def.name), false);
                continue;
            };
            if before.gate != def.gate {
                self.gate(new, &def.origin, &item, &before.gate, &def.gate);
            }
            match (&before.kind, &def.kind) {
                (TypeKind::Struct(old_fields), TypeKind::Struct(new_fields)) => {
                    self.fields(new, def, old_fields, new_fields);
                    if before.sent != def.sent {
                        self.wrapper_change(new, def, old_fields, new_fields);
                    }
                }
                (TypeKind::Enum { variants: old_values, .. }, TypeKind::Enum { variants: new_values, .. }) => {
                    for value in old_values.iter().filter(|value| !new_values.iter().any(|other| other.value == value.value)) {
                        let item = format!("{item}::{}", value.name);
                        self.add(new, &format!("{}/enum", def.origin), &item, format!("enum value `{}` removed", value.value), true);
                    }
                    for value in new_values.iter().filter(|value| !old_values.iter().any(|other| other.value == value.value)) {
                        // The enum is non-exhaustive: a `match` elsewhere already has a wildcard arm.
                        let item = format!("{item}::{}", value.name);
                        self.add(new, &format!("{}/enum", def.origin), &item, format!("enum value `{}` added", value.value), false);
                    }
                }
                (TypeKind::OneOf { variants: old_shapes, .. }, TypeKind::OneOf { variants: new_shapes, .. }) => {
                    let names = |shapes: &[crate::ir::OneOfVariant]| shapes.iter().map(|shape| display(&shape.ty)).collect::<Vec<_>>();
                    if names(old_shapes) != names(new_shapes) {
                        let description = format!("shapes changed from {} to {}", names(old_shapes).join(" | "), names(new_shapes).join(" | "));
                        self.add(new, &def.origin, &item, description, true);
                    }
                }
                (TypeKind::Alias(old_ty), TypeKind::Alias(new_ty)) | (TypeKind::Newtype(old_ty), TypeKind::Newtype(new_ty)) => {
                    if old_ty != new_ty {
                        let description = format!("type changed from `{}` to `{}`", display(old_ty), display(new_ty));
                        self.add(new, &def.origin, &item, description, true);
                    }
                }
                (old_kind, new_kind) => {
                    let description = format!("changed from {} to {}", kind(old_kind), kind(new_kind));
                    self.add(new, &def.origin, &item, description, true);
                }
            }
        }
    }

    /// An item compiled under other tag features (`x-custgen-tag-features`):
    /// breaking when a feature that compiled it no longer does, since a
    /// crate that enabled only that feature loses the item.
    fn gate(&mut self, api: &Api, pointer: &str, item: &str, before: &Gate, after: &Gate) {
        let features = |gate: &Gate| match gate {
            Gate::Always => "always compiled".to_owned(),
            Gate::Any(features) => {
                let list: Vec<String> = features.iter().map(|feature| format!("`{feature}`")).collect();
                format!("compiled with {}", list.join(" or "))
            }
        };
        let breaking = match (before, after) {
            (_, Gate::Always) => false,
            (Gate::Always, Gate::Any(_)) => true,
            (Gate::Any(old), Gate::Any(new)) => old.iter().any(|feature| !new.contains(feature)),
        };
        self.add(api, pointer, item, format!("{} (was {})", features(after), features(before)), breaking);
    }

    /// A type that a request starts (or stops) sending changes the wrapper
    /// of its optional nullable fields between `Option` and `Nullable`,
    /// though no field of its schema changed.
    fn wrapper_change(&mut self, api: &Api, def: &TypeDef, before: &[Field], after: &[Field]) {
        let (from, to, why) =
            if def.sent { ("Option", "Nullable", "a request now sends this type") } else { ("Nullable", "Option", "no request sends this type any more") };
        for field in after.iter().filter(|field| field.nullable && !field.required) {
            if before.iter().any(|old| old.wire_name == field.wire_name && old.nullable && !old.required) {
                let item = format!("{}::{}::{}", api.module, def.name, field.name);
                let description = format!("field `{}` changed from `{from}<T>` to `{to}<T>`: {why}", field.wire_name);
                self.add(api, &field.origin, &item, description, true);
            }
        }
    }

    fn fields(&mut self, api: &Api, def: &TypeDef, before: &[Field], after: &[Field]) {
        let item = |field: &Field| format!("{}::{}::{}", api.module, def.name, field.name);
        let pointer = |field: &Field| field.origin.clone();
        for field in before.iter().filter(|field| !after.iter().any(|other| other.wire_name == field.wire_name)) {
            self.add(api, &pointer(field), &item(field), format!("field `{}` removed", field.wire_name), true);
        }
        for field in after {
            let Some(old) = before.iter().find(|other| other.wire_name == field.wire_name) else {
                let required = if field.required { "required" } else { "optional" };
                self.add(api, &pointer(field), &item(field), format!("{required} field `{}` added", field.wire_name), field.required);
                continue;
            };
            let name = &field.wire_name;
            if old.ty != field.ty {
                let description = format!("field `{name}` type changed from `{}` to `{}`", display(&old.ty), display(&field.ty));
                self.add(api, &pointer(field), &item(field), description, true);
            } else if old.format != field.format {
                // The Rust type is the same (a format it maps, like
                // `date-time`, changes the type above): callers see no change.
                let show = |format: &Option<String>| format.clone().unwrap_or_else(|| "none".to_owned());
                let description = format!(
                    "field `{name}` format changed from {} to {} (same Rust type)",
                    show(&old.format),
                    show(&field.format)
                );
                self.add(api, &pointer(field), &item(field), description, false);
            }
            if old.required != field.required {
                let (from, to) = if field.required { ("optional", "required") } else { ("required", "optional") };
                self.add(api, &pointer(field), &item(field), format!("field `{name}` changed from {from} to {to}"), true);
            }
            if old.nullable != field.nullable {
                let now = if field.nullable { "now nullable" } else { "no longer nullable" };
                self.add(api, &pointer(field), &item(field), format!("field `{name}` is {now}"), true);
            }
        }
    }
}

/// `str::to_lowercase` of the first letter only, for `{:?}` of a location.
trait LowercaseFirst {
    fn to_lowercase_first(self) -> String;
}

impl LowercaseFirst for String {
    fn to_lowercase_first(self) -> String {
        let mut chars = self.chars();
        chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
    }
}

/// The JSON pointer of an operation: `/paths/<path>/<method>`.
pub(crate) fn op_pointer(operation: &Operation) -> String {
    format!("/paths/{}/{}", escape_pointer_token(&operation.path), operation.method.as_str().to_ascii_lowercase())
}

fn label(operation: &Operation) -> String {
    let media = match operation.body.as_ref().map(|body| body.encoding) {
        Some(BodyEncoding::Form) => " (form)",
        Some(BodyEncoding::Multipart) => " (multipart)",
        _ => "",
    };
    format!("{}{media}", operation.id)
}

/// Where a parameter shows in the client: an argument of the method when
/// required, a setter on the call when optional.
fn param_item(item: &str, param: &Param) -> String {
    if param.required { item.to_owned() } else { format!("{item}(…).{}()", param.name) }
}

fn body(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Empty => "no body".to_owned(),
        ResponseBody::Json { ty, .. } => format!("`{}`", display(ty)),
        ResponseBody::Raw { content_type } => format!("raw `{content_type}`"),
    }
}

fn display(ty: &Type) -> String {
    ty.to_string()
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

/// The changes as a Markdown report for a pull request: a summary line,
/// then a table of breaking changes, then one of compatible changes.
pub fn markdown(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|change| change.breaking).count();
    let compatible = changes.len() - breaking;
    let mut out = String::from("### Spec diff\n\n");
    if changes.is_empty() {
        out.push_str("No changes to the API.\n");
        return out;
    }
    let _ = writeln!(out, "**{breaking} breaking, {compatible} compatible**\n");
    for (title, group) in [("Breaking changes", true), ("Compatible changes", false)] {
        let rows: Vec<&Change> = changes.iter().filter(|change| change.breaking == group).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(out, "#### {title}\n\n| Spec | Change | Where | Rust item |\n|---|---|---|---|");
        for change in rows {
            let description = change.description.replace('|', "\\|");
            let _ = writeln!(out, "| `{}` | {description} | `#{}` | `{}` |", change.spec, change.pointer, change.rust_item);
        }
        out.push('\n');
    }
    let _ = writeln!(out, "**Release:** {}", bump(changes).sentence());
    out
}

/// The release a set of changes needs, by semver.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    /// No change to the API.
    None,
    /// Only compatible changes.
    Minor,
    /// At least one breaking change.
    Major,
}

impl Bump {
    /// The bump, and what it is before 1.0, where the first non-zero
    /// number plays the major's part.
    pub fn sentence(self) -> &'static str {
        match self {
            Bump::None => "no new release is needed.",
            Bump::Minor => "a minor release (before 1.0: a patch release, `0.y.z` → `0.y.(z+1)`). Bump `version` under `[workspace.package]` in `Cargo.toml`.",
            Bump::Major => "a major release (before 1.0: a minor release, `0.y.z` → `0.(y+1).0`). Bump `version` under `[workspace.package]` in `Cargo.toml`.",
        }
    }

    /// The name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The release `changes` need.
pub fn bump(changes: &[Change]) -> Bump {
    if changes.iter().any(|change| change.breaking) {
        Bump::Major
    } else if changes.is_empty() {
        Bump::None
    } else {
        Bump::Minor
    }
}

/// The same data for tools.
pub fn json(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|change| change.breaking).count();
    let list: Vec<serde_json::Value> = changes
        .iter()
        .map(|change| {
            serde_json::json!({
                "spec": change.spec,
                "pointer": change.pointer,
                "rust_item": change.rust_item,
                "description": change.description,
                "breaking": change.breaking,
            })
        })
        .collect();
    let report = serde_json::json!({
        "breaking": breaking,
        "compatible": changes.len() - breaking,
        "bump": bump(changes).as_str(),
        "changes": list,
    });
    serde_json::to_string_pretty(&report).unwrap_or_default()
}
