use base64::Engine as _;
use bytes::Bytes;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::Serialize;
use serde_json::Value;

use super::encode::{
    Null, ParamStyle, encode_component, encode_pairs, joined, path_segment, push_pairs, styled_pairs, styled_segment, to_value,
};
use super::{Credential, Error, Multipart, Secret};

/// A credential placed in the query, kept with the request so it can be
/// applied again when the request is sent to another URL of the same
/// origin (a followed redirect, the next page of a list).
#[cfg_attr(not(feature = "client"), allow(dead_code))]
#[derive(Debug, Clone)]
pub(crate) struct QueryCredential {
    name: &'static str,
    value: Secret,
}

/// Points `request` at `target`, applying a query credential again: any
/// parameter of its name that the target carries is replaced by ours.
#[cfg(feature = "client")]
pub(crate) fn retarget(request: &mut http::Request<Bytes>, mut target: url::Url) -> Result<(), Error> {
    if let Some(credential) = request.extensions().get::<QueryCredential>().cloned() {
        let kept: Vec<(String, String)> =
            target.query_pairs().filter(|(name, _)| name != credential.name).map(|(n, v)| (n.into_owned(), v.into_owned())).collect();
        target.set_query(None);
        let mut pairs = target.query_pairs_mut();
        pairs.extend_pairs(kept).append_pair(credential.name, credential.value.expose());
        drop(pairs);
    }
    *request.uri_mut() =
        target.as_str().parse().map_err(|_| Error::InvalidRequest("a link or redirect target is not a valid URL".to_owned()))?;
    Ok(())
}

/// How an API attaches a credential; each API module has one constant per
/// security scheme of its spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// An API key in a header, after a prefix (`Authorization: Token <key>`).
    Header {
        /// The header name.
        name: &'static str,
        /// Text sent before the key; often empty.
        prefix: &'static str,
    },
    /// An API key in a query parameter.
    Query {
        /// The query parameter name.
        name: &'static str,
    },
    /// An API key in a cookie.
    Cookie {
        /// The cookie name.
        name: &'static str,
    },
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
}

/// Describes one request. Problems are kept until [`RequestBuilder::build`]
/// so a generated operation reads as one chain.
#[derive(Debug)]
pub struct RequestBuilder<'a> {
    method: Method,
    url: String,
    credential: Option<&'a Credential>,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
    query_credential: Option<QueryCredential>,
    error: Option<Error>,
}

impl<'a> RequestBuilder<'a> {
    /// A request to `base_url` (no trailing `/`), authenticated with
    /// `credential` where the operation asks for it.
    pub fn new(method: Method, base_url: &str, credential: Option<&'a Credential>) -> Self {
        Self {
            method,
            url: base_url.to_owned(),
            credential,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Bytes::new(),
            query_credential: None,
            error: None,
        }
    }

    /// Appends literal path text, as written in the spec.
    pub fn path(mut self, text: &str) -> Self {
        self.url.push_str(text);
        self
    }

    /// Appends a path parameter as exactly one percent-encoded segment.
    pub fn path_param<T: Serialize + ?Sized>(mut self, value: &T) -> Self {
        match path_segment(value) {
            Ok(segment) => self.url.push_str(&segment),
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        self
    }

    /// Appends a path parameter written in a declared style (`label`,
    /// `matrix`, exploded `simple`).
    pub fn path_param_styled<T: Serialize + ?Sized>(mut self, name: &str, value: &T, style: ParamStyle) -> Self {
        match self.value(value).map(|value| styled_segment(name, &value, style)) {
            Some(Ok(segment)) => self.url.push_str(&segment),
            Some(Err(error)) => {
                self.error.get_or_insert(error);
            }
            None => {}
        }
        self
    }

    /// Adds a query parameter written in a declared style; `None` leaves it out.
    pub fn query_styled<T: Serialize + ?Sized>(mut self, name: &str, value: &T, style: ParamStyle) -> Self {
        if let Some(value) = self.value(value) {
            styled_pairs(&mut self.query, name, &value, style);
        }
        self
    }

    /// Adds a query parameter; `None` leaves it out, arrays repeat the name.
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if let Some(value) = self.value(value) {
            push_pairs(&mut self.query, name, &value, Null::Skip);
        }
        self
    }

    /// Adds a header parameter; `None` leaves it out, arrays are comma-joined.
    pub fn header<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        if let Some(text) = self.value(value).as_ref().and_then(joined) {
            self.set_header(name, &text, false);
        }
        self
    }

    /// Adds a cookie parameter; `None` leaves it out.
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        if let Some(text) = self.value(value).as_ref().and_then(joined) {
            self.add_cookie(name, &text, false);
        }
        self
    }

    /// Sends `body` as JSON.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.set_body("application/json", bytes),
            Err(error) => self.fail(format!("the JSON body could not be encoded: {error}")),
        }
        self
    }

    /// Sends `body` (an object) as `application/x-www-form-urlencoded`: unset
    /// fields are left out and an explicit `null` is sent as an empty value,
    /// except in the fields named in `not_blank`, whose type has no empty
    /// spelling (a UUID, a number): a `null` there is refused, since a
    /// validating server would read the empty value as an invalid one.
    pub fn form<T: Serialize + ?Sized>(mut self, body: &T, not_blank: &[&str]) -> Self {
        match self.value(body) {
            Some(Value::Object(fields)) => {
                if let Some(name) = not_blank.iter().find(|name| fields.get(**name).is_some_and(Value::is_null)) {
                    self.fail(null_in_form(name));
                    return self;
                }
                let mut pairs = Vec::new();
                for (name, value) in &fields {
                    push_pairs(&mut pairs, name, value, Null::Empty);
                }
                self.set_body("application/x-www-form-urlencoded", encode_pairs(&pairs).into_bytes());
            }
            Some(_) => self.fail("a form body must be an object".to_owned()),
            None => {}
        }
        self
    }

    /// Sends `bytes` as they are, as `content_type`.
    pub fn raw(mut self, content_type: &str, bytes: &[u8]) -> Self {
        match HeaderValue::from_str(content_type) {
            Ok(value) => {
                self.headers.insert(CONTENT_TYPE, value);
                self.body = Bytes::copy_from_slice(bytes);
            }
            Err(_) => self.fail(format!("`{content_type}` is not a valid media type")),
        }
        self
    }

    /// Sends a `multipart/form-data` body made of the parts `parts` adds.
    pub fn multipart(mut self, parts: impl FnOnce(Multipart) -> Multipart) -> Self {
        match parts(Multipart::default()).encode() {
            Ok((content_type, bytes)) => {
                match HeaderValue::from_str(&content_type) {
                    Ok(value) => {
                        self.headers.insert(CONTENT_TYPE, value);
                        self.body = Bytes::from(bytes);
                    }
                    Err(_) => self.fail("the multipart boundary is not a valid header value".to_owned()),
                }
            }
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        self
    }

    /// Asks for a media type.
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.headers.insert(ACCEPT, HeaderValue::from_static(media_type));
        self
    }

    /// Attaches the credential as `scheme` says. A call that needs a
    /// credential the client does not have fails before anything is sent.
    pub fn auth(mut self, scheme: &AuthScheme) -> Self {
        let credential = self.credential;
        match (scheme, credential) {
            (_, None) => self.fail("this operation needs a credential, and none was set".to_owned()),
            (AuthScheme::Header { name, prefix }, Some(Credential::Token(key))) => {
                self.set_header(name, &format!("{prefix}{}", key.expose()), true);
            }
            (AuthScheme::Query { name }, Some(Credential::Token(key))) => {
                self.query.push(((*name).to_owned(), key.expose().to_owned()));
                self.query_credential = Some(QueryCredential { name, value: key.clone() });
            }
            (AuthScheme::Cookie { name }, Some(Credential::Token(key))) => {
                self.add_cookie(name, key.expose(), true);
            }
            (AuthScheme::Bearer, Some(Credential::Token(token))) => {
                self.set_header(AUTHORIZATION.as_str(), &format!("Bearer {}", token.expose()), true);
            }
            (AuthScheme::Basic, Some(Credential::Basic { username, password })) => {
                let pair = format!("{username}:{}", password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                self.set_header(AUTHORIZATION.as_str(), &format!("Basic {encoded}"), true);
            }
            (AuthScheme::Basic, Some(Credential::Token(_))) => {
                self.fail("this operation uses HTTP basic auth, and the credential is a token".to_owned());
            }
            (_, Some(Credential::Basic { .. })) => {
                self.fail("this operation uses a token, and the credential is a user name and password".to_owned());
            }
        }
        self
    }

    /// Attaches the credential as `scheme` says when the client has one; the
    /// API also accepts the call without one.
    pub fn optional_auth(self, scheme: &AuthScheme) -> Self {
        if self.credential.is_some() { self.auth(scheme) } else { self }
    }

    /// The request, ready for any HTTP stack.
    pub fn build(self) -> Result<http::Request<Bytes>, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut url = self.url;
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&encode_pairs(&self.query));
        }
        // The message leaves out the URL: its query may hold a key.
        let mut request = http::Request::builder()
            .method(self.method)
            .uri(url)
            .body(self.body)
            .map_err(|_| Error::InvalidRequest("the request URL is not valid".to_owned()))?;
        *request.headers_mut() = self.headers;
        if let Some(credential) = self.query_credential {
            request.extensions_mut().insert(credential);
        }
        Ok(request)
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Option<Value> {
        match to_value(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.error.get_or_insert(error);
                None
            }
        }
    }

    fn set_body(&mut self, content_type: &'static str, bytes: Vec<u8>) {
        self.headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Bytes::from(bytes);
    }

    /// Header values with CR, LF or other control bytes are refused rather
    /// than sent, so no argument can inject a header. The message never
    /// quotes the value: it may be a secret.
    fn set_header(&mut self, name: &str, value: &str, sensitive: bool) {
        let Ok(header) = HeaderName::from_bytes(name.as_bytes()) else {
            self.fail(format!("`{name}` is not a valid header name"));
            return;
        };
        match HeaderValue::from_str(value) {
            Ok(mut value) => {
                value.set_sensitive(sensitive);
                self.headers.append(header, value);
            }
            Err(_) => self.fail(format!("the value for header `{name}` contains characters a header cannot carry")),
        }
    }

    /// Cookies share one `Cookie` header, separated by `; ` (RFC 6265).
    fn add_cookie(&mut self, name: &str, value: &str, sensitive: bool) {
        let pair = format!("{}={}", encode_component(name), encode_component(value));
        let merged = match self.headers.remove(COOKIE) {
            Some(existing) => {
                let sensitive = sensitive || existing.is_sensitive();
                (format!("{}; {pair}", existing.to_str().unwrap_or_default()), sensitive)
            }
            None => (pair, sensitive),
        };
        self.set_header(COOKIE.as_str(), &merged.0, merged.1);
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(Error::InvalidRequest(message));
    }
}

/// Why a `null` cannot go into a form or multipart field.
pub(crate) fn null_in_form(name: &str) -> String {
    format!(
        "`{name}` is null, which a form body can only send as an empty value, and an empty value is not valid \
         for this field: leave it unset, or use the JSON variant of the call to send null"
    )
}
