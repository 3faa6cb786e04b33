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
    fn pairs_spell_out_booleans_repeat_arrays_and_clear_nulls() {
        let mut pairs = Vec::new();
        push_pairs(&mut pairs, "on", &Value::Bool(true), Null::Skip);
        push_pairs(&mut pairs, "tag", &serde_json::json!(["a", "b c"]), Null::Skip);
        push_pairs(&mut pairs, "gone", &Value::Null, Null::Skip);
        push_pairs(&mut pairs, "cleared", &Value::Null, Null::Empty);
        assert_eq!(encode_pairs(&pairs), "on=true&tag=a&tag=b%20c&cleared=");
    }
}
