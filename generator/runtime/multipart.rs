//! `multipart/form-data` bodies (RFC 7578), encoded to bytes up front so the
//! request stays a plain `http::Request<Bytes>` that any stack can send.
//! (reqwest's own multipart support produces a stream tied to reqwest.)

use std::hash::{BuildHasher, RandomState};

use serde::Serialize;

use super::encode::{Null, push_pairs, to_value};
use super::{Error, FilePart, Nullable};

/// The parts of a multipart body, in the order they are added. Generated
/// operations pick the method that matches each field's presence rules.
#[derive(Debug, Default)]
pub struct Multipart {
    parts: Vec<Part>,
    error: Option<Error>,
}

#[derive(Debug)]
struct Part {
    name: String,
    file: Option<(String, String)>,
    bytes: Vec<u8>,
}

impl Multipart {
    /// A text field; arrays become one part per item.
    pub fn text<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match to_value(value) {
            Ok(value) => {
                let mut pairs = Vec::new();
                push_pairs(&mut pairs, name, &value, Null::Empty);
                for (name, text) in pairs {
                    self.parts.push(Part { name, file: None, bytes: text.into_bytes() });
                }
            }
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        self
    }

    /// A text field that is left out when `None`.
    pub fn optional_text<T: Serialize>(self, name: &str, value: &Option<T>) -> Self {
        match value {
            Some(value) => self.text(name, value),
            None => self,
        }
    }

    /// A text field that is left out when absent and sent empty when null.
    pub fn nullable_text<T: Serialize>(self, name: &str, value: &Nullable<T>) -> Self {
        match value {
            Nullable::Absent => self,
            Nullable::Null => self.text(name, ""),
            Nullable::Value(value) => self.text(name, value),
        }
    }

    /// A nullable field whose type has no empty spelling (a UUID, a number,
    /// an enum): `Null` is refused rather than sent as an empty value a
    /// validating server would reject.
    pub fn nullable_text_not_blank<T: Serialize>(mut self, name: &str, value: &Nullable<T>) -> Self {
        match value {
            Nullable::Absent => self,
            Nullable::Null => {
                self.error.get_or_insert(Error::InvalidRequest(super::request::null_in_form(name)));
                self
            }
            Nullable::Value(value) => self.text(name, value),
        }
    }

    /// A file. A file name or content type with CR, LF or another control
    /// character is refused: it would end up in the part's headers.
    pub fn file(mut self, name: &str, file: &FilePart) -> Self {
        if [name, file.file_name(), file.content_type()].iter().any(|text| text.chars().any(char::is_control)) {
            self.error.get_or_insert(Error::InvalidRequest(format!(
                "the file for part `{}` has a name or content type with control characters",
                name.escape_default()
            )));
            return self;
        }
        self.parts.push(Part {
            name: name.to_owned(),
            file: Some((file.file_name().to_owned(), file.content_type().to_owned())),
            bytes: file.bytes().to_vec(),
        });
        self
    }

    /// A file that is left out when `None`.
    pub fn optional_file(self, name: &str, file: &Option<FilePart>) -> Self {
        match file {
            Some(file) => self.file(name, file),
            None => self,
        }
    }

    /// A file that is left out when absent; null sends an empty field,
    /// which clears the stored file.
    pub fn nullable_file(self, name: &str, file: &Nullable<FilePart>) -> Self {
        match file {
            Nullable::Absent => self,
            Nullable::Null => self.text(name, ""),
            Nullable::Value(file) => self.file(name, file),
        }
    }

    /// The `Content-Type` header value and the body.
    pub(crate) fn encode(self) -> Result<(String, Vec<u8>), Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let boundary = format!("custgen-{:016x}{:016x}", RandomState::new().hash_one(1), RandomState::new().hash_one(2));
        let mut body = Vec::new();
        for part in self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quote(&part.name));
            if let Some((file_name, content_type)) = &part.file {
                disposition.push_str(&format!("; filename=\"{}\"\r\nContent-Type: {}", quote(file_name), content_type));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((format!("multipart/form-data; boundary={boundary}"), body))
    }
}

/// Escapes a name for a quoted header parameter, as browsers do (RFC 7578 §2):
/// `"` → `%22`, CR → `%0D`, LF → `%0A`.
fn quote(name: &str) -> String {
    name.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}
