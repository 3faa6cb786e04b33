//! The generated Fastly client against a real HTTP server on 127.0.0.1:
//! what goes on the wire, byte for byte, and what comes back, decoded.

use custgen_tests::server::{Reply, TestServer};
use generated_client::fastly::{
    Client, Customer, CustomerBillingNetworkType, CustomerResponse, RoleUser,
};
use generated_client::{Error, Nullable};

const KEY: &str = "fastly-secret-key-123";

async fn setup() -> (TestServer, Client) {
    let server = TestServer::start().await.expect("server starts");
    let client = Client::builder(KEY).base_url(server.url()).build().expect("client builds");
    (server, client)
}

/// A customer as the API sends it: nulls where nothing is set.
const CUSTOMER: &str = r#"{
  "billing_contact_id": null,
  "billing_network_type": "public",
  "billing_ref": null,
  "can_configure_wordpress": null,
  "can_reset_passwords": true,
  "can_upload_vcl": true,
  "force_2fa": false,
  "force_sso": false,
  "has_account_panel": true,
  "has_improved_events": true,
  "has_improved_ssl_config": false,
  "has_openstack_logging": false,
  "has_pci": false,
  "has_pci_passwords": false,
  "ip_whitelist": "0.0.0.0/0",
  "legal_contact_id": null,
  "name": "Acme Corp",
  "owner_id": "x4xCwxxJxGCx123Rx5xTx",
  "phone_number": "+1 555 0100",
  "postal_address": null,
  "pricing_plan": "Developer",
  "pricing_plan_id": "7JFbCqchqk2ldLqu5GsEhW",
  "security_contact_id": null,
  "technical_contact_id": null,
  "created_at": "2016-05-13T13:27:44Z",
  "deleted_at": null,
  "updated_at": "2023-11-02T08:15:00Z",
  "id": "x4xCwxxJxGCx123Rx5xTx"
}"#;

fn assert_common_headers(request: &custgen_tests::server::Recorded) {
    assert_eq!(request.header("fastly-key"), Some(KEY));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert!(request.header("user-agent").is_some_and(|agent| agent.starts_with("generated-client/")));
}

#[tokio::test]
async fn get_logged_in_customer_decodes_nulls() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, CUSTOMER));

    let customer = client.get_logged_in_customer().await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/current_customer");
    assert_common_headers(&request);
    assert!(request.body.is_empty());
    assert_eq!(request.header("content-type"), None);

    assert_eq!(customer.id.as_deref(), Some("x4xCwxxJxGCx123Rx5xTx"));
    assert_eq!(customer.name.as_deref(), Some("Acme Corp"));
    assert_eq!(customer.billing_network_type, Some(CustomerBillingNetworkType::Public));
    assert_eq!(customer.billing_ref, None);
    assert_eq!(customer.can_configure_wordpress, None);
    assert_eq!(customer.deleted_at, None);
    assert_eq!(
        customer.created_at.as_ref().map(|at| at.to_rfc3339()),
        Some("2016-05-13T13:27:44+00:00".to_owned())
    );
    assert_eq!(customer.can_reset_passwords, Some(true));
}

#[tokio::test]
async fn get_customer_encodes_the_id_as_one_segment() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, CUSTOMER)).reply(Reply::json(200, CUSTOMER));

    client.get_customer("a/b c%d..e").await.expect("call succeeds");
    client.get_customer("../x").await.expect("call succeeds");
    // Exactly `..` cannot be one segment: URL parsers resolve it even when
    // percent-encoded. It is refused before anything is sent.
    let error = client.get_customer("..").await.expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].target, "/customer/a%2Fb%20c%25d..e");
    assert_eq!(requests[1].target, "/customer/..%2Fx");
    assert_common_headers(&requests[0]);
}

#[tokio::test]
async fn update_customer_sends_only_the_fields_set() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, CUSTOMER));

    let mut changes = Customer::default();
    changes.billing_network_type = Some(CustomerBillingNetworkType::Private);
    changes.billing_ref = Nullable::Null;
    changes.force_2fa = Some(true);
    changes.has_pci = Some(false);
    changes.legal_contact_id = Nullable::Value("legal-7".to_owned());
    changes.name = Some("Acme & Sons, Ltd.".to_owned());
    let updated: CustomerResponse = client.update_customer("cust 1", changes.clone()).await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, "/customer/cust%201");
    assert_common_headers(&request);
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(
        std::str::from_utf8(&request.body).expect("form is ASCII"),
        "billing_network_type=private&billing_ref=&force_2fa=true&has_pci=false\
         &legal_contact_id=legal-7&name=Acme%20%26%20Sons%2C%20Ltd."
    );
    assert_eq!(updated.name.as_deref(), Some("Acme Corp"));
}

#[tokio::test]
async fn update_customer_with_nothing_set_sends_an_empty_form() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, CUSTOMER));

    client.update_customer("c1", (Customer::default()).clone()).await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert!(request.body.is_empty(), "{:?}", request.body);
}

#[tokio::test]
async fn delete_customer_decodes_the_status() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, r#"{"status":"ok"}"#));

    let outcome = client.delete_customer("x4xCwxxJxGCx123Rx5xTx").await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "DELETE");
    assert_eq!(request.target, "/customer/x4xCwxxJxGCx123Rx5xTx");
    assert_common_headers(&request);
    assert_eq!(outcome.status.as_deref(), Some("ok"));
}

#[tokio::test]
async fn list_users_decodes_nulls_and_unknown_roles() {
    let (server, client) = setup().await;
    server.reply(Reply::json(
        200,
        r#"[
          {"login": "ada@example.com", "name": "Ada", "limit_services": false, "locked": null,
           "require_new_password": false, "role": "superuser", "roles": ["r1", "r2"],
           "two_factor_auth_enabled": null, "two_factor_setup_required": false,
           "created_at": "2020-01-02T03:04:05Z", "deleted_at": null, "updated_at": null,
           "id": "u1", "email_hash": "9f2c", "customer_id": "c1"},
          {"login": "bob@example.com", "role": "account_owner", "id": "u2"}
        ]"#,
    ));

    let users = client.list_users("c1").await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/customer/c1/users");
    assert_common_headers(&request);

    assert_eq!(users.len(), 2);
    assert_eq!(users[0].role, Some(RoleUser::Superuser));
    assert_eq!(users[0].roles.as_deref(), Some(&["r1".to_owned(), "r2".to_owned()][..]));
    assert_eq!(users[0].locked, None);
    assert_eq!(users[0].require_new_password, Some(false));
    assert_eq!(users[0].updated_at, None);
    assert_eq!(users[1].role, Some(RoleUser::Unknown("account_owner".to_owned())));
    assert_eq!(users[1].locked, None);
    // An unknown value goes back on the wire unchanged.
    assert_eq!(serde_json::to_string(&users[1].role).expect("serialises"), r#""account_owner""#);
}

#[tokio::test]
async fn a_404_surfaces_status_headers_and_body() {
    let (server, client) = setup().await;
    let body = r#"{"msg":"Record not found","detail":"Cannot find customer 'nope'"}"#;
    server.reply(Reply::json(404, body).header("fastly-ratelimit-remaining", "999"));

    let error = client.get_customer("nope").await.expect_err("404 is an error");

    let Error::Status(status) = &error else { panic!("expected a status error, got {error:?}") };
    assert_eq!(status.status(), 404);
    assert_eq!(status.body().as_ref(), body.as_bytes());
    assert_eq!(status.headers()["fastly-ratelimit-remaining"], "999");
    let parsed: serde_json::Value = status.json().expect("error body is JSON");
    assert_eq!(parsed["msg"], "Record not found");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(error.to_string().contains("404 Not Found"), "{error}");
}

#[tokio::test]
async fn a_malformed_body_names_the_failing_field() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, r#"{"name": "Acme", "created_at": "yesterday"}"#));

    let error = client.get_logged_in_customer().await.expect_err("bad date");

    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert_eq!(decode.path(), "created_at");
    assert!(decode.snippet().contains("yesterday"));
    assert!(error.to_string().contains("`created_at`"), "{error}");
}

#[tokio::test]
async fn an_html_page_instead_of_json_is_a_decode_error() {
    let (server, client) = setup().await;
    server.reply(Reply::new(200, "<html><body>Bad gateway</body></html>").header("content-type", "text/html"));

    let error = client.get_logged_in_customer().await.expect_err("HTML is not a customer");

    let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
    assert!(decode.snippet().starts_with("<html>"));
}

#[tokio::test]
async fn the_key_never_shows_in_debug_output() {
    let (server, client) = setup().await;
    let builder = Client::builder(KEY).base_url(server.url());
    for shown in [format!("{client:?}"), format!("{builder:?}"), format!("{:?}", generated_client::Secret::new(KEY))] {
        assert!(!shown.contains(KEY), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}

#[tokio::test]
async fn a_key_that_could_inject_a_header_is_refused_before_sending() {
    let server = TestServer::start().await.expect("server starts");
    let refused = Client::builder("key\r\nX-Injected: 1").base_url(server.url()).build().expect_err("refused");
    assert!(matches!(refused, Error::Config(_)), "{refused:?}");
    assert!(!refused.to_string().contains("X-Injected"), "the message must not quote the key: {refused}");

    let client = Client::builder("good-key").base_url(server.url()).build().expect("builds");
    let error = client.get_logged_in_customer().credential("key\r\nX-Injected: 1").await.expect_err("refused");

    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(!error.to_string().contains("X-Injected"), "the message must not quote the key: {error}");
    assert!(server.requests().is_empty());
}

#[test]
fn the_default_base_url_is_the_spec_server() {
    let client = Client::new(KEY).expect("client builds");
    assert_eq!(client.base_url(), "https://api.fastly.com");
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.fastly.com");
    let error = Client::builder(KEY).base_url("not a url").build().expect_err("invalid URL");
    assert!(matches!(error, Error::Config(_)), "{error:?}");
}
