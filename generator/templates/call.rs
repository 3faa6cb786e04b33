//! [`Call`]: one call of an operation, as users hold it. It lives in the
//! crate beside the API modules (and not in the runtime) so that each
//! operation can add its optional parameters to it as setters.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use crate::runtime::codegen::{CallState, Core};
use crate::runtime::{CallResponse, Credential, Error, Operation, Page, Response, RetryPolicy};

/// A call of an operation, ready to send: `.await` it for the body, or use
/// [`Call::with_response`] for status and headers too.
///
/// A call owns everything it needs (the client inside is reference-counted),
/// so it can be stored, returned from a function, cloned to send again, or
/// spawned: `tokio::spawn(call.into_future())`. The operation's optional
/// parameters are setters on it (see the operation's method); the options
/// below (deadline, per-attempt timeout, extra headers, credential, retry
/// policy) apply to this call only.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug, Clone)]
pub struct Call<O>(CallState<O>);

impl<O: Operation> Call<O> {
    /// A call of `operation` through `core`; generated client methods make one.
    #[doc(hidden)]
    pub fn new(core: Core, operation: O) -> Self {
        Self(CallState::new(core, operation))
    }

    /// The operation's parameters; generated setters write to it.
    #[doc(hidden)]
    pub fn operation_mut(&mut self) -> &mut O {
        self.0.operation_mut()
    }

    /// The call with its operation changed by `set`; generated setters are
    /// one call of it.
    #[doc(hidden)]
    pub fn with_operation(mut self, set: impl FnOnce(&mut O)) -> Self {
        set(self.operation_mut());
        self
    }

    /// The operation this call sends, with its parameters.
    pub fn operation(&self) -> &O {
        self.0.operation()
    }

    /// Bounds this call, every attempt and wait included, by `deadline`
    /// instead of the client's (60 s unless the builder set another).
    pub fn deadline(self, deadline: Duration) -> Self {
        Self(self.0.deadline(deadline))
    }

    /// Bounds each attempt of this call, from sending to the last body
    /// byte, by `timeout` instead of the client's (30 s unless the builder
    /// set another); it may be longer or shorter than the client's. The
    /// deadline still bounds the whole call.
    pub fn timeout(self, timeout: Duration) -> Self {
        Self(self.0.timeout(timeout))
    }

    /// Adds a header to this call (a request id, a tracing header), or
    /// replaces the one the operation would send. The value is kept out of
    /// `Debug` and logs. A name or value a header cannot carry fails the
    /// call with [`Error::InvalidRequest`] before anything is sent.
    pub fn header(self, name: &str, value: &str) -> Self {
        Self(self.0.header(name, value))
    }

    /// Authenticates this call with another credential.
    pub fn credential(self, credential: impl Into<Credential>) -> Self {
        Self(self.0.credential(credential))
    }

    /// Retries this call by another policy (e.g. to let a POST retry).
    pub fn retry(self, policy: RetryPolicy) -> Self {
        Self(self.0.retry(policy))
    }

    /// The HTTP request this call sends, for driving it with another stack;
    /// [`Operation::parse`] reads the response.
    pub fn request(&self) -> Result<http::Request<bytes::Bytes>, Error<O::Error>> {
        self.0.request()
    }

    /// Sends the call; the success keeps its status and headers, and the
    /// headers the spec declares are read as their types
    /// ([`Response::declared_headers`]).
    pub async fn with_response(self) -> Result<CallResponse<O>, Error<O::Error>> {
        self.0.with_response().await
    }
}

impl<O, T> Call<O>
where
    O: Operation<Output = Page<T>> + Send + Sync + 'static,
    O::Error: Send,
    T: Send + 'static,
{
    /// Every item of every page, fetching pages lazily as the stream is
    /// read; [`Call::into_pages`] says how pages are followed and when the
    /// stream ends (with an error item, then no more items).
    pub fn into_stream(self) -> impl futures_core::Stream<Item = Result<T, Error<O::Error>>> + Send + 'static {
        self.0.into_stream()
    }

    /// Every page, for callers who want page control (page sizes, totals,
    /// stopping after a page), each fetched only when the stream is read.
    /// The next page is asked for as the spec declares, or as a paging
    /// convention it follows shows: the `Link` header's `rel="next"` target
    /// (relative links resolved against the page that carried them), a
    /// next link the body holds (fetched with a GET), the cursor the body
    /// holds (sent in the query, or in the JSON request body; for some
    /// conventions only while the body's flag says more follow), the last
    /// item's id, an offset moved past the items received, or the next page
    /// number; a query-placed credential is applied to every page. The
    /// stream ends after a page with no next one (no link or cursor; an
    /// empty page, or the reported total reached, for offsets and page
    /// numbers). It ends with an error
    /// item, and then ends, when a page fails, when a next link leads to
    /// another origin (the credential never leaves the configured server),
    /// repeats a page already fetched, or passes the client's page bound
    /// ([`ClientBuilder::max_pages`](crate::ClientBuilder::max_pages)), and
    /// when the total the server reported differs from the items received.
    pub fn into_pages(self) -> impl futures_core::Stream<Item = Result<Page<T>, Error<O::Error>>> + Send + 'static {
        self.0.into_pages()
    }
}

#[cfg(feature = "blocking")]
impl<O: Operation> Call<O> {
    /// Sends the call and waits for the body (cargo feature `blocking`).
    /// Works on a thread without a runtime, inside `spawn_blocking` and
    /// inside `block_in_place`; on a multi-thread runtime's worker it moves
    /// off the worker with `block_in_place`. On a current-thread runtime's
    /// own thread it is an error, not a deadlock: use `.await` there.
    pub fn blocking(self) -> Result<O::Output, Error<O::Error>> {
        self.0.blocking()
    }

    /// Sends the call and waits; the success keeps status and headers.
    pub fn blocking_with_response(self) -> Result<CallResponse<O>, Error<O::Error>> {
        self.0.blocking_with_response()
    }
}

impl<O> IntoFuture for Call<O>
where
    O: Operation + Send + Sync + 'static,
    O::Output: Send,
    O::Error: Send,
{
    type Output = Result<O::Output, Error<O::Error>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'static>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.with_response().await.map(Response::into_body) })
    }
}
