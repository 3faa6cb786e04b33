//! Drift between a hand-maintained spec and the vendor's published one:
//! where our description of the endpoints we use no longer says what the
//! real API does.
//!
//! Both documents go through the IR, so operations are matched by method
//! and path (or operationId) and types are compared by shape, field by
//! field, whatever each side names them. Each difference says what the
//! vendor declares, which node of each document shows it, which item of
//! our generated crate would change if we adopted the vendor's version and
//! whether that change would break its users (the classification of
//! [`crate::diff`]).
//!
//! A deliberate deviation is declared in our spec: `x-custgen-deviation:
//! <reason>` on the node that deviates, or, for what only the vendor has,
//! an entry `{upstream: <pointer>, reason: <text>}` in the root list
//! `x-custgen-deviations`. A declaration covers its node and everything
//! below it; a declaration that covers nothing is reported as stale.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

use super::diff::{kind, method_and_path, op_pointer};
use crate::error::escape_pointer_token;
use crate::ir::{Api, Field, Operation, Outcome, Param, ResponseBody, StatusMatch, Type, TypeDef, TypeKind};

/// The extension that declares a deviation on a node of our spec.
pub const DEVIATION_EXTENSION: &str = "x-custgen-deviation";
/// The root extension that lists accepted vendor-only nodes.
pub const DEVIATIONS_EXTENSION: &str = "x-custgen-deviations";

/// One difference between our spec and the vendor's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// JSON pointer of the node in our spec, if we have one.
    pub ours: Option<String>,
    /// JSON pointer of the node in the vendor's spec, if it has one.
    pub upstream: Option<String>,
    /// The generated item that would change, e.g. `waldur::Customer::email`.
    pub rust_item: String,
    /// The difference, in a sentence.
    pub description: String,
    /// Whether adopting the vendor's version would break users of the crate.
    pub breaking: bool,
    /// The declared reason, when the deviation is deliberate.
    pub accepted: Option<String>,
}

/// A declaration in our spec: the pointer it covers and its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    /// `true` for a pointer into the vendor's document.
    pub upstream: bool,
    /// The node declared.
    pub pointer: String,
    /// Why we deviate.
    pub reason: String,
}

/// Every declaration in the text of our spec (YAML or JSON).
pub fn declarations_in(text: &str) -> Result<Vec<Declaration>, String> {
    let document: Value = serde_yaml::from_str(text).map_err(|error| format!("the spec is not valid YAML or JSON: {error}"))?;
    Ok(declarations(&document))
}

/// Every declaration in our spec document.
pub fn declarations(document: &Value) -> Vec<Declaration> {
    let mut found = Vec::new();
    collect_inline(document, String::new(), &mut found);
    for entry in document.get(DEVIATIONS_EXTENSION).and_then(Value::as_array).into_iter().flatten() {
        let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
        if let (Some(pointer), Some(reason)) = (text("upstream"), text("reason")) {
            found.push(Declaration { upstream: true, pointer, reason });
        }
    }
    found
}

fn collect_inline(value: &Value, at: String, found: &mut Vec<Declaration>) {
    match value {
        Value::Object(members) => {
            if let Some(reason) = members.get(DEVIATION_EXTENSION).and_then(Value::as_str) {
                found.push(Declaration { upstream: false, pointer: at.clone(), reason: reason.to_owned() });
            }
            for (key, child) in members {
                collect_inline(child, format!("{at}/{}", escape_pointer_token(key)), found);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_inline(child, format!("{at}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// The report: every difference, accepted ones marked, and the
/// declarations that no longer cover anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Differences in our document order.
    pub drifts: Vec<Drift>,
    /// Declarations that matched no difference.
    pub stale: Vec<Declaration>,
}

impl Report {
    /// The differences nobody declared.
    pub fn undeclared(&self) -> impl Iterator<Item = &Drift> {
        self.drifts.iter().filter(|drift| drift.accepted.is_none())
    }
}

/// Compares `ours` with `upstream`, applying `declared`.
pub fn drift(ours: &Api, upstream: &Api, declared: &[Declaration]) -> Report {
    let mut compare = Compare { ours, upstream, found: Vec::new(), seen: BTreeSet::new() };
    compare.operations();
    let mut used = vec![false; declared.len()];
    let drifts = compare
        .found
        .into_iter()
        .map(|mut drift| {
            let covering = declared.iter().position(|declaration| {
                let pointer = if declaration.upstream { &drift.upstream } else { &drift.ours };
                pointer.as_deref().is_some_and(|pointer| covers(&declaration.pointer, pointer))
            });
            if let Some(index) = covering {
                used[index] = true;
                drift.accepted = Some(declared[index].reason.clone());
            }
            drift
        })
        .collect();
    let stale = declared.iter().zip(used).filter(|(_, used)| !used).map(|(declaration, _)| declaration.clone()).collect();
    Report { drifts, stale }
}

/// Whether a declaration at `declared` covers the node at `pointer`.
fn covers(declared: &str, pointer: &str) -> bool {
    pointer == declared || pointer.strip_prefix(declared).is_some_and(|rest| rest.starts_with('/'))
}

struct Compare<'a> {
    ours: &'a Api,
    upstream: &'a Api,
    found: Vec<Drift>,
    /// Pairs of types already compared, so shared and recursive types are
    /// reported once.
    seen: BTreeSet<(String, String)>,
}

/// One spec operation: the IR has one operation per request media type.
struct Group<'a> {
    first: &'a Operation,
    all: Vec<&'a Operation>,
}

fn groups(api: &Api) -> Vec<Group<'_>> {
    let mut list: Vec<Group<'_>> = Vec::new();
    for operation in &api.operations {
        match list.iter_mut().find(|group| group.first.method == operation.method && group.first.path == operation.path) {
            Some(group) => group.all.push(operation),
            None => list.push(Group { first: operation, all: vec![operation] }),
        }
    }
    list
}

/// The longest prefix of every path we describe, ending at a `/`: the part
/// of the vendor's API we claim to cover.
fn covered_prefix(api: &Api) -> String {
    let mut paths = api.operations.iter().map(|operation| operation.path.as_str());
    let Some(first) = paths.next() else { return "/".to_owned() };
    let mut prefix = first.to_owned();
    for path in paths {
        while !path.starts_with(&prefix) {
            prefix.pop();
        }
    }
    match prefix.rfind('/') {
        Some(end) => prefix[..=end].to_owned(),
        None => "/".to_owned(),
    }
}

impl Compare<'_> {
    fn push(&mut self, ours: Option<String>, upstream: Option<String>, rust_item: String, description: String, breaking: bool) {
        self.found.push(Drift { ours, upstream, rust_item, description, breaking, accepted: None });
    }

    fn operations(&mut self) {
        let ours = groups(self.ours);
        let theirs = groups(self.upstream);
        let module = self.ours.module.clone();
        for group in &ours {
            let operation = group.first;
            let item = format!("{module}::Client::{}", operation.name);
            let matched = theirs
                .iter()
                .find(|other| other.first.method == operation.method && other.first.path == operation.path)
                .or_else(|| theirs.iter().find(|other| other.first.id == operation.id));
            let Some(other) = matched else {
                let description = format!("`{}` ({}) is not in the vendor's API", method_and_path(operation), operation.id);
                self.push(Some(op_pointer(operation)), None, item, description, true);
                continue;
            };
            self.operation(group, other, &item);
        }
        let prefix = covered_prefix(self.ours);
        for other in theirs.iter().filter(|other| other.first.path.starts_with(&prefix)) {
            let operation = other.first;
            let known = ours.iter().any(|group| {
                (group.first.method == operation.method && group.first.path == operation.path) || group.first.id == operation.id
            });
            if !known {
                let description =
                    format!("the vendor's `{}` ({}) is not described here", method_and_path(operation), operation.id);
                self.push(None, Some(op_pointer(operation)), format!("{module}::Client"), description, false);
            }
        }
    }

    fn operation(&mut self, ours: &Group<'_>, theirs: &Group<'_>, item: &str) {
        let (operation, other) = (ours.first, theirs.first);
        let (here, there) = (op_pointer(operation), op_pointer(other));
        if operation.path != other.path || operation.method != other.method {
            let description = format!("`{}` is `{}` here, `{}` at the vendor", operation.id, method_and_path(operation), method_and_path(other));
            self.push(Some(here.clone()), Some(there.clone()), item.to_owned(), description, true);
        }
        self.params(operation, other, item);
        self.bodies(ours, theirs, item, &here, &there);
        self.responses(operation, other, item, &here, &there);
    }

    fn params(&mut self, operation: &Operation, other: &Operation, item: &str) {
        let same = |a: &Param, b: &Param| a.wire_name == b.wire_name && a.location == b.location;
        for param in &operation.params {
            let place = format!("{} parameter `{}`", location(param), param.wire_name);
            let Some(theirs) = other.params.iter().find(|theirs| same(param, theirs)) else {
                self.push(Some(param.origin.clone()), None, item.to_owned(), format!("{place} is not in the vendor's API"), true);
                continue;
            };
            let pointers = (Some(param.origin.clone()), Some(theirs.origin.clone()));
            if param.required != theirs.required {
                let description = format!("{place} is {} here, {} at the vendor", required(param.required), required(theirs.required));
                self.push(pointers.0.clone(), pointers.1.clone(), item.to_owned(), description, true);
            }
            self.types(&param.ty, &theirs.ty, pointers, item, &place);
        }
        for theirs in other.params.iter().filter(|theirs| !operation.params.iter().any(|param| same(param, theirs))) {
            let description = format!("{} {} parameter `{}` of the vendor is not described here", required(theirs.required), location(theirs), theirs.wire_name);
            self.push(None, Some(theirs.origin.clone()), item.to_owned(), description, theirs.required);
        }
    }

    fn bodies(&mut self, ours: &Group<'_>, theirs: &Group<'_>, item: &str, here: &str, there: &str) {
        let media = |group: &Group<'_>| -> BTreeMap<String, Type> {
            group.all.iter().filter_map(|operation| operation.body.as_ref()).map(|body| (body.content_type.clone(), body.ty.clone())).collect()
        };
        let (mine, vendor) = (media(ours), media(theirs));
        let module = &self.ours.module;
        for (content_type, ty) in &mine {
            let at = format!("{here}/requestBody/content/{}", escape_pointer_token(content_type));
            let method = ours
                .all
                .iter()
                .find(|operation| operation.body.as_ref().is_some_and(|body| &body.content_type == content_type))
                .map_or_else(|| item.to_owned(), |operation| format!("{module}::Client::{}", operation.name));
            match vendor.get(content_type) {
                None => {
                    let description = format!("request body `{content_type}` is not accepted by the vendor");
                    self.push(Some(at), Some(format!("{there}/requestBody")), method, description, true);
                }
                Some(theirs) => {
                    let there_at = format!("{there}/requestBody/content/{}", escape_pointer_token(content_type));
                    self.types(ty, theirs, (Some(at), Some(there_at)), &method, &format!("`{content_type}` request body"));
                }
            }
        }
        for content_type in vendor.keys().filter(|content_type| !mine.contains_key(*content_type)) {
            let at = format!("{there}/requestBody/content/{}", escape_pointer_token(content_type));
            let description = format!("the vendor also accepts a `{content_type}` request body");
            self.push(Some(format!("{here}/requestBody")).filter(|_| !mine.is_empty()), Some(at), item.to_owned(), description, false);
        }
    }

    fn responses(&mut self, operation: &Operation, other: &Operation, item: &str, here: &str, there: &str) {
        let outcomes = |operation: &Operation| -> Vec<Outcome> { operation.successes.iter().chain(&operation.errors).cloned().collect() };
        let (mine, vendor) = (outcomes(operation), outcomes(other));
        for outcome in &mine {
            let code = status(outcome.status);
            let at = format!("{here}/responses/{}", escape_pointer_token(&code));
            let Some(theirs) = vendor.iter().find(|theirs| theirs.status == outcome.status) else {
                self.push(Some(at), None, item.to_owned(), format!("response `{code}` is not declared by the vendor"), true);
                continue;
            };
            let there_at = format!("{there}/responses/{}", escape_pointer_token(&code));
            match (&outcome.body, &theirs.body) {
                (ResponseBody::Json { ty, .. }, ResponseBody::Json { ty: other_ty, .. }) => {
                    self.types(ty, other_ty, (Some(at), Some(there_at)), item, &format!("response `{code}`"));
                }
                (mine, vendor) if shape(mine) != shape(vendor) => {
                    let description = format!("response `{code}` has {} here, {} at the vendor", shape(mine), shape(vendor));
                    self.push(Some(at), Some(there_at), item.to_owned(), description, true);
                }
                _ => {}
            }
        }
        for theirs in vendor.iter().filter(|theirs| !mine.iter().any(|outcome| outcome.status == theirs.status)) {
            let code = status(theirs.status);
            let at = format!("{there}/responses/{}", escape_pointer_token(&code));
            self.push(None, Some(at), item.to_owned(), format!("the vendor's response `{code}` is not described here"), true);
        }
    }

    /// Compares two types by shape. `place` says where they are used, for
    /// the sentence; `pointers` are where each side declares them.
    fn types(&mut self, mine: &Type, theirs: &Type, pointers: (Option<String>, Option<String>), item: &str, place: &str) {
        let (mine, mine_nullable) = self.resolve(self.ours, mine);
        let (theirs, theirs_nullable) = self.resolve(self.upstream, theirs);
        if mine_nullable != theirs_nullable {
            let description = format!("{place} is {} here, {} at the vendor", nullable(mine_nullable), nullable(theirs_nullable));
            self.push(pointers.0.clone(), pointers.1.clone(), item.to_owned(), description, true);
        }
        match (&mine, &theirs) {
            (Type::Vec(mine), Type::Vec(theirs)) | (Type::Map(mine), Type::Map(theirs)) => {
                self.types(mine, theirs, pointers, item, &format!("{place} (items)"));
            }
            (Type::Named(mine), Type::Named(theirs)) => self.named(mine, theirs, pointers, place),
            (mine, theirs) if mine != theirs => {
                let description = format!("{place} is `{}` here, `{}` at the vendor", self.show(self.ours, mine), self.show(self.upstream, theirs));
                self.push(pointers.0, pointers.1, item.to_owned(), description, true);
            }
            _ => {}
        }
    }

    /// Strips what does not change the shape on the wire: boxes, aliases
    /// and wrappers; reports whether a `Nullable` was on the way.
    fn resolve(&self, api: &Api, ty: &Type) -> (Type, bool) {
        let mut ty = ty.clone();
        let mut nullable = false;
        for _ in 0..32 {
            ty = match ty {
                Type::Boxed(inner) => *inner,
                Type::Nullable(inner) => {
                    nullable = true;
                    *inner
                }
                Type::Named(ref name) => match find(api, name).map(|def| &def.kind) {
                    Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => inner.clone(),
                    _ => return (ty, nullable),
                },
                other => return (other, nullable),
            };
        }
        (ty, nullable)
    }

    fn show(&self, api: &Api, ty: &Type) -> String {
        match ty {
            Type::Named(name) => match find(api, name).map(|def| &def.kind) {
                Some(TypeKind::Struct(_)) => "object".to_owned(),
                Some(TypeKind::Enum { .. }) => "string enum".to_owned(),
                Some(TypeKind::OneOf { .. }) => "oneOf".to_owned(),
                _ => name.clone(),
            },
            other => other.to_string(),
        }
    }

    fn named(&mut self, mine: &str, theirs: &str, pointers: (Option<String>, Option<String>), place: &str) {
        let (Some(mine), Some(theirs)) = (find(self.ours, mine), find(self.upstream, theirs)) else { return };
        if !self.seen.insert((mine.name.clone(), theirs.name.clone())) {
            return;
        }
        let type_item = format!("{}::{}", self.ours.module, mine.name);
        let pointers = (Some(mine.origin.clone()).or(pointers.0), Some(theirs.origin.clone()).or(pointers.1));
        match (&mine.kind, &theirs.kind) {
            (TypeKind::Struct(mine_fields), TypeKind::Struct(their_fields)) => self.fields(mine, mine_fields, their_fields),
            (TypeKind::Enum { variants: mine_values, .. }, TypeKind::Enum { variants: their_values, .. }) => {
                let values = |variants: &[crate::ir::Variant]| variants.iter().map(|variant| variant.value.clone()).collect::<BTreeSet<_>>();
                let (mine_values, their_values) = (values(mine_values), values(their_values));
                let only_here: Vec<_> = mine_values.difference(&their_values).map(|value| format!("`{value}`")).collect();
                let only_there: Vec<_> = their_values.difference(&mine_values).map(|value| format!("`{value}`")).collect();
                if !only_here.is_empty() {
                    let description = format!("{place}: enum values {} are not the vendor's", only_here.join(", "));
                    self.push(pointers.0.clone(), pointers.1.clone(), type_item.clone(), description, true);
                }
                if !only_there.is_empty() {
                    let description = format!("{place}: the vendor's enum values {} are missing here", only_there.join(", "));
                    self.push(pointers.0, pointers.1, type_item, description, false);
                }
            }
            (TypeKind::OneOf { variants: mine_shapes, .. }, TypeKind::OneOf { variants: their_shapes, .. }) => {
                if mine_shapes.len() != their_shapes.len() {
                    let description = format!("{place}: {} alternatives here, {} at the vendor", mine_shapes.len(), their_shapes.len());
                    self.push(pointers.0, pointers.1, type_item, description, true);
                    return;
                }
                for (index, (mine, theirs)) in mine_shapes.iter().zip(their_shapes).enumerate() {
                    self.types(&mine.ty, &theirs.ty, pointers.clone(), &type_item, &format!("{place} (alternative {})", index + 1));
                }
            }
            (mine_kind, their_kind) => {
                let description = format!("{place} is {} here, {} at the vendor", kind(mine_kind), kind(their_kind));
                self.push(pointers.0, pointers.1, type_item, description, true);
            }
        }
    }

    fn fields(&mut self, def: &TypeDef, mine: &[Field], theirs: &[Field]) {
        let item = |field: &Field| format!("{}::{}::{}", self.ours.module, def.name, field.name);
        for field in mine {
            let name = &field.wire_name;
            let Some(other) = theirs.iter().find(|other| &other.wire_name == name) else {
                self.push(Some(field.origin.clone()), None, item(field), format!("field `{name}` is not in the vendor's schema"), true);
                continue;
            };
            let pointers = (Some(field.origin.clone()), Some(other.origin.clone()));
            let mut report = |what: String, breaking: bool| self.found.push(Drift {
                ours: pointers.0.clone(),
                upstream: pointers.1.clone(),
                rust_item: item(field),
                description: format!("field `{name}` {what}"),
                breaking,
                accepted: None,
            });
            if field.required != other.required {
                report(format!("is {} here, {} at the vendor", required(field.required), required(other.required)), true);
            }
            if field.nullable != other.nullable {
                report(format!("is {} here, {} at the vendor", nullable(field.nullable), nullable(other.nullable)), true);
            }
            if field.read_only != other.read_only {
                let show = |flag: bool| if flag { "read-only" } else { "writable" };
                report(format!("is {} here, {} at the vendor", show(field.read_only), show(other.read_only)), true);
            }
            if field.format != other.format {
                let show = |format: &Option<String>| format.as_deref().map_or("none".to_owned(), |format| format!("`{format}`"));
                report(format!("has format {} here, {} at the vendor", show(&field.format), show(&other.format)), true);
            }
            if field.constraints != other.constraints {
                let show = |list: &[String]| if list.is_empty() { "none".to_owned() } else { list.join("; ") };
                report(format!("has constraints \"{}\" here, \"{}\" at the vendor", show(&field.constraints), show(&other.constraints)), false);
            }
            self.types(&field.ty, &other.ty, pointers, &item(field), &format!("field `{name}`"));
        }
        for other in theirs.iter().filter(|other| !mine.iter().any(|field| field.wire_name == other.wire_name)) {
            let description = format!("the vendor's {} field `{}` is missing here", required(other.required), other.wire_name);
            let rust_item = format!("{}::{}", self.ours.module, def.name);
            self.push(Some(def.origin.clone()), Some(other.origin.clone()), rust_item, description, other.required);
        }
    }
}

fn find<'a>(api: &'a Api, name: &str) -> Option<&'a TypeDef> {
    api.types.iter().find(|def| def.name == name)
}


fn location(param: &Param) -> String {
    format!("{:?}", param.location).to_lowercase()
}

fn required(flag: bool) -> &'static str {
    if flag { "required" } else { "optional" }
}

fn nullable(flag: bool) -> &'static str {
    if flag { "nullable" } else { "not nullable" }
}

fn status(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

fn shape(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Empty => "no body".to_owned(),
        ResponseBody::Json { content_type, .. } => format!("a `{content_type}` body"),
        ResponseBody::Raw { content_type } => format!("a raw `{content_type}` body"),
    }
}


/// The report in Markdown: undeclared drift first, then accepted
/// deviations with their reasons, then stale declarations.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("### Spec drift\n\n");
    let undeclared: Vec<&Drift> = report.undeclared().collect();
    let accepted: Vec<&Drift> = report.drifts.iter().filter(|drift| drift.accepted.is_some()).collect();
    let _ = writeln!(out, "**{} undeclared, {} accepted, {} stale declarations**\n", undeclared.len(), accepted.len(), report.stale.len());
    let cell = |pointer: &Option<String>| pointer.as_deref().map_or("—".to_owned(), |pointer| format!("`#{pointer}`"));
    if !undeclared.is_empty() {
        out.push_str("#### Drift\n\n| Difference | Ours | Vendor | Rust item if adopted |\n|---|---|---|---|\n");
        for drift in &undeclared {
            let effect = if drift.breaking { "breaking" } else { "compatible" };
            let description = drift.description.replace('|', "\\|");
            let _ = writeln!(out, "| {description} | {} | {} | `{}` ({effect}) |", cell(&drift.ours), cell(&drift.upstream), drift.rust_item);
        }
        out.push('\n');
    }
    if !accepted.is_empty() {
        out.push_str("#### Declared deviations\n\n| Difference | Ours | Vendor | Reason |\n|---|---|---|---|\n");
        for drift in &accepted {
            let description = drift.description.replace('|', "\\|");
            let reason = drift.accepted.as_deref().unwrap_or_default().replace('|', "\\|");
            let _ = writeln!(out, "| {description} | {} | {} | {reason} |", cell(&drift.ours), cell(&drift.upstream));
        }
        out.push('\n');
    }
    if !report.stale.is_empty() {
        out.push_str("#### Stale declarations (they cover no difference)\n\n");
        for declaration in &report.stale {
            let side = if declaration.upstream { "vendor" } else { "ours" };
            let _ = writeln!(out, "- `#{}` ({side}): {}", declaration.pointer, declaration.reason);
        }
    }
    out
}

/// The same data for tools.
pub fn json(report: &Report) -> String {
    let drifts: Vec<Value> = report
        .drifts
        .iter()
        .map(|drift| {
            serde_json::json!({
                "ours": drift.ours,
                "upstream": drift.upstream,
                "rust_item": drift.rust_item,
                "description": drift.description,
                "breaking": drift.breaking,
                "accepted": drift.accepted,
            })
        })
        .collect();
    let stale: Vec<Value> = report
        .stale
        .iter()
        .map(|declaration| serde_json::json!({"pointer": declaration.pointer, "upstream": declaration.upstream, "reason": declaration.reason}))
        .collect();
    let value = serde_json::json!({
        "undeclared": report.undeclared().count(),
        "accepted": report.drifts.iter().filter(|drift| drift.accepted.is_some()).count(),
        "drifts": drifts,
        "stale": stale,
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}
