//! The seam between the call logic and the wire. Everything above it —
//! auth, retries, redirects, the deadline, tracing, decoding — works on
//! `http` types and is the same whatever sends the bytes; below it is
//! reqwest by default, or whatever a user puts there: middleware that
//! counts, logs, signs or proxies wraps the default transport and keeps
//! all of the above.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use bytes::Bytes;

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
#[cfg_attr(not(feature = "client"), allow(dead_code))]
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

/// Whether an I/O error of one of `kinds` is among the causes of `error`;
/// hyper's "connection closed before the message completed" counts as a
/// reset. Shared by the transports' names for their failures.
#[cfg(feature = "client")]
pub(crate) fn caused_by(error: &(dyn StdError + 'static), kinds: &[std::io::ErrorKind]) -> bool {
    let mut cause: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            if kinds.contains(&io.kind()) {
                return true;
            }
        }
        if current.downcast_ref::<hyper::Error>().is_some_and(hyper::Error::is_incomplete_message) {
            return kinds.contains(&std::io::ErrorKind::ConnectionReset);
        }
        cause = current.source();
    }
    false
}
