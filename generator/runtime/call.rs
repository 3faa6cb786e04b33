use std::time::Duration;

use bytes::Bytes;
use http::Method;

use super::{Credential, Error, FromHeaders, Paging, RequestBuilder, Response};

/// What every call carries for logs and retries.
#[derive(Debug, Clone)]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, e.g. `/customer/{customer_id}`; logged instead of
    /// the filled path, which may hold identifiers.
    pub path: &'static str,
    /// The header the API reads an idempotency key from, when it declares
    /// one (`Idempotency-Key`). A call that carries the header is retried
    /// like an idempotent method, whatever its method; one without it gets
    /// a fresh random key, the same for every attempt of the call.
    pub idempotency_key: Option<&'static str>,
    /// How the operation pages, when its spec declares it.
    pub paging: Option<Paging>,
}

/// What [`Operation::parse`] returns, named once for generated impls.
pub type Parsed<O> = Result<Response<<O as Operation>::Output>, Error<<O as Operation>::Error>>;

/// The [`OperationInfo`] of an operation that neither pages nor declares an
/// idempotency key, as generated impls spell it.
pub const fn info(id: &'static str, method: Method, path: &'static str) -> OperationInfo {
    OperationInfo { id, method, path, idempotency_key: None, paging: None }
}

/// One operation of an API, as data. Building the request and parsing the
/// response are pure functions, so any HTTP stack can drive an operation:
/// `Call::request` gives the `http::Request`, `Operation::parse` reads the
/// `http::Response`. An operation owns its arguments and can be cloned and
/// sent between threads: calls are `'static`, and the test doubles keep a
/// copy of each call's operation to match on.
pub trait Operation: Clone + Send + Sync + 'static {
    /// What a successful call returns.
    type Output;
    /// The decoded declared error responses ([`std::convert::Infallible`]
    /// when the spec declares none).
    type Error;
    /// The headers the success responses declare, typed (`()` when none).
    type Headers: FromHeaders;
    /// Identity of the operation.
    const INFO: OperationInfo;

    /// Adds path, query, headers, body and credentials to a request.
    fn build<'c>(&self, request: RequestBuilder<'c>) -> RequestBuilder<'c>;

    /// Interprets a response.
    fn parse(response: http::Response<Bytes>) -> Result<Response<Self::Output>, Error<Self::Error>>;

    /// The request for this operation, for an HTTP stack of the caller's
    /// own: sent to `base_url` (e.g. `https://api.example.com`), with
    /// `credential` applied as the operation's security scheme says. The
    /// client's extras (retries, redirects, the user agent, an idempotency
    /// key) are not part of it.
    fn request(&self, base_url: &str, credential: Option<&Credential>) -> Result<http::Request<Bytes>, Error<Self::Error>> {
        let builder = RequestBuilder::new(Self::INFO.method, base_url, credential);
        self.build(builder).build().map_err(Error::widen)
    }
}

/// What `.with_response()` on a call of `O` gives: the body, status and
/// headers, and the headers the spec declares, typed.
pub type CallResponse<O> = Response<<O as Operation>::Output, <O as Operation>::Headers>;

/// A per-attempt limit a call sets, for transports that can apply it
/// themselves (reqwest does, so it may exceed the client's timeout).
#[derive(Debug, Clone, Copy)]
pub struct AttemptTimeout(pub Duration);
