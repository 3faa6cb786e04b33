//! The state of one call on a client (under the `client` feature): the
//! operation, the client it goes through, and what the call overrides.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};

use super::call::{CallResponse, Operation};
use super::request::QueryCredential;
use super::send::Limits;
use super::{Core, Credential, Error, RequestBuilder, Response, RetryPolicy};

/// The state of one call: the client (reference-counted), the operation
/// with its parameters, and what the call overrides of the client's
/// settings. Each generated crate wraps it in its own `Call`, which users
/// see and on which the operations' optional parameters are setters.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct CallState<O> {
    core: Core,
    operation: O,
    options: CallOptions,
}

/// What one call overrides of the client's settings.
#[derive(Debug, Clone, Default)]
struct CallOptions {
    credential: Option<Credential>,
    retry: Option<RetryPolicy>,
    deadline: Option<Duration>,
    timeout: Option<Duration>,
    /// Extra headers, marked sensitive so `Debug` never shows them.
    headers: HeaderMap,
    /// The first invalid extra header, reported when the call is sent.
    invalid: Option<String>,
}

impl<O: Operation> CallState<O> {
    /// A call of `operation` through `core`.
    pub fn new(core: Core, operation: O) -> Self {
        Self { core, operation, options: CallOptions::default() }
    }

    /// The operation's parameters; generated setters write to it.
    pub fn operation_mut(&mut self) -> &mut O {
        &mut self.operation
    }

    /// The operation this call sends.
    pub fn operation(&self) -> &O {
        &self.operation
    }

    /// See `Call::deadline`.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options.deadline = Some(deadline);
        self
    }

    /// See `Call::timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// See `Call::header`. The value is marked sensitive, which keeps it
    /// out of `Debug`; a bad name or value is kept as an error for `request`.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            (Ok(name), Ok(mut value)) => {
                value.set_sensitive(true);
                self.options.headers.insert(name, value);
            }
            (Err(_), _) => {
                self.options.invalid.get_or_insert(format!("`{name}` is not a valid header name"));
            }
            (Ok(_), Err(_)) => {
                self.options.invalid.get_or_insert(format!("the value for header `{name}` contains characters a header cannot carry"));
            }
        }
        self
    }

    /// See `Call::credential`.
    pub fn credential(mut self, credential: impl Into<Credential>) -> Self {
        self.options.credential = Some(credential.into());
        self
    }

    /// See `Call::retry`.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// The request: the operation's, then the call's own headers, then a
    /// fresh idempotency key where the operation takes one and none is set.
    pub fn request(&self) -> Result<http::Request<Bytes>, Error<O::Error>> {
        if let Some(message) = &self.options.invalid {
            return Err(Error::InvalidRequest(message.clone()));
        }
        let credential = self.options.credential.as_ref().or(self.core.credential());
        let builder = RequestBuilder::new(O::INFO.method, self.core.base_url(), credential);
        let mut request = self.operation.build(builder).build().map_err(Error::widen)?;
        for (name, value) in &self.options.headers {
            request.headers_mut().insert(name, value.clone());
        }
        #[cfg(feature = "test-util")]
        request.extensions_mut().insert(crate::mock::CalledOperation {
            id: O::INFO.id,
            operation: std::sync::Arc::new(self.operation.clone()),
        });
        if let Some(name) = O::INFO.idempotency_key {
            if !request.headers().contains_key(name) {
                if let (Ok(name), Ok(key)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&super::retry::random_key())) {
                    request.headers_mut().insert(name, key);
                }
            }
        }
        Ok(request)
    }

    /// Sends the call and reads the declared headers of the success.
    pub async fn with_response(self) -> Result<CallResponse<O>, Error<O::Error>> {
        let request = self.request()?;
        let response = self.send_built(request).await?;
        response.read_declared().map_err(|error| Error::Decode(Box::new(error)))
    }

    /// Sends a request built for this call (the first, or a later page).
    pub(crate) async fn send_built(&self, request: http::Request<Bytes>) -> Result<Response<O::Output>, Error<O::Error>> {
        let keyed = O::INFO.idempotency_key.is_some_and(|name| request.headers().contains_key(name));
        let limits = Limits {
            retry: self.options.retry.as_ref().unwrap_or(self.core.retry_policy()),
            deadline: self.options.deadline.unwrap_or(self.core.inner().deadline),
            timeout: self.options.timeout,
            idempotent: keyed || super::retry::is_idempotent(&O::INFO.method),
        };
        let response = self.core.send(request, &O::INFO, limits).await.map_err(Error::widen)?;
        O::parse(response)
    }

    /// The client this call goes through.
    pub(crate) fn core(&self) -> &Core {
        &self.core
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
        #[cfg(feature = "test-util")]
        if let Some(called) = self.extensions().get::<crate::mock::CalledOperation>() {
            copy.extensions_mut().insert(called.clone());
        }
        copy
    }
}
