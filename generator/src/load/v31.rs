//! Reads an OpenAPI 3.1 document as the 3.0 model the later stages know,
//! by rewriting the raw JSON in place (so every pointer and line:col still
//! names the original text). What 3.1 adds that has no 3.0 form is dropped
//! with a warning, never refused.

use serde_json::{Map, Value};

use crate::error::escape_pointer_token;

/// Keys that hold maps of author-chosen names, whose entries are schemas
/// or other objects but never keywords themselves.
const NAME_MAPS: &[&str] = &["properties", "patternProperties", "schemas", "$defs", "definitions"];

/// JSON Schema 2020-12 keywords with no 3.0 counterpart: removed, with a warning.
const DROPPED: &[&str] = &[
    "prefixItems", "if", "then", "else", "dependentSchemas", "dependentRequired", "unevaluatedProperties",
    "unevaluatedItems", "contains", "minContains", "maxContains", "propertyNames", "$defs", "$anchor",
    "$dynamicRef", "$dynamicAnchor", "$schema", "$id", "$comment", "patternProperties",
];

/// Rewrites a 3.1 document as 3.0; returns `(pointer, what was done)` for
/// each construct degraded.
pub(super) fn translate(document: &mut Value) -> Vec<(String, String)> {
    let mut warnings = Vec::new();
    let Value::Object(root) = document else { return warnings };
    root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    if root.remove("webhooks").is_some() {
        warnings.push(("/webhooks".to_owned(), "webhooks describe requests the API sends, not calls a client makes: they are not generated".to_owned()));
    }
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if components.remove("pathItems").is_some() {
            warnings.push(("/components/pathItems".to_owned(), "`components.pathItems` are left out".to_owned()));
        }
    }
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    walk(document, "", false, &mut warnings);
    warnings
}

fn walk(node: &mut Value, pointer: &str, in_name_map: bool, warnings: &mut Vec<(String, String)>) {
    match node {
        Value::Object(members) => {
            if !in_name_map {
                schema(members, pointer, warnings);
            }
            for (key, child) in members.iter_mut() {
                let name_map = !in_name_map && NAME_MAPS.contains(&key.as_str());
                // A boolean schema: `true` allows anything, `false` nothing.
                if (in_name_map || matches!(key.as_str(), "items" | "not")) && child.is_boolean() {
                    *child = if *child == Value::Bool(true) { Value::Object(Map::new()) } else { serde_json::json!({"not": {}}) };
                }
                walk(child, &format!("{pointer}/{}", escape_pointer_token(key)), name_map, warnings);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                walk(child, &format!("{pointer}/{index}"), false, warnings);
            }
        }
        _ => {}
    }
}

/// Rewrites one object if it is a schema (any object may be; only schema
/// keywords are touched, and only in their 3.1 forms).
fn schema(members: &mut Map<String, Value>, pointer: &str, warnings: &mut Vec<(String, String)>) {
    if let Some(Value::Array(types)) = members.get("type").cloned() {
        let nullable = types.iter().any(|t| t == "null");
        let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        match others.as_slice() {
            [one] => {
                members.insert("type".to_owned(), one.clone());
            }
            [] => {
                members.remove("type");
            }
            _ => {
                members.remove("type");
                warnings.push((pointer.to_owned(), "a schema of several types is typed as any JSON value".to_owned()));
            }
        }
        if nullable {
            members.insert("nullable".to_owned(), Value::Bool(true));
        }
    }
    if let Some(value) = members.remove("const") {
        if value.is_string() {
            members.entry("type").or_insert_with(|| Value::String("string".to_owned()));
        }
        members.insert("enum".to_owned(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = members.get("examples") {
        if let Some(first) = examples.first().cloned() {
            members.entry("example").or_insert(first);
        }
        members.remove("examples");
    }
    for (exclusive, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(limit @ Value::Number(_)) = members.get(exclusive).cloned() {
            members.insert(bound.to_owned(), limit);
            members.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
    if members.contains_key("contentMediaType") || members.contains_key("contentEncoding") {
        members.remove("contentMediaType");
        members.remove("contentEncoding");
        if members.get("type").is_none_or(|t| t == "string") {
            members.entry("format").or_insert_with(|| Value::String("binary".to_owned()));
        }
    }
    // 3.1 allows siblings next to `$ref`; 3.0 readers ignore them, so the
    // reference goes into an `allOf` beside them.
    if members.len() > 1 && members.get("$ref").is_some_and(Value::is_string) {
        let reference = members.remove("$ref").unwrap_or_default();
        let wrapper = Map::from_iter([("$ref".to_owned(), reference)]);
        members.insert("allOf".to_owned(), Value::Array(vec![Value::Object(wrapper)]));
    }
    for key in DROPPED {
        if members.remove(*key).is_some() {
            warnings.push((format!("{pointer}/{}", escape_pointer_token(key)), format!("`{key}` has no Rust shape yet and is ignored")));
        }
    }
}
