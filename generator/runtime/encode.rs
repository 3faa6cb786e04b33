//! Turns parameter and form values into text. Every value goes through serde
//! first, so a generated enum, a date-time or a number is spelled the same in
//! a path, a query string, a header and a form body.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use super::Error;

/// Everything but RFC 3986 unreserved characters is encoded, so a value can
/// never add a path segment, a query parameter or a form field.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// What `null` means where a value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Null {
    /// An unset optional parameter: leave it out.
    Skip,
    /// An explicit clear in a form body: send the field empty.
    Empty,
}

/// Encodes one path parameter as exactly one path segment: `/`, `%`, spaces
/// and everything else outside the unreserved set are percent-encoded. A
/// value of exactly `.` or `..` is refused: URL parsers and servers treat
/// it, even percent-encoded, as a step up the path, never as a name.
pub(crate) fn path_segment<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let Some(text) = joined(&to_value(value)?) else {
        return Err(Error::InvalidRequest("a path parameter has no value".to_owned()));
    };
    if text.is_empty() || text == "." || text == ".." {
        return Err(Error::InvalidRequest(format!(
            "a path parameter of `{text}` would address another resource, so it is not sent"
        )));
    }
    Ok(encode_component(&text))
}

/// Serialises a value for the wire.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|error| Error::InvalidRequest(format!("a value could not be encoded: {error}")))
}

/// How an array or object parameter is written, as the spec's `style` and
/// `explode` declare; only non-default styles are passed explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Query `form`: exploded repeats the name (objects as `key=value`
    /// pairs), otherwise `name=a,b` (objects `name=k1,v1,k2,v2`).
    Form {
        /// One pair per item.
        explode: bool,
    },
    /// Query `name=a%20b`.
    SpaceDelimited,
    /// Query `name=a|b`.
    PipeDelimited,
    /// Query `name[key]=value` for each property of an object.
    DeepObject,
    /// Path `a,b`; exploded objects `k1=v1,k2=v2`.
    Simple {
        /// Objects as `key=value`.
        explode: bool,
    },
    /// Path `.a.b` (exploded) or `.a,b`.
    Label {
        /// Items separated by `.`.
        explode: bool,
    },
    /// Path `;name=a;name=b` (exploded) or `;name=a,b`.
    Matrix {
        /// One `;name=` per item.
        explode: bool,
    },
}

/// The styles with an `explode` flag, as calls: generated request chains
/// stay on one line where a struct literal would break over four.
impl ParamStyle {
    /// [`ParamStyle::Form`].
    pub const fn form(explode: bool) -> Self {
        Self::Form { explode }
    }

    /// [`ParamStyle::Simple`].
    pub const fn simple(explode: bool) -> Self {
        Self::Simple { explode }
    }

    /// [`ParamStyle::Label`].
    pub const fn label(explode: bool) -> Self {
        Self::Label { explode }
    }

    /// [`ParamStyle::Matrix`].
    pub const fn matrix(explode: bool) -> Self {
        Self::Matrix { explode }
    }
}

/// The scalar texts of a value: an array's items, an object's keys and
/// values in turn (or `key=value` when `pairs`), a scalar alone.
fn items(value: &Value, pairs: bool) -> Vec<String> {
    let scalar = |value: &Value| match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items.iter().map(scalar).collect(),
        Value::Object(members) if pairs => members.iter().map(|(key, value)| format!("{key}={}", scalar(value))).collect(),
        Value::Object(members) => members.iter().flat_map(|(key, value)| [key.clone(), scalar(value)]).collect(),
        other => vec![scalar(other)],
    }
}

/// Query pairs for a parameter of a declared style; `name=text` pairs
/// whose text is still to be percent-encoded, except where a separator must
/// stay literal (the caller encodes each pair with [`encode_pairs`]).
pub(crate) fn styled_pairs(pairs: &mut Vec<(String, String)>, name: &str, value: &Value, style: ParamStyle) {
    if value.is_null() {
        return;
    }
    let join = |separator: &str| items(value, false).join(separator);
    match style {
        ParamStyle::Form { explode: true } => match value {
            Value::Object(members) => {
                for (key, item) in members {
                    push_pairs(pairs, key, item, Null::Skip);
                }
            }
            _ => push_pairs(pairs, name, value, Null::Skip),
        },
        ParamStyle::DeepObject => match value {
            Value::Object(members) => {
                for (key, item) in members {
                    push_pairs(pairs, &format!("{name}[{key}]"), item, Null::Skip);
                }
            }
            _ => push_pairs(pairs, name, value, Null::Skip),
        },
        ParamStyle::Form { explode: false } | ParamStyle::Simple { .. } | ParamStyle::Label { .. } | ParamStyle::Matrix { .. } => {
            pairs.push((name.to_owned(), join(",")));
        }
        ParamStyle::SpaceDelimited => pairs.push((name.to_owned(), join(" "))),
        ParamStyle::PipeDelimited => pairs.push((name.to_owned(), join("|"))),
    }
}

/// A path parameter of a declared style: each item percent-encoded, the
/// style's separators literal. Empty values and `.`/`..` items are refused
/// as in [`path_segment`].
pub(crate) fn styled_segment(name: &str, value: &Value, style: ParamStyle) -> Result<String, Error> {
    let explode = matches!(style, ParamStyle::Simple { explode: true } | ParamStyle::Label { explode: true } | ParamStyle::Matrix { explode: true });
    let texts = items(value, explode && value.is_object());
    if texts.is_empty() || texts.iter().any(|text| text.is_empty() || text == "." || text == "..") {
        return Err(Error::InvalidRequest(format!(
            "path parameter `{name}` is empty or would address another resource, so it is not sent"
        )));
    }
    let encoded: Vec<String> = texts.iter().map(|text| encode_component(text).replace("%3D", "=")).collect();
    let name = encode_component(name);
    Ok(match style {
        ParamStyle::Label { explode: true } => format!(".{}", encoded.join(".")),
        ParamStyle::Label { explode: false } => format!(".{}", encoded.join(",")),
        ParamStyle::Matrix { explode: true } if !value.is_object() => {
            encoded.iter().map(|text| format!(";{name}={text}")).collect()
        }
        ParamStyle::Matrix { explode: true } => encoded.iter().map(|text| format!(";{text}")).collect(),
        ParamStyle::Matrix { explode: false } => format!(";{name}={}", encoded.join(",")),
        _ => encoded.join(","),
    })
}

/// Flattens a value into `name=text` pairs: arrays repeat the name, `true` and
/// `false` are spelled out, objects are sent as JSON text.
pub(crate) fn push_pairs(pairs: &mut Vec<(String, String)>, name: &str, value: &Value, null: Null) {
    let text = match value {
        Value::Null => match null {
            Null::Skip => return,
            Null::Empty => String::new(),
        },
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => text.clone(),
        Value::Array(items) => {
            for item in items {
                push_pairs(pairs, name, item, null);
            }
            return;
        }
        Value::Object(_) => value.to_string(),
    };
    pairs.push((name.to_owned(), text));
}

/// A value as one piece of text, arrays comma-joined (the `simple` style of
/// paths and headers); `None` for `null`.
pub(crate) fn joined(value: &Value) -> Option<String> {
    let mut pairs = Vec::new();
    push_pairs(&mut pairs, "", value, Null::Skip);
    let text: Vec<String> = pairs.into_iter().map(|(_, text)| text).collect();
    (!text.is_empty()).then(|| text.join(","))
}

/// `a=1&b=x%20y`: the query string and form body encoding.
pub(crate) fn encode_pairs(pairs: &[(String, String)]) -> String {
    let encoded: Vec<String> = pairs.iter().map(|(name, text)| format!("{}={}", encode_component(name), encode_component(text))).collect();
    encoded.join("&")
}

/// Percent-encodes everything outside the RFC 3986 unreserved set.
pub(crate) fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape_their_segment() {
        assert_eq!(path_segment("a/b c%d").unwrap(), "a%2Fb%20c%25d");
        assert!(path_segment("..").is_err());
        assert!(path_segment(".").is_err());
        assert!(path_segment("").is_err(), "an empty segment addresses the collection");
        assert_eq!(path_segment("...").unwrap(), "...");
        assert_eq!(path_segment("../x").unwrap(), "..%2Fx");
        assert_eq!(path_segment(&42).unwrap(), "42");
        assert!(path_segment(&Option::<String>::None).is_err());
    }

    #[test]
    fn declared_styles_write_arrays_and_objects_as_the_spec_says() {
        let list = serde_json::json!(["a b", "c"]);
        let object = serde_json::json!({"role": "admin", "first": "Al"});
        let query = |value: &Value, style| {
            let mut pairs = Vec::new();
            styled_pairs(&mut pairs, "id", value, style);
            encode_pairs(&pairs)
        };
        assert_eq!(query(&list, ParamStyle::Form { explode: false }), "id=a%20b%2Cc");
        assert_eq!(query(&list, ParamStyle::SpaceDelimited), "id=a%20b%20c");
        assert_eq!(query(&list, ParamStyle::PipeDelimited), "id=a%20b%7Cc");
        assert_eq!(query(&object, ParamStyle::DeepObject), "id%5Brole%5D=admin&id%5Bfirst%5D=Al");
        assert_eq!(query(&object, ParamStyle::Form { explode: true }), "role=admin&first=Al");
        assert_eq!(query(&object, ParamStyle::Form { explode: false }), "id=role%2Cadmin%2Cfirst%2CAl");
        let path = |value: &Value, style| styled_segment("id", value, style).unwrap();
        assert_eq!(path(&list, ParamStyle::Label { explode: true }), ".a%20b.c");
        assert_eq!(path(&list, ParamStyle::Label { explode: false }), ".a%20b,c");
        assert_eq!(path(&list, ParamStyle::Matrix { explode: true }), ";id=a%20b;id=c");
        assert_eq!(path(&list, ParamStyle::Matrix { explode: false }), ";id=a%20b,c");
        assert_eq!(path(&object, ParamStyle::Simple { explode: true }), "role=admin,first=Al");
        assert_eq!(path(&object, ParamStyle::Matrix { explode: true }), ";role=admin;first=Al");
        assert!(styled_segment("id", &serde_json::json!([]), ParamStyle::Label { explode: true }).is_err());
        assert!(styled_segment("id", &serde_json::json!(["..", "x"]), ParamStyle::Simple { explode: false }).is_err());
    }

    #[test]
    fn pairs_spell_out_booleans_repeat_arrays_and_clear_nulls() {
        let mut pairs = Vec::new();
        push_pairs(&mut pairs, "on", &Value::Bool(true), Null::Skip);
        push_pairs(&mut pairs, "tag", &serde_json::json!(["a", "b c"]), Null::Skip);
        push_pairs(&mut pairs, "gone", &Value::Null, Null::Skip);
        push_pairs(&mut pairs, "cleared", &Value::Null, Null::Empty);
        assert_eq!(encode_pairs(&pairs), "on=true&tag=a&tag=b%20c&cleared=");
    }
}
