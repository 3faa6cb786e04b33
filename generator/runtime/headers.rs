//! Response headers the spec declares, read into typed values.

use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::DecodeError;

/// The typed form of the headers an operation's success responses declare
/// (a generated `…Headers` struct; `()` when none are declared). Read once
/// per success, so a declared header that is malformed fails the call like
/// a body that does not match the spec.
pub trait FromHeaders: Sized {
    /// Reads the declared headers.
    fn from_headers(headers: &HeaderReader<'_>) -> Result<Self, DecodeError>;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderReader<'_>) -> Result<Self, DecodeError> {
        Ok(())
    }
}

/// Reads header values as the types the spec gives them. A value is read
/// as a JSON scalar when it is one (`42`, `true`) and otherwise as text, so
/// numbers, booleans, UUIDs, dates and enums all come out of header text.
#[derive(Debug)]
pub struct HeaderReader<'a> {
    status: StatusCode,
    headers: &'a HeaderMap,
}

impl<'a> HeaderReader<'a> {
    #[cfg(feature = "client")]
    pub(crate) fn new(status: StatusCode, headers: &'a HeaderMap) -> Self {
        Self { status, headers }
    }

    /// The header `name` (lower case), if present.
    pub fn optional<T: DeserializeOwned>(&self, name: &'static str) -> Result<Option<T>, DecodeError> {
        self.text(name)?.map(|text| self.value(name, text)).transpose()
    }

    /// The header `name` (lower case); its absence is a decode error.
    pub fn required<T: DeserializeOwned>(&self, name: &'static str) -> Result<T, DecodeError> {
        match self.optional(name)? {
            Some(value) => Ok(value),
            None => Err(self.error(name, "", serde::de::Error::custom("the response lacks this required header"))),
        }
    }

    /// The header `name` (lower case) as a comma-separated list; every
    /// occurrence of the header contributes.
    pub fn list<T: DeserializeOwned>(&self, name: &'static str) -> Result<Option<Vec<T>>, DecodeError> {
        let mut items = Vec::new();
        let mut present = false;
        for value in self.headers.get_all(name) {
            present = true;
            let text = value.to_str().map_err(|_| self.error(name, "", serde::de::Error::custom("the value is not visible ASCII")))?;
            for item in text.split(',').map(str::trim).filter(|item| !item.is_empty()) {
                items.push(self.value(name, item)?);
            }
        }
        Ok(present.then_some(items))
    }

    fn text(&self, name: &'static str) -> Result<Option<&'a str>, DecodeError> {
        match self.headers.get(name) {
            None => Ok(None),
            Some(value) => value
                .to_str()
                .map(|text| Some(text.trim()))
                .map_err(|_| self.error(name, "", serde::de::Error::custom("the value is not visible ASCII"))),
        }
    }

    fn value<T: DeserializeOwned>(&self, name: &'static str, text: &str) -> Result<T, DecodeError> {
        let scalar = serde_json::from_str::<Value>(text).ok().filter(|value| !value.is_object() && !value.is_array());
        if let Some(Ok(value)) = scalar.map(serde_json::from_value) {
            return Ok(value);
        }
        serde_json::from_value(Value::String(text.to_owned())).map_err(|error| self.error(name, text, error))
    }

    fn error(&self, name: &str, text: &str, error: serde_json::Error) -> DecodeError {
        DecodeError::new(self.status, text.as_bytes(), format!("header {name}"), error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn values_are_read_as_their_declared_types() {
        let map = headers(&[("x-count", " 42 "), ("x-flag", "true"), ("x-id", "a1b2c3d4-e5f6-7890-abcd-ef1234567890"), ("x-name", "42")]);
        let reader = HeaderReader::new(StatusCode::OK, &map);
        assert_eq!(reader.optional::<i64>("x-count").unwrap(), Some(42));
        assert_eq!(reader.optional::<bool>("x-flag").unwrap(), Some(true));
        assert!(reader.optional::<uuid::Uuid>("x-id").unwrap().is_some());
        assert_eq!(reader.optional::<String>("x-name").unwrap().as_deref(), Some("42"), "digits stay text where text is declared");
        assert_eq!(reader.optional::<i64>("x-absent").unwrap(), None);
    }

    #[test]
    fn malformed_or_missing_required_values_are_decode_errors_naming_the_header() {
        let map = headers(&[("x-count", "many")]);
        let reader = HeaderReader::new(StatusCode::OK, &map);
        let error = reader.optional::<i64>("x-count").unwrap_err();
        assert_eq!(error.path(), "header x-count");
        assert_eq!(error.snippet(), "many");
        assert_eq!(reader.required::<i64>("x-other").unwrap_err().path(), "header x-other");
    }

    #[test]
    fn lists_split_on_commas_across_repeated_headers() {
        let map = headers(&[("x-tags", "a, b"), ("x-tags", "c")]);
        let reader = HeaderReader::new(StatusCode::OK, &map);
        assert_eq!(reader.list::<String>("x-tags").unwrap(), Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]));
        assert_eq!(reader.list::<String>("x-none").unwrap(), None);
    }
}
