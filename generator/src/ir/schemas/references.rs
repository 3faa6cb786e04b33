//! Following `$ref`s: to components, and into other schemas (a property, the
//! items of an array) with a budget, so references that lead to each other
//! end.

use super::*;

impl<'a> Schemas<'a> {
    /// Follows `$ref`s to the schema they name; the error says why not.
    pub(super) fn resolve(&self, mut schema: SchemaRef<'a>, pointer: &str) -> Result<(&'a Schema, String), String> {
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
    pub(super) fn deep(&self, reference: &str) -> Option<&'a Schema> {
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

    pub(super) fn deep_unbounded(&self, reference: &str) -> Option<&'a Schema> {
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
    pub(super) fn in_operation(&self, tokens: &mut std::vec::IntoIter<String>) -> Option<&'a ReferenceOr<Schema>> {
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
    pub(super) fn component(&self, reference: &str) -> Result<(&'a str, &'a ReferenceOr<Schema>), String> {
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
}
