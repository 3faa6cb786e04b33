//! Finds where a document fails to type-check. `openapiv3` flattens
//! extension maps into most objects, and serde loses the path inside a
//! flattened object, so a bad node deep in `paths` is first reported at
//! `/paths`. Deserializing the usual suspects one by one names the node.

use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Responses, Schema, SecurityScheme};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::pointer_of;
use crate::error::escape_pointer_token;

/// The deepest failing node found, as a pointer and serde's message.
pub(super) fn narrow(raw: &Value) -> Option<(String, String)> {
    if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let at = format!("/paths/{}", escape_pointer_token(path));
            if check::<PathItem>(item, &at).is_ok() {
                continue;
            }
            for method in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
                let Some(operation) = item.get(method) else { continue };
                let at = format!("{at}/{method}");
                if check::<Operation>(operation, &at).is_ok() {
                    continue;
                }
                let parts = [
                    ("responses", check::<Responses> as Checker),
                    ("parameters", check::<Vec<ReferenceOr<Parameter>>>),
                    ("requestBody", check::<ReferenceOr<RequestBody>>),
                ];
                for (field, checker) in parts {
                    if let Some(Err(found)) = operation.get(field).map(|value| checker(value, &format!("{at}/{field}"))) {
                        return Some(found);
                    }
                }
                return check::<Operation>(operation, &at).err();
            }
            return check::<PathItem>(item, &at).err();
        }
    }
    let components = raw.get("components")?;
    let sections = [
        ("schemas", check::<ReferenceOr<Schema>> as Checker),
        ("parameters", check::<ReferenceOr<Parameter>>),
        ("responses", check::<ReferenceOr<Response>>),
        ("requestBodies", check::<ReferenceOr<RequestBody>>),
        ("securitySchemes", check::<ReferenceOr<SecurityScheme>>),
    ];
    for (section, checker) in sections {
        for (name, value) in components.get(section).and_then(Value::as_object).into_iter().flatten() {
            if let Err(found) = checker(value, &format!("/components/{section}/{}", escape_pointer_token(name))) {
                return Some(found);
            }
        }
    }
    None
}

type Checker = fn(&Value, &str) -> Result<(), (String, String)>;

fn check<T: DeserializeOwned>(value: &Value, at: &str) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(drop)
        .map_err(|error| (format!("{at}{}", pointer_of(error.path())), error.inner().to_string()))
}
