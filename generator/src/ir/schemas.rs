//! Schemas to types: decides which schemas become named Rust types, what
//! they are called, and the type of every property, parameter and body.

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type as OaType,
    VariantOrUnknownOrEmpty,
};

use super::naming::{Namespace, field_name, type_name, variant_names};
use super::{Field, Type, TypeDef, TypeKind, Variant};
use crate::error::{Problems, escape_pointer_token};

/// Names the generated module defines itself, which no schema may take.
const RESERVED_TYPE_NAMES: &[&str] = &["Client"];

/// `allOf` and `$ref` chains deeper than this are treated as cycles.
const MAX_DEPTH: usize = 32;

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
    pub description: Option<String>,
    pub format: Option<String>,
}

/// A property before its Rust name is decided.
struct RawField {
    wire_name: String,
    field: Field,
}

/// Builds the named types of one API.
pub(super) struct Schemas<'a> {
    components: Option<&'a IndexMap<String, ReferenceOr<Schema>>>,
    component_names: HashMap<&'a str, String>,
    namespace: Namespace,
    /// Slots in definition order; a slot is reserved before its type is
    /// built so a parent precedes the inline types found inside it.
    defs: Vec<Option<TypeDef>>,
    /// Inline types by the pointer of the schema they come from, so a schema
    /// reached twice (e.g. through `allOf`) yields one type.
    by_origin: HashMap<String, String>,
}

impl<'a> Schemas<'a> {
    pub(super) fn new(components: Option<&'a IndexMap<String, ReferenceOr<Schema>>>) -> Self {
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
            component_names,
            namespace,
            defs: Vec::new(),
            by_origin: HashMap::new(),
        }
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
            self.defs[slot] = Some(TypeDef { name, origin: pointer, docs, kind });
        }
    }

    /// The named types, in definition order.
    pub(super) fn into_types(self) -> Vec<TypeDef> {
        self.defs.into_iter().flatten().collect()
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
                SchemaRef::Ref(reference) => {
                    let (name, target) = self.component(reference)?;
                    pointer = format!("/components/schemas/{}", escape_pointer_token(name));
                    schema = target.into();
                }
            }
        }
        Err("`$ref` chain is cyclic: no schema is ever reached".to_owned())
    }

    /// The component a `$ref` names.
    fn component(&self, reference: &str) -> Result<(&'a str, &'a ReferenceOr<Schema>), String> {
        reference
            .strip_prefix(COMPONENT_PREFIX)
            .and_then(|name| self.components?.get_key_value(name))
            .map(|(name, schema)| (name.as_str(), schema))
            .ok_or_else(|| {
                format!(
                    "schema `$ref` `{reference}` is not supported: a schema may only refer to \
                     `{COMPONENT_PREFIX}<name>`"
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
            description: data.description.clone().or_else(|| data.title.clone()),
            format,
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
        let schema = match schema {
            SchemaRef::Ref(reference) => {
                return match self.component(reference) {
                    Ok((name, _)) => Type::Named(self.component_names[name].clone()),
                    Err(message) => {
                        problems.report(pointer, message);
                        Type::Json
                    }
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
            SchemaKind::Type(OaType::Number(n)) => match format_name(&n.format).as_deref() {
                Some("float") => Type::F32,
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
                _ => self.inline(schema, pointer, hint, problems),
            },
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.inline(schema, pointer, hint, problems)
            }
            SchemaKind::Any(any) if any.items.is_some() => {
                self.array_of(any.items.as_ref(), pointer, hint, problems)
            }
            SchemaKind::Any(any) if any.additional_properties.is_some() => {
                self.map_of(any.additional_properties.as_ref(), pointer, hint, problems)
            }
            // oneOf / anyOf / not and untyped schemas carry any JSON value.
            _ => Type::Json,
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
        let name = self.namespace.claim(type_name(hint, "Type"));
        self.by_origin.insert(pointer.to_owned(), name.clone());
        let slot = self.reserve();
        let kind = self.kind_of(schema, pointer, &name, problems);
        let docs = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
        self.defs[slot] = Some(TypeDef { name: name.clone(), origin: pointer.to_owned(), docs, kind });
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
        match &schema.schema_kind {
            SchemaKind::Type(OaType::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                let (names, unknown) = variant_names(&values);
                let variants = names.into_iter().zip(values).map(|(name, value)| Variant { name, value }).collect();
                TypeKind::Enum { variants, unknown }
            }
            SchemaKind::Type(OaType::Object(object)) if !object.properties.is_empty() => {
                self.struct_of(schema, pointer, name, problems)
            }
            SchemaKind::AllOf { .. } => self.struct_of(schema, pointer, name, problems),
            SchemaKind::Any(any) if !any.properties.is_empty() => {
                self.struct_of(schema, pointer, name, problems)
            }
            _ => TypeKind::Alias(self.type_of(SchemaRef::Item(schema), pointer, name, problems)),
        }
    }

    fn struct_of(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        owner: &str,
        problems: &mut Problems<'_>,
    ) -> TypeKind {
        let mut fields = Vec::new();
        let mut required = Vec::new();
        self.collect_fields(schema, pointer, owner, &mut fields, &mut required, 0, problems);
        let mut namespace = Namespace::default();
        TypeKind::Struct(
            fields
                .into_iter()
                .map(|RawField { wire_name, mut field }| {
                    field.required = required.contains(&wire_name);
                    field.name = namespace.claim(field_name(&wire_name, "field"));
                    field
                })
                .collect(),
        )
    }

    /// Gathers the properties of an object, merging `allOf` members in order;
    /// a property seen twice keeps its first definition.
    #[allow(clippy::too_many_arguments)]
    fn collect_fields(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        owner: &str,
        fields: &mut Vec<RawField>,
        required: &mut Vec<String>,
        depth: usize,
        problems: &mut Problems<'_>,
    ) {
        if depth > MAX_DEPTH {
            problems.report(pointer, "`allOf` nesting is cyclic or deeper than 32 levels");
            return;
        }
        let (properties, required_here) = match &schema.schema_kind {
            SchemaKind::Type(OaType::Object(object)) => (&object.properties, &object.required),
            SchemaKind::Any(any) => (&any.properties, &any.required),
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
                        Ok((member, member_pointer)) => self.collect_fields(
                            member,
                            &member_pointer,
                            &member_owner,
                            fields,
                            required,
                            depth + 1,
                            problems,
                        ),
                        Err(message) => problems.report(&member_pointer, message),
                    }
                }
                return;
            }
            _ => {
                problems.report(pointer, "an `allOf` member must be an object schema");
                return;
            }
        };
        required.extend(required_here.iter().cloned());
        for (wire_name, property) in properties {
            if fields.iter().any(|seen| &seen.wire_name == wire_name) {
                continue;
            }
            let property_pointer = format!("{pointer}/properties/{}", escape_pointer_token(wire_name));
            let hint = format!("{owner}{}", type_name(wire_name, ""));
            let ty = self.type_of(property.into(), &property_pointer, &hint, problems);
            let facts = self.facts(property.into());
            fields.push(RawField {
                wire_name: wire_name.clone(),
                field: Field {
                    name: String::new(),
                    wire_name: wire_name.clone(),
                    docs: facts.description,
                    ty,
                    required: false,
                    nullable: facts.nullable,
                    read_only: facts.read_only,
                    format: facts.format,
                },
            });
        }
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
