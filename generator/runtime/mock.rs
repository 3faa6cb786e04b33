//! Test doubles (cargo feature `test-util`): a [`MockServer`] stands in for
//! the network below the transport seam. Calls go through the same request
//! building, retries and response parsing as real ones; the server answers
//! from expectations set per operation, matched on the call's typed
//! arguments, and records every request. No socket is opened: the client's
//! base URL is on the reserved `.invalid` domain.

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use http::{HeaderValue, StatusCode};
use serde::Serialize;
use serde_json::Value;

use super::{
    ClientBuilder, Credential, Error, Operation, Page, PageCount, RetryPolicy, Transport, TransportFailure, TransportFuture,
    TransportKind,
};
use crate::client::FromCore;

/// The base URL of a mock client: `.invalid` never resolves (RFC 6761), so
/// a request that escaped the mock could not reach anything.
pub const MOCK_BASE_URL: &str = "http://custgen-mock.invalid";

/// The operation a request was built for, carried in its extensions so
/// that a test double can match on the typed arguments.
#[derive(Clone)]
pub(crate) struct CalledOperation {
    pub(crate) id: &'static str,
    pub(crate) operation: Arc<dyn Any + Send + Sync>,
}

/// One request the mock server received.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    /// The operation's id (`operationId`).
    pub operation: &'static str,
    /// The request as it would have gone on the wire.
    pub request: http::Request<Bytes>,
}

/// How an expectation answers.
#[derive(Debug, Clone)]
enum Answer {
    Response { status: StatusCode, headers: Vec<(&'static str, String)>, body: Bytes },
    Fault(TransportKind),
}

type Matcher = Arc<dyn Fn(&dyn Any) -> bool + Send + Sync>;

struct Expectation {
    operation: &'static str,
    description: String,
    matcher: Option<Matcher>,
    answer: Answer,
    times: Option<usize>,
    hits: usize,
}

#[derive(Default)]
struct State {
    expectations: Vec<Expectation>,
    received: Vec<RecordedRequest>,
    unmatched: Vec<String>,
}

/// A stand-in for the API server. Clone it freely: clones share the
/// expectations and the record.
#[derive(Clone, Default)]
pub struct MockServer {
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("MockServer")
            .field("expectations", &state.expectations.iter().map(|expectation| &expectation.description).collect::<Vec<_>>())
            .field("received", &state.received.len())
            .finish()
    }
}

impl MockServer {
    /// A server with no expectations.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder for a client of `C` that sends every call to this server.
    /// Calls are not retried unless the builder is told otherwise, so a
    /// test sees each answer once.
    pub fn client_builder<C: FromCore>(&self) -> ClientBuilder<C> {
        let server = self.clone();
        ClientBuilder::new(Some(MOCK_BASE_URL), Some(Credential::from("mock-credential")))
            .retry_policy(RetryPolicy::never())
            .wrap_transport(move |_| server)
    }

    /// A client of `C` that sends every call to this server.
    pub fn client<C: FromCore>(&self) -> Result<C, Error> {
        self.client_builder().build()
    }

    /// Expects calls of `O`; finish with one of the answers.
    pub fn expect<O: Operation + 'static>(&self) -> Expect<'_, O> {
        Expect { server: self, matcher: None, times: None, operation: PhantomData }
    }

    /// Every request received, in order.
    pub fn received(&self) -> Vec<RecordedRequest> {
        self.lock().received.clone()
    }

    /// Fails, listing them, when a call matched no expectation or an
    /// expectation with a count was not met.
    pub fn verify(&self) -> Result<(), String> {
        let state = self.lock();
        let mut problems: Vec<String> = state.unmatched.iter().map(|call| format!("unexpected call: {call}")).collect();
        for expectation in &state.expectations {
            match expectation.times {
                Some(times) if expectation.hits != times => {
                    problems.push(format!("{}: expected {times} call(s), got {}", expectation.description, expectation.hits));
                }
                None if expectation.hits == 0 => problems.push(format!("{}: never called", expectation.description)),
                _ => {}
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn answer(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportFailure> {
        let called = request.extensions().get::<CalledOperation>().cloned();
        let mut state = self.lock();
        let operation = called.as_ref().map_or("(unknown operation)", |called| called.id);
        state.received.push(RecordedRequest { operation, request: request.clone() });
        let found = called.as_ref().and_then(|called| {
            state.expectations.iter_mut().find(|expectation| {
                expectation.operation == called.id
                    && expectation.times.is_none_or(|times| expectation.hits < times)
                    && expectation.matcher.as_ref().is_none_or(|matcher| matcher(called.operation.as_ref()))
            })
        });
        let Some(expectation) = found else {
            let call = format!("{operation} {} {}", request.method(), request.uri().path());
            state.unmatched.push(call.clone());
            let body = format!("the mock server has no expectation for {call}");
            let mut response = http::Response::new(Bytes::from(body));
            *response.status_mut() = StatusCode::NOT_IMPLEMENTED;
            return Ok(response);
        };
        expectation.hits += 1;
        match &expectation.answer {
            Answer::Fault(kind) => Err(TransportFailure::new(*kind, None).with_detail("a fault the mock server was told to give")),
            Answer::Response { status, headers, body } => {
                let mut response = http::Response::new(body.clone());
                *response.status_mut() = *status;
                for (name, value) in headers {
                    if let Ok(value) = HeaderValue::from_str(value) {
                        response.headers_mut().append(*name, value);
                    }
                }
                Ok(response)
            }
        }
    }
}

impl Transport for MockServer {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        let answer = self.answer(request);
        Box::pin(async move { answer })
    }
}

/// An expectation being set up: which calls of `O` it takes, how many, and
/// (last) how it answers.
#[must_use = "an expectation is added by one of its answers"]
pub struct Expect<'s, O> {
    server: &'s MockServer,
    matcher: Option<Matcher>,
    times: Option<usize>,
    operation: PhantomData<fn() -> O>,
}

impl<O: Operation + 'static> Expect<'_, O> {
    /// Takes only calls whose arguments pass `matches`.
    pub fn when(mut self, matches: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Some(Arc::new(move |operation: &dyn Any| operation.downcast_ref::<O>().is_some_and(&matches)));
        self
    }

    /// Takes exactly `times` calls; [`MockServer::verify`] checks the count.
    /// Without it, the expectation takes any number of calls, at least one.
    pub fn times(mut self, times: usize) -> Self {
        self.times = Some(times);
        self
    }

    /// Answers `200` with `output` as the JSON body.
    pub fn returns(self, output: O::Output)
    where
        O::Output: Serialize,
    {
        self.json(200, &output);
    }

    /// Answers `status` with `body` as JSON: a declared error's payload,
    /// or any success the operation declares.
    pub fn json(self, status: u16, body: &impl Serialize) {
        let body = serde_json::to_vec(body).unwrap_or_default();
        self.respond(status, vec![("content-type", "application/json".to_owned())], Bytes::from(body));
    }

    /// Answers `status` with `body` as text.
    pub fn status(self, status: u16, body: &str) {
        self.respond(status, Vec::new(), Bytes::copy_from_slice(body.as_bytes()));
    }

    /// No answer: the exchange fails as `kind` says (a timeout, a reset).
    pub fn fault(self, kind: TransportKind) {
        self.add(Answer::Fault(kind));
    }

    fn respond(self, status: u16, headers: Vec<(&'static str, String)>, body: Bytes) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        self.add(Answer::Response { status, headers, body });
    }

    fn add(self, answer: Answer) {
        let filter = if self.matcher.is_some() { " (matching)" } else { "" };
        let description = format!("{}{filter}", O::INFO.id);
        self.server.lock().expectations.push(Expectation {
            operation: O::INFO.id,
            description,
            matcher: self.matcher,
            answer,
            times: self.times,
            hits: 0,
        });
    }
}

impl<O, T> Expect<'_, O>
where
    O: Operation<Output = Page<T>> + 'static,
    T: Serialize,
{
    /// Answers with one page holding `items`, the last: the items where the
    /// operation's paging puts them, and the total where it reports one.
    pub fn returns_page(self, items: Vec<T>) {
        let paging = O::INFO.paging;
        let total = items.len();
        let items = serde_json::to_value(items).unwrap_or(Value::Null);
        let pointer = paging.map_or("", |paging| paging.items);
        let mut body = Value::Null;
        place(&mut body, pointer, items);
        let mut headers = vec![("content-type", "application/json".to_owned())];
        match paging.map(|paging| paging.count) {
            Some(PageCount::Header(name)) => headers.push((name, total.to_string())),
            Some(PageCount::Field(pointer)) => place(&mut body, pointer, Value::from(total)),
            _ => {}
        }
        self.respond(200, headers, Bytes::from(serde_json::to_vec(&body).unwrap_or_default()));
    }
}

/// Puts `value` at JSON pointer `pointer` of `document`, making the objects
/// on the way.
fn place(document: &mut Value, pointer: &str, value: Value) {
    let mut slot = document;
    for token in pointer.split('/').skip(1) {
        if !slot.is_object() {
            *slot = Value::Object(serde_json::Map::new());
        }
        let Value::Object(map) = slot else { return };
        slot = map.entry(token.replace("~1", "/").replace("~0", "~")).or_insert(Value::Null);
    }
    *slot = value;
}
