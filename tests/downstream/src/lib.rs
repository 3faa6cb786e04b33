//! A small application on top of `generated-client`: what it does is
//! ordinary (keep a feed of customers, rename one, count requests); how it
//! does it is what the tests check: calls returned from functions and
//! spawned, a stream kept in a struct, optional parameters set by setter, and
//! a middleware around the transport. Nothing here is generated.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures_core::Stream;
use futures_util::TryStreamExt as _;
use generated_client::runtime::{Transport, TransportFuture};
use generated_client::waldur::{Client, Customer, CustomerRequest, CustomersDestroyError, CustomersRetrieve, CustomersUpdate};
use generated_client::{Call, Error, bytes, http, uuid::Uuid};

/// Every customer the caller may see, fetched page by page as it is read.
/// The stream is owned: the feed can be stored, moved to another task, or
/// returned, and outlives the client it came from.
pub struct CustomerFeed {
    stream: Pin<Box<dyn Stream<Item = Result<Customer, Error>> + Send>>,
}

impl CustomerFeed {
    /// Starts a feed of `page_size` customers a page, optionally matching `name`.
    pub fn new(client: &Client, page_size: i64, name: Option<&str>) -> Self {
        let mut call = client.customers_list().page_size(page_size);
        if let Some(name) = name {
            call = call.name(name);
        }
        Self { stream: Box::pin(call.into_stream()) }
    }

    /// The stream, to read with `StreamExt` and friends.
    pub fn stream(&mut self) -> &mut Pin<Box<dyn Stream<Item = Result<Customer, Error>> + Send>> {
        &mut self.stream
    }
}

/// A call that fetches one customer with only the fields the application
/// shows, returned unsent so the caller decides when and where to run it.
pub fn fetch_summary(client: &Client, id: Uuid) -> Call<CustomersRetrieve> {
    client.customers_retrieve(id).field(vec![
        generated_client::waldur::CustomerFieldEnum::Name,
        generated_client::waldur::CustomerFieldEnum::Uuid,
    ])
}

/// A PUT that sets the name and nothing else: every other field is left
/// out of the body, so the server keeps its values.
pub fn rename(client: &Client, id: Uuid, name: &str) -> Call<CustomersUpdate> {
    client.customers_update(id, CustomerRequest::new(name.to_owned()))
}

/// Middleware that counts the requests it sees and tags each with the
/// application's name.
pub struct Tagging {
    inner: Arc<dyn Transport>,
    sent: Arc<AtomicUsize>,
}

impl Tagging {
    /// Wraps `inner`; `sent` counts the requests.
    pub fn new(inner: Arc<dyn Transport>, sent: Arc<AtomicUsize>) -> Self {
        Self { inner, sent }
    }
}

impl Transport for Tagging {
    fn send(&self, mut request: http::Request<bytes::Bytes>) -> TransportFuture<'_> {
        let n = self.sent.fetch_add(1, Ordering::SeqCst) + 1;
        request.headers_mut().insert("x-app", http::HeaderValue::from_static("downstream"));
        request.headers_mut().insert("x-app-request", n.into());
        self.inner.send(request)
    }
}

/// What [`retire_customers_named`] did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Retired {
    /// The customers removed.
    pub removed: Vec<Uuid>,
    /// The customers kept because they still have active projects.
    pub kept_busy: Vec<Uuid>,
}

/// Removes every customer whose name matches `name`. A customer that still
/// has active projects (the API's declared `409`) is kept and reported; any
/// other failure stops the run.
pub async fn retire_customers_named(client: &Client, name: &str) -> Result<Retired, Error> {
    let customers: Vec<Customer> = client.customers_list().name(name).into_stream().try_collect().await?;
    let mut retired = Retired::default();
    for uuid in customers.iter().filter_map(|customer| customer.uuid) {
        match client.customers_destroy(uuid).await {
            Ok(()) => retired.removed.push(uuid),
            Err(Error::Api(answer)) if matches!(answer.value(), CustomersDestroyError::Conflict(_)) => retired.kept_busy.push(uuid),
            Err(error) => return Err(error.into_untyped()),
        }
    }
    Ok(retired)
}
