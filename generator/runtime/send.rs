//! Sending one call: attempts, retries, redirects, the deadline and the
//! response size limit, inside one `tracing` span.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use tracing::Instrument as _;
use tracing::field::Empty;

use super::call::{AttemptTimeout, OperationInfo};
use super::call_state::CopyRequest as _;
use super::error::{TransportError, TransportKind};
use super::redirect::Step;
use super::request::retarget;
use super::retry::{Failure, jitter};
use super::{Core, Error, RetryPolicy, TransportFailure};

/// What one call may override of the client's settings.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits<'a> {
    pub(crate) retry: &'a RetryPolicy,
    pub(crate) deadline: Duration,
    /// The call's own bound on each attempt, when it sets one.
    pub(crate) timeout: Option<Duration>,
    /// Whether a retry cannot repeat an effect: an idempotent method, or a
    /// request that carries the API's idempotency key.
    pub(crate) idempotent: bool,
}

impl Core {
    /// Sends a request, retrying as `limits.retry` allows and following
    /// redirects as the client's policy allows, all within `limits.deadline`.
    /// The span records the operation, method, path template, final status,
    /// number of attempts and duration; never the URL, headers or body.
    pub(crate) async fn send(
        &self,
        request: http::Request<Bytes>,
        info: &OperationInfo,
        limits: Limits<'_>,
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
        let attempts = AtomicU32::new(0);
        let exchange = async {
            loop {
                let attempt = attempts.fetch_add(1, Ordering::Relaxed) + 1;
                let outcome = self.attempt(&request, info, limits.timeout).await;
                let failure = match &outcome {
                    Ok(response) if response.status().is_success() => return outcome,
                    Ok(response) => Failure::Status(response.status(), response.headers()),
                    Err(Error::Transport(error)) if error.kind().is_retryable() => Failure::NoResponse,
                    Err(_) => return outcome,
                };
                let elapsed = started.elapsed();
                let wait = limits.retry.next_wait(limits.idempotent, attempt, failure, elapsed, SystemTime::now(), jitter());
                // A retry that could not finish before the deadline is not
                // started: the caller gets the real answer instead.
                let Some(wait) = wait.filter(|wait| elapsed + *wait < limits.deadline) else { return outcome };
                tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
                tokio::time::sleep(wait).await;
            }
        };
        async {
            let outcome = match tokio::time::timeout(limits.deadline, exchange).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Error::Transport(Box::new(TransportError::new(
                    info.id,
                    TransportFailure::new(TransportKind::Deadline, None).with_detail(format!("{} ms", limits.deadline.as_millis())),
                )))),
            };
            finish(outcome, attempts.load(Ordering::Relaxed), started)
        }
        .instrument(span)
        .await
    }

    /// One attempt, following same-origin redirects of safe methods.
    async fn attempt(
        &self,
        request: &http::Request<Bytes>,
        info: &OperationInfo,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Bytes>, Error> {
        let inner = self.inner();
        // The call's request is copied once per hop, for the transport to
        // own; a redirect's target is a copy of its own.
        let mut redirected: Option<http::Request<Bytes>> = None;
        let mut hops = 0;
        loop {
            let current = redirected.as_ref().unwrap_or(request);
            let response = self.exchange(current.copy(), info, timeout).await?;
            match inner.redirect.step(current, &response, &inner.origin, hops + 1) {
                Step::Answer => return Ok(response),
                Step::Refuse(error) => return Err(Error::Redirect(Box::new(error))),
                Step::Follow(target) => {
                    hops += 1;
                    tracing::debug!(status = response.status().as_u16(), "following a same-origin redirect");
                    let mut next = current.copy();
                    retarget(&mut next, target)?;
                    redirected = Some(next);
                }
            }
        }
    }

    /// One request and its whole response, through the transport. The
    /// size limit and a call's own timeout are checked again here, for
    /// transports that do not apply them.
    async fn exchange(
        &self,
        mut request: http::Request<Bytes>,
        info: &OperationInfo,
        timeout: Option<Duration>,
    ) -> Result<http::Response<Bytes>, Error> {
        let inner = self.inner();
        let fail = |failure: TransportFailure| Error::Transport(Box::new(TransportError::new(info.id, failure)));
        let response = match timeout {
            None => inner.transport.send(request).await,
            Some(timeout) => {
                request.extensions_mut().insert(AttemptTimeout(timeout));
                tokio::time::timeout(timeout, inner.transport.send(request)).await.unwrap_or_else(|_| {
                    Err(TransportFailure::new(TransportKind::Timeout, None).with_detail(format!("{} ms", timeout.as_millis())))
                })
            }
        }
        .map_err(fail)?;
        let limit = inner.max_response_bytes;
        if response.body().len() as u64 > limit {
            return Err(fail(TransportFailure::new(TransportKind::TooLarge, None).with_detail(format!("limit {limit} bytes"))));
        }
        Ok(response)
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
