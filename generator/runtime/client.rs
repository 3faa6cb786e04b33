use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Method};

use super::{Error, RequestBuilder, Secret};

/// The user agent sent unless the caller sets another.
const DEFAULT_USER_AGENT: &str = concat!("generated-client/", env!("CARGO_PKG_VERSION"));
/// Bounds a call that hangs, so no caller waits forever by default.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How an API attaches its credential to a request; each API module has one
/// constant per security scheme of its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// In a request header, after a prefix (`Authorization: Token <key>`).
    Header {
        /// The header name.
        name: &'static str,
        /// Text sent before the credential; often empty.
        prefix: &'static str,
    },
    /// In a query parameter.
    Query {
        /// The query parameter name.
        name: &'static str,
    },
}

/// Implemented by each API module's `Client`, so one builder serves them all.
pub trait FromCore {
    /// Wraps a configured core.
    fn from_core(core: Core) -> Self;
}

/// Configures a `Client` of an API module; start one with that module's
/// `Client::builder`.
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    credential: Option<Secret>,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    http: Option<reqwest::Client>,
    client: PhantomData<fn() -> C>,
}

impl<C: FromCore> ClientBuilder<C> {
    /// A builder that uses `base_url` unless told otherwise. Generated
    /// `Client::builder` functions call this with the spec's server.
    pub fn new(base_url: Option<&str>, credential: Option<Secret>) -> Self {
        Self {
            base_url: base_url.map(str::to_owned),
            credential,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
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
    pub fn credential(mut self, credential: impl Into<Secret>) -> Self {
        self.credential = Some(credential.into());
        self
    }

    /// The `User-Agent` header; defaults to `generated-client/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The limit on a whole call, from connecting to the last body byte;
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
            http,
            base_url: base_url.trim_end_matches('/').into(),
            credential: self.credential,
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
            .finish_non_exhaustive()
    }
}

/// What every API client holds: the connection pool, the base URL and the
/// credential. Cheap to clone; clones share the pool.
#[derive(Clone)]
pub struct Core {
    http: reqwest::Client,
    base_url: Arc<str>,
    credential: Option<Secret>,
}

impl Core {
    /// The base URL requests go to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a request to `path` (already encoded) below the base URL.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder<'_> {
        RequestBuilder::new(method, format!("{}{path}", self.base_url), self.credential.as_ref())
    }

    /// Sends a request and reads the whole answer, whatever its status.
    pub async fn execute(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, Error> {
        let request = reqwest::Request::try_from(request).map_err(Error::Transport)?;
        let response = self.http.execute(request).await.map_err(Error::Transport)?;
        let status = response.status();
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::Transport)?;
        let mut answer = http::Response::new(body);
        *answer.status_mut() = status;
        *answer.version_mut() = version;
        *answer.headers_mut() = headers;
        Ok(answer)
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credential", &self.credential)
            .finish_non_exhaustive()
    }
}
