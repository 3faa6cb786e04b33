use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::HeaderValue;
use tracing::Instrument as _;
use tracing::field::Empty;

use super::call::{CopyRequest as _, OperationInfo};
use super::retry::{Failure, jitter};
use super::{Credential, Error, RetryPolicy};

/// The user agent sent unless the caller sets another.
const DEFAULT_USER_AGENT: &str = concat!("generated-client/", env!("CARGO_PKG_VERSION"));
/// Bounds a call that hangs, so no caller waits forever by default.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Implemented by each API module's `Client`, so one builder serves them all.
pub trait FromCore {
    /// Wraps a configured core.
    fn from_core(core: Core) -> Self;
}

/// Configures a `Client` of an API module; start one with that module's
/// `Client::builder`.
///
/// Defaults: the spec's server, `User-Agent: generated-client/<version>`,
/// a 30 s timeout per attempt, a 10 s connect timeout and
/// [`RetryPolicy::default`].
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    credential: Option<Credential>,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    client: PhantomData<fn() -> C>,
}

impl<C: FromCore> ClientBuilder<C> {
    /// A builder that uses `base_url` unless told otherwise. Generated
    /// `Client::builder` functions call this with the spec's server.
    pub fn new(base_url: Option<&str>, credential: Option<Credential>) -> Self {
        Self {
            base_url: base_url.map(str::to_owned),
            credential,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            http: None,
            client: PhantomData,
        }
    }

    /// Sends requests to `base_url` (e.g. a staging host or a local test
    /// server) instead of the spec's server. A trailing `/` is ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Replaces the credential.
    pub fn credential(mut self, credential: impl Into<Credential>) -> Self {
        self.credential = Some(credential.into());
        self
    }

    /// The `User-Agent` header; defaults to `generated-client/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The limit on one attempt, from connecting to the last body byte;
    /// defaults to 30 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit on opening a connection; defaults to 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed calls are retried; see [`RetryPolicy`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Uses a `reqwest::Client` configured by the caller (proxies, pools,
    /// custom TLS). The timeouts and user agent of this builder then do not
    /// apply: configure them on that client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<C, Error> {
        let base_url = self.base_url.ok_or_else(|| {
            Error::Config("no base URL: the spec names no server, so call `base_url` on the builder".to_owned())
        })?;
        let parsed = url::Url::parse(&base_url)
            .map_err(|error| Error::Config(format!("base URL `{base_url}` is not a URL: {error}")))?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::Config(format!(
                "base URL `{base_url}` must be an http(s) URL without query or fragment"
            )));
        }
        let http = match self.http {
            Some(http) => http,
            None => {
                let user_agent = HeaderValue::from_str(&self.user_agent)
                    .map_err(|_| Error::Config("the user agent is not a valid header value".to_owned()))?;
                reqwest::Client::builder()
                    .user_agent(user_agent)
                    .timeout(self.timeout)
                    .connect_timeout(self.connect_timeout)
                    .build()
                    .map_err(|error| Error::Config(format!("the HTTP client could not start: {error}")))?
            }
        };
        Ok(C::from_core(Core {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_owned(),
                credential: self.credential,
                retry: self.retry,
            }),
        }))
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credential", &self.credential)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

/// What every API client holds: the connection pool, the base URL, the
/// credential and the retry policy. Cheap to clone; clones share the pool.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credential: Option<Credential>,
    retry: RetryPolicy,
}

impl Core {
    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn credential(&self) -> Option<&Credential> {
        self.inner.credential.as_ref()
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// Sends a request, retrying as `policy` allows, inside a `tracing` span
    /// that records the operation, method, path template, final status,
    /// number of attempts and duration; never the URL, headers or body.
    pub(crate) async fn send(
        &self,
        request: http::Request<Bytes>,
        info: &OperationInfo,
        policy: &RetryPolicy,
    ) -> Result<http::Response<Bytes>, Error> {
        let span = tracing::info_span!(
            "custgen.call",
            operation = info.id,
            method = %info.method,
            path = info.path,
            status = Empty,
            attempts = Empty,
            duration_ms = Empty,
        );
        let started = Instant::now();
        async {
            let mut attempt = 0;
            loop {
                attempt += 1;
                let outcome = self.attempt(&request, info).await;
                let failure = match &outcome {
                    Ok(response) => Failure::Status(response.status(), response.headers()),
                    Err(Error::Transport { source, .. }) if source.is_connect() => Failure::Connect,
                    Err(_) => break finish(outcome, attempt, started),
                };
                let wait = if matches!(failure, Failure::Status(status, _) if status.is_success()) {
                    None
                } else {
                    policy.next_wait(&info.method, attempt, failure, started.elapsed(), SystemTime::now(), jitter())
                };
                let Some(wait) = wait else { break finish(outcome, attempt, started) };
                tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
                tokio::time::sleep(wait).await;
            }
        }
        .instrument(span)
        .await
    }

    async fn attempt(&self, request: &http::Request<Bytes>, info: &OperationInfo) -> Result<http::Response<Bytes>, Error> {
        let transport = |source: reqwest::Error| Error::Transport { operation: info.id, source: source.without_url() };
        let copy = reqwest::Request::try_from(request.copy()).map_err(transport)?;
        let response = self.inner.http.execute(copy).await.map_err(transport)?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(transport)?;
        let mut answer = http::Response::new(body);
        *answer.status_mut() = status;
        *answer.version_mut() = version;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}

/// Records the end of a call on its span.
fn finish(
    outcome: Result<http::Response<Bytes>, Error>,
    attempts: u32,
    started: Instant,
) -> Result<http::Response<Bytes>, Error> {
    let span = tracing::Span::current();
    if let Ok(response) = &outcome {
        span.record("status", response.status().as_u16());
    }
    span.record("attempts", attempts);
    span.record("duration_ms", started.elapsed().as_millis() as u64);
    match &outcome {
        Ok(response) => tracing::debug!(status = response.status().as_u16(), "call finished"),
        Err(error) => tracing::debug!(error = %error, "call failed"),
    }
    outcome
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credential", &self.inner.credential)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}
