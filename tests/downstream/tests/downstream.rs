//! The application in `src/` against a real local server: every test
//! asserts what the server received, byte for byte where it matters.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use custgen_downstream::{CustomerFeed, Tagging, fetch_summary, rename};
use custgen_tests::server::{Reply, TestServer};
use futures_util::StreamExt as _;
use generated_client::uuid::Uuid;
use generated_client::waldur::Client;

const ID: &str = "3f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";

fn id() -> Uuid {
    Uuid::parse_str(ID).expect("a UUID")
}

fn customer(name: &str) -> String {
    format!(r#"{{"uuid": "{ID}", "name": "{name}"}}"#)
}

/// A client whose transport is wrapped by the application's middleware.
fn client(server: &TestServer, sent: &Arc<AtomicUsize>) -> Client {
    let sent = Arc::clone(sent);
    Client::builder(server.url(), "app-token")
        .wrap_transport(move |inner| Tagging::new(inner, sent))
        .build()
        .expect("builds")
}

#[tokio::test]
async fn spawned_calls_run_on_other_tasks_and_the_middleware_sees_each() {
    let server = TestServer::start().await.expect("server starts");
    for _ in 0..3 {
        server.reply(Reply::json(200, &customer("Acme")));
    }
    let sent = Arc::new(AtomicUsize::new(0));
    let client = client(&server, &sent);

    // The calls own their arguments and the client: no borrow ties them to this scope.
    let tasks: Vec<_> = (0..3).map(|_| tokio::spawn(fetch_summary(&client, id()).into_future())).collect();
    drop(client);
    for task in tasks {
        let customer = task.await.expect("the task runs").expect("the call succeeds");
        assert_eq!(customer.name.as_deref(), Some("Acme"));
    }

    assert_eq!(sent.load(Ordering::SeqCst), 3);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let mut numbers: Vec<&str> = requests.iter().map(|request| request.header("x-app-request").expect("numbered")).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, ["1", "2", "3"]);
    for request in &requests {
        assert_eq!(request.target, format!("/api/customers/{ID}/?field=name&field=uuid"));
        assert_eq!(request.header("x-app"), Some("downstream"));
        assert_eq!(request.header("authorization"), Some("Token app-token"), "auth stays around the middleware");
    }
}

#[tokio::test]
async fn a_stream_kept_in_a_struct_pages_with_the_parameters_set_by_setter() {
    let server = TestServer::start().await.expect("server starts");
    let next = format!("{}/api/customers/?name=Acme&page=2&page_size=1", server.url());
    server.reply(Reply::json(200, &format!("[{}]", customer("Acme 1"))).header("link", &format!("<{next}>; rel=\"next\"")));
    server.reply(Reply::json(200, &format!("[{}]", customer("Acme 2"))));
    let sent = Arc::new(AtomicUsize::new(0));

    let mut feed = CustomerFeed::new(&client(&server, &sent), 1, Some("Acme"));
    // The feed moves to another task and is read there.
    let names = tokio::spawn(async move {
        let mut names = Vec::new();
        while let Some(customer) = feed.stream().next().await {
            names.push(customer.expect("a customer").name.unwrap_or_default());
        }
        names
    })
    .await
    .expect("the task runs");

    assert_eq!(names, ["Acme 1", "Acme 2"]);
    let targets: Vec<String> = server.requests().into_iter().map(|request| request.target).collect();
    assert_eq!(targets, ["/api/customers/?name=Acme&page_size=1", "/api/customers/?name=Acme&page=2&page_size=1"]);
    assert_eq!(sent.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_put_sends_only_the_fields_it_set() {
    let server = TestServer::start().await.expect("server starts");
    server.reply(Reply::json(200, &customer("Renamed")));
    let sent = Arc::new(AtomicUsize::new(0));
    let client = client(&server, &sent);

    let renamed = rename(&client, id(), "Renamed").header("x-request-id", "r-1").await.expect("renames");

    assert_eq!(renamed.name.as_deref(), Some("Renamed"));
    let request = server.single_request();
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, format!("/api/customers/{ID}/"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-request-id"), Some("r-1"));
    assert_eq!(&request.body[..], br#"{"name":"Renamed"}"#);
    assert_eq!(sent.load(Ordering::SeqCst), 1);
}
