//! The synthetic spec the benchmark generates: deterministic, any size, and
//! mixing the constructs real customer APIs use.

use serde_json::json;

/// Whether operations declare `default` responses. Progenitor refuses an
/// operation that has one next to a status-code response, so the
/// side-by-side comparison uses a spec without them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultResponses {
    /// Some operations declare a `default` error response.
    Declared,
    /// No operation declares one.
    Omitted,
}

/// A deterministic spec mixing objects, enums, arrays, `allOf` and `oneOf`
/// schemas, and GET (path and query parameters), POST (JSON) and PUT (form)
/// operations.
pub fn synthetic_spec(operations: usize, schemas: usize, defaults: DefaultResponses) -> String {
    let schemas = schemas.max(4);
    let name = |index: usize| format!("Schema{index}");
    let reference = |index: usize| json!({"$ref": format!("#/components/schemas/{}", name(index % schemas))});
    let mut components = serde_json::Map::new();
    for index in 0..schemas {
        let schema = match index % 5 {
            0 => json!({
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string", "maxLength": 64},
                    "count": {"type": "integer", "format": "int32", "minimum": 0},
                    "ratio": {"type": "number", "nullable": true},
                    "created": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "next": reference(index + 1),
                }
            }),
            1 => json!({"type": "string", "enum": ["alpha", "beta", "-beta", "gamma"]}),
            2 => json!({"type": "array", "items": reference(index + 3)}),
            3 => json!({"allOf": [reference(index + 2), {"type": "object", "properties": {"extra": {"type": "boolean"}}}]}),
            _ => json!({"oneOf": [reference(index + 1), {"type": "string"}, {"type": "integer"}]}),
        };
        components.insert(name(index), schema);
    }
    let mut paths = serde_json::Map::new();
    for index in 0..operations {
        let object = reference((index / 5) * 5);
        let path = format!("/resources{}/{{id}}", index / 3);
        let operation = match index % 3 {
            0 => ("get", json!({
                "operationId": format!("get_resource_{index}"),
                "summary": "Get resources",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "page", "in": "query", "schema": {"type": "integer"}},
                    {"name": "filter", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                ],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "array", "items": object}}}}},
            })),
            1 => ("post", json!({
                "operationId": format!("create_resource_{index}"),
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": object}}},
                "responses": {
                    "201": {"description": "Created", "content": {"application/json": {"schema": object}}},
                    "400": {"description": "Invalid", "content": {"application/json": {"schema": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}},
                },
            })),
            _ => ("put", json!({
                "operationId": format!("update_resource_{index}"),
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": object}}},
                "responses": if defaults == DefaultResponses::Declared {
                    json!({"204": {"description": "Updated"}, "default": {"description": "Error"}})
                } else {
                    json!({"204": {"description": "Updated"}})
                },
            })),
        };
        let item = paths.entry(path).or_insert_with(|| json!({}));
        if let Some(item) = item.as_object_mut() {
            item.insert(operation.0.to_owned(), operation.1);
        }
    }
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1", "x-custgen-module": "synthetic"},
        "servers": [{"url": "https://synthetic.example.com"}],
        "paths": paths,
        "components": {"schemas": components},
    });
    serde_json::to_string(&spec).unwrap_or_default()
}
