//! The Rust type of a schema: scalars by type and format, arrays, maps, and
//! the inline enums and objects that become named types.

use super::*;

impl<'a> Schemas<'a> {
    /// The Rust type of a schema at `pointer`. Inline enums and objects become
    /// named types called `hint`.
    pub(in crate::ir) fn type_of(
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

    /// [`Schemas::type_of`] without keeping the type for the examples.
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

    pub(super) fn array_of(
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

    pub(super) fn map_of(
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
    pub(super) fn element_type(
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
    pub(super) fn inline(
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
        let docs = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
        if let Some(first) = self.repeat(schema, pointer, &name, docs.clone(), problems) {
            return first;
        }
        self.by_origin.insert(pointer.to_owned(), name.clone());
        if let Some(values) = union {
            self.unions.insert(values, name.clone());
        }
        let slot = self.reserve();
        let kind = self.kind_of(schema, pointer, &name, problems);
        self.slots.insert(name.clone(), slot);
        self.defs[slot] = Some(TypeDef { name: name.clone(), origin: pointer.to_owned(), docs, kind, sent: false, gate: Gate::Always, copy_of: None });
        Type::Named(name)
    }

    /// The shape of a schema that gets a name of its own.
    pub(super) fn kind_of(
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
}

/// The `format` keyword as the spec wrote it, for documentation.
pub(super) fn format_name<T: KnownFormat>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => Some(known.spelling().to_owned()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The formats `openapiv3` parses into enums, spelled as in a spec.
pub(super) trait KnownFormat {
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

/// A string enum of `values`, named through the naming module.
pub(super) fn enum_of(values: Vec<String>) -> TypeKind {
    let (names, unknown) = variant_names(&values);
    let variants = names.into_iter().zip(values).map(|(name, value)| Variant { name, value }).collect();
    TypeKind::Enum { variants, unknown }
}

/// A `oneOf`/`anyOf` that constrains nothing: absent, or one member that is
/// the empty schema `{}`.
pub(super) fn adds_nothing(members: &[ReferenceOr<Schema>]) -> bool {
    match members {
        [] => true,
        [ReferenceOr::Item(member)] => matches!(&member.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default()),
        _ => false,
    }
}

/// What the values of an `enum` without `type` allow.
pub(super) enum UntypedEnum {
    /// Every value is text (`null` aside): a string enum of these.
    Strings(Vec<String>),
    /// Every value is a whole number (`null` aside).
    Integers,
}

pub(super) fn untyped_enum(values: &[serde_json::Value]) -> Option<UntypedEnum> {
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
pub(super) fn shape_words(kind: &SchemaKind) -> &'static str {
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
