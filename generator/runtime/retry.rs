//! When to try a call again and how long to wait first. Pure: the clock and
//! the randomness come in as arguments, so every rule is unit-tested.

// Pure policies that only the client (`client` feature) applies.
#![cfg_attr(not(feature = "client"), allow(dead_code, unused_imports))]

use std::hash::{BuildHasher, RandomState};
use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method, StatusCode};

/// Which failures are tried again, how often and how patiently.
///
/// The default retries idempotent calls (GET, HEAD, PUT, DELETE, OPTIONS,
/// TRACE) that failed to connect or got 429, 502, 503 or 504, up to 3
/// attempts within 30 s, waiting 250 ms, then 500 ms, ... (at most 8 s, with
/// full jitter) or what `Retry-After` asks. POST and PATCH are tried once
/// unless [`RetryPolicy::retry_non_idempotent`] opts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            max_elapsed: Duration::from_secs(30),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Tries every call exactly once.
    pub fn never() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// At most this many attempts in all (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the second attempt; it doubles for each further one.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts, `Retry-After` included.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// No attempt starts once this much time has passed since the first.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// Also retries POST and PATCH. Only safe when the API makes those
    /// calls idempotent (for example with an idempotency key).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.non_idempotent = retry;
        self
    }

    /// The wait before attempt `attempt + 1`, or `None` to stop. `failure`
    /// says how attempt `attempt` (1-based) failed; `elapsed` is the time
    /// since the first attempt began; `unit` is a random number in [0, 1).
        pub(crate) fn next_wait(
        &self,
        idempotent: bool,
        attempt: u32,
        failure: Failure<'_>,
        elapsed: Duration,
        now: SystemTime,
        unit: f64,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !(self.non_idempotent || idempotent) {
            return None;
        }
        let asked = match failure {
            Failure::NoResponse => None,
            Failure::Status(status, headers) if is_retryable(status) => retry_after(headers, now),
            Failure::Status(..) => return None,
        };
        let wait = match asked {
            // The server said when; waiting longer than allowed means giving up.
            Some(asked) if asked > self.max_backoff => return None,
            Some(asked) => asked,
            None => {
                let exponent = attempt.saturating_sub(1).min(16);
                let ceiling = self.initial_backoff.saturating_mul(1 << exponent).min(self.max_backoff);
                ceiling.mul_f64(unit.clamp(0.0, 1.0))
            }
        };
        (elapsed.saturating_add(wait) < self.max_elapsed).then_some(wait)
    }
}

/// How an attempt failed, as far as retrying cares.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Failure<'a> {
    /// No answer came: the connection could not be made, it was closed or
    /// reset before the first response byte, or the attempt ran out of
    /// its own time.
    NoResponse,
    /// The server answered with this status.
    Status(StatusCode, &'a HeaderMap),
}

pub(crate) fn is_idempotent(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE].contains(method)
}

pub(crate) fn is_retryable(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// `Retry-After` as seconds or as an HTTP date in any of the three forms
/// RFC 9110 requires recipients to accept (IMF-fixdate, RFC 850, asctime).
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random number in [0, 1) for jitter, without a random-number crate:
/// `RandomState` is seeded from the operating system.
pub(crate) fn jitter() -> f64 {
    let bits = RandomState::new().hash_one(SystemTime::now());
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// A fresh idempotency key: a random (version 4) UUID from the same
/// operating-system-seeded source as [`jitter`]; each `RandomState` has
/// keys of its own, so every call gets another key.
pub(crate) fn random_key() -> String {
    let high = RandomState::new().hash_one(SystemTime::now());
    let low = RandomState::new().hash_one(high);
    let bytes = (u128::from(high) << 64 | u128::from(low)).to_be_bytes();
    uuid::Builder::from_random_bytes(bytes).into_uuid().hyphenated().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn wait(policy: &RetryPolicy, method: Method, attempt: u32, failure: Failure<'_>) -> Option<Duration> {
        policy.next_wait(is_idempotent(&method), attempt, failure, Duration::ZERO, SystemTime::UNIX_EPOCH, 1.0)
    }

    fn status(code: u16, headers: &HeaderMap) -> Failure<'_> {
        Failure::Status(StatusCode::from_u16(code).unwrap(), headers)
    }

    #[test]
    fn idempotent_calls_back_off_exponentially_up_to_the_cap() {
        let policy = RetryPolicy::default().max_attempts(10);
        let none = HeaderMap::new();
        assert_eq!(wait(&policy, Method::GET, 1, status(503, &none)), Some(Duration::from_millis(250)));
        assert_eq!(wait(&policy, Method::GET, 2, Failure::NoResponse), Some(Duration::from_millis(500)));
        assert_eq!(wait(&policy, Method::PUT, 9, status(502, &none)), Some(Duration::from_secs(8)));
        assert_eq!(wait(&policy, Method::DELETE, 1, status(504, &none)), Some(Duration::from_millis(250)));
    }

    #[test]
    fn other_failures_methods_and_the_caps_stop_retrying() {
        let none = HeaderMap::new();
        let policy = RetryPolicy::default();
        assert_eq!(wait(&policy, Method::GET, 1, status(500, &none)), None);
        assert_eq!(wait(&policy, Method::GET, 1, status(404, &none)), None);
        assert_eq!(wait(&policy, Method::POST, 1, status(503, &none)), None);
        assert_eq!(wait(&policy, Method::PATCH, 1, Failure::NoResponse), None);
        assert_eq!(wait(&policy, Method::GET, 3, status(503, &none)), None, "3 attempts in all");
        let opted_in = RetryPolicy::default().retry_non_idempotent(true);
        assert!(wait(&opted_in, Method::POST, 1, status(503, &none)).is_some());
        let late = policy.next_wait(true, 1, Failure::NoResponse, Duration::from_secs(30), SystemTime::UNIX_EPOCH, 0.5);
        assert_eq!(late, None, "no attempt past max_elapsed");
    }

    #[test]
    fn jitter_scales_the_wait() {
        let none = HeaderMap::new();
        let policy = RetryPolicy::default();
        let half = policy.next_wait(true, 1, status(503, &none), Duration::ZERO, SystemTime::UNIX_EPOCH, 0.5);
        assert_eq!(half, Some(Duration::from_millis(125)));
        let unit = jitter();
        assert!((0.0..1.0).contains(&unit));
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date_is_honoured() {
        let policy = RetryPolicy::default();
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("2"));
        assert_eq!(wait(&policy, Method::GET, 1, status(429, &headers)), Some(Duration::from_secs(2)));

        headers.insert("retry-after", HeaderValue::from_static("Thu, 01 Jan 1970 00:00:05 GMT"));
        assert_eq!(wait(&policy, Method::GET, 1, status(503, &headers)), Some(Duration::from_secs(5)));

        headers.insert("retry-after", HeaderValue::from_static("Thursday, 01-Jan-70 00:00:06 GMT"));
        assert_eq!(wait(&policy, Method::GET, 1, status(503, &headers)), Some(Duration::from_secs(6)), "RFC 850");
        headers.insert("retry-after", HeaderValue::from_static("Thu Jan  1 00:00:07 1970"));
        assert_eq!(wait(&policy, Method::GET, 1, status(503, &headers)), Some(Duration::from_secs(7)), "asctime");

        headers.insert("retry-after", HeaderValue::from_static("60"));
        assert_eq!(wait(&policy, Method::GET, 1, status(429, &headers)), None, "longer than max_backoff");
    }
}
