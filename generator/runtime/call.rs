use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http::Method;

use super::request::QueryCredential;
use super::send::Limits;
use super::{Core, Credential, Error, RequestBuilder, Response, RetryPolicy};

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
}

/// One operation of an API, as data. Building the request and parsing the
/// response are pure functions, so any HTTP stack can drive an operation:
/// `Call::request` gives the `http::Request`, `Operation::parse` reads the
/// `http::Response`.
pub trait Operation {
    /// What a successful call returns.
    type Output;
    /// The decoded declared error responses ([`std::convert::Infallible`]
    /// when the spec declares none).
    type Error;
    /// Identity of the operation.
    const INFO: OperationInfo;

    /// Adds path, query, headers, body and credentials to a request.
    fn build<'c>(&self, request: RequestBuilder<'c>) -> RequestBuilder<'c>;

    /// Interprets a response.
    fn parse(response: http::Response<Bytes>) -> Result<Response<Self::Output>, Error<Self::Error>>;
}

/// A call of an operation, ready to send. `.await` it for the body; use
/// [`Call::with_response`] for status and headers too.
#[must_use = "a call does nothing until it is awaited"]
#[derive(Debug)]
pub struct Call<'a, O> {
    core: &'a Core,
    operation: O,
    credential: Option<Credential>,
    retry: Option<RetryPolicy>,
    deadline: Option<Duration>,
}

impl<'a, O: Operation> Call<'a, O> {
    /// A call of `operation` through `core`.
    pub fn new(core: &'a Core, operation: O) -> Self {
        Self { core, operation, credential: None, retry: None, deadline: None }
    }

    /// Bounds this call, every attempt and wait included, by `deadline`
    /// instead of the client's (60 s unless the builder set another).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Authenticates this call with another credential.
    pub fn credential(mut self, credential: impl Into<Credential>) -> Self {
        self.credential = Some(credential.into());
        self
    }

    /// Retries this call by another policy (e.g. to let a POST retry).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The HTTP request this call sends, for driving it with another stack.
    pub fn request(&self) -> Result<http::Request<Bytes>, Error<O::Error>> {
        let credential = self.credential.as_ref().or(self.core.credential());
        let builder = RequestBuilder::new(O::INFO.method, self.core.base_url(), credential);
        self.operation.build(builder).build().map_err(Error::widen)
    }

    /// Sends the call; the success keeps its status and headers.
    pub async fn with_response(self) -> Result<Response<O::Output>, Error<O::Error>> {
        let request = self.request()?;
        self.send_built(request).await
    }

    /// Sends a request built for this call (the first, or a later page).
    pub(crate) async fn send_built(&self, request: http::Request<Bytes>) -> Result<Response<O::Output>, Error<O::Error>> {
        let limits = Limits {
            retry: self.retry.as_ref().unwrap_or(self.core.retry_policy()),
            deadline: self.deadline.unwrap_or(self.core.inner().deadline),
        };
        let response = self.core.send(request, &O::INFO, limits).await.map_err(Error::widen)?;
        O::parse(response)
    }

    /// The client this call goes through.
    pub(crate) fn core(&self) -> &Core {
        self.core
    }
}

/// Copies a request; the body is reference-counted, so this is cheap.
pub(crate) trait CopyRequest {
    fn copy(&self) -> Self;
}

impl CopyRequest for http::Request<Bytes> {
    fn copy(&self) -> Self {
        let mut copy = http::Request::new(self.body().clone());
        *copy.method_mut() = self.method().clone();
        *copy.uri_mut() = self.uri().clone();
        *copy.headers_mut() = self.headers().clone();
        if let Some(credential) = self.extensions().get::<QueryCredential>() {
            copy.extensions_mut().insert(credential.clone());
        }
        copy
    }
}

impl<'a, O> IntoFuture for Call<'a, O>
where
    O: Operation + Send + Sync + 'a,
    O::Output: Send,
    O::Error: Send,
{
    type Output = Result<O::Output, Error<O::Error>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { self.with_response().await.map(Response::into_body) })
    }
}
