//! Schemas to types: decides which schemas become named Rust types, what
//! they are called, and the type of every property, parameter and body.

mod constraints;
mod cycles;
mod references;
mod repeats;
mod structs;
mod types;
mod unions;


use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type as OaType,
    VariantOrUnknownOrEmpty,
};

use super::naming::{Namespace, field_name, type_name, variant_names};
use super::{Discriminator, Field, Gate, OneOfVariant, Type, TypeDef, TypeKind, Variant};
use crate::error::{Problems, escape_pointer_token, unescape_pointer_token};

use constraints::constraints;
use cycles::{direct_edges, direct_target, mentions};
use types::format_name;
use unions::order_untagged_shapes;

/// Names no schema may take: the generated module's own `Client`, and the
/// prelude names its code writes unqualified (`Option<String>` rather than
/// `::std::option::Option<::std::string::String>`, a fifth of a module's
/// text), so a schema can never shadow them.
const RESERVED_TYPE_NAMES: &[&str] =
    &["Client", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default", "From", "Into"];

/// `allOf` and `$ref` chains deeper than this are treated as cycles.
const MAX_DEPTH: usize = 32;

/// How many references into schemas one reference may pass through, in all.
const DEEP_BUDGET: usize = 256;

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// A schema seen through a `$ref` or inline, without caring which box holds it.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(item) => SchemaRef::Item(item),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(item) => SchemaRef::Item(item),
        }
    }
}

/// What a schema says about the value beyond its type.
#[derive(Debug, Default, Clone)]
pub(super) struct Facts {
    pub nullable: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    pub format: Option<String>,
    pub constraints: Vec<String>,
    pub default: Option<serde_json::Value>,
    pub example: Option<serde_json::Value>,
}

/// Builds the named types of one API.
pub(super) struct Schemas<'a> {
    components: Option<&'a IndexMap<String, ReferenceOr<Schema>>>,
    /// The document's paths, for references to schemas inside operations.
    paths: Option<&'a openapiv3::Paths>,
    component_names: HashMap<&'a str, String>,
    namespace: Namespace,
    /// Slots in definition order; a slot is reserved before its type is
    /// built so a parent precedes the inline types found inside it.
    defs: Vec<Option<TypeDef>>,
    /// The slot of each type defined so far, by name, for [`Schemas::defined`].
    slots: HashMap<String, usize>,
    /// Inline types by the pointer of the schema they come from, so a schema
    /// reached twice (e.g. through `allOf`) yields one type.
    by_origin: HashMap<String, String>,
    /// How many references into schemas are being resolved inside each
    /// other (see [`Schemas::deep`]).
    following: std::cell::Cell<usize>,
    /// How many more such references the outermost one may follow.
    budget: std::cell::Cell<usize>,
    /// Enums made of a `oneOf` of string enums, by their values, so the same
    /// union written in several places is one type.
    unions: HashMap<Vec<String>, String>,
    /// Inline schemas written again word for word (see `repeats`).
    repeats: repeats::Repeats,
    /// How many references into other schemas are being followed, so a
    /// cycle of them ends.
    depth: usize,
    /// The schema pointers whose Rust type is asked for (where examples are).
    wanted: HashSet<String>,
    /// The Rust type each wanted schema pointer became.
    typed: HashMap<String, Type>,
}

impl<'a> Schemas<'a> {
    pub(super) fn new(components: Option<&'a IndexMap<String, ReferenceOr<Schema>>>, paths: Option<&'a openapiv3::Paths>) -> Self {
        let mut namespace = Namespace::with_reserved(RESERVED_TYPE_NAMES);
        // Component names are claimed first: they are the names users know,
        // so an inline type never takes one away from them.
        let component_names = components
            .into_iter()
            .flatten()
            .map(|(name, _)| (name.as_str(), namespace.claim(type_name(name, "Type"))))
            .collect();
        Self {
            components,
            paths,
            component_names,
            namespace,
            defs: Vec::new(),
            slots: HashMap::new(),
            by_origin: HashMap::new(),
            unions: HashMap::new(),
            repeats: repeats::Repeats::default(),
            following: std::cell::Cell::new(0),
            budget: std::cell::Cell::new(DEEP_BUDGET),
            depth: 0,
            wanted: HashSet::new(),
            typed: HashMap::new(),
        }
    }

    /// Asks for the Rust type of the schemas at `pointers` to be kept, for
    /// [`Schemas::typed`].
    pub(super) fn want_types(&mut self, pointers: impl IntoIterator<Item = String>) {
        self.wanted.extend(pointers);
    }

    /// The Rust type the schema at `pointer` became, if it was wanted and
    /// the model reached it.
    pub(super) fn typed(&self, pointer: &str) -> Option<&Type> {
        self.typed.get(pointer)
    }

    /// Claims a name for a type that does not come from a schema (an
    /// operation's options struct).
    pub(super) fn claim_name(&mut self, candidate: &str) -> String {
        self.namespace.claim(type_name(candidate, "Type"))
    }

    /// Defines every component schema, in spec order.
    pub(super) fn define_components(&mut self, problems: &mut Problems<'_>) {
        for (api_name, schema) in self.components.into_iter().flatten() {
            let name = self.component_names[api_name.as_str()].clone();
            let pointer = format!("/components/schemas/{}", escape_pointer_token(api_name));
            let slot = self.reserve();
            let kind = match SchemaRef::from(schema) {
                SchemaRef::Ref(_) => TypeKind::Alias(self.type_of(schema.into(), &pointer, &name, problems)),
                SchemaRef::Item(schema) => self.kind_of(schema, &pointer, &name, problems),
            };
            let docs = self.facts(schema.into()).description;
            if self.wanted.contains(&pointer) {
                self.typed.insert(pointer.clone(), Type::Named(name.clone()));
            }
            self.slots.insert(name.clone(), slot);
            self.defs[slot] = Some(TypeDef { name, origin: pointer, docs, kind, sent: false, gate: Gate::Always, copy_of: None });
        }
    }

    /// The type named `name`, once it is defined.
    pub(super) fn defined(&self, name: &str) -> Option<&TypeDef> {
        self.defs.get(*self.slots.get(name)?)?.as_ref()
    }

    /// The named types, in definition order, with recursion made
    /// representable: a field or variant that leads back to its own type
    /// without passing through a `Vec` or map is boxed, and an alias that
    /// contains itself becomes a newtype. An alias that is nothing but
    /// itself (`A: $ref B`, `B: $ref A`) is reported.
    pub(super) fn into_types(self, problems: &mut Problems<'_>) -> Vec<TypeDef> {
        let mut defs: Vec<TypeDef> = self.defs.into_iter().flatten().collect();
        let index: HashMap<String, usize> = defs.iter().enumerate().map(|(at, def)| (def.name.clone(), at)).collect();
        order_untagged_shapes(&mut defs, &index);
        let direct: Vec<Vec<usize>> = defs.iter().map(|def| direct_edges(&def.kind, &index)).collect();
        let reaches = |from: usize, to: usize| -> bool {
            let mut seen = vec![false; direct.len()];
            let mut stack = vec![from];
            while let Some(at) = stack.pop() {
                if at == to {
                    return true;
                }
                if !std::mem::replace(&mut seen[at], true) {
                    stack.extend(&direct[at]);
                }
            }
            false
        };
        let mut boxed = Vec::new();
        for (owner, def) in defs.iter().enumerate() {
            let targets: Vec<Option<usize>> = match &def.kind {
                TypeKind::Struct(fields) => fields.iter().map(|field| direct_target(&field.ty, &index)).collect(),
                TypeKind::OneOf { variants, .. } => variants.iter().map(|variant| direct_target(&variant.ty, &index)).collect(),
                _ => Vec::new(),
            };
            for (slot, target) in targets.into_iter().enumerate() {
                if target.is_some_and(|target| reaches(target, owner)) {
                    boxed.push((owner, slot));
                }
            }
        }
        for (owner, slot) in boxed {
            let ty = match &mut defs[owner].kind {
                TypeKind::Struct(fields) => &mut fields[slot].ty,
                TypeKind::OneOf { variants, .. } => &mut variants[slot].ty,
                _ => continue,
            };
            *ty = Type::Boxed(Box::new(std::mem::replace(ty, Type::Json)));
        }
        for at in 0..defs.len() {
            let TypeKind::Alias(ty) = &defs[at].kind else { continue };
            if !mentions(ty, at, &defs, &index, &mut vec![false; defs.len()]) {
                continue;
            }
            if matches!(ty, Type::Named(_)) {
                problems.report(
                    &defs[at].origin,
                    "this schema is only a `$ref` to itself, through other schemas: no type can be made of it; give one of them a real schema",
                );
            } else {
                let TypeKind::Alias(ty) = std::mem::replace(&mut defs[at].kind, TypeKind::Newtype(Type::Json)) else { continue };
                defs[at].kind = TypeKind::Newtype(ty);
            }
        }
        defs
    }

    fn reserve(&mut self) -> usize {
        self.defs.push(None);
        self.defs.len() - 1
    }

    /// Nullability, read-only-ness, docs and format of a schema, through `$ref`s.
    /// A `$ref` that does not resolve yields no facts; `type_of` reports it.
    pub(super) fn facts(&self, schema: SchemaRef<'a>) -> Facts {
        let Ok((schema, _)) = self.resolve(schema, "") else {
            return Facts::default();
        };
        let format = match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) => format_name(&s.format),
            SchemaKind::Type(OaType::Integer(i)) => format_name(&i.format),
            SchemaKind::Type(OaType::Number(n)) => format_name(&n.format),
            SchemaKind::Any(any) => any.format.clone(),
            _ => None,
        };
        let data = &schema.schema_data;
        Facts {
            nullable: data.nullable,
            read_only: data.read_only,
            write_only: data.write_only,
            deprecated: data.deprecated,
            description: data.description.clone().or_else(|| data.title.clone()),
            format,
            constraints: constraints(&schema.schema_kind),
            default: data.default.clone(),
            example: data.example.clone(),
        }
    }
}

