//! Round trips of a document's examples through the generated types: each
//! example is decoded from its JSON text into the Rust type of its schema
//! and encoded back, and must come back equal. Included by the crates that
//! test generated modules (`tests/`, `cargo xtask corpus --examples`).

use serde_json::Value;

/// One example and the Rust type it belongs to.
pub struct Case {
    /// Where the example is written in its document.
    pub pointer: &'static str,
    /// The example, as JSON text.
    pub json: &'static str,
    /// What it may come back as besides `json`: members the schema does
    /// not declare are dropped, and declared defaults are set (for an
    /// untagged union, one value per shape, with that shape's defaults).
    pub expected: &'static [&'static str],
    /// Decodes the text into the type and encodes it back.
    pub round_trip: fn(&str) -> Result<Value, String>,
}

/// Decodes `json` as a `T` and encodes it back, as the client reads and
/// writes bodies: from and to JSON text (an `f32` is written as `f32`
/// text, which `serde_json::to_value` would widen to `f64` digits).
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<Value, String> {
    let value: T = serde_json::from_str(json).map_err(|error| format!("does not decode: {error}"))?;
    let text = serde_json::to_vec(&value).map_err(|error| format!("does not encode: {error}"))?;
    serde_json::from_slice(&text).map_err(|error| format!("encodes to text that is not JSON: {error}"))
}

/// Runs one case: what went wrong, if anything.
pub fn check(case: &Case) -> Result<(), String> {
    let actual = (case.round_trip)(case.json)?;
    let candidates = if case.expected.is_empty() { &[case.json][..] } else { case.expected };
    let mut first = None;
    for candidate in candidates {
        let expected: Value = serde_json::from_str(candidate).map_err(|error| format!("is not JSON: {error}"))?;
        match difference(&expected, &actual, "") {
            None => return Ok(()),
            Some(difference) => {
                first.get_or_insert(difference);
            }
        }
    }
    Err(format!("comes back different: {}", first.unwrap_or_default()))
}

/// Where `actual` first differs from `expected`, up to the normalisations
/// the README lists (with the two `Case::expected` applies): numbers are
/// compared by value (`1.0` is `1`), an object member that is `null` is the
/// same as one that is absent, two RFC 3339 date-times are the same when
/// they name the same instant, and two UUIDs are the same in any case.
fn difference(expected: &Value, actual: &Value, at: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Number(left), Value::Number(right)) => {
            let same = left == right || left.as_f64().zip(right.as_f64()).is_some_and(|(left, right)| left == right);
            (!same).then(|| format!("at `{at}`: {} became {}", short(expected), short(actual)))
        }
        (Value::String(left), Value::String(right)) if left != right => {
            let instant = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
            let uuid = |text: &str| uuid::Uuid::try_parse(text).ok();
            let same = instant(left).zip(instant(right)).is_some_and(|(left, right)| left == right)
                || uuid(left).zip(uuid(right)).is_some_and(|(left, right)| left == right);
            (!same).then(|| format!("at `{at}`: {} became {}", short(expected), short(actual)))
        }
        (Value::Array(left), Value::Array(right)) => {
            if left.len() != right.len() {
                return Some(format!("at `{at}`: {} items became {}", left.len(), right.len()));
            }
            left.iter().zip(right).enumerate().find_map(|(index, (left, right))| difference(left, right, &format!("{at}/{index}")))
        }
        (Value::Object(left), Value::Object(right)) => {
            let keys = left.keys().chain(right.keys().filter(|key| !left.contains_key(*key)));
            keys.into_iter().find_map(|key| {
                let (left, right) = (left.get(key).unwrap_or(&Value::Null), right.get(key).unwrap_or(&Value::Null));
                difference(left, right, &format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")))
            })
        }
        _ if expected == actual => None,
        _ => Some(format!("at `{at}`: {} became {}", short(expected), short(actual))),
    }
}

/// A value for a message, cut short.
fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 { format!("{}…", text.chars().take(77).collect::<String>()) } else { text }
}
