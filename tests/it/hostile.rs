//! Servers that misbehave the way real ones and real proxies do, one
//! scenario per way: redirects to other hosts, next links that loop or
//! confuse, slow and dropped answers, odd dates, huge and compressed bodies,
//! and inputs that must be refused before anything is sent. Every test
//! asserts on what the servers received and, where it matters, on time.

use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use custgen_tests::fixtures::auth;
use custgen_tests::server::{Reply, TestServer};
use futures_util::StreamExt as _;
use generated_client::waldur::CustomerRequest;
use generated_client::{
    Error, FilePart, Nullable, PaginationError, RedirectPolicy, RedirectReason, RetryPolicy, TransportKind, fastly, waldur,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const KEY: &str = "hostile-test-key-7";
const CUSTOMER: &str = r#"{"id": "c1", "name": "Acme"}"#;
const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

fn quick() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(10))
}

fn fastly_at(url: &str) -> fastly::Client {
    fastly::Client::builder(KEY).base_url(url).retry_policy(quick()).build().expect("builds")
}

fn waldur_at(url: &str) -> waldur::Client {
    waldur::Client::builder(url, KEY).retry_policy(quick()).build().expect("builds")
}

// Row 1: redirects.

#[tokio::test]
async fn no_redirect_to_another_origin_is_followed_for_any_code_or_method() {
    let origin = TestServer::start().await.expect("server");
    let other = TestServer::start().await.expect("server");
    let fastly = fastly_at(&origin.url());
    let waldur = waldur_at(&origin.url());
    for code in REDIRECTS {
        let location = format!("{}/steal", other.url());
        for _ in 0..3 {
            origin.reply(Reply::new(code, "").header("location", &location));
        }
        let get = fastly.get_customer("c1").await.expect_err("not followed");
        let put = fastly.update_customer("c1", (fastly::Customer::default()).clone()).await.expect_err("not followed");
        let post = waldur.customers_create((CustomerRequest::new("Acme".into())).clone()).await.expect_err("not followed");
        for error in [get, put] {
            let Error::Redirect(redirect) = &error else { panic!("{code}: {error:?}") };
            assert_eq!(redirect.status(), code);
            assert_eq!(redirect.reason(), RedirectReason::OtherOrigin);
            assert_eq!(redirect.location(), location);
            assert!(!error.to_string().contains("steal"), "only the origin is printed: {error}");
        }
        let Error::Redirect(redirect) = &post else { panic!("{code}: {post:?}") };
        assert_eq!(redirect.reason(), RedirectReason::OtherOrigin);
    }
    assert_eq!(origin.requests().len(), 15, "one request per call, never retried");
    assert!(other.requests().is_empty(), "the other origin received {:?}", other.requests());
}

#[tokio::test]
async fn same_origin_redirects_of_safe_methods_are_followed_with_the_credential_applied_again() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::new(302, "").header("location", "/customer/moved")).reply(Reply::json(200, CUSTOMER));
    let customer = fastly_at(&server.url()).get_customer("c1").await.expect("followed");
    assert_eq!(customer.id.as_deref(), Some("c1"));
    let requests = server.requests();
    assert_eq!(requests.iter().map(|r| r.target.as_str()).collect::<Vec<_>>(), ["/customer/c1", "/customer/moved"]);
    assert!(requests.iter().all(|r| r.header("fastly-key") == Some(KEY)));

    // A query-placed key is applied again, replacing whatever the target carries.
    let client = auth::Client::builder(KEY).base_url(server.url()).build().expect("builds");
    server.reply(Reply::new(307, "").header("location", "/query?api_key=planted&x=1")).reply(Reply::new(204, ""));
    client.with_query_key().await.expect("followed");
    assert_eq!(server.requests()[3].target, format!("/query?x=1&api_key={KEY}"));
}

#[tokio::test]
async fn same_origin_redirects_of_bodies_loops_and_a_disabled_policy_are_returned_to_the_caller() {
    let server = TestServer::start().await.expect("server");
    let client = fastly_at(&server.url());
    server.reply(Reply::new(307, "").header("location", "/customer/elsewhere"));
    let put = client.update_customer("c1", (fastly::Customer::default()).clone()).await.expect_err("a body is not re-sent");
    assert!(matches!(&put, Error::Redirect(r) if r.reason() == RedirectReason::Method), "{put:?}");
    assert_eq!(server.requests().len(), 1);

    for _ in 0..7 {
        server.reply(Reply::new(302, "").header("location", "/customer/again"));
    }
    let looped = client.get_customer("c1").await.expect_err("too many");
    assert!(matches!(&looped, Error::Redirect(r) if r.reason() == RedirectReason::TooMany), "{looped:?}");
    assert_eq!(server.requests().len(), 1 + 6, "the first request and 5 followed redirects");

    let strict = fastly::Client::builder(KEY).base_url(server.url()).redirect_policy(RedirectPolicy::none()).build().expect("builds");
    server.reply(Reply::new(301, "").header("location", "/customer/c2"));
    let error = strict.get_customer("c1").await.expect_err("disabled");
    assert!(matches!(&error, Error::Redirect(r) if r.reason() == RedirectReason::Disabled), "{error:?}");
}

// Rows 2, 3, 4: pagination.

fn page(body: &str, next: &str) -> Reply {
    Reply::json(200, body).header("link", &format!("<{next}>; rel=\"next\""))
}

#[tokio::test]
async fn a_next_link_to_the_same_page_ends_the_stream_with_an_error() {
    let server = TestServer::start().await.expect("server");
    let url = format!("{}/api/customers/", server.url());
    for _ in 0..5 {
        server.reply(page(r#"[{"name": "one"}]"#, &url));
    }
    let items: Vec<_> = waldur_at(&server.url()).customers_list().into_stream().collect().await;
    assert_eq!(items.len(), 2, "{items:?}");
    let Err(Error::Pagination(error)) = &items[1] else { panic!("{items:?}") };
    assert_eq!(**error, PaginationError::Loop);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn endless_empty_pages_stop_at_the_page_bound() {
    let server = TestServer::start().await.expect("server");
    for index in 2..40 {
        server.reply(page("[]", &format!("?page={index}")));
    }
    let client = waldur::Client::builder(server.url(), KEY).max_pages(5).build().expect("builds");
    let mut stream = Box::pin(client.customers_list().into_stream());
    let first = stream.next().await.expect("one item");
    let Err(Error::Pagination(error)) = first else { panic!("{first:?}") };
    assert_eq!(*error, PaginationError::TooManyPages { limit: 5 });
    assert!(stream.next().await.is_none());
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn relative_next_links_resolve_against_the_page_that_carried_them() {
    let server = TestServer::start().await.expect("server");
    server
        .reply(page(r#"[{"name": "one"}]"#, "?page=2"))
        .reply(page(r#"[{"name": "two"}]"#, "page3/"))
        .reply(Reply::json(200, r#"[{"name": "three"}]"#));
    let items: Vec<_> = waldur_at(&server.url()).customers_list().page_size(1).into_stream().collect().await;
    assert!(items.iter().all(Result::is_ok), "{items:?}");
    let targets: Vec<_> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/api/customers/?page_size=1", "/api/customers/?page=2", "/api/customers/page3/"]);
}

#[tokio::test]
async fn next_links_with_raw_commas_are_followed_and_every_item_arrives() {
    let server = TestServer::start().await.expect("server");
    let base = server.url();
    server
        .reply(
            Reply::json(200, r#"[{"name": "a"}, {"name": "b"}]"#)
                .header("x-result-count", "4")
                .header("link", &format!("<{base}/api/customers/?o=-created,name&page=2>; rel=\"next\"; title=\"a, b\"")),
        )
        .reply(Reply::json(200, r#"[{"name": "c"}, {"name": "d"}]"#).header("x-result-count", "4"));
    let items: Vec<_> = waldur_at(&base).customers_list().into_stream().collect().await;
    let names: Vec<_> = items.into_iter().map(|item| item.expect("no error").name.expect("named")).collect();
    assert_eq!(names, ["a", "b", "c", "d"]);
    assert_eq!(server.requests()[1].target, "/api/customers/?o=-created,name&page=2");
}

#[tokio::test]
async fn a_total_that_does_not_match_the_items_is_reported() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(200, r#"[{"name": "a"}]"#).header("x-result-count", "3"));
    let items: Vec<_> = waldur_at(&server.url()).customers_list().into_stream().collect().await;
    assert!(items[0].is_ok());
    let Err(Error::Pagination(error)) = &items[1] else { panic!("{items:?}") };
    assert_eq!(**error, PaginationError::CountMismatch { reported: 3, received: 1 });
}

#[tokio::test]
async fn a_query_placed_credential_is_applied_to_every_page() {
    let server = TestServer::start().await.expect("server");
    let client = auth::Client::builder(KEY).base_url(server.url()).build().expect("builds");
    server
        .reply(page("[1]", "/pages?api_key=echoed&page=2"))
        .reply(Reply::json(200, "[2]"));
    let items: Vec<_> = client.paged_with_query_key().into_stream().collect().await;
    assert_eq!(items.into_iter().map(|item| item.expect("no error")).collect::<Vec<_>>(), [1, 2]);
    let targets: Vec<_> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, [format!("/pages?api_key={KEY}"), format!("/pages?page=2&api_key={KEY}")]);
}

// Row 5: empty path parameters.

#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    let server = TestServer::start().await.expect("server");
    let client = fastly_at(&server.url());
    for error in [client.get_customer("").await.expect_err("refused"), client.delete_customer("").await.expect_err("refused")] {
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
    assert!(server.requests().is_empty());
}

// Rows 6 and 7: deadlines, and answers that never start.

/// How a raw server treats each connection, in order; later ones get the last.
#[derive(Clone)]
enum Conduct {
    /// Reads the request and closes without a byte.
    Close,
    /// Waits, then answers with these bytes.
    Answer(Duration, &'static str),
}

async fn raw_server(script: Vec<Conduct>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let index = seen.fetch_add(1, Ordering::SeqCst);
            let conduct = script.get(index).or(script.last()).cloned().expect("a script");
            tokio::spawn(async move {
                let mut buffer = [0u8; 8192];
                let _ = socket.read(&mut buffer).await;
                if let Conduct::Answer(delay, bytes) = conduct {
                    tokio::time::sleep(delay).await;
                    let _ = socket.write_all(bytes.as_bytes()).await;
                }
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{address}"), count)
}

const SLOW_503: &str = "HTTP/1.1 503 Service Unavailable\r\nconnection: close\r\ncontent-length: 4\r\n\r\nbusy";
const OK_CUSTOMER: &str = "HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 28\r\n\r\n{\"id\": \"c1\", \"name\": \"Acme\"}";

#[tokio::test]
async fn the_deadline_bounds_every_attempt_and_wait_of_a_call() {
    let (url, count) = raw_server(vec![Conduct::Answer(Duration::from_millis(800), SLOW_503)]).await;
    let client = fastly::Client::builder(KEY)
        .base_url(&url)
        .retry_policy(quick())
        .deadline(Duration::from_millis(1200))
        .build()
        .expect("builds");
    let started = Instant::now();
    let error = client.get_customer("c1").await.expect_err("slow 503s");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_millis(2200), "took {elapsed:?}");
    assert_eq!(count.load(Ordering::SeqCst), 2, "the second attempt was cut by the deadline");
    assert_eq!(error.transport_kind(), Some(TransportKind::Deadline), "{error:?}");
    assert!(error.is_timeout());
    assert!(error.to_string().contains("deadline"), "{error}");

    let started = Instant::now();
    let error = client.get_customer("c1").deadline(Duration::from_millis(300)).await.expect_err("per call");
    assert!(started.elapsed() < Duration::from_millis(1000), "took {:?}", started.elapsed());
    assert_eq!(error.transport_kind(), Some(TransportKind::Deadline));
}

#[tokio::test]
async fn an_idempotent_call_is_retried_when_the_connection_closes_before_an_answer() {
    let (url, count) = raw_server(vec![Conduct::Close, Conduct::Answer(Duration::ZERO, OK_CUSTOMER)]).await;
    let customer = fastly_at(&url).get_customer("c1").await.expect("second attempt answers");
    assert_eq!(customer.name.as_deref(), Some("Acme"));
    assert_eq!(count.load(Ordering::SeqCst), 2);

    let (url, count) = raw_server(vec![Conduct::Close, Conduct::Answer(Duration::ZERO, OK_CUSTOMER)]).await;
    let error = waldur_at(&url).customers_create((CustomerRequest::new("Acme".into())).clone()).await.expect_err("POST is not retried");
    assert_eq!(error.transport_kind(), Some(TransportKind::ConnectionReset), "{error:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

// Row 8: every HTTP-date form of Retry-After.

#[tokio::test]
async fn retry_after_in_rfc_850_form_is_honoured() {
    let server = TestServer::start().await.expect("server");
    let at = chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()) + chrono::Duration::seconds(2);
    let rfc850 = at.format("%A, %d-%b-%y %H:%M:%S GMT").to_string();
    server.reply(Reply::new(503, "busy").header("retry-after", &rfc850)).reply(Reply::json(200, CUSTOMER));
    let started = Instant::now();
    fastly_at(&server.url()).get_customer("c1").await.expect("second attempt");
    assert!(started.elapsed() >= Duration::from_millis(900), "waited only {:?} for {rfc850}", started.elapsed());
    assert_eq!(server.requests().len(), 2);
}

// Row 9: header injection through a multipart part.

#[tokio::test]
async fn control_characters_in_a_file_part_are_refused_before_sending() {
    let server = TestServer::start().await.expect("server");
    let client = waldur_at(&server.url());
    for (name, content_type) in [("logo.png", "image/png\r\nX-Injected: 1"), ("logo\u{0}.png", "image/png")] {
        let mut body = CustomerRequest::new("Acme".into());
        body.image = Nullable::Value(FilePart::new(&b"\x89PNG"[..], name, content_type));
        let error = client.customers_create_multipart(body.clone()).await.expect_err("refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    }
    assert!(server.requests().is_empty());
}

// Row 10: secrets in the base URL.

#[test]
fn a_base_url_with_userinfo_or_a_query_is_refused_without_printing_either() {
    for url in ["https://ada:hunter2pass@api.example/", "https://api.example/?api_key=querysecret9"] {
        let builder = fastly::Client::builder(KEY).base_url(url);
        let shown = format!("{builder:?}");
        let error = builder.build().expect_err("refused");
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        for text in [shown, error.to_string(), format!("{error:?}")] {
            assert!(!text.contains("hunter2pass") && !text.contains("querysecret9") && !text.contains(KEY), "{text}");
            assert!(text.contains("api.example"), "{text}");
        }
    }
}

// Row 11: compressed and huge bodies.

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("compresses");
    encoder.finish().expect("compresses")
}

async fn bytes_server(head: String, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let (head, body) = (head.clone(), body.clone());
            tokio::spawn(async move {
                let mut buffer = [0u8; 8192];
                let _ = socket.read(&mut buffer).await;
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn gzip_answers_are_decoded_and_accept_encoding_is_sent() {
    let server = TestServer::start().await.expect("server");
    let compressed = gzip(CUSTOMER.as_bytes());
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        compressed.len()
    );
    let url = bytes_server(head, compressed).await;
    let customer = fastly_at(&url).get_customer("c1").await.expect("decoded");
    assert_eq!(customer.name.as_deref(), Some("Acme"));

    server.reply(Reply::json(200, CUSTOMER));
    fastly_at(&server.url()).get_customer("c1").await.expect("plain");
    let accepted = server.single_request().header("accept-encoding").unwrap_or_default().to_owned();
    assert!(accepted.contains("gzip") && accepted.contains("br") && accepted.contains("deflate"), "{accepted}");
}

#[tokio::test]
async fn bodies_past_the_limit_fail_clearly_also_when_decompressed() {
    // A declared length over the limit is refused before reading.
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 209715200\r\n\r\n".to_owned();
    let url = bytes_server(head, vec![b' '; 4096]).await;
    let error = fastly_at(&url).get_customer("c1").await.expect_err("200 MB declared");
    assert_eq!(error.transport_kind(), Some(TransportKind::TooLarge), "{error:?}");
    assert!(error.to_string().contains("67108864"), "{error}");

    // Without a length, the limit stops the reading.
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_owned();
    let url = bytes_server(head, vec![b' '; 3 * 1024 * 1024]).await;
    let client = fastly::Client::builder(KEY).base_url(&url).max_response_bytes(1024 * 1024).build().expect("builds");
    let error = client.get_customer("c1").await.expect_err("3 MiB streamed");
    assert_eq!(error.transport_kind(), Some(TransportKind::TooLarge), "{error:?}");

    // A small gzip body that inflates past the limit.
    let bomb = gzip(&vec![b' '; 8 * 1024 * 1024]);
    assert!(bomb.len() < 64 * 1024);
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-encoding: gzip\r\ncontent-length: {}\r\n\r\n",
        bomb.len()
    );
    let url = bytes_server(head, bomb).await;
    let client = fastly::Client::builder(KEY).base_url(&url).max_response_bytes(1024 * 1024).build().expect("builds");
    let error = client.get_customer("c1").await.expect_err("inflates to 8 MiB");
    assert_eq!(error.transport_kind(), Some(TransportKind::TooLarge), "{error:?}");
}

// Row 12: errors say what happened.

#[tokio::test]
async fn transport_errors_name_their_kind() {
    let port = TcpListener::bind("127.0.0.1:0").await.expect("bind").local_addr().expect("address").port();
    let refused = fastly_at(&format!("http://127.0.0.1:{port}")).get_customer("c1").await.expect_err("refused");
    assert_eq!(refused.transport_kind(), Some(TransportKind::ConnectRefused));
    assert!(refused.to_string().contains("connection refused"), "{refused}");
    assert!(refused.is_connect());

    let (url, _) = raw_server(vec![Conduct::Answer(Duration::from_secs(30), OK_CUSTOMER)]).await;
    let client = fastly::Client::builder(KEY).base_url(&url).timeout(Duration::from_millis(200)).retry_policy(RetryPolicy::never()).build().expect("builds");
    let slow = client.get_customer("c1").await.expect_err("read timeout");
    assert_eq!(slow.transport_kind(), Some(TransportKind::Timeout));
    assert!(slow.to_string().contains("timed out"), "{slow}");

    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n".to_owned();
    let url = bytes_server(head, b"{\"id\": \"c1".to_vec()).await;
    let cut = fastly_at(&url).get_customer("c1").await.expect_err("cut short");
    assert_eq!(cut.transport_kind(), Some(TransportKind::BodyTruncated), "{cut:?}");
    assert!(cut.to_string().contains("cut short"), "{cut}");

    for error in [&refused, &slow, &cut] {
        assert!(!error.to_string().contains("127.0.0.1") && !error.to_string().contains(KEY), "{error}");
    }
}

/// An attempt that runs out of its time is retried for an idempotent call,
/// as `is_retryable()` says of its error; not for a POST, whose error still
/// says a resend may succeed. Neither text speaks of a deadline.
#[tokio::test]
async fn an_attempt_timeout_is_retried_when_the_error_says_so_and_the_method_allows() {
    let (url, count) = raw_server(vec![Conduct::Answer(Duration::from_secs(30), OK_CUSTOMER), Conduct::Answer(Duration::ZERO, OK_CUSTOMER)]).await;
    let client = fastly::Client::builder(KEY).base_url(&url).timeout(Duration::from_millis(200)).retry_policy(quick()).build().expect("builds");
    let customer = client.get_customer("c1").await.expect("the GET is retried after its attempt timed out");
    assert_eq!(customer.name.as_deref(), Some("Acme"));
    assert_eq!(count.load(Ordering::SeqCst), 2);

    let (url, count) = raw_server(vec![Conduct::Answer(Duration::from_secs(30), OK_CUSTOMER)]).await;
    let client = waldur::Client::builder(&url, KEY).timeout(Duration::from_millis(200)).retry_policy(quick()).build().expect("builds");
    let error = client.customers_create(CustomerRequest::new("Acme".into())).await.expect_err("times out");
    assert_eq!(error.transport_kind(), Some(TransportKind::Timeout));
    assert!(error.is_retryable(), "{error:?}");
    assert_eq!(count.load(Ordering::SeqCst), 1, "a POST is not resent by the client");
    assert!(error.to_string().contains("timed out waiting for the response (the client's timeout)"), "{error}");
    assert!(!error.to_string().contains("deadline"), "{error}");
}

// Row 13: a credential no request can carry.

#[test]
fn a_credential_with_control_characters_is_refused_when_the_client_is_built() {
    for key in ["key\r\nX-Injected: 1", "key\0", "key\n"] {
        let error = fastly::Client::new(key).expect_err("refused");
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert!(!error.to_string().contains("key"), "{error}");
    }
}

// Row 14: blocking calls where tokio allows blocking.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocking_calls_work_in_spawn_blocking_and_block_in_place() {
    let server = TestServer::start().await.expect("server");
    for _ in 0..4 {
        server.reply(Reply::json(200, CUSTOMER));
    }
    let client = fastly_at(&server.url());

    // A plain thread has no runtime; joining it is itself blocking work.
    let plain = client.clone();
    let thread = std::thread::spawn(move || plain.get_customer("c0").blocking());
    let customer = tokio::task::spawn_blocking(move || thread.join().expect("joins")).await.expect("joins");
    assert_eq!(customer.expect("on a plain thread").id.as_deref(), Some("c1"));

    let spawned = client.clone();
    let customer = tokio::task::spawn_blocking(move || spawned.get_customer("c1").blocking()).await.expect("joins");
    assert_eq!(customer.expect("in spawn_blocking").id.as_deref(), Some("c1"));

    let customer = tokio::task::block_in_place(|| client.get_customer("c2").blocking());
    assert_eq!(customer.expect("in block_in_place").id.as_deref(), Some("c1"));

    // On a multi-thread worker the call moves off it, as block_in_place does.
    let customer = client.get_customer("c3").blocking();
    assert_eq!(customer.expect("on a worker").id.as_deref(), Some("c1"));
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn a_blocking_call_on_a_current_thread_runtime_is_an_error_and_works_in_spawn_blocking() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(200, CUSTOMER));
    let client = fastly_at(&server.url());

    let error = client.get_customer("c1").blocking().expect_err("would stall the runtime");
    assert!(matches!(&error, Error::Config(message) if message.contains("spawn_blocking")), "{error:?}");
    assert!(server.requests().is_empty());

    let customer = tokio::task::spawn_blocking(move || client.get_customer("c1").blocking()).await.expect("joins");
    assert_eq!(customer.expect("in spawn_blocking").id.as_deref(), Some("c1"));
}
