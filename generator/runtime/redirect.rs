//! Which redirects a call follows. A credential or a request body must never
//! reach an origin other than the base URL's, so the runtime follows
//! redirects itself (the HTTP stack's own following is switched off) and
//! only within the rules here; everything else is handed to the caller as
//! [`Error::Redirect`](super::Error::Redirect).

#[cfg(feature = "client")]
use bytes::Bytes;
#[cfg(feature = "client")]
use http::{Method, StatusCode};

#[cfg(feature = "client")]
use super::error::{RedirectError, RedirectReason};

/// How many same-origin redirects of a GET or HEAD call are followed.
///
/// The default follows up to 5. A redirect is followed only when the
/// method is GET or HEAD (no body to re-send) and the target has the same
/// scheme, host and port as the base URL; the credential is applied again
/// to the new request. Any other redirect ends the call with
/// [`Error::Redirect`](super::Error::Redirect), carrying the `Location`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RedirectPolicy {
    limit: u32,
}

impl Default for RedirectPolicy {
    fn default() -> Self {
        Self { limit: 5 }
    }
}

impl RedirectPolicy {
    /// Follows no redirect: every 3xx with a `Location` is returned as
    /// [`Error::Redirect`](super::Error::Redirect).
    pub fn none() -> Self {
        Self { limit: 0 }
    }

    /// Follows at most `limit` same-origin redirects of one GET or HEAD attempt.
    pub fn limit(limit: u32) -> Self {
        Self { limit }
    }
}

/// What to do with one response.
#[cfg(feature = "client")]
pub(crate) enum Step {
    /// Not a redirect (or one without a usable `Location`): parse it.
    Answer,
    /// Send the request again to this URL.
    Follow(url::Url),
    /// Stop the call.
    Refuse(RedirectError),
}

#[cfg(feature = "client")]
impl RedirectPolicy {
    /// Decides on `response` to `request`, the `hops`-th redirect of this
    /// attempt; `origin` is the base URL's.
        pub(crate) fn step(
        &self,
        request: &http::Request<Bytes>,
        response: &http::Response<Bytes>,
        origin: &url::Origin,
        hops: u32,
    ) -> Step {
        let status = response.status();
        if !matches!(
            status,
            StatusCode::MOVED_PERMANENTLY
                | StatusCode::FOUND
                | StatusCode::SEE_OTHER
                | StatusCode::TEMPORARY_REDIRECT
                | StatusCode::PERMANENT_REDIRECT
        ) {
            return Step::Answer;
        }
        let Some(location) = response.headers().get(http::header::LOCATION).and_then(|value| value.to_str().ok()) else {
            return Step::Answer;
        };
        let Some(target) = url::Url::parse(&request.uri().to_string()).ok().and_then(|here| here.join(location).ok())
        else {
            return Step::Answer;
        };
        let reason = if self.limit == 0 {
            RedirectReason::Disabled
        } else if target.origin() != *origin {
            RedirectReason::OtherOrigin
        } else if !matches!(*request.method(), Method::GET | Method::HEAD) {
            RedirectReason::Method
        } else if hops > self.limit {
            RedirectReason::TooMany
        } else {
            return Step::Follow(target);
        };
        Step::Refuse(RedirectError::new(status, target.into(), reason))
    }
}
