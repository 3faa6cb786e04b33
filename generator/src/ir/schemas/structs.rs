//! Objects become structs: properties merged across `allOf` members in order,
//! required and read/write-only rules, the rest of the object in a flattened
//! map.

use super::*;

impl<'a> Schemas<'a> {
    pub(super) fn struct_of(
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
    pub(super) fn collect_fields(&mut self, schema: &'a Schema, pointer: &str, owner: &str, merge: &mut Merge, problems: &mut Problems<'_>) {
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

/// A property before its Rust name is decided.
pub(super) struct RawField {
    wire_name: String,
    field: Field,
}

/// The properties of one struct while its `allOf` members are merged.
#[derive(Default)]
pub(super) struct Merge {
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
