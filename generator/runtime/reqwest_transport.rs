//! The default transport, reqwest (under the `client` feature): sends a
//! request, reads the body up to a limit, and names what failed.

use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionRefused, ConnectionReset, UnexpectedEof};

use bytes::{Bytes, BytesMut};

use super::call::AttemptTimeout;
use super::error::TransportKind;
use super::transport::caused_by;
use super::{Transport, TransportFailure, TransportFuture};

/// The default transport: a `reqwest::Client` that follows no redirects,
/// reading at most `max_response_bytes` of a body (after decompression).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_response_bytes: u64,
}

impl ReqwestTransport {
    /// Sends with `client`, reading bodies up to `max_response_bytes`.
    pub fn new(client: reqwest::Client, max_response_bytes: u64) -> Self {
        Self { client, max_response_bytes }
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        Box::pin(async move {
            let fail = |kind: TransportKind, source: reqwest::Error| {
                TransportFailure::new(kind, Some(Box::new(source.without_url())))
            };
            let timeout = request.extensions().get::<AttemptTimeout>().map(|timeout| timeout.0);
            let mut request = reqwest::Request::try_from(request).map_err(|source| fail(TransportKind::Other, source))?;
            if let Some(timeout) = timeout {
                *request.timeout_mut() = Some(timeout);
            }
            let mut response = self.client.execute(request).await.map_err(|source| fail(classify(&source, false), source))?;
            let limit = self.max_response_bytes;
            let too_large = || TransportFailure::new(TransportKind::TooLarge, None).with_detail(format!("limit {limit} bytes"));
            if response.content_length().is_some_and(|length| length > limit) {
                return Err(too_large());
            }
            let status = response.status();
            let version = response.version();
            let headers = std::mem::take(response.headers_mut());
            let mut body = BytesMut::new();
            while let Some(chunk) = response.chunk().await.map_err(|source| fail(classify(&source, true), source))? {
                if body.len() as u64 + chunk.len() as u64 > limit {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk);
            }
            let mut answer = http::Response::new(body.freeze());
            *answer.status_mut() = status;
            *answer.version_mut() = version;
            *answer.headers_mut() = headers;
            Ok(answer)
        })
    }
}

/// Names a failure of the HTTP stack; `reading_body` says whether the
/// response head had already arrived.
fn classify(error: &reqwest::Error, reading_body: bool) -> TransportKind {
    if error.is_timeout() {
        return if error.is_connect() { TransportKind::ConnectTimeout } else { TransportKind::Timeout };
    }
    if error.is_connect() {
        return if caused_by(error, &[ConnectionRefused]) { TransportKind::ConnectRefused } else { TransportKind::Connect };
    }
    if reading_body {
        // With decompression on, a body cut short also arrives as a decode
        // error; the cause beneath says which it was.
        let cut = caused_by(error, &[UnexpectedEof, ConnectionReset, ConnectionAborted, BrokenPipe]);
        return if cut || !error.is_decode() { TransportKind::BodyTruncated } else { TransportKind::Other };
    }
    if caused_by(error, &[ConnectionReset, ConnectionAborted, BrokenPipe, UnexpectedEof]) {
        return TransportKind::ConnectionReset;
    }
    TransportKind::Other
}
