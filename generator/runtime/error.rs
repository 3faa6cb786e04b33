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
    /// failure, timeout, a connection reset, a body cut short or too large,
    /// or the call's deadline passed. [`TransportError::kind`] says which.
    #[error(transparent)]
    Transport(Box<TransportError>),
    /// The server redirected the call and the redirect was not followed:
    /// it led to another origin, the method was not GET or HEAD, or there
    /// were too many hops. Nothing was sent to the redirect's target.
    #[error(transparent)]
    Redirect(Box<RedirectError>),
    /// A page stream stopped because the server's pages do not add up:
    /// a next link repeats a page, leads to another origin, the page bound
    /// was reached, or the items received differ from the reported total.
    #[error(transparent)]
    Pagination(Box<PaginationError>),
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
            Error::Redirect(error) => Some(error.status),
            Error::Transport(_) | Error::Pagination(_) | Error::Config(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// `true` when the call ran out of time: connecting, waiting for an
    /// answer, or the deadline across all attempts.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(error) if error.kind.is_timeout())
    }

    /// `true` when no connection could be made.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport(error) if matches!(error.kind, TransportKind::ConnectRefused | TransportKind::ConnectTimeout | TransportKind::Connect))
    }

    /// What kind of transport failure this is, if it is one.
    pub fn transport_kind(&self) -> Option<TransportKind> {
        match self {
            Error::Transport(error) => Some(error.kind),
            _ => None,
        }
    }

    /// The decoded declared error, if this is one.
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(error) => Some(error),
            _ => None,
        }
    }

    /// `true` when sending the same request again may succeed: no answer
    /// was started (connection refused, reset, a connect or attempt
    /// timeout), or the server answered with a status the retry policy
    /// retries (429, 502, 503, 504). The client's own retries follow the
    /// same rule for idempotent calls; whether it is *safe* to resend a
    /// non-idempotent request is the caller's call.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(error) => error.kind.is_retryable(),
            _ => self.status().is_some_and(super::retry::is_retryable),
        }
    }

    /// `true` for a 4xx response: the request was refused as sent.
    pub fn is_client_error(&self) -> bool {
        self.status().is_some_and(|status| status.is_client_error())
    }

    /// `true` for a 5xx response.
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|status| status.is_server_error())
    }

    /// The same error without the operation's error type, so errors of
    /// different operations combine (`?` into one `Result<_, Error>`): a
    /// declared error becomes [`Error::Status`] with the same status,
    /// headers and body; nothing else changes.
    pub fn into_untyped(self) -> Error {
        self.map_api(|error| {
            let ApiError { status, headers, body, .. } = *error;
            Error::Status(Box::new(StatusError::new(status, headers, body)))
        })
    }

    /// The same error with a declared error replaced by `f`'s answer; every
    /// other variant carries over as it is.
    fn map_api<F>(self, f: impl FnOnce(Box<ApiError<E>>) -> Error<F>) -> Error<F> {
        match self {
            Error::Config(message) => Error::Config(message),
            Error::InvalidRequest(message) => Error::InvalidRequest(message),
            Error::Transport(error) => Error::Transport(error),
            Error::Redirect(error) => Error::Redirect(error),
            Error::Pagination(error) => Error::Pagination(error),
            Error::Api(error) => f(error),
            Error::Status(error) => Error::Status(error),
            Error::Decode(error) => Error::Decode(error),
        }
    }
}

impl Error {
    /// An error of an operation that declares no error responses, as the
    /// error type of one that does. Generated code uses it.
    #[doc(hidden)]
    pub fn widen<E>(self) -> Error<E> {
        self.map_api(|error| match error.value {})
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
    found: Option<String>,
    source: serde_json::Error,
}

impl DecodeError {
    pub(crate) fn new(status: StatusCode, body: &[u8], path: String, source: serde_json::Error) -> Self {
        let found = found_at(body, &path);
        Self { status, path, snippet: snippet(body), found, source }
    }

    /// The value found at [`path`](Self::path), as JSON (at most 120
    /// characters), when the body is JSON and the path leads to a value.
    pub fn found(&self) -> Option<&str> {
        self.found.as_deref()
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
        write!(f, "could not decode the {} response body at `{}`: {}", self.status, self.path, self.source)?;
        if let Some(found) = &self.found {
            write!(f, "; found {found}")?;
        }
        write!(f, "; the body starts: {}", self.snippet)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The start of a body, cut at a character boundary, marked when cut.
/// The JSON value at a decode path such as `users[2].created_at`, shown
/// short; `None` when the body is not JSON or the path leads nowhere (a
/// missing field, a header).
fn found_at(body: &[u8], path: &str) -> Option<String> {
    if path == "." || path.starts_with("header ") {
        return None;
    }
    let document: serde_json::Value = serde_json::from_slice(body).ok()?;
    let mut value = &document;
    for segment in path.trim_start_matches('/').split(['.', '/']) {
        let (key, indices) = segment.split_once('[').map_or((segment, ""), |(key, rest)| (key, rest));
        if !key.is_empty() {
            value = value.get(key)?;
        }
        for index in indices.split('[').filter(|index| !index.is_empty()) {
            value = value.get(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    let text = value.to_string();
    Some(if text.chars().count() > 120 { format!("{}…", text.chars().take(120).collect::<String>()) } else { text })
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_BYTES)]);
    if body.len() > SNIPPET_BYTES { format!("{text}…") } else { text.into_owned() }
}

/// What went wrong on the wire, as far as a caller can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The server refused the connection.
    ConnectRefused,
    /// Opening the connection took longer than the connect timeout.
    ConnectTimeout,
    /// No connection could be made for another reason (DNS, TLS, routing).
    Connect,
    /// The connection was closed or reset before the response was complete.
    ConnectionReset,
    /// The attempt took longer than the per-attempt timeout.
    Timeout,
    /// The response body ended before its declared length.
    BodyTruncated,
    /// The response body is larger than the client's limit (after
    /// decompression).
    TooLarge,
    /// The call's deadline across all attempts passed.
    Deadline,
    /// Any other failure of the HTTP stack.
    Other,
}

impl TransportKind {
    /// The request never got an answer started: safe to send again for
    /// an idempotent method.
    pub(crate) fn is_no_response(self) -> bool {
        matches!(
            self,
            TransportKind::ConnectRefused | TransportKind::ConnectTimeout | TransportKind::Connect | TransportKind::ConnectionReset
        )
    }

    /// The same request sent again may get an answer: none was started,
    /// or the attempt ran out of its own time (the call's deadline is the
    /// end of every attempt, so it is not). The retry loop and
    /// [`Error::is_retryable`] both ask this.
    pub(crate) fn is_retryable(self) -> bool {
        self.is_no_response() || self == TransportKind::Timeout
    }

    fn is_timeout(self) -> bool {
        matches!(self, TransportKind::ConnectTimeout | TransportKind::Timeout | TransportKind::Deadline)
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::ConnectRefused => "connection refused",
            TransportKind::ConnectTimeout => "connect timed out",
            TransportKind::Connect => "could not connect",
            TransportKind::ConnectionReset => "connection closed or reset before the response was complete",
            TransportKind::Timeout => "timed out waiting for the response",
            TransportKind::BodyTruncated => "response body cut short",
            TransportKind::TooLarge => "response body larger than the limit",
            TransportKind::Deadline => "the call's deadline passed",
            TransportKind::Other => "transport failure",
        })
    }
}

/// A failed exchange: which operation, what kind of failure, and the
/// underlying error. No URL, header or body is part of it.
#[derive(Debug)]
pub struct TransportError {
    operation: &'static str,
    kind: TransportKind,
    detail: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    #[cfg(feature = "client")]
    pub(crate) fn new(operation: &'static str, failure: super::TransportFailure) -> Self {
        let super::TransportFailure { kind, detail, source } = failure;
        Self { operation, kind, detail, source }
    }

    /// The operation that was called.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "transport error calling `{}`: {}", self.operation, self.kind)?;
        match &self.detail {
            Some(detail) => write!(f, " ({detail})")?,
            None if self.kind == TransportKind::ConnectTimeout => write!(f, " (the client's connect timeout)")?,
            None if self.kind == TransportKind::Timeout => write!(f, " (the client's timeout)")?,
            None => {}
        }
        // A timer's own message ("deadline has elapsed") names no bound a
        // caller set, and reads like the call's deadline: the kind and the
        // detail above say which bound ran out.
        if self.kind.is_timeout() {
            return Ok(());
        }
        // The innermost cause names what the operating system or the
        // protocol reported (e.g. `Connection refused (os error 111)`).
        let mut cause: Option<&(dyn std::error::Error + 'static)> = self.source.as_deref().map(|source| source as _);
        let mut innermost = None;
        while let Some(error) = cause {
            innermost = Some(error);
            cause = error.source();
        }
        if let Some(innermost) = innermost {
            write!(f, ": {innermost}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

/// Why a redirect was not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectReason {
    /// The target is on another scheme, host or port than the base URL.
    OtherOrigin,
    /// Only GET and HEAD are followed; other methods would re-send a body.
    Method,
    /// More redirects than the policy allows in one attempt.
    TooMany,
    /// The client's policy follows no redirects.
    Disabled,
}

/// A redirect the client did not follow. The `Location` is kept for the
/// caller to decide; only its origin is printed.
#[derive(Debug, Clone)]
pub struct RedirectError {
    status: StatusCode,
    location: String,
    reason: RedirectReason,
}

impl RedirectError {
    #[cfg_attr(not(feature = "client"), allow(dead_code))]
    pub(crate) fn new(status: StatusCode, location: String, reason: RedirectReason) -> Self {
        Self { status, location, reason }
    }

    /// The redirect status (301, 302, 303, 307 or 308).
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The target of the redirect, resolved against the request URL.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Why it was not followed.
    pub fn reason(&self) -> RedirectReason {
        self.reason
    }
}

/// `scheme://host[:port]` of an absolute URL: what a message may show of
/// a location (never its user, path or query, which may hold secrets).
fn origin_of(location: &str) -> Option<String> {
    let uri: http::Uri = location.parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let host = uri.host()?.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => Some(80),
        "https" => Some(443),
        _ => None,
    };
    Some(match uri.port_u16().filter(|port| Some(*port) != default_port) {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target = origin_of(&self.location).unwrap_or_else(|| "an unreadable location".to_owned());
        let why = match self.reason {
            RedirectReason::OtherOrigin => "it leads to another origin",
            RedirectReason::Method => "only GET and HEAD calls follow redirects",
            RedirectReason::TooMany => "too many redirects",
            RedirectReason::Disabled => "the client follows no redirects",
        };
        write!(f, "server answered {} redirecting to {target}; not followed: {why}", self.status)
    }
}

impl std::error::Error for RedirectError {}

/// Why a page stream stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// A next link points at a page this stream already fetched.
    Loop,
    /// A next link points at another origin than the base URL; it was not
    /// followed, so the credential stays with the configured server.
    OtherOrigin,
    /// The stream fetched as many pages as the client allows.
    TooManyPages {
        /// The bound that was reached.
        limit: usize,
    },
    /// The server reported one total and the pages held another number of items.
    CountMismatch {
        /// The total the server reported.
        reported: u64,
        /// The items the stream received.
        received: u64,
    },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::Loop => f.write_str("a next-page link repeats a page already fetched; the stream stopped"),
            PaginationError::OtherOrigin => {
                f.write_str("a next-page link points outside the configured server; it was not followed")
            }
            PaginationError::TooManyPages { limit } => write!(f, "the stream reached its bound of {limit} pages"),
            PaginationError::CountMismatch { reported, received } => {
                write!(f, "the server reported {reported} items and the pages held {received}")
            }
        }
    }
}

impl std::error::Error for PaginationError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TransportFailure;

    fn transport(kind: TransportKind, cause: &str) -> Error {
        let source: Box<dyn std::error::Error + Send + Sync> = cause.into();
        Error::Transport(Box::new(TransportError::new("get_thing", TransportFailure::new(kind, Some(source)))))
    }

    /// A timer's "deadline has elapsed" beneath a connect or attempt
    /// timeout reads like the call's deadline: the text names the bound
    /// that ran out instead, and the retry predicate agrees with the
    /// client's retry rule.
    #[test]
    fn timeouts_name_the_bound_that_ran_out_and_agree_with_retrying() {
        let connect = transport(TransportKind::ConnectTimeout, "deadline has elapsed");
        assert_eq!(connect.to_string(), "transport error calling `get_thing`: connect timed out (the client's connect timeout)");
        let attempt = transport(TransportKind::Timeout, "deadline has elapsed");
        assert_eq!(attempt.to_string(), "transport error calling `get_thing`: timed out waiting for the response (the client's timeout)");
        let refused = transport(TransportKind::ConnectRefused, "Connection refused (os error 111)");
        assert!(refused.to_string().ends_with(": Connection refused (os error 111)"), "{refused}");
        for (kind, retryable) in [
            (TransportKind::ConnectTimeout, true),
            (TransportKind::Timeout, true),
            (TransportKind::ConnectRefused, true),
            (TransportKind::Deadline, false),
            (TransportKind::TooLarge, false),
        ] {
            assert_eq!(transport(kind, "x").is_retryable(), retryable, "{kind:?}");
            assert_eq!(kind.is_retryable(), retryable, "the retry loop's rule, {kind:?}");
        }
    }
}
