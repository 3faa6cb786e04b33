//! `oneOf` and `anyOf`: string unions become one enum, a tag makes a tagged
//! enum, and untagged shapes are ordered so the most specific is tried first
//! (no variant may swallow the fields of another).

use super::*;

impl<'a> Schemas<'a> {
    /// The values of a `oneOf`/`anyOf` whose members are all string enums or
    /// plain strings (`[RoleEnum, BlankEnum]`, `[{enum: [a, b]}, {type:
    /// string}]`, as drf-spectacular writes them): one string enum with every
    /// listed value, whose `Unknown` variant carries any other string.
    pub(super) fn string_union(&self, schema: &'a Schema) -> Option<Vec<String>> {
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
    pub(super) fn value_member(&self, all_of: &'a [ReferenceOr<Schema>]) -> Option<usize> {
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
    pub(super) fn shape(&self, schema: SchemaRef<'a>, depth: usize, seen: &mut HashSet<*const Schema>) -> Shape {
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
    pub(super) fn one_of(
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
}

/// What a schema describes, for merging `allOf` members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// An object with properties, or `type: object`.
    Object,
    /// A primitive, array, enum or composition.
    Value,
    /// Only docs or constraints.
    Untyped,
}

/// A variant name for a shape: the type's own name, or the kind of value.
pub(super) fn variant_name(ty: &Type) -> String {
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

/// Untagged decoding tries shapes in order and keeps, among those that
/// decode a value, the one that leaves out the fewest of its keys: on a tie
/// the earlier one. Specific shapes go first (the sort is stable, so equal
/// ranks keep the spec's order), ranked once every type is known.
pub(super) fn order_untagged_shapes(defs: &mut [TypeDef], index: &HashMap<String, usize>) {
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
pub(super) fn specificity(ty: &Type, defs: &[TypeDef], index: &HashMap<String, usize>) -> u8 {
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
