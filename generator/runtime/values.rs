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

/// A file to upload in a `multipart/form-data` body (`format: binary`).
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

/// A file has no JSON or form spelling: sending one in such a body is an
/// error that names the multipart variant of the call instead.
impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("a file can only be sent in a multipart/form-data body: use the `_multipart` variant of the call"))
    }
}

/// Responses never carry uploads; a server that echoes the field sends a
/// URL, which a `FilePart` cannot hold.
impl<'de> Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(serde::de::Error::custom("a file part cannot be decoded from a response"))
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
    fn files_refuse_json() {
        let file = FilePart::new(&b"png"[..], "logo.png", "image/png");
        let error = serde_json::to_string(&file).unwrap_err();
        assert!(error.to_string().contains("multipart"), "{error}");
    }
}
