use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;

use super::{Credential, Error, RedirectPolicy, ReqwestTransport, RetryPolicy, Transport};

/// The user agent sent unless the caller sets another.
const DEFAULT_USER_AGENT: &str = concat!("custgen-runtime/", env!("CARGO_PKG_VERSION"));
/// Bounds one attempt that hangs, so no caller waits forever by default.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Bounds a whole call, every attempt and wait included.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// The largest response body read, after decompression.
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
/// The most pages one item stream fetches.
const DEFAULT_MAX_PAGES: usize = 10_000;

/// Implemented by each API module's `Client`, so one builder serves them all.
pub trait FromCore {
    /// Wraps a configured core.
    fn from_core(core: Core) -> Self;
}

/// Configures a `Client` of an API module; start one with that module's
/// `Client::builder`.
///
/// Defaults: the spec's server, `User-Agent: <generated crate>/<version>`,
/// a 30 s timeout per attempt, a 10 s connect timeout, a 60 s deadline per
/// call across all attempts, [`RetryPolicy::default`],
/// [`RedirectPolicy::default`], response bodies up to 64 MiB (after
/// decompression) and page streams of at most 10,000 pages.
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    credential: Option<Credential>,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    deadline: Duration,
    retry: RetryPolicy,
    redirect: RedirectPolicy,
    max_response_bytes: u64,
    max_pages: usize,
    http: Option<reqwest::Client>,
    /// Middleware around the transport, innermost first.
    wraps: Vec<Wrap>,
    client: PhantomData<fn() -> C>,
}

/// Puts a transport inside another.
type Wrap = Box<dyn FnOnce(Arc<dyn Transport>) -> Arc<dyn Transport> + Send>;

impl<C: FromCore> ClientBuilder<C> {
    /// A builder that uses `base_url` unless told otherwise. Generated
    /// `Client::builder` functions call this with the spec's server.
    #[doc(hidden)]
    pub fn new(base_url: Option<&str>, credential: Option<Credential>) -> Self {
        Self {
            base_url: base_url.map(str::to_owned),
            credential,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            retry: RetryPolicy::default(),
            redirect: RedirectPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_pages: DEFAULT_MAX_PAGES,
            http: None,
            wraps: Vec::new(),
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

    /// The `User-Agent` header; defaults to the generated crate's name and
    /// version (`generated-client/0.1.0`).
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

    /// The limit on a whole call: every attempt, every wait between
    /// attempts and every followed redirect; defaults to 60 s. A call past
    /// it fails with [`TransportKind::Deadline`](super::TransportKind::Deadline).
    /// `Call::deadline` overrides it for one call.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// How failed calls are retried; see [`RetryPolicy`].
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Which redirects are followed; see [`RedirectPolicy`].
    pub fn redirect_policy(mut self, policy: RedirectPolicy) -> Self {
        self.redirect = policy;
        self
    }

    /// The largest response body read, counted after decompression;
    /// defaults to 64 MiB. A larger body fails the call with
    /// [`TransportKind::TooLarge`](super::TransportKind::TooLarge) as soon as
    /// the limit is passed, without reading the rest.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The most pages an item stream fetches before it ends with
    /// [`PaginationError::TooManyPages`](super::PaginationError::TooManyPages);
    /// defaults to 10,000.
    pub fn max_pages(mut self, limit: usize) -> Self {
        self.max_pages = limit.max(1);
        self
    }

    /// Uses a `reqwest::Client` configured by the caller (proxies, pools,
    /// custom TLS). The timeouts and user agent of this builder then do not
    /// apply: configure them on that client. Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`: this client follows
    /// redirects itself, by [`RedirectPolicy`], and a client that follows
    /// them on its own may send the credential to another host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Wraps the transport (by default reqwest, built from this builder's
    /// timeouts, user agent and response limit) in middleware: `wrap` gets
    /// the transport and returns the one to use, e.g. one that counts,
    /// logs, signs or adds headers and then calls the one it got. Auth,
    /// retries, redirects, the deadline and tracing stay outside it: each
    /// attempt passes through the middleware. Called again, the new
    /// middleware goes around the previous one.
    pub fn wrap_transport<T: Transport>(mut self, wrap: impl FnOnce(Arc<dyn Transport>) -> T + Send + 'static) -> Self {
        self.wraps.push(Box::new(move |inner| Arc::new(wrap(inner))));
        self
    }

    /// Checks the configuration and builds the client. Messages never
    /// quote the user information or query of the base URL, nor the credential.
    pub fn build(self) -> Result<C, Error> {
        let base_url = self.base_url.ok_or_else(|| {
            Error::Config("no base URL: the spec names no server, so call `base_url` on the builder".to_owned())
        })?;
        let parsed = url::Url::parse(&base_url)
            .map_err(|error| Error::Config(format!("the base URL is not a URL: {error}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!("the base URL `{}` must be an http(s) URL", redacted(&parsed))));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() || parsed.has_authority() && (!parsed.username().is_empty() || parsed.password().is_some()) {
            return Err(Error::Config(format!(
                "the base URL `{}` must carry no user name, password, query or fragment: pass credentials with `credential`",
                redacted(&parsed)
            )));
        }
        if let Some(credential) = &self.credential {
            credential.check()?;
        }
        let mut transport: Arc<dyn Transport> = match self.http {
            Some(http) => Arc::new(ReqwestTransport::new(http, self.max_response_bytes)),
            None => {
                let user_agent = HeaderValue::from_str(&self.user_agent)
                    .map_err(|_| Error::Config("the user agent is not a valid header value".to_owned()))?;
                default_transport(user_agent, self.timeout, self.connect_timeout, self.max_response_bytes)?
            }
        };
        for wrap in self.wraps {
            transport = wrap(transport);
        }
        Ok(C::from_core(Core {
            inner: Arc::new(Inner {
                transport,
                origin: parsed.origin(),
                base_url: base_url.trim_end_matches('/').to_owned(),
                credential: self.credential,
                retry: self.retry,
                redirect: self.redirect,
                deadline: self.deadline,
                max_response_bytes: self.max_response_bytes,
                max_pages: self.max_pages,
            }),
        }))
    }
}

/// A URL as it may be printed: scheme, host, port and path only.
fn redacted(url: &url::Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_query(None);
    shown.set_fragment(None);
    shown.to_string()
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(|url| url::Url::parse(url).map_or_else(|_| "<not a URL>".to_owned(), |url| redacted(&url))))
            .field("credential", &self.credential)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("deadline", &self.deadline)
            .field("retry", &self.retry)
            .field("redirect", &self.redirect)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

/// What every API client holds: the connection pool, the base URL, the
/// credential and the retry policy. Cheap to clone; clones share the pool.
#[derive(Clone)]
pub struct Core {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) transport: Arc<dyn Transport>,
    /// The base URL's origin: the only one a credential or body is sent to.
    pub(crate) origin: url::Origin,
    pub(crate) base_url: String,
    pub(crate) credential: Option<Credential>,
    pub(crate) retry: RetryPolicy,
    pub(crate) redirect: RedirectPolicy,
    pub(crate) deadline: Duration,
    pub(crate) max_response_bytes: u64,
    pub(crate) max_pages: usize,
}

impl Core {
    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    pub(crate) fn credential(&self) -> Option<&Credential> {
        self.inner.credential.as_ref()
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credential", &self.inner.credential)
            .field("retry", &self.inner.retry)
            .field("redirect", &self.inner.redirect)
            .field("deadline", &self.inner.deadline)
            .finish_non_exhaustive()
    }
}

/// The transport a client sends through unless given a reqwest client:
/// under `rustls-ring`, hyper with rustls on `ring` for this client alone
/// (see `hyper_transport.rs` for why not reqwest); otherwise reqwest, with
/// the TLS its features give it.
fn default_transport(user_agent: HeaderValue, timeout: Duration, connect_timeout: Duration, max_response_bytes: u64) -> Result<Arc<dyn Transport>, Error> {
    #[cfg(feature = "rustls-ring")]
    {
        let transport = super::hyper_transport::HyperTransport::new(user_agent, timeout, connect_timeout, max_response_bytes)
            .map_err(|message| Error::Config(format!("the HTTP client could not start: {message}")))?;
        Ok(Arc::new(transport))
    }
    #[cfg(not(feature = "rustls-ring"))]
    {
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| Error::Config(format!("the HTTP client could not start: {error}")))?;
        Ok(Arc::new(ReqwestTransport::new(http, max_response_bytes)))
    }
}
