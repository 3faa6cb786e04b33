//! The client runtime on the wire: retries, timeouts, broken connections,
//! typed outcomes, auth placements, secrets, tracing and blocking calls.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use custgen_tests::fixtures::{auth, idempotency, outcomes};
use custgen_tests::server::{Reply, TestServer};
use generated_client::fastly;
use generated_client::{Credential, Error, Nullable, RetryPolicy, Secret};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const KEY: &str = "super-secret-key-42";

/// Retries without long waits, so the suite stays fast.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default().initial_backoff(Duration::from_millis(10))
}

fn fastly_client(server: &TestServer) -> fastly::Client {
    fastly::Client::builder(KEY).base_url(server.url()).retry_policy(quick_retries()).build().expect("builds")
}

/// An `Item` as the server holds it (`id` is read-only, so not in `new`).
fn outcomes_item(id: Option<i64>, name: &str) -> outcomes::Item {
    let mut item = outcomes::Item::new(name.to_owned());
    item.id = id;
    item
}

fn outcomes_client(server: &TestServer) -> outcomes::Client {
    outcomes::Client::builder(server.url(), KEY).retry_policy(quick_retries()).build().expect("builds")
}

const CUSTOMER: &str = r#"{"id": "c1", "name": "Acme"}"#;

#[tokio::test]
async fn idempotent_calls_retry_503_until_success() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::new(503, "busy")).reply(Reply::new(503, "busy")).reply(Reply::json(200, CUSTOMER));

    let customer = fastly_client(&server).get_customer("c1").await.expect("third attempt succeeds");

    assert_eq!(customer.name.as_deref(), Some("Acme"));
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|request| request.target == "/customer/c1" && request.method == "GET"));
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::new(429, "slow down").header("retry-after", "1")).reply(Reply::json(200, CUSTOMER));

    let started = Instant::now();
    fastly_client(&server).get_logged_in_customer().await.expect("second attempt succeeds");

    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_attempt_cap_holds_and_the_last_answer_is_returned() {
    let server = TestServer::start().await.expect("server");
    for _ in 0..5 {
        server.reply(Reply::new(502, "<html><body>502 Bad Gateway</body></html>").header("content-type", "text/html"));
    }

    let error = fastly_client(&server).get_customer("c1").await.expect_err("always 502");

    assert_eq!(server.requests().len(), 3, "default policy: 3 attempts");
    let Error::Status(status) = &error else { panic!("expected a status error, got {error:?}") };
    assert_eq!(status.status(), 502);
    assert!(status.body_text().contains("502 Bad Gateway"));
}

#[tokio::test]
async fn post_is_not_retried_unless_the_caller_opts_in() {
    let server = TestServer::start().await.expect("server");
    let client = outcomes_client(&server);
    let item = outcomes_item(None, "pen");
    server.reply(Reply::new(503, "busy"));

    let error = client.create_item(item.clone()).await.expect_err("503 is not retried for POST");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 1);

    server.reply(Reply::new(503, "busy")).reply(Reply::json(201, r#"{"id": 7, "name": "pen"}"#));
    let created = client
        .create_item(item.clone())
        .retry(quick_retries().retry_non_idempotent(true))
        .await
        .expect("retried");
    assert_eq!(created, outcomes::CreateItemSuccess::Created(outcomes_item(Some(7), "pen")));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn several_success_codes_say_which_came_back() {
    let server = TestServer::start().await.expect("server");
    let client = outcomes_client(&server);
    let item = outcomes_item(None, "pen");
    server
        .reply(Reply::json(200, r#"{"id": 1, "name": "pen"}"#))
        .reply(Reply::json(201, r#"{"id": 2, "name": "pen"}"#))
        .reply(Reply::new(204, ""));

    let existed = client.create_item(item.clone()).await.expect("200");
    let created = client.create_item(item.clone()).with_response().await.expect("201");
    let nothing = client.create_item(item.clone()).await.expect("204");

    assert_eq!(existed, outcomes::CreateItemSuccess::Ok(outcomes_item(Some(1), "pen")));
    assert_eq!(created.status(), 201);
    assert!(matches!(created.body(), outcomes::CreateItemSuccess::Created(item) if item.id == Some(2)));
    assert_eq!(nothing, outcomes::CreateItemSuccess::NoContent);
    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body.as_ref(), br#"{"name":"pen"}"#);
    assert_eq!(request.header("authorization"), Some(format!("Bearer {KEY}").as_str()));

    server.reply(Reply::new(204, ""));
    let () = client.delete_item(9).await.expect("204 is ()");
    assert_eq!(server.requests()[3].target, "/items/9");
}

#[tokio::test]
async fn declared_errors_decode_into_the_operation_error_type() {
    let server = TestServer::start().await.expect("server");
    let client = outcomes_client(&server);
    let item = outcomes_item(None, "");
    server
        .reply(Reply::json(400, r#"{"name": ["This field is required."]}"#))
        .reply(Reply::new(409, "conflict"))
        .reply(Reply::json(500, r#"{"detail": "database is down"}"#))
        .reply(Reply::new(500, "<html>oops</html>"));

    let bad = client.create_item(item.clone()).await.expect_err("400");
    let Some(api) = bad.api() else { panic!("expected a declared error, got {bad:?}") };
    let outcomes::CreateItemError::BadRequest(fields) = api.value() else { panic!("{api:?}") };
    assert_eq!(fields["name"], ["This field is required."]);
    assert_eq!(api.status(), 400);

    let conflict = client.create_item(item.clone()).await.expect_err("409");
    assert!(matches!(conflict.api().map(|api| api.value()), Some(outcomes::CreateItemError::Conflict)));
    assert_eq!(conflict.api().map(|api| api.body().as_ref()), Some(&b"conflict"[..]));

    let other = client.create_item(item.clone()).await.expect_err("500 falls to default");
    let Some(outcomes::CreateItemError::Default(problem)) = other.api().map(|api| api.value()) else { panic!("{other:?}") };
    assert_eq!(problem.detail.as_deref(), Some("database is down"));
    assert_eq!(other.status().map(|status| status.as_u16()), Some(500));

    let html = client.create_item(item.clone()).await.expect_err("500 HTML does not match Problem");
    let Error::Status(status) = &html else { panic!("expected an undeclared status, got {html:?}") };
    assert_eq!(status.body_text(), "<html>oops</html>");
}

#[tokio::test]
async fn success_responses_expose_status_and_headers() {
    let server = TestServer::start().await.expect("server");
    server.reply(
        Reply::json(200, CUSTOMER)
            .header("fastly-ratelimit-remaining", "997")
            .header("fastly-ratelimit-reset", "1700000000"),
    );

    let response = fastly_client(&server).get_customer("c1").with_response().await.expect("succeeds");

    assert_eq!(response.status(), 200);
    assert_eq!(response.header("fastly-ratelimit-remaining"), Some("997"));
    assert_eq!(response.header("fastly-ratelimit-reset"), Some("1700000000"));
    let declared = response.declared_headers();
    assert_eq!(declared.fastly_rate_limit_remaining, Some(997), "the spec's headers are typed");
    assert_eq!(declared.fastly_rate_limit_reset, Some(1_700_000_000));
    assert_eq!(response.into_body().id.as_deref(), Some("c1"));
}

#[tokio::test]
async fn a_declared_header_that_does_not_parse_is_a_decode_error_naming_it() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(200, CUSTOMER).header("fastly-ratelimit-remaining", "lots"));
    server.reply(Reply::json(200, CUSTOMER));

    let error = fastly_client(&server).get_customer("c1").with_response().await.expect_err("malformed header");
    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path(), "header fastly-ratelimit-remaining");
    assert_eq!(decode.snippet(), "lots");

    let response = fastly_client(&server).get_customer("c1").with_response().await.expect("absent headers are fine");
    assert_eq!(response.declared_headers().fastly_rate_limit_remaining, None);
}

/// A server that accepts connections and never answers.
async fn stalling_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{address}")
}

/// A server that sends headers promising 100 bytes, sends 10, and closes.
async fn truncating_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\": \"c1";
            let _ = socket.write_all(head.as_bytes()).await;
            let _ = socket.shutdown().await;
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_stalled_server_gives_a_timeout_error() {
    let url = stalling_server().await;
    let client = fastly::Client::builder(KEY).base_url(url).timeout(Duration::from_millis(300)).build().expect("builds");

    let started = Instant::now();
    let error = client.get_logged_in_customer().await.expect_err("times out");

    assert!(error.is_timeout(), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(error.to_string().contains("get_logged_in_customer"), "{error}");
}

#[tokio::test]
async fn a_body_cut_short_gives_a_transport_error() {
    let url = truncating_server().await;
    let client = fastly::Client::builder(KEY).base_url(url).build().expect("builds");

    let error = client.get_logged_in_customer().await.expect_err("body cut short");

    let Error::Transport(transport) = &error else { panic!("{error:?}") };
    assert_eq!(transport.operation(), "get_logged_in_customer");
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported() {
    // Bind and drop to find a port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0").await.expect("bind").local_addr().expect("address").port();
    let client = fastly::Client::builder(KEY)
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(quick_retries())
        .build()
        .expect("builds");

    let error = client.get_logged_in_customer().await.expect_err("nobody listens");

    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.transport_kind(), Some(generated_client::TransportKind::ConnectRefused));
}

#[tokio::test]
async fn every_auth_placement_carries_the_credential_and_a_call_can_override_it() {
    let server = TestServer::start().await.expect("server");
    let client = auth::Client::builder(KEY).base_url(server.url()).build().expect("builds");
    for _ in 0..7 {
        server.reply(Reply::new(204, ""));
    }

    client.with_header_key().await.expect("header");
    client.with_query_key().await.expect("query");
    client.with_cookie_key().await.expect("cookie");
    client.with_bearer().await.expect("bearer");
    client.with_basic().credential(Credential::basic("ada", "pa:ss")).await.expect("basic");
    client.anonymous().await.expect("anonymous");
    client.with_header_key().credential("other-key").await.expect("override");

    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some(format!("Token {KEY}").as_str()));
    assert_eq!(requests[1].target, format!("/query?api_key={KEY}"));
    assert_eq!(requests[2].header("cookie"), Some(format!("session={KEY}").as_str()));
    assert_eq!(requests[3].header("authorization"), Some(format!("Bearer {KEY}").as_str()));
    // base64("ada:pa:ss")
    assert_eq!(requests[4].header("authorization"), Some("Basic YWRhOnBhOnNz"));
    assert_eq!(requests[5].header("authorization"), None);
    assert_eq!(requests[5].target, "/public");
    assert_eq!(requests[6].header("authorization"), Some("Token other-key"));

    let error = client.with_basic().await.expect_err("a token cannot do basic auth");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(server.requests().len(), 7, "nothing was sent");
}

#[tokio::test]
async fn secrets_never_show_in_debug_display_or_errors() {
    let server = TestServer::start().await.expect("server");
    let client = auth::Client::builder(KEY).base_url(server.url()).retry_policy(RetryPolicy::never()).build().expect("builds");
    server.reply(Reply::new(401, "bad key"));
    let error = client.with_query_key().await.expect_err("401");
    let timeout = auth::Client::builder(KEY)
        .base_url(stalling_server().await)
        .timeout(Duration::from_millis(100))
        .build()
        .expect("builds")
        .with_query_key()
        .await
        .expect_err("times out");

    let basic = Credential::basic("ada", KEY);
    let shown = [
        format!("{client:?}"),
        format!("{:?}", auth::Client::builder(KEY)),
        format!("{:?}", Secret::new(KEY)),
        format!("{:?}", Credential::from(KEY)),
        format!("{basic:?}"),
        format!("{:?}", client.with_bearer()),
        format!("{error}"),
        format!("{error:?}"),
        format!("{timeout}"),
        format!("{timeout:?}"),
    ];
    for text in shown {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
}

#[tokio::test]
async fn header_injection_and_path_climbing_are_refused() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(200, CUSTOMER));
    let client = fastly_client(&server);
    // A per-call credential is checked when the request is built.
    let error = client.get_logged_in_customer().credential("key\r\nx-injected: 1").await.expect_err("CR/LF refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    client.get_customer("../admin").await.expect("one encoded segment");
    assert_eq!(server.single_request().target, "/customer/..%2Fadmin");
}

#[tokio::test]
async fn the_user_agent_defaults_to_the_crate_and_can_be_set() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(200, CUSTOMER)).reply(Reply::json(200, CUSTOMER));
    fastly_client(&server).get_logged_in_customer().await.expect("default agent");
    fastly::Client::builder(KEY)
        .base_url(server.url())
        .user_agent("acme-billing/2.1")
        .build()
        .expect("builds")
        .get_logged_in_customer()
        .await
        .expect("custom agent");

    let requests = server.requests();
    // The crate's name and version, as `[workspace.package]` sets it (a release bumps it).
    let manifest = std::fs::read_to_string(crate::root().join("Cargo.toml")).expect("the workspace manifest");
    let version = manifest
        .split("[workspace.package]")
        .nth(1)
        .and_then(|package| package.lines().find_map(|line| line.strip_prefix("version = ")))
        .expect("a workspace version")
        .trim_matches('"');
    assert_eq!(requests[0].header("user-agent"), Some(format!("generated-client/{version}").as_str()));
    assert_eq!(requests[1].header("user-agent"), Some("acme-billing/2.1"));
}

#[tokio::test]
async fn requests_build_and_responses_parse_without_a_socket() {
    use generated_client::runtime::Operation as _;

    let client = fastly::Client::builder(KEY).base_url("https://example.test/api/").build().expect("builds");
    let request = client.get_customer("a b").request().expect("builds");
    assert_eq!(request.method(), "GET");
    assert_eq!(request.uri(), "https://example.test/api/customer/a%20b");
    assert_eq!(request.headers()["fastly-key"], KEY);
    assert!(request.headers()["fastly-key"].is_sensitive());

    let response = http::Response::builder().status(200).body(bytes::Bytes::from_static(CUSTOMER.as_bytes())).expect("response");
    let parsed = fastly::GetCustomer::parse(response).expect("parses");
    assert_eq!(parsed.body().id.as_deref(), Some("c1"));
}

/// Collects what a `tracing` subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("not poisoned").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The process-wide subscriber, installed once. A thread-scoped one
/// (`set_default`) races with other tests over tracing's callsite cache.
fn captured_logs() -> &'static Captured {
    static CAPTURED: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    CAPTURED.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_writer(move || writer.clone())
            .with_max_level(tracing::Level::DEBUG)
            .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
            .with_ansi(false)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("no other global subscriber");
        captured
    })
}

#[tokio::test]
async fn each_call_is_one_span_with_template_status_and_attempts() {
    let captured = captured_logs();

    let server = TestServer::start().await.expect("server");
    server.reply(Reply::new(503, "busy")).reply(Reply::json(200, CUSTOMER));
    fastly_client(&server).get_customer("customer-1234").await.expect("succeeds");

    let log = String::from_utf8(captured.0.lock().expect("not poisoned").clone()).expect("UTF-8");
    assert!(log.contains("custgen.call"), "{log}");
    assert!(log.contains("operation=\"get_customer\""), "{log}");
    assert!(log.contains("method=GET"), "{log}");
    assert!(log.contains("path=\"/customer/{customer_id}\""), "{log}");
    assert!(log.contains("status=200"), "{log}");
    assert!(log.contains("attempts=2"), "{log}");
    assert!(log.contains("duration_ms="), "{log}");
    assert!(log.contains("retrying"), "{log}");
    assert!(!log.contains("customer-1234"), "the filled path leaked: {log}");
    assert!(!log.contains(KEY), "the key leaked: {log}");
}

#[test]
fn nullable_has_option_like_adapters_and_an_option_is_a_decision() {
    let set: Nullable<String> = Some("x".to_owned()).into();
    let cleared: Nullable<String> = None.into();
    assert_eq!((set.clone(), cleared.clone()), (Nullable::Value("x".to_owned()), Nullable::Null));
    assert_eq!(set.as_ref().map(|text| text.len()), Nullable::Value(1));
    assert_eq!(cleared.as_ref().map(|text| text.len()), Nullable::Null);
    assert_eq!(Nullable::<String>::Absent.map(|text| text.len()), Nullable::Absent);
    assert_eq!(cleared.unwrap_or(String::new()), "");
}

#[test]
fn the_crates_in_the_signatures_are_reexported() {
    // Named only through `generated_client`, so the versions always match.
    use generated_client::bytes::Bytes;
    use generated_client::chrono::{TimeZone as _, Utc};
    use generated_client::http::StatusCode;
    use generated_client::serde_json::{Value, from_slice};
    use generated_client::uuid::Uuid;
    let created = Utc.timestamp_opt(1_700_000_000, 0).single().expect("a time");
    let body = Bytes::from_static(b"{}");
    let json: Value = from_slice(&body).expect("JSON");
    assert!(created.timestamp() > 0 && Uuid::nil().is_nil() && json.is_object() && StatusCode::OK.is_success());
}

/// Middleware for the transport seam: counts attempts and tags each one.
struct Counting {
    inner: Arc<dyn generated_client::runtime::Transport>,
    sent: Arc<std::sync::atomic::AtomicUsize>,
}

impl generated_client::runtime::Transport for Counting {
    fn send(&self, mut request: http::Request<bytes::Bytes>) -> generated_client::runtime::TransportFuture<'_> {
        let attempt = self.sent.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        request.headers_mut().insert("x-attempt", attempt.into());
        self.inner.send(request)
    }
}

#[tokio::test]
async fn middleware_around_the_transport_sees_every_attempt_and_keeps_auth_and_retries() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::new(503, "")).reply(Reply::json(200, r#"{"id": "c1"}"#));
    let sent = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = Arc::clone(&sent);
    let client = fastly::Client::builder("key-1")
        .base_url(server.url())
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
        .wrap_transport(move |inner| Counting { inner, sent: counter })
        .build()
        .expect("builds");

    let customer = client.get_customer("c1").await.expect("the retry succeeds");

    assert_eq!(customer.id.as_deref(), Some("c1"));
    assert_eq!(sent.load(std::sync::atomic::Ordering::SeqCst), 2, "both attempts went through the middleware");
    let requests = server.requests();
    let attempts: Vec<_> = requests.iter().map(|request| request.header("x-attempt").map(str::to_owned)).collect();
    assert_eq!(attempts, [Some("1".to_owned()), Some("2".to_owned())]);
    assert!(requests.iter().all(|request| request.header("fastly-key") == Some("key-1")), "auth is added before the middleware");
}

#[tokio::test]
async fn a_post_with_a_declared_idempotency_key_is_retried_under_one_key() {
    let server = TestServer::start().await.expect("server");
    let client = idempotency::Client::builder(server.url()).retry_policy(quick_retries()).build().expect("builds");
    let payment = || idempotency::CreatePaymentRequest::new(5);
    server.reply(Reply::new(503, "busy")).reply(Reply::json(201, r#"{"id": "p1"}"#));

    let created = client.create_payment(payment()).await.expect("the POST is retried");

    assert_eq!(created.id.as_deref(), Some("p1"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "a keyed POST is retried like an idempotent method");
    let key = requests[0].header("idempotency-key").expect("a key is made up").to_owned();
    assert_eq!(requests[1].header("idempotency-key"), Some(key.as_str()), "every attempt carries the same key");
    let parsed = uuid::Uuid::parse_str(&key).expect("the key is a UUID");
    assert_eq!(parsed.get_version_num(), 4);

    // Another call gets another key; a key the caller sets is sent as set.
    server.reply(Reply::json(201, r#"{"id": "p2"}"#));
    client.create_payment(payment()).await.expect("succeeds");
    let other = server.requests()[2].header("idempotency-key").expect("keyed").to_owned();
    assert_ne!(other, key);
    server.reply(Reply::new(503, "busy")).reply(Reply::json(201, r#"{"id": "p3"}"#));
    client.create_payment(payment()).idempotency_key("order-7").await.expect("retried");
    let keys: Vec<_> = server.requests()[3..].iter().map(|request| request.header("idempotency-key").map(str::to_owned)).collect();
    assert_eq!(keys, [Some("order-7".to_owned()), Some("order-7".to_owned())]);
}

/// A server that answers every request with `{}` after `delay`.
async fn slow_server(delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                tokio::time::sleep(delay).await;
                let answer = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_call_sets_its_own_attempt_timeout_shorter_or_longer_than_the_clients() {
    let stalled = fastly::Client::builder(KEY).base_url(stalling_server().await).build().expect("builds");
    let error = stalled.get_logged_in_customer().timeout(Duration::from_millis(200)).await.expect_err("times out");
    assert!(error.is_timeout(), "{error:?}");

    let slow = slow_server(Duration::from_millis(400)).await;
    let client = fastly::Client::builder(KEY)
        .base_url(slow)
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::default().max_attempts(1))
        .build()
        .expect("builds");
    let error = client.get_logged_in_customer().await.expect_err("the client's own timeout is shorter than the answer");
    assert!(error.is_timeout(), "{error:?}");
    client.get_logged_in_customer().timeout(Duration::from_secs(10)).await.expect("the call's timeout outlasts the client's");
}

#[tokio::test]
async fn a_call_adds_headers_and_refuses_one_that_could_inject() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(200, CUSTOMER));
    let client = fastly_client(&server);

    client.get_customer("c1").header("x-request-id", "r-42").header("Accept", "application/json; q=1").await.expect("succeeds");
    let request = server.single_request();
    assert_eq!(request.header("x-request-id"), Some("r-42"));
    assert_eq!(request.headers.get_all("accept").iter().count(), 1, "a call's header replaces the operation's");
    assert_eq!(request.header("accept"), Some("application/json; q=1"));

    let call = client.get_customer("c1").header("x-evil", "a\r\nx-injected: 1");
    assert!(!format!("{call:?}").contains("x-injected"), "{call:?}");
    let error = call.await.expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}
