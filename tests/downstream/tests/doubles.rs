//! The business logic in `src/` tested with the client's test doubles only:
//! typed answers, a declared error, a timeout, an unexpected call. Nothing
//! listens anywhere: the mock client's base URL is on `.invalid`, which no
//! resolver answers, and every request is asserted to have reached the mock.

use custgen_downstream::{Retired, retire_customers_named};
use generated_client::TransportKind;
use generated_client::runtime::mock::{MOCK_BASE_URL, MockServer};
use generated_client::uuid::Uuid;
use generated_client::waldur::{Client, Customer, CustomersDestroy, CustomersList, ErrorDetail};

/// Models are `#[non_exhaustive]`: built with `default()` (or `new`) and
/// their fields set, so a field the API adds later breaks no test.
fn customer(uuid: Uuid, name: &str) -> Customer {
    let mut customer = Customer::default();
    customer.uuid = Some(uuid);
    customer.name = Some(name.to_owned());
    customer
}

fn ids() -> (Uuid, Uuid) {
    (Uuid::from_u128(1), Uuid::from_u128(2))
}

/// Every request went to the mock server, none towards a socket.
fn assert_nothing_left_the_process(server: &MockServer, calls: usize) {
    let received = server.received();
    assert_eq!(received.len(), calls, "{received:#?}");
    let host = MOCK_BASE_URL.trim_start_matches("http://");
    assert!(received.iter().all(|call| call.request.uri().host() == Some(host)), "{received:#?}");
}

#[tokio::test]
async fn idle_customers_are_removed_and_busy_ones_kept() {
    let (idle, busy) = ids();
    let server = MockServer::new();
    server
        .expect::<CustomersList>()
        .when(|call| call.name.as_deref() == Some("Acme"))
        .times(1)
        .returns_page(vec![customer(idle, "Acme 1"), customer(busy, "Acme 2")]);
    server.expect::<CustomersDestroy>().when(move |call| call.uuid == idle).times(1).returns(());
    let mut conflict = ErrorDetail::default();
    conflict.detail = Some("The customer has active projects.".to_owned());
    server.expect::<CustomersDestroy>().when(move |call| call.uuid == busy).times(1).json(409, &conflict);
    let client: Client = server.client().expect("a mock client builds");

    let retired = retire_customers_named(&client, "Acme").await.expect("the run succeeds");

    assert_eq!(retired, Retired { removed: vec![idle], kept_busy: vec![busy] });
    server.verify().expect("every expectation met, no unexpected call");
    assert_nothing_left_the_process(&server, 3);
    let received = server.received();
    assert_eq!(received[0].request.uri().path_and_query().map(|target| target.as_str()), Some("/api/customers/?name=Acme"));
    assert_eq!(received[2].request.uri().path(), format!("/api/customers/{busy}/"));
    assert_eq!(received[2].request.method(), "DELETE");
}

#[tokio::test]
async fn a_timeout_stops_the_run_and_says_what_it_was() {
    let (idle, busy) = ids();
    let server = MockServer::new();
    server.expect::<CustomersList>().returns_page(vec![customer(idle, "Acme 1"), customer(busy, "Acme 2")]);
    server.expect::<CustomersDestroy>().when(move |call| call.uuid == idle).fault(TransportKind::Timeout);
    let client: Client = server.client().expect("a mock client builds");

    let error = retire_customers_named(&client, "Acme").await.expect_err("the timeout stops the run");

    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("customers_destroy"), "{error}");
    server.verify().expect("both expectations were used");
    assert_nothing_left_the_process(&server, 2);
}

#[tokio::test]
async fn a_call_nothing_expects_is_an_error_and_is_reported() {
    let server = MockServer::new();
    let client: Client = server.client().expect("a mock client builds");

    let error = retire_customers_named(&client, "Acme").await.expect_err("nothing answers");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(501), "{error:?}");
    let report = server.verify().expect_err("the call was not expected");
    assert!(report.contains("unexpected call: customers_list GET /api/customers/"), "{report}");
    assert_nothing_left_the_process(&server, 1);
}

#[tokio::test]
async fn an_expectation_never_met_is_reported() {
    let server = MockServer::new();
    server.expect::<CustomersList>().returns_page(Vec::new());
    server.expect::<CustomersDestroy>().times(1).returns(());
    let client: Client = server.client().expect("a mock client builds");

    let retired = retire_customers_named(&client, "Nobody").await.expect("nothing to do");

    assert_eq!(retired, Retired::default());
    let report = server.verify().expect_err("the destroy expectation was not met");
    assert!(report.contains("customers_destroy: expected 1 call(s), got 0"), "{report}");
}
