//! Rewrites, in the raw JSON and before it is typed, spellings that the
//! typed model would read as less than they say. Keys are only removed, so
//! every pointer and line:col still names the original text.

use serde_json::Value;

/// Keys that may stand beside `allOf` and `type: object` without giving
/// the schema a shape of its own (annotations); with only these,
/// `type: object` says nothing the members do not, and keeping it would
/// make the typed model drop the `allOf`.
const ANNOTATIONS: &[&str] = &[
    "allOf", "type", "title", "description", "nullable", "readOnly", "writeOnly", "deprecated", "example", "examples",
    "externalDocs", "default", "xml",
];

/// Drops `type: object` beside an `allOf` with no shape of its own
/// (`{type: object, allOf: [...]}`, as Microsoft Graph writes every
/// collection response), anywhere in the document.
pub(super) fn normalize(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let merge_only = matches!(object.get("allOf"), Some(Value::Array(_)))
                && object.get("type").and_then(Value::as_str) == Some("object")
                && object.keys().all(|key| ANNOTATIONS.contains(&key.as_str()) || key.starts_with("x-"));
            if merge_only {
                object.remove("type");
            }
            for child in object.values_mut() {
                normalize(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_object_beside_a_bare_all_of_is_dropped_and_nothing_else() {
        let mut document = serde_json::json!({
            "merged": {"type": "object", "title": "T", "allOf": [{"$ref": "#/a"}]},
            "own": {"type": "object", "allOf": [{"$ref": "#/a"}], "properties": {"x": {"type": "string"}}},
            "plain": {"type": "object"},
            "defining": {"type": "object", "allOf": [{"$ref": "#/a"}], "definitions": {}}
        });
        normalize(&mut document);
        assert_eq!(document["merged"], serde_json::json!({"title": "T", "allOf": [{"$ref": "#/a"}]}));
        assert_eq!(document["own"]["type"], "object");
        assert_eq!(document["plain"]["type"], "object");
        assert_eq!(document["defining"]["type"], "object", "a key beside it that may carry a shape keeps it");
    }
}
