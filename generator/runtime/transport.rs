//! The seam between the call logic and the wire. Everything above it —
//! auth, retries, redirects, the deadline, tracing, decoding — works on
//! `http` types and is the same whatever sends the bytes; below it is
//! reqwest by default, or whatever a user puts there: middleware that
//! counts, logs, signs or proxies wraps the default transport and keeps
//! all of the above.

use std::error::Error as StdError;
use std::future::Future;
use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionRefused, ConnectionReset, UnexpectedEof};
use std::pin::Pin;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};

use super::call::AttemptTimeout;
use super::error::TransportKind;

/// What [`Transport::send`] returns.
pub type TransportFuture<'a> = Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportFailure>> + Send + 'a>>;

/// Sends one request and reads its whole response.
///
/// Called once per attempt, after the credential, user agent and body
/// are in place; retries, redirects and the call's deadline happen around
/// it. A call that sets its own per-attempt timeout puts it in the
/// request's extensions as [`AttemptTimeout`](super::AttemptTimeout), and
/// bounds the attempt by it whatever the transport does. Wrap the default with
/// [`ClientBuilder::wrap_transport`](crate::ClientBuilder::wrap_transport)
/// to add middleware:
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use custgen_runtime::{Transport, TransportFuture};
///
/// /// Counts requests and tags each with a request id.
/// struct Counting {
///     inner: Arc<dyn Transport>,
///     sent: Arc<AtomicUsize>,
/// }
///
/// impl Transport for Counting {
///     fn send(&self, mut request: http::Request<bytes::Bytes>) -> TransportFuture<'_> {
///         let n = self.sent.fetch_add(1, Ordering::Relaxed);
///         request.headers_mut().insert("x-request-id", n.into());
///         self.inner.send(request)
///     }
/// }
/// ```
pub trait Transport: Send + Sync + 'static {
    /// Sends `request` and reads the response. A response of any status is
    /// `Ok`; `Err` is for when no complete response arrived.
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_>;
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        (**self).send(request)
    }
}

/// Why a transport delivered no complete response: the kind, for callers
/// and the retry policy to act on, and the underlying error.
#[derive(Debug)]
pub struct TransportFailure {
    pub(crate) kind: TransportKind,
    pub(crate) detail: Option<String>,
    pub(crate) source: Option<Box<dyn StdError + Send + Sync>>,
}

impl TransportFailure {
    /// A failure of `kind`; `source` is kept as the cause. Connection
    /// failures before any response byte (`ConnectRefused`, `Connect`,
    /// `ConnectTimeout`, `ConnectionReset`) let idempotent calls retry.
    pub fn new(kind: TransportKind, source: Option<Box<dyn StdError + Send + Sync>>) -> Self {
        Self { kind, detail: None, source }
    }

    /// Adds a short detail to the message, e.g. the limit that was hit.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportKind {
        self.kind
    }
}

/// The default transport: a `reqwest::Client` that follows no redirects,
/// reading at most `max_response_bytes` of a body (after decompression).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_response_bytes: u64,
}

impl ReqwestTransport {
    /// Sends with `client`, reading bodies up to `max_response_bytes`.
    pub fn new(client: reqwest::Client, max_response_bytes: u64) -> Self {
        Self { client, max_response_bytes }
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        Box::pin(async move {
            let fail = |kind: TransportKind, source: reqwest::Error| {
                TransportFailure::new(kind, Some(Box::new(source.without_url())))
            };
            let timeout = request.extensions().get::<AttemptTimeout>().map(|timeout| timeout.0);
            let mut request = reqwest::Request::try_from(request).map_err(|source| fail(TransportKind::Other, source))?;
            if let Some(timeout) = timeout {
                *request.timeout_mut() = Some(timeout);
            }
            let mut response = self.client.execute(request).await.map_err(|source| fail(classify(&source, false), source))?;
            let limit = self.max_response_bytes;
            let too_large = || TransportFailure::new(TransportKind::TooLarge, None).with_detail(format!("limit {limit} bytes"));
            if response.content_length().is_some_and(|length| length > limit) {
                return Err(too_large());
            }
            let status = response.status();
            let version = response.version();
            let headers = std::mem::take(response.headers_mut());
            let mut body = BytesMut::new();
            while let Some(chunk) = response.chunk().await.map_err(|source| fail(classify(&source, true), source))? {
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            let mut answer = http::Response::new(body.freeze());
            *answer.status_mut() = status;
            *answer.version_mut() = version;
            *answer.headers_mut() = headers;
            Ok(answer)
        })
    }
}

/// Names a failure of the HTTP stack; `reading_body` says whether the
/// response head had already arrived.
fn classify(error: &reqwest::Error, reading_body: bool) -> TransportKind {
    let io_kind = |wanted: &[std::io::ErrorKind]| {
        let mut cause: Option<&(dyn StdError + 'static)> = Some(error);
        while let Some(current) = cause {
            if let Some(io) = current.downcast_ref::<std::io::Error>() {
                if wanted.contains(&io.kind()) {
                    return true;
                }
            }
            if current.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_incomplete_message) {
                return wanted.contains(&ConnectionReset);
            }
            cause = current.source();
        }
        false
    };
    if error.is_timeout() {
        return if error.is_connect() { TransportKind::ConnectTimeout } else { TransportKind::Timeout };
    }
    if error.is_connect() {
        return if io_kind(&[ConnectionRefused]) { TransportKind::ConnectRefused } else { TransportKind::Connect };
    }
    if reading_body {
        // With decompression on, a body cut short also arrives as a decode
        // error; the cause beneath says which it was.
        let cut = io_kind(&[UnexpectedEof, ConnectionReset, ConnectionAborted, BrokenPipe]);
        return if cut || !error.is_decode() { TransportKind::BodyTruncated } else { TransportKind::Other };
    }
    if io_kind(&[ConnectionReset, ConnectionAborted, BrokenPipe, UnexpectedEof]) {
        return TransportKind::ConnectionReset;
    }
    TransportKind::Other
}
