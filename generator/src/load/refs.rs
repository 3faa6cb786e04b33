//! Checks every `$ref` of a raw document before it is typed, so that a broken
//! reference is reported where it is written, all of them in one run.

use serde_json::Value;

use crate::error::{Problems, escape_pointer_token};

/// Reports each `$ref` that is external or points at nothing.
pub(super) fn check_refs(root: &Value, problems: &mut Problems<'_>) {
    let mut stack = vec![(String::new(), root)];
    while let Some((pointer, node)) = stack.pop() {
        match node {
            Value::Object(members) => {
                if let Some(target) = members.get("$ref") {
                    check_one(root, &pointer, target, problems);
                }
                // Pushed in reverse so problems come out in document order.
                for (key, child) in members.iter().rev() {
                    stack.push((format!("{pointer}/{}", escape_pointer_token(key)), child));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    stack.push((format!("{pointer}/{index}"), child));
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
