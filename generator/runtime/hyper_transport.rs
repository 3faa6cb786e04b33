//! The default transport under `rustls-ring`: hyper, with rustls on `ring`
//! configured for this client alone, and gzip, deflate and brotli answers
//! decoded as reqwest decodes them.
//!
//! Why not reqwest here: reqwest's rustls has no `ring` option. Its
//! `rustls-no-provider` feature makes every reqwest client of the program
//! read rustls' process-wide provider and panic when there is none, and
//! cargo turns the feature on for the program's own reqwest too: a
//! `reqwest::Client::new()` beside ours would panic unless our client had
//! been built first. Here reqwest gets no TLS feature from us, and nothing
//! process-wide is installed.

use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::HeaderValue;
use http::header::USER_AGENT;
use http_body_util::{BodyExt as _, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tower_http::decompression::Decompression;
use tower_service::Service as _;

use super::call::AttemptTimeout;
use super::error::TransportKind;
use super::transport::caused_by;
use super::{Transport, TransportFailure, TransportFuture};

type Inner = Decompression<Client<HttpsConnector<HttpConnector>, Full<Bytes>>>;

/// hyper with rustls on `ring`, following no redirects (the runtime does),
/// reading at most `max_response_bytes` of a body (after decompression).
#[derive(Clone)]
pub(crate) struct HyperTransport {
    client: Inner,
    user_agent: HeaderValue,
    timeout: Duration,
    max_response_bytes: u64,
}

impl HyperTransport {
    /// A transport whose TLS trusts the platform's roots.
    pub(crate) fn new(user_agent: HeaderValue, timeout: Duration, connect_timeout: Duration, max_response_bytes: u64) -> Result<Self, String> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(connect_timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_platform_verifier(Arc::new(rustls::crypto::ring::default_provider()))
            .map_err(|error| format!("TLS could not start: {error}"))?
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http);
        let client = Decompression::new(Client::builder(TokioExecutor::new()).build(https)).no_zstd();
        Ok(Self { client, user_agent, timeout, max_response_bytes })
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        let mut client = self.client.clone();
        Box::pin(async move {
            let timeout = request.extensions().get::<AttemptTimeout>().map_or(self.timeout, |timeout| timeout.0);
            let (mut parts, body) = request.into_parts();
            parts.headers.entry(USER_AGENT).or_insert_with(|| self.user_agent.clone());
            let request = http::Request::from_parts(parts, Full::new(body));
            let limit = self.max_response_bytes;
            let too_large = || TransportFailure::new(TransportKind::TooLarge, None).with_detail(format!("limit {limit} bytes"));
            let exchange = async {
                let response = client.call(request).await.map_err(|source| {
                    let connect = source.is_connect();
                    fail(classify(&source, connect, false), source)
                })?;
                let (parts, mut body) = response.into_parts();
                let declared = parts.headers.get(http::header::CONTENT_LENGTH).and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
                if parts.headers.get(http::header::CONTENT_ENCODING).is_none() && declared.is_some_and(|length| length > limit) {
                    return Err(too_large());
                }
                let mut bytes = BytesMut::new();
                while let Some(frame) = body.frame().await {
                    let frame = frame.map_err(|source| fail(classify(source.as_ref(), false, true), source))?;
                    if let Ok(data) = frame.into_data() {
                        if bytes.len() as u64 + data.len() as u64 > limit {
                            return Err(too_large());
                        }
                        bytes.extend_from_slice(&data);
                    }
                }
                let mut answer = http::Response::from_parts(parts, bytes.freeze());
                // The body is decoded: its encoding and length are no longer what the server sent.
                answer.headers_mut().remove(http::header::CONTENT_ENCODING);
                answer.headers_mut().remove(http::header::CONTENT_LENGTH);
                Ok(answer)
            };
            tokio::time::timeout(timeout, exchange).await.unwrap_or_else(|_| Err(TransportFailure::new(TransportKind::Timeout, None)))
        })
    }
}

fn fail(kind: TransportKind, source: impl Into<Box<dyn StdError + Send + Sync>>) -> TransportFailure {
    TransportFailure::new(kind, Some(source.into()))
}

/// Names a failure of the stack: `connect` says the connection was not
/// made, `reading_body` that the response head had arrived.
fn classify(error: &(dyn StdError + 'static), connect: bool, reading_body: bool) -> TransportKind {
    use std::io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionRefused, ConnectionReset, TimedOut, UnexpectedEof};
    if connect {
        return if caused_by(error, &[TimedOut]) {
            TransportKind::ConnectTimeout
        } else if caused_by(error, &[ConnectionRefused]) {
            TransportKind::ConnectRefused
        } else {
            TransportKind::Connect
        };
    }
    let cut = caused_by(error, &[UnexpectedEof, ConnectionReset, ConnectionAborted, BrokenPipe]);
    if reading_body {
        return if cut || error.downcast_ref::<hyper::Error>().is_some() { TransportKind::BodyTruncated } else { TransportKind::Other };
    }
    if cut { TransportKind::ConnectionReset } else { TransportKind::Other }
}
