//! Interpreting responses. Pure functions of the response, so they work with
//! any HTTP stack and are tested without a socket.

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::{
    ApiError, DecodeError, Error, OperationInfo, Page, PageCount, PageStyle, Paging, StatusError,
};

/// A successful response: status, headers and the decoded body. Get one
/// with `.with_response()` on a call, e.g. to read rate-limit headers.
/// `H` holds the headers the spec declares for the operation, typed
/// ([`Response::declared_headers`]; `()` when it declares none).
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T, H = ()> {
    status: StatusCode,
    headers: HeaderMap,
    declared: H,
    body: T,
}

impl<T, H> Response<T, H> {
    /// The HTTP status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// One header as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// The headers the spec declares for this response, read as their
    /// declared types (a generated `…Headers` struct).
    pub fn declared_headers(&self) -> &H {
        &self.declared
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, by value.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U, H> {
        Response { status: self.status, headers: self.headers, declared: self.declared, body: f(self.body) }
    }

    /// Reads the declared headers as `D`.
    #[cfg(feature = "client")]
    pub(crate) fn read_declared<D: super::FromHeaders>(self) -> Result<Response<T, D>, DecodeError> {
        let declared = D::from_headers(&super::HeaderReader::new(self.status, &self.headers))?;
        Ok(Response { status: self.status, headers: self.headers, declared, body: self.body })
    }
}

/// A response as received. Generated `parse` functions match on its status
/// and turn it into a success, a declared error or an undeclared one.
#[derive(Debug)]
pub struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    /// Takes a response apart.
    pub fn new(response: http::Response<Bytes>) -> Self {
        let (parts, body) = response.into_parts();
        Self { status: parts.status, headers: parts.headers, body }
    }

    /// The HTTP status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// A success with a JSON body.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        let body = decode(self.status, &self.body).map_err(|error| Error::Decode(Box::new(error)))?;
        Ok(Response { status: self.status, headers: self.headers, declared: (), body })
    }

    /// A success that is one page of a list, read as the operation's
    /// declared paging says.
    pub fn page<T: DeserializeOwned, E>(self, info: &OperationInfo) -> Result<Response<Page<T>>, Error<E>> {
        let paging = info.paging.unwrap_or(Paging { style: PageStyle::Link, items: "", count: PageCount::None });
        let page = Page::read(self.status, &self.headers, &self.body, &paging).map_err(|error| Error::Decode(Box::new(error)))?;
        Ok(Response { status: self.status, headers: self.headers, declared: (), body: page })
    }

    /// A success whose body, if any, is ignored.
    pub fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(Response { status: self.status, headers: self.headers, declared: (), body: () })
    }

    /// A success whose body is returned as received.
    pub fn raw<E>(self) -> Result<Response<Bytes>, Error<E>> {
        Ok(Response { status: self.status, headers: self.headers, declared: (), body: self.body })
    }

    /// A declared error with a JSON body, wrapped by `variant`. A body that
    /// does not match the declaration keeps the status visible as
    /// [`Error::Status`] rather than hiding it behind a decode error.
    pub fn declared<T: DeserializeOwned, E>(self, variant: impl FnOnce(T) -> E) -> Error<E> {
        match decode(self.status, &self.body) {
            Ok(value) => Error::Api(Box::new(ApiError::new(self.status, self.headers, self.body, variant(value)))),
            Err(_) => self.undeclared(),
        }
    }

    /// A declared error without a body schema.
    pub fn declared_empty<E>(self, value: E) -> Error<E> {
        Error::Api(Box::new(ApiError::new(self.status, self.headers, self.body, value)))
    }

    /// A response the spec does not declare for the operation.
    pub fn undeclared<E>(self) -> Error<E> {
        Error::Status(Box::new(StatusError::new(self.status, self.headers, self.body)))
    }
}

/// Decodes JSON, naming the path of the first value that does not fit.
///
/// Tracking the path costs allocations on every object key, so the body is
/// decoded plainly first; only a body that fails is decoded again, with the
/// path tracked, to say where (decoding is deterministic: it fails at the
/// same value).
pub(crate) fn decode<T: DeserializeOwned>(status: StatusCode, body: &[u8]) -> Result<T, DecodeError> {
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut decoder = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut decoder)
        .map_err(|error| DecodeError::new(status, body, error.path().to_string(), error.into_inner()))?;
    // Trailing bytes after the value mean a garbled body, not a valid one.
    decoder.end().map_err(|error| DecodeError::new(status, body, ".".to_owned(), error))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        let mut response = http::Response::new(Bytes::copy_from_slice(body.as_bytes()));
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        Answer::new(response)
    }

    #[test]
    fn success_bodies_decode_with_the_failing_path_named() {
        let ok: Response<Vec<u8>> = answer(200, "[1, 2]").json::<_, ()>().unwrap();
        assert_eq!(ok.body(), &[1, 2]);
        let Err(Error::Decode(error)) = answer(200, r#"[1, "x"]"#).json::<Vec<u8>, ()>() else { panic!() };
        assert_eq!(error.path(), "[1]");
        let Err(Error::Decode(error)) = answer(200, "[1] trailing").json::<Vec<u8>, ()>() else { panic!() };
        assert_eq!(error.path(), ".");
        let Err(Error::Decode(error)) = answer(200, r#"{"truncat"#).json::<Vec<u8>, ()>() else { panic!() };
        assert_eq!(error.snippet(), r#"{"truncat"#);
    }

    #[test]
    fn declared_errors_decode_and_mismatches_stay_visible() {
        let Error::Api(error) = answer(409, r#"{"detail":"busy"}"#).declared(|v: serde_json::Value| v) else { panic!() };
        assert_eq!(error.status(), 409);
        assert_eq!(error.value()["detail"], "busy");
        let mismatch = answer(409, "<html>").declared(|v: serde_json::Value| v);
        assert!(matches!(mismatch, Error::Status(ref e) if e.body_text() == "<html>"), "{mismatch:?}");
    }
}
