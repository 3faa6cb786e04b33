//! Schemas to types: decides which schemas become named Rust types, what
//! they are called, and the type of every property, parameter and body.

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

/// A property before its Rust name is decided.
struct RawField {
    wire_name: String,
    field: Field,
}

/// The properties of one struct while its `allOf` members are merged.
#[derive(Default)]
struct Merge {
    fields: Vec<RawField>,
    required: Vec<String>,
    /// Every schema merged so far. A schema reached again, through another
    /// member or a cycle, adds nothing (the first definition of a property
    /// wins), so it is merged once: members that include the same schema
    /// many times over stay linear instead of doubling per level.
    merged: HashSet<*const Schema>,
    /// The schemas being merged, outermost first, to tell a cycle from a
    /// schema reached twice.
    path: Vec<*const Schema>,
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
            self.defs[slot] = Some(TypeDef { name, origin: pointer, docs, kind, sent: false, gate: Gate::Always });
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

    /// Follows `$ref`s to the schema they name; the error says why not.
    fn resolve(&self, mut schema: SchemaRef<'a>, pointer: &str) -> Result<(&'a Schema, String), String> {
        let mut pointer = pointer.to_owned();
        for _ in 0..MAX_DEPTH {
            match schema {
                SchemaRef::Item(item) => return Ok((item, pointer)),
                SchemaRef::Ref(reference) => match self.component(reference) {
                    Ok((name, target)) => {
                        pointer = format!("/components/schemas/{}", escape_pointer_token(name));
                        schema = target.into();
                    }
                    Err(message) => {
                        let target = self.deep(reference).ok_or(message)?;
                        pointer = reference.trim_start_matches('#').to_owned();
                        schema = SchemaRef::Item(target);
                    }
                },
            }
        }
        Err("`$ref` chain is cyclic: no schema is ever reached".to_owned())
    }

    /// The schema a `$ref` points at inside a component schema
    /// (`#/components/schemas/A/properties/b/items`), walking properties,
    /// items, additional properties and composition members.
    fn deep(&self, reference: &str) -> Option<&'a Schema> {
        // References into schemas that lead to each other (`A/properties/b`
        // → `A/properties/c` → `A/properties/b`) nest without end, and a
        // reference whose path crosses several others branches: past the
        // depth bound, or the budget of one outermost resolution, the
        // reference counts as leading nowhere.
        if self.following.get() == 0 {
            self.budget.set(DEEP_BUDGET);
        }
        if self.following.get() >= MAX_DEPTH || self.budget.get() == 0 {
            return None;
        }
        self.budget.set(self.budget.get() - 1);
        self.following.set(self.following.get() + 1);
        let target = self.deep_unbounded(reference);
        self.following.set(self.following.get() - 1);
        target
    }

    fn deep_unbounded(&self, reference: &str) -> Option<&'a Schema> {
        let follow = |item: SchemaRef<'a>| -> Option<&'a Schema> { self.resolve(item, "").ok().map(|(schema, _)| schema) };
        let split = |rest: &str| rest.split('/').map(unescape_pointer_token).collect::<Vec<_>>().into_iter();
        let (mut schema, mut tokens) = if let Some(rest) = reference.strip_prefix(COMPONENT_PREFIX) {
            let mut tokens = split(rest);
            let name = tokens.next()?;
            (follow(self.components?.get(&name)?.into())?, tokens)
        } else {
            let mut tokens = split(reference.strip_prefix("#/paths/")?);
            (follow(self.in_operation(&mut tokens)?.into())?, tokens)
        };
        while let Some(token) = tokens.next() {
            let member = |list: &'a [ReferenceOr<Schema>], index: Option<String>| -> Option<&'a Schema> {
                follow(list.get(index?.parse::<usize>().ok()?)?.into())
            };
            schema = match (token.as_str(), &schema.schema_kind) {
                ("properties", SchemaKind::Type(OaType::Object(object))) => follow(object.properties.get(&tokens.next()?)?.into())?,
                ("properties", SchemaKind::Any(any)) => follow(any.properties.get(&tokens.next()?)?.into())?,
                ("items", SchemaKind::Type(OaType::Array(array))) => follow(array.items.as_ref()?.into())?,
                ("items", SchemaKind::Any(any)) => follow(any.items.as_ref()?.into())?,
                ("additionalProperties", SchemaKind::Type(OaType::Object(object))) => match object.additional_properties.as_ref()? {
                    AdditionalProperties::Schema(inner) => follow(inner.as_ref().into())?,
                    AdditionalProperties::Any(_) => return None,
                },
                ("allOf", SchemaKind::AllOf { all_of }) => member(all_of, tokens.next())?,
                // Composition with sibling keywords parses as `Any`.
                ("allOf", SchemaKind::Any(any)) => member(&any.all_of, tokens.next())?,
                ("oneOf", SchemaKind::Any(any)) => member(&any.one_of, tokens.next())?,
                ("anyOf", SchemaKind::Any(any)) => member(&any.any_of, tokens.next())?,
                ("oneOf", SchemaKind::OneOf { one_of }) => member(one_of, tokens.next())?,
                ("anyOf", SchemaKind::AnyOf { any_of }) => member(any_of, tokens.next())?,
                _ => return None,
            };
        }
        Some(schema)
    }

    /// The schema slot a reference into an operation names (a response's,
    /// the request body's or a parameter's), consuming the tokens up to it.
    fn in_operation(&self, tokens: &mut std::vec::IntoIter<String>) -> Option<&'a ReferenceOr<Schema>> {
        let ReferenceOr::Item(item) = self.paths?.paths.get(&tokens.next()?)? else { return None };
        let operation = match tokens.next()?.as_str() {
            "get" => item.get.as_ref(),
            "put" => item.put.as_ref(),
            "post" => item.post.as_ref(),
            "delete" => item.delete.as_ref(),
            "options" => item.options.as_ref(),
            "head" => item.head.as_ref(),
            "patch" => item.patch.as_ref(),
            "trace" => item.trace.as_ref(),
            _ => None,
        }?;
        let content = match tokens.next()?.as_str() {
            "responses" => {
                let code = tokens.next()?;
                let response = match code.as_str() {
                    "default" => operation.responses.default.as_ref()?,
                    code => operation.responses.responses.get(&openapiv3::StatusCode::Code(code.parse().ok()?))?,
                };
                let ReferenceOr::Item(response) = response else { return None };
                &response.content
            }
            "requestBody" => {
                let ReferenceOr::Item(body) = operation.request_body.as_ref()? else { return None };
                &body.content
            }
            "parameters" => {
                let ReferenceOr::Item(parameter) = operation.parameters.get(tokens.next()?.parse::<usize>().ok()?)? else { return None };
                let openapiv3::ParameterSchemaOrContent::Schema(schema) = &parameter.parameter_data_ref().format else { return None };
                return (tokens.next()? == "schema").then_some(schema);
            }
            _ => return None,
        };
        if tokens.next()? != "content" {
            return None;
        }
        let media = content.get(&tokens.next()?)?;
        (tokens.next()? == "schema").then_some(media.schema.as_ref()?)
    }

    /// The component a `$ref` names.
    fn component(&self, reference: &str) -> Result<(&'a str, &'a ReferenceOr<Schema>), String> {
        reference
            .strip_prefix(COMPONENT_PREFIX)
            .and_then(|name| self.components?.get_key_value(name))
            .map(|(name, schema)| (name.as_str(), schema))
            .ok_or_else(|| {
                format!(
                    "schema `$ref` `{reference}` does not lead to a schema of this document (a component \
                     schema, a part of one, or the schema of an operation's request body, response or \
                     parameter), or only through references that lead back to each other"
                )
            })
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

    /// The Rust type of a schema at `pointer`. Inline enums and objects become
    /// named types called `hint`.
    pub(super) fn type_of(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        hint: &str,
        problems: &mut Problems<'_>,
    ) -> Type {
        let ty = self.type_at(schema, pointer, hint, problems);
        if self.wanted.contains(pointer) {
            self.typed.entry(pointer.to_owned()).or_insert_with(|| ty.clone());
        }
        ty
    }

    fn type_at(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        hint: &str,
        problems: &mut Problems<'_>,
    ) -> Type {
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                return match self.component(reference) {
                    Ok((name, _)) => Type::Named(self.component_names[name].clone()),
                    // A reference into another schema (a property, the items
                    // of an array) is typed where it points.
                    Err(message) => match self.deep(reference) {
                        Some(target) if self.depth < MAX_DEPTH => {
                            self.depth += 1;
                            let ty = self.type_of(SchemaRef::Item(target), reference.trim_start_matches('#'), hint, problems);
                            self.depth -= 1;
                            ty
                        }
                        _ => {
                            problems.warn(pointer, format!("{message}; the value is typed as any JSON value"));
                            Type::Json
                        }
                    },
                };
            }
            SchemaRef::Item(schema) => schema,
        };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) if !s.enumeration.is_empty() => {
                self.inline(schema, pointer, hint, problems)
            }
            SchemaKind::Type(OaType::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Type::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Type::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Type::File,
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => Type::Uuid,
                VariantOrUnknownOrEmpty::Unknown(format) if format == "decimal" => Type::Decimal,
                _ => Type::String,
            },
            SchemaKind::Type(OaType::Integer(i)) => match format_name(&i.format).as_deref() {
                Some("int32") => Type::I32,
                _ => Type::I64,
            },
            // `format: float` is read as `f64` too: documents give float
            // fields values past `f32`'s precision, which it would round.
            SchemaKind::Type(OaType::Number(n)) => match format_name(&n.format).as_deref() {
                // An integer format on `number` says the values are whole.
                Some("int32") => Type::I32,
                Some("int64") => Type::I64,
                _ => Type::F64,
            },
            SchemaKind::Type(OaType::Boolean(_)) => Type::Bool,
            SchemaKind::Type(OaType::Array(array)) => {
                self.array_of(array.items.as_ref(), pointer, hint, problems)
            }
            SchemaKind::Type(OaType::Object(object)) if object.properties.is_empty() => {
                self.map_of(object.additional_properties.as_ref(), pointer, hint, problems)
            }
            SchemaKind::Type(OaType::Object(_)) => self.inline(schema, pointer, hint, problems),
            SchemaKind::AllOf { all_of } => match all_of.as_slice() {
                // `allOf: [$ref]` is how 3.0 documents attach docs to a reference.
                [only @ ReferenceOr::Reference { .. }] => {
                    self.type_of(only.into(), &format!("{pointer}/allOf/0"), hint, problems)
                }
                _ => match self.value_member(all_of) {
                    // No member is an object: the value is the typed member's
                    // type; the others add constraints, kept in the docs.
                    Some(index) => self.type_of((&all_of[index]).into(), &format!("{pointer}/allOf/{index}"), hint, problems),
                    None => self.inline(schema, pointer, hint, problems),
                },
            },
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => match members.as_slice() {
                [] => Type::Json,
                [only] => {
                    let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                    self.type_of(only.into(), &format!("{pointer}/{keyword}/0"), hint, problems)
                }
                _ => self.inline(schema, pointer, hint, problems),
            },
            // `allOf: [X]` beside a `oneOf`/`anyOf` whose only member is `{}`
            // (any value) is X: the empty member adds no constraint.
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.len() == 1 && adds_nothing(&any.one_of) && adds_nothing(&any.any_of) => {
                self.type_of((&any.all_of[0]).into(), &format!("{pointer}/allOf/0"), hint, problems)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.inline(schema, pointer, hint, problems)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                self.inline(schema, pointer, hint, problems)
            }
            SchemaKind::Any(any) if any.items.is_some() => {
                self.array_of(any.items.as_ref(), pointer, hint, problems)
            }
            // `additionalProperties` beside another `type` is a stray
            // keyword (it applies to objects only): the type wins.
            SchemaKind::Any(any) if any.additional_properties.is_some() && matches!(any.typ.as_deref(), None | Some("object")) => {
                self.map_of(any.additional_properties.as_ref(), pointer, hint, problems)
            }
            // An `enum` without `type`: its values say which.
            SchemaKind::Any(any) if !any.enumeration.is_empty() && any.properties.is_empty() => match untyped_enum(&any.enumeration) {
                Some(UntypedEnum::Strings(_)) => self.inline(schema, pointer, hint, problems),
                Some(UntypedEnum::Integers) => Type::I64,
                None => {
                    problems.warn(pointer, "an `enum` without `type` whose values are of several kinds: the value is typed as any JSON value");
                    Type::Json
                }
            },
            // A `type` beside keywords of another type (`maximum` on a
            // string) does not parse as that type; the `type` says what
            // the values are.
            SchemaKind::Any(any) if any.properties.is_empty() && any.all_of.is_empty() && any.typ.is_some() => match any.typ.as_deref() {
                Some("string") => match any.format.as_deref() {
                    Some("date-time") => Type::DateTime,
                    Some("date") => Type::Date,
                    Some("uuid") => Type::Uuid,
                    Some("binary") => Type::File,
                    _ => Type::String,
                },
                Some("integer") => if any.format.as_deref() == Some("int32") { Type::I32 } else { Type::I64 },
                Some("number") => match any.format.as_deref() {
                    Some("int32") => Type::I32,
                    Some("int64") => Type::I64,
                    _ => Type::F64,
                },
                Some("boolean") => Type::Bool,
                Some("array") => self.array_of(any.items.as_ref(), pointer, hint, problems),
                Some("object") => self.map_of(any.additional_properties.as_ref(), pointer, hint, problems),
                other => {
                    problems.warn(pointer, format!("`type: {}` is not an OpenAPI type: the value is typed as any JSON value", other.unwrap_or_default()));
                    Type::Json
                }
            },
            SchemaKind::Any(any) if *any == openapiv3::AnySchema::default() => Type::Json,
            // What is left has a shape no Rust type here expresses.
            other => {
                problems.warn(pointer, format!("{} has no Rust type here: the value is typed as any JSON value", shape_words(other)));
                Type::Json
            }
        }
    }

    fn array_of(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        pointer: &str,
        hint: &str,
        problems: &mut Problems<'_>,
    ) -> Type {
        let item = match items {
            Some(items) => self.element_type(items.into(), &format!("{pointer}/items"), &format!("{hint}Item"), problems),
            None => Type::Json,
        };
        Type::Vec(Box::new(item))
    }

    fn map_of(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        hint: &str,
        problems: &mut Problems<'_>,
    ) -> Type {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => self.element_type(
                schema.as_ref().into(),
                &format!("{pointer}/additionalProperties"),
                &format!("{hint}Value"),
                problems,
            ),
            _ => Type::Json,
        };
        Type::Map(Box::new(value))
    }

    /// The type of an array item or map value, where nullability has no field
    /// to live on and so wraps the type.
    fn element_type(
        &mut self,
        schema: SchemaRef<'a>,
        pointer: &str,
        hint: &str,
        problems: &mut Problems<'_>,
    ) -> Type {
        let ty = self.type_of(schema, pointer, hint, problems);
        if self.facts(schema).nullable && ty != Type::Json {
            Type::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// A named type for an inline schema, made once per schema location.
    fn inline(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        hint: &str,
        problems: &mut Problems<'_>,
    ) -> Type {
        if let Some(name) = self.by_origin.get(pointer) {
            return Type::Named(name.clone());
        }
        // drf-spectacular repeats `oneOf: [CountryEnum, BlankEnum]` in every
        // schema with the field: one enum serves them all.
        let union = self.string_union(schema);
        if let Some(name) = union.as_ref().and_then(|values| self.unions.get(values)) {
            return Type::Named(name.clone());
        }
        let name = self.namespace.claim(type_name(hint, "Type"));
        self.by_origin.insert(pointer.to_owned(), name.clone());
        if let Some(values) = union {
            self.unions.insert(values, name.clone());
        }
        let slot = self.reserve();
        let kind = self.kind_of(schema, pointer, &name, problems);
        let docs = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
        self.slots.insert(name.clone(), slot);
        self.defs[slot] = Some(TypeDef { name: name.clone(), origin: pointer.to_owned(), docs, kind, sent: false, gate: Gate::Always });
        Type::Named(name)
    }

    /// The shape of a schema that gets a name of its own.
    fn kind_of(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        name: &str,
        problems: &mut Problems<'_>,
    ) -> TypeKind {
        if let Some(values) = self.string_union(schema) {
            return enum_of(values);
        }
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) if !s.enumeration.is_empty() => {
                enum_of(s.enumeration.iter().flatten().cloned().collect())
            }
            SchemaKind::Type(OaType::Object(object)) if !object.properties.is_empty() => {
                self.struct_of(schema, pointer, name, problems)
            }
            SchemaKind::AllOf { all_of } if self.value_member(all_of).is_none() => {
                self.struct_of(schema, pointer, name, problems)
            }
            SchemaKind::OneOf { one_of } if one_of.len() > 1 => {
                self.one_of(one_of, &format!("{pointer}/oneOf"), schema, name, problems)
            }
            SchemaKind::AnyOf { any_of } if any_of.len() > 1 => {
                self.one_of(any_of, &format!("{pointer}/anyOf"), schema, name, problems)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.struct_of(schema, pointer, name, problems)
            }
            SchemaKind::Any(any) if any.one_of.len() > 1 => {
                self.one_of(&any.one_of, &format!("{pointer}/oneOf"), schema, name, problems)
            }
            SchemaKind::Any(any) if any.any_of.len() > 1 => {
                self.one_of(&any.any_of, &format!("{pointer}/anyOf"), schema, name, problems)
            }
            SchemaKind::Any(any) if any.properties.is_empty() => match untyped_enum(&any.enumeration) {
                Some(UntypedEnum::Strings(values)) => enum_of(values),
                _ => TypeKind::Alias(self.type_of(SchemaRef::Item(schema), pointer, name, problems)),
            },
            _ => TypeKind::Alias(self.type_of(SchemaRef::Item(schema), pointer, name, problems)),
        }
    }

    /// The values of a `oneOf`/`anyOf` whose members are all string enums or
    /// plain strings (`[RoleEnum, BlankEnum]`, `[{enum: [a, b]}, {type:
    /// string}]`, as drf-spectacular writes them): one string enum with every
    /// listed value, whose `Unknown` variant carries any other string.
    fn string_union(&self, schema: &'a Schema) -> Option<Vec<String>> {
        let members = match &schema.schema_kind {
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => members.as_slice(),
            SchemaKind::Any(any) if any.properties.is_empty() && any.one_of.is_empty() != any.any_of.is_empty() => {
                if any.one_of.is_empty() { any.any_of.as_slice() } else { any.one_of.as_slice() }
            }
            _ => return None,
        };
        if members.len() < 2 {
            return None;
        }
        let mut values = Vec::new();
        for member in members {
            let (member, _) = self.resolve(member.into(), "").ok()?;
            // An untyped `enum` (drf-spectacular's `CountryEnum`, `BlankEnum`,
            // `NullEnum`) lists its values; a null is the field's `nullable`.
            if let SchemaKind::Any(any) = &member.schema_kind
                && !any.enumeration.is_empty()
                && any.properties.is_empty()
            {
                for value in &any.enumeration {
                    match value {
                        serde_json::Value::Null => {}
                        serde_json::Value::String(text) if !values.contains(text) => values.push(text.clone()),
                        serde_json::Value::String(_) => {}
                        _ => return None,
                    }
                }
                continue;
            }
            let SchemaKind::Type(OaType::String(string)) = &member.schema_kind else { return None };
            let plain = string.enumeration.is_empty() && matches!(&string.format, VariantOrUnknownOrEmpty::Empty);
            if !plain && string.enumeration.is_empty() {
                return None;
            }
            for value in string.enumeration.iter().flatten() {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
        }
        (!values.is_empty()).then_some(values)
    }

    /// For an `allOf` none of whose members is an object: the member that
    /// gives the value its type (a primitive, array, enum or composition),
    /// preferring a `$ref`. `None` when some member is an object (the
    /// `allOf` is a struct) or no member has a type.
    fn value_member(&self, all_of: &'a [ReferenceOr<Schema>]) -> Option<usize> {
        let mut typed = None;
        for (index, member) in all_of.iter().enumerate() {
            match self.shape(member.into(), 0, &mut HashSet::new()) {
                Shape::Object => return None,
                Shape::Value if typed.is_none() || matches!(member, ReferenceOr::Reference { .. }) => {
                    if !matches!(typed, Some((_, true))) {
                        typed = Some((index, matches!(member, ReferenceOr::Reference { .. })));
                    }
                }
                Shape::Value | Shape::Untyped => {}
            }
        }
        typed.map(|(index, _)| index)
    }

    /// Whether a schema describes an object, another value, or nothing in particular.
    /// An `allOf` met again (in `seen`) adds nothing to the shapes already
    /// gathered, so members that include each other, or the same schema many
    /// times over, are walked once.
    fn shape(&self, schema: SchemaRef<'a>, depth: usize, seen: &mut HashSet<*const Schema>) -> Shape {
        let Ok((schema, _)) = self.resolve(schema, "") else { return Shape::Untyped };
        match &schema.schema_kind {
            SchemaKind::Type(OaType::Object(_)) => Shape::Object,
            SchemaKind::Any(any) if !any.properties.is_empty() || any.typ.as_deref() == Some("object") => Shape::Object,
            SchemaKind::Any(any) if any.items.is_some() || any.typ.is_some() || !any.one_of.is_empty() || !any.any_of.is_empty() => {
                Shape::Value
            }
            SchemaKind::Any(_) | SchemaKind::Not { .. } => Shape::Untyped,
            SchemaKind::AllOf { all_of } if depth < MAX_DEPTH && seen.insert(std::ptr::from_ref(schema)) => {
                let shapes: Vec<Shape> = all_of.iter().map(|member| self.shape(member.into(), depth + 1, seen)).collect();
                if shapes.contains(&Shape::Object) {
                    Shape::Object
                } else if shapes.contains(&Shape::Value) {
                    Shape::Value
                } else {
                    Shape::Untyped
                }
            }
            SchemaKind::AllOf { .. } => Shape::Untyped,
            SchemaKind::Type(_) | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => Shape::Value,
        }
    }

    /// An enum with one variant per shape. Variants are named after the
    /// component they refer to or the kind of value they hold, and ordered
    /// so that untagged decoding tries the most specific shape first.
    fn one_of(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        pointer: &str,
        schema: &'a Schema,
        owner: &str,
        problems: &mut Problems<'_>,
    ) -> TypeKind {
        let mut names = Namespace::default();
        let mut variants: Vec<(OneOfVariant, Option<&'a str>)> = members
            .iter()
            .enumerate()
            .map(|(index, member)| {
                let ty = self.type_of(member.into(), &format!("{pointer}/{index}"), &format!("{owner}Variant{}", index + 1), problems);
                let reference = match member {
                    ReferenceOr::Reference { reference } => Some(reference.as_str()),
                    ReferenceOr::Item(_) => None,
                };
                (OneOfVariant { name: variant_name(&ty), ty }, reference)
            })
            .collect();
        for (variant, _) in &mut variants {
            variant.name = names.claim(std::mem::take(&mut variant.name));
        }
        let discriminator = schema.schema_data.discriminator.as_ref().map(|discriminator| {
            let mapping = variants
                .iter()
                .enumerate()
                .filter_map(|(index, (_, reference))| {
                    let reference = (*reference)?;
                    let value = discriminator
                        .mapping
                        .iter()
                        .find(|(_, target)| *target == reference || target.as_str() == reference.trim_start_matches(COMPONENT_PREFIX))
                        .map(|(value, _)| value.clone())
                        .unwrap_or_else(|| reference.trim_start_matches(COMPONENT_PREFIX).to_owned());
                    Some((value, index))
                })
                .collect();
            Discriminator { property: discriminator.property_name.clone(), mapping, unknown: names.claim("Unknown".to_owned()) }
        });
        // Untagged shapes are put in order once every type is known
        // (`order_untagged_shapes`), so the order does not depend on where
        // the member schemas sit in the document.
        let variants: Vec<OneOfVariant> = variants.into_iter().map(|(variant, _)| variant).collect();
        TypeKind::OneOf { variants, discriminator }
    }

    fn struct_of(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        owner: &str,
        problems: &mut Problems<'_>,
    ) -> TypeKind {
        let mut merge = Merge::default();
        self.collect_fields(schema, pointer, owner, &mut merge, problems);
        let Merge { fields, required, .. } = merge;
        let mut namespace = Namespace::default();
        TypeKind::Struct(
            fields
                .into_iter()
                .map(|RawField { wire_name, mut field }| {
                    // Read-only fields are never needed to build a request and
                    // write-only ones never come back, so neither is required.
                    if !field.flatten {
                        field.required = required.contains(&wire_name) && !field.read_only && !field.write_only;
                    }
                    field.name = namespace.claim(field_name(&field.wire_name, "field"));
                    field
                })
                .collect(),
        )
    }

    /// Gathers the properties of an object, merging `allOf` members in order;
    /// a property seen twice keeps its first definition.
    fn collect_fields(&mut self, schema: &'a Schema, pointer: &str, owner: &str, merge: &mut Merge, problems: &mut Problems<'_>) {
        let identity = std::ptr::from_ref(schema);
        if !merge.merged.insert(identity) {
            return;
        }
        if merge.path.len() > MAX_DEPTH {
            problems.report(pointer, "`allOf` nesting is deeper than 32 levels");
            return;
        }
        let (properties, required_here, additional) = match &schema.schema_kind {
            SchemaKind::Type(OaType::Object(object)) => {
                (&object.properties, &object.required, object.additional_properties.as_ref())
            }
            SchemaKind::Any(any) => (&any.properties, &any.required, any.additional_properties.as_ref()),
            SchemaKind::AllOf { all_of } => {
                for (index, member) in all_of.iter().enumerate() {
                    let member_pointer = format!("{pointer}/allOf/{index}");
                    // Types inside a referenced member are named after that
                    // component, so every schema that includes it shares them.
                    let member_owner = match member {
                        ReferenceOr::Reference { reference } => reference
                            .strip_prefix(COMPONENT_PREFIX)
                            .and_then(|name| self.component_names.get(name).cloned())
                            .unwrap_or_else(|| owner.to_owned()),
                        ReferenceOr::Item(_) => owner.to_owned(),
                    };
                    match self.resolve(member.into(), &member_pointer) {
                        Ok((member, _)) if merge.path.contains(&std::ptr::from_ref(member)) || std::ptr::eq(member, schema) => {
                            // `A: allOf [B]` with `B` leading back to `A` asks
                            // for `A` and `A`: nothing to add to the merge.
                            problems.warn(
                                &member_pointer,
                                "this `allOf` member leads back to a schema being merged into the same struct; \
                                 it adds nothing and is skipped",
                            );
                        }
                        Ok((member, resolved_pointer)) => {
                            merge.path.push(identity);
                            self.collect_fields(member, &resolved_pointer, &member_owner, merge, problems);
                            merge.path.pop();
                        }
                        Err(message) => problems.report(&member_pointer, message),
                    }
                }
                return;
            }
            _ => {
                problems.warn(
                    pointer,
                    "this `allOf` member is not an object, so no value can match it and the object members: \
                     it is left out of the merged struct",
                );
                return;
            }
        };
        merge.required.extend(required_here.iter().cloned());
        for (wire_name, property) in properties {
            if merge.fields.iter().any(|seen| &seen.wire_name == wire_name) {
                continue;
            }
            let property_pointer = format!("{pointer}/properties/{}", escape_pointer_token(wire_name));
            let hint = format!("{owner}{}", type_name(wire_name, ""));
            let ty = self.type_of(property.into(), &property_pointer, &hint, problems);
            let facts = self.facts(property.into());
            merge.fields.push(RawField {
                wire_name: wire_name.clone(),
                field: Field {
                    origin: property_pointer.clone(),
                    name: String::new(),
                    wire_name: wire_name.clone(),
                    docs: facts.description,
                    ty,
                    required: false,
                    nullable: facts.nullable,
                    read_only: facts.read_only,
                    write_only: facts.write_only,
                    deprecated: facts.deprecated,
                    format: facts.format,
                    constraints: facts.constraints,
                    default: facts.default,
                    example: facts.example,
                    flatten: false,
                },
            });
        }
        // Named properties plus `additionalProperties`: the rest of the
        // object lands in one map field.
        let rest = match additional {
            Some(AdditionalProperties::Schema(schema)) if !properties.is_empty() => Some(self.element_type(
                schema.as_ref().into(),
                &format!("{pointer}/additionalProperties"),
                &format!("{owner}Value"),
                problems,
            )),
            Some(AdditionalProperties::Any(true)) if !properties.is_empty() => Some(Type::Json),
            _ => None,
        };
        if let Some(value) = rest.filter(|_| !merge.fields.iter().any(|field| field.field.flatten)) {
            merge.fields.push(RawField {
                wire_name: String::new(),
                field: Field {
                    origin: format!("{pointer}/additionalProperties"),
                    name: String::new(),
                    wire_name: "additional_properties".to_owned(),
                    docs: Some("Every property not listed above.".to_owned()),
                    ty: Type::Map(Box::new(value)),
                    required: true,
                    nullable: false,
                    read_only: false,
                    write_only: false,
                    deprecated: false,
                    format: None,
                    constraints: Vec::new(),
                    default: None,
                    example: None,
                    flatten: true,
                },
            });
        }
    }
}

/// The named type a field or variant holds inline (not behind a `Vec` or
/// map), whose size therefore adds to its owner's.
fn direct_target(ty: &Type, index: &HashMap<String, usize>) -> Option<usize> {
    match ty {
        Type::Named(name) => index.get(name).copied(),
        Type::Nullable(inner) => direct_target(inner, index),
        _ => None,
    }
}

/// The types a type holds inline.
fn direct_edges(kind: &TypeKind, index: &HashMap<String, usize>) -> Vec<usize> {
    match kind {
        TypeKind::Struct(fields) => fields.iter().filter_map(|field| direct_target(&field.ty, index)).collect(),
        TypeKind::OneOf { variants, .. } => variants.iter().filter_map(|variant| direct_target(&variant.ty, index)).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => direct_target(ty, index).into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}

/// Whether `ty` mentions type `target`, looking through aliases: a Rust
/// alias may not mention itself at all, even behind a `Vec`.
fn mentions(ty: &Type, target: usize, defs: &[TypeDef], index: &HashMap<String, usize>, seen: &mut Vec<bool>) -> bool {
    match ty {
        Type::Named(name) => match index.get(name) {
            Some(&at) if at == target => true,
            Some(&at) if !std::mem::replace(&mut seen[at], true) => match &defs[at].kind {
                TypeKind::Alias(inner) => mentions(inner, target, defs, index, seen),
                _ => false,
            },
            _ => false,
        },
        Type::Vec(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => {
            mentions(inner, target, defs, index, seen)
        }
        _ => false,
    }
}

/// A variant name for a shape: the type's own name, or the kind of value.
fn variant_name(ty: &Type) -> String {
    match ty {
        Type::Named(name) => name.clone(),
        Type::String => "String".to_owned(),
        Type::Bool => "Boolean".to_owned(),
        Type::I32 | Type::I64 => "Integer".to_owned(),
        Type::F64 => "Number".to_owned(),
        Type::DateTime => "DateTime".to_owned(),
        Type::Date => "Date".to_owned(),
        Type::Uuid => "Uuid".to_owned(),
        Type::Decimal => "Decimal".to_owned(),
        Type::File => "File".to_owned(),
        Type::Bytes => "Bytes".to_owned(),
        Type::Json => "Value".to_owned(),
        Type::Vec(item) => format!("{}List", variant_name(item)),
        Type::Map(value) => format!("{}Map", variant_name(value)),
        Type::Nullable(inner) | Type::Boxed(inner) => variant_name(inner),
    }
}

/// Limits and allowed values, as sentences for documentation.
fn constraints(kind: &SchemaKind) -> Vec<String> {
    let mut out = Vec::new();
    let mut bound = |word: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push(format!("{word}: `{value}`."));
        }
    };
    match kind {
        SchemaKind::Type(OaType::String(s)) => {
            bound("Minimum length", s.min_length.map(|n| n.to_string()));
            bound("Maximum length", s.max_length.map(|n| n.to_string()));
            bound("Pattern", s.pattern.clone());
        }
        SchemaKind::Type(OaType::Integer(i)) => {
            let values: Vec<String> = i.enumeration.iter().flatten().map(ToString::to_string).collect();
            let limits = [i.minimum.map(|n| n.to_string()), i.maximum.map(|n| n.to_string()), i.multiple_of.map(|n| n.to_string())];
            numeric(&mut out, limits, (i.exclusive_minimum, i.exclusive_maximum), &values);
        }
        SchemaKind::Type(OaType::Number(n)) => {
            let values: Vec<String> = n.enumeration.iter().flatten().map(ToString::to_string).collect();
            let limits = [n.minimum.map(|v| v.to_string()), n.maximum.map(|v| v.to_string()), n.multiple_of.map(|v| v.to_string())];
            numeric(&mut out, limits, (n.exclusive_minimum, n.exclusive_maximum), &values);
        }
        SchemaKind::Type(OaType::Boolean(b)) => {
            let values: Vec<String> = b.enumeration.iter().flatten().map(|v| format!("`{v}`")).collect();
            if !values.is_empty() {
                out.push(format!("One of {}.", values.join(", ")));
            }
        }
        SchemaKind::Type(OaType::Array(a)) => {
            bound("Minimum items", a.min_items.map(|n| n.to_string()));
            bound("Maximum items", a.max_items.map(|n| n.to_string()));
            if a.unique_items {
                out.push("Items are unique.".to_owned());
            }
        }
        _ => {}
    }
    out
}

/// The limits of an integer or number: `[minimum, maximum, multipleOf]`,
/// whether the bounds are exclusive, and the allowed values.
fn numeric(out: &mut Vec<String>, limits: [Option<String>; 3], exclusive: (bool, bool), values: &[String]) {
    let [minimum, maximum, multiple] = limits;
    let words = [
        if exclusive.0 { "Greater than" } else { "Minimum" },
        if exclusive.1 { "Less than" } else { "Maximum" },
        "Multiple of",
    ];
    for (word, value) in words.into_iter().zip([minimum, maximum, multiple]) {
        if let Some(value) = value {
            out.push(format!("{word}: `{value}`."));
        }
    }
    if !values.is_empty() {
        let values: Vec<String> = values.iter().map(|value| format!("`{value}`")).collect();
        out.push(format!("One of {}.", values.join(", ")));
    }
}

/// The `format` keyword as the spec wrote it, for documentation.
fn format_name<T: KnownFormat>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => Some(known.spelling().to_owned()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The formats `openapiv3` parses into enums, spelled as in a spec.
trait KnownFormat {
    fn spelling(&self) -> &'static str;
}

impl KnownFormat for StringFormat {
    fn spelling(&self) -> &'static str {
        match self {
            StringFormat::Date => "date",
            StringFormat::DateTime => "date-time",
            StringFormat::Password => "password",
            StringFormat::Byte => "byte",
            StringFormat::Binary => "binary",
        }
    }
}

impl KnownFormat for IntegerFormat {
    fn spelling(&self) -> &'static str {
        match self {
            IntegerFormat::Int32 => "int32",
            IntegerFormat::Int64 => "int64",
        }
    }
}

impl KnownFormat for NumberFormat {
    fn spelling(&self) -> &'static str {
        match self {
            NumberFormat::Float => "float",
            NumberFormat::Double => "double",
        }
    }
}

/// What a schema describes, for merging `allOf` members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// An object with properties, or `type: object`.
    Object,
    /// A primitive, array, enum or composition.
    Value,
    /// Only docs or constraints.
    Untyped,
}

/// A string enum of `values`, named through the naming module.
fn enum_of(values: Vec<String>) -> TypeKind {
    let (names, unknown) = variant_names(&values);
    let variants = names.into_iter().zip(values).map(|(name, value)| Variant { name, value }).collect();
    TypeKind::Enum { variants, unknown }
}

/// A `oneOf`/`anyOf` that constrains nothing: absent, or one member that is
/// the empty schema `{}`.
fn adds_nothing(members: &[ReferenceOr<Schema>]) -> bool {
    match members {
        [] => true,
        [ReferenceOr::Item(member)] => matches!(&member.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default()),
        _ => false,
    }
}

/// What the values of an `enum` without `type` allow.
enum UntypedEnum {
    /// Every value is text (`null` aside): a string enum of these.
    Strings(Vec<String>),
    /// Every value is a whole number (`null` aside).
    Integers,
}

fn untyped_enum(values: &[serde_json::Value]) -> Option<UntypedEnum> {
    let values: Vec<&serde_json::Value> = values.iter().filter(|value| !value.is_null()).collect();
    if values.is_empty() {
        return None;
    }
    if values.iter().all(|value| value.is_string()) {
        let mut texts: Vec<String> = Vec::new();
        for text in values.iter().filter_map(|value| value.as_str()) {
            if !texts.iter().any(|known| known == text) {
                texts.push(text.to_owned());
            }
        }
        return Some(UntypedEnum::Strings(texts));
    }
    values.iter().all(|value| value.is_i64() || value.is_u64()).then_some(UntypedEnum::Integers)
}

/// A schema's construct, in words, for the warning that it became any JSON.
fn shape_words(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Not { .. } => "a `not` schema",
        SchemaKind::OneOf { .. } => "an empty `oneOf`",
        SchemaKind::AnyOf { .. } => "an empty `anyOf`",
        SchemaKind::AllOf { .. } => "an `allOf` without members",
        SchemaKind::Any(any) if any.not.is_some() => "a `not` schema",
        SchemaKind::Any(any) if !any.all_of.is_empty() => "an `allOf` with keywords beside it that are not annotations",
        SchemaKind::Any(any) if any.typ.is_some() => "a schema whose `type` does not match its other keywords",
        _ => "a schema with keywords but no `type`, `properties`, `items` or composition",
    }
}

/// Untagged decoding tries shapes in order and keeps, among those that
/// decode a value, the one that leaves out the fewest of its keys: on a tie
/// the earlier one. Specific shapes go first (the sort is stable, so equal
/// ranks keep the spec's order), ranked once every type is known.
fn order_untagged_shapes(defs: &mut [TypeDef], index: &HashMap<String, usize>) {
    for at in 0..defs.len() {
        let TypeKind::OneOf { variants, discriminator: None } = &defs[at].kind else { continue };
        let mut ranked: Vec<(u8, OneOfVariant)> = variants.iter().map(|variant| (specificity(&variant.ty, defs, index), variant.clone())).collect();
        ranked.sort_by_key(|(rank, _)| *rank);
        if let TypeKind::OneOf { variants, .. } = &mut defs[at].kind {
            *variants = ranked.into_iter().map(|(_, variant)| variant).collect();
        }
    }
}

/// Lower ranks are tried first by untagged decoding.
fn specificity(ty: &Type, defs: &[TypeDef], index: &HashMap<String, usize>) -> u8 {
    match ty {
        Type::Named(name) => match index.get(name).map(|at| &defs[*at].kind) {
            // More required fields: fewer values fit.
            Some(TypeKind::Struct(fields)) => {
                let required = fields.iter().filter(|field| field.required).count();
                10u8.saturating_sub(u8::try_from(required).unwrap_or(u8::MAX))
            }
            Some(TypeKind::Enum { .. }) => 20,
            _ => 30,
        },
        Type::Uuid | Type::DateTime | Type::Date | Type::Decimal => 40,
        Type::Bool | Type::I32 | Type::I64 => 41,
        Type::F64 => 42,
        Type::String | Type::File | Type::Bytes => 43,
        Type::Vec(_) => 44,
        Type::Nullable(inner) | Type::Boxed(inner) => specificity(inner, defs, index),
        Type::Map(_) => 50,
        Type::Json => 60,
    }
}
