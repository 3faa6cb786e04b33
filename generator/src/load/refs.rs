//! Checks every `$ref` of a raw document before it is typed, so that a broken
//! reference is reported where it is written, all of them in one run.

use serde_json::Value;

use crate::error::{Problems, escape_pointer_token};

/// Maps whose keys are names chosen by the document's author: a key `$ref`
/// there is a name (a property called `$ref`), not a reference.
const NAME_MAPS: &[&str] = &["properties", "schemas", "patternProperties", "definitions", "mapping", "examples"];

/// Decodes percent-encoded `$ref` fragments (`#/paths/~1a%7Bid%7D`): RFC 6901
/// pointers in a URI fragment are percent-encoded, and every later stage
/// compares references as plain pointers.
pub(super) fn decode_refs(node: &mut Value, in_name_map: bool) {
    match node {
        Value::Object(members) => {
            if !in_name_map {
                if let Some(Value::String(target)) = members.get_mut("$ref") {
                    if target.contains('%') {
                        if let Ok(decoded) = percent_encoding::percent_decode_str(target).decode_utf8() {
                            *target = decoded.into_owned();
                        }
                    }
                }
            }
            for (key, child) in members.iter_mut() {
                decode_refs(child, !in_name_map && NAME_MAPS.contains(&key.as_str()));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|child| decode_refs(child, false)),
        _ => {}
    }
}

/// Reports each `$ref` that is external or points at nothing.
pub(super) fn check_refs(root: &Value, problems: &mut Problems<'_>) {
    let mut stack = vec![(String::new(), root, false)];
    while let Some((pointer, node, in_name_map)) = stack.pop() {
        match node {
            Value::Object(members) => {
                if let Some(target) = members.get("$ref").filter(|_| !in_name_map) {
                    check_one(root, &pointer, target, problems);
                }
                // Pushed in reverse so problems come out in document order.
                for (key, child) in members.iter().rev() {
                    let name_map = !in_name_map && NAME_MAPS.contains(&key.as_str());
                    stack.push((format!("{pointer}/{}", escape_pointer_token(key)), child, name_map));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{index}"), child, false));
                }
            }
            _ => {}
        }
    }
}

fn check_one(root: &Value, pointer: &str, target: &Value, problems: &mut Problems<'_>) {
    let Some(target) = target.as_str() else {
        problems.report(pointer, "`$ref` must be a string such as `#/components/schemas/Name`");
        return;
    };
    let Some(local) = target.strip_prefix('#') else {
        problems.report(
            pointer,
            format!(
                "external `$ref` `{target}` is not supported: copy the referenced definition \
                 into this document's `components` and refer to it as `#/components/...`"
            ),
        );
        return;
    };
    if root.pointer(local).is_none() {
        problems.report(
            pointer,
            format!("`$ref` `{target}` points at nothing: no node exists at `{local}`"),
        );
    }
}

/// OpenAPI lets an operation's callback be a Reference Object, which
/// `openapiv3` only reads inline; callbacks are documented, never called,
/// so each referenced callback of this document is copied in. A reference
/// that leads nowhere stays, for `check_refs` to report.
pub(super) fn inline_callback_refs(root: &mut Value) {
    let mut copies = Vec::new();
    let operations = root.get("paths").and_then(Value::as_object).into_iter().flatten().flat_map(|(path, item)| {
        item.as_object().into_iter().flatten().map(move |(method, operation)| (path, method, operation))
    });
    for (path, method, operation) in operations {
        for (name, callback) in operation.get("callbacks").and_then(Value::as_object).into_iter().flatten() {
            let target = callback.get("$ref").and_then(Value::as_str).and_then(|reference| reference.strip_prefix('#'));
            if let Some(value) = target.and_then(|target| root.pointer(target)).filter(|value| value.get("$ref").is_none()) {
                let at = format!("/paths/{}/{method}/callbacks/{}", escape_pointer_token(path), escape_pointer_token(name));
                copies.push((at, value.clone()));
            }
        }
    }
    for (at, value) in copies {
        if let Some(node) = root.pointer_mut(&at) {
            *node = value;
        }
    }
}
