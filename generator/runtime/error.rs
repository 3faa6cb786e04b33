use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, StatusCode};

/// How many bytes of a body an error message quotes.
const SNIPPET_BYTES: usize = 512;

/// Why a call failed. `E` is the operation's declared error type: the
/// decoded body of an error response the spec lists for it. Operations that
/// declare none use the default, [`Infallible`], so `Error::Api` cannot occur.
///
/// Secrets never appear in an `Error`: request headers, query strings and
/// URLs are never part of its `Display` or `Debug` output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E = Infallible> {
    /// The client could not be set up: no or an invalid base URL, an
    /// invalid user agent, or the TLS stack failed to start.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request could not be built from the arguments: a value that
    /// cannot go in a header or path, or a body that cannot be encoded.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The exchange with the server failed: connection refused, TLS
    /// failure, timeout, or a body cut short.
    #[error("transport error calling `{operation}`: {source}")]
    Transport {
        /// The operation that was called.
        operation: &'static str,
        /// What went wrong; it carries no URL.
        #[source]
        source: reqwest::Error,
    },
    /// An error response the spec declares for this operation, decoded.
    #[error(transparent)]
    Api(Box<ApiError<E>>),
    /// A non-2xx response the spec does not declare, or whose body does not
    /// match its declaration.
    #[error(transparent)]
    Status(Box<StatusError>),
    /// A 2xx response whose body is not what the spec declares.
    #[error(transparent)]
    Decode(Box<DecodeError>),
}

impl<E> Error<E> {
    /// The HTTP status of the response, when the server gave one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(error) => Some(error.status),
            Error::Status(error) => Some(error.status),
            Error::Decode(error) => Some(error.status),
            Error::Transport { source, .. } => source.status(),
            Error::Config(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// `true` when the call ran out of time (connect or overall timeout).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }

    /// The decoded declared error, if this is one.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }
}

impl Error {
    /// An error of an operation that declares no error responses, as the
    /// error type of one that does.
    pub fn widen<E>(self) -> Error<E> {
        match self {
            Error::Config(message) => Error::Config(message),
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::Transport { operation, source } => Error::Transport { operation, source },
            Error::Api(error) => match error.value {},
            Error::Status(error) => Error::Status(error),
            Error::Decode(error) => Error::Decode(error),
        }
    }
}

/// A declared error response: its status, headers, raw body and the body
/// decoded as the spec declares.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    value: E,
}

impl<E> ApiError<E> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes, value: E) -> Self {
        Self { status, headers, body, value }
    }

    /// The HTTP status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The response body, as received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The decoded body.
    pub fn value(&self) -> &E {
        &self.value
    }

    /// The decoded body, by value.
    pub fn into_value(self) -> E {
        self.value
    }
}

impl<E: fmt::Debug> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "server answered {}: {:?}", self.status, self.value)
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// A non-2xx response: its status, headers and raw body, for callers to inspect.
#[derive(Debug, Clone)]
pub struct StatusError {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl StatusError {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self { status, headers, body }
    }

    /// The HTTP status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The response body, as received.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The response body as text, with invalid UTF-8 replaced.
    pub fn body_text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// Decodes the body as JSON into `T`, for error bodies the spec does not declare.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "server answered {}", self.status)?;
        if !self.body.is_empty() {
            write!(f, ": {}", snippet(&self.body))?;
        }
        Ok(())
    }
}

impl std::error::Error for StatusError {}

/// A 2xx body that does not decode into the declared type.
#[derive(Debug)]
pub struct DecodeError {
    status: StatusCode,
    path: String,
    snippet: String,
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn new(status: StatusCode, body: &[u8], path: String, source: serde_json::Error) -> Self {
        Self { status, path, snippet: snippet(body), source }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Where in the body decoding failed, e.g. `users[2].created_at` (`.`
    /// for the whole body).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The start of the body, at most 512 bytes, with invalid UTF-8 replaced.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response body at `{}`: {}; the body starts: {}",
            self.status, self.path, self.source, self.snippet
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The start of a body, cut at a character boundary, marked when cut.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_BYTES)]);
    if body.len() > SNIPPET_BYTES { format!("{text}…") } else { text.into_owned() }
}
