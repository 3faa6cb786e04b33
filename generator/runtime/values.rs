//! Value types for string formats that plain Rust types would get wrong.

use std::fmt;
use std::str::FromStr;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact decimal number (`format: decimal`), kept as the text the API
/// sent, so no digit is ever lost to floating point. Decoding checks the
/// syntax, so a malformed value fails with the field's path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(String);

/// Why a string is not a decimal number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a decimal number")]
pub struct InvalidDecimal(String);

impl Decimal {
    /// The number as text, e.g. `"-12.50"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`, for arithmetic where exactness does not matter.
    pub fn to_f64(&self) -> f64 {
        self.0.parse().unwrap_or(f64::NAN)
    }
}

impl FromStr for Decimal {
    type Err = InvalidDecimal;

    /// Accepts the shape of a decimal: an optional sign, digits and at most
    /// one point, as `^-?\d{0,3}(?:\.\d{0,2})?$`-style patterns (Waldur's)
    /// describe it: `12`, `-0.5`, `+3.`, `.55` and `-.8` are decimals, and so
    /// are the degenerate `.`, `-` and empty text such a pattern admits (kept
    /// as sent; [`Decimal::to_f64`] gives NaN). `1e3`, `NaN`, `1.2.3` and
    /// `twenty` are not.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let valid = whole.bytes().all(|b| b.is_ascii_digit()) && fraction.bytes().all(|b| b.is_ascii_digit());
        if valid { Ok(Self(text.to_owned())) } else { Err(InvalidDecimal(text.to_owned())) }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A file to upload in a `multipart/form-data` body (`format: binary`);
/// in a JSON body, its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: Bytes,
    file_name: String,
    content_type: String,
}

impl FilePart {
    /// A file with its contents, the name the server sees, and its media
    /// type (e.g. `image/png`).
    pub fn new(bytes: impl Into<Bytes>, file_name: impl Into<String>, content_type: impl Into<String>) -> Self {
        Self { bytes: bytes.into(), file_name: file_name.into(), content_type: content_type.into() }
    }

    /// The contents.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The file name sent in `Content-Disposition`.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The media type sent as the part's `Content-Type`.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }
}

/// In a JSON or form body a `format: binary` value is a string (a JSON
/// response does carry such fields): a file is sent as its text, which
/// must then be UTF-8; only a multipart body sends it as a file.
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Err(serde::ser::Error::custom(
                "a file that is not UTF-8 text can only be sent in a multipart/form-data body: use the `_multipart` variant of the call",
            )),
        }
    }
}

/// A `format: binary` string of a JSON response: its text, as a file with
/// no name, of type `application/octet-stream`.
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Self::new(text, "", "application/octet-stream"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_every_digit_and_refuse_other_text() {
        let exact: Decimal = "12345678901234567890.000000000000000001".parse().unwrap();
        assert_eq!(serde_json::to_string(&exact).unwrap(), r#""12345678901234567890.000000000000000001""#);
        for good in ["0", "-1.5", "+3.", "007.10", ".55", "-.8", ".", "-", ""] {
            assert!(good.parse::<Decimal>().is_ok(), "{good}");
        }
        for bad in ["1e3", "NaN", "1.2.3", "1,5", "twenty", "--1", " 1"] {
            assert!(bad.parse::<Decimal>().is_err(), "{bad}");
        }
        assert!("-.".parse::<Decimal>().unwrap().to_f64().is_nan());
        let error = serde_json::from_str::<Vec<Decimal>>(r#"["1.0", "abc"]"#).unwrap_err();
        assert!(error.to_string().contains("`abc` is not a decimal number"), "{error}");
    }

    #[test]
    fn files_are_their_text_in_json_and_refuse_other_bytes() {
        let text = FilePart::new(&b"hello"[..], "note.txt", "text/plain");
        assert_eq!(serde_json::to_string(&text).unwrap(), r#""hello""#);
        let png = FilePart::new(&b"\x89PNG"[..], "logo.png", "image/png");
        let error = serde_json::to_string(&png).unwrap_err();
        assert!(error.to_string().contains("multipart"), "{error}");
        let read: FilePart = serde_json::from_str(r#""aGVsbG8=""#).unwrap();
        assert_eq!(read.bytes().as_ref(), b"aGVsbG8=");
        assert_eq!(read.content_type(), "application/octet-stream");
    }
}
