//! Contract check: every operation of every spec, called through the
//! generated client against Prism, a mock server that validates each request
//! against the spec (`--errors` turns a violation into a 4xx). Prism is
//! installed by `npm ci` into `tests/contract/` on first use.

use std::collections::BTreeSet;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use generated_client::{fastly, runtime};

use crate::root;

/// A running `prism mock`; stopped when dropped.
struct Prism {
    child: Child,
    url: String,
}

impl Prism {
    /// Answers with the spec's examples.
    fn start(spec: &Path) -> Prism {
        Self::spawn(spec, &[])
    }

    /// Answers with values made up from the schemas (json-schema-faker),
    /// the same for the same `seed`.
    fn start_dynamic(spec: &Path, seed: &str) -> Prism {
        Self::spawn(spec, &["--dynamic", "--seed", seed])
    }

    fn spawn(spec: &Path, mode: &[&str]) -> Prism {
        let prism = install();
        let port = TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("free port").port();
        let child = Command::new(prism)
            .args(["mock", "--errors", "-h", "127.0.0.1", "-p", &port.to_string()])
            .args(mode)
            .arg(spec)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prism starts");
        let prism = Prism { child, url: format!("http://127.0.0.1:{port}") };
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            assert!(Instant::now() < deadline, "prism did not start listening within 60 s");
            std::thread::sleep(Duration::from_millis(100));
        }
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The Prism binary, installed from `tests/contract/package-lock.json` if
/// it is not there yet. Both contract tests (and, under nextest, separate
/// processes) may get here at once; an exclusive lock on a file makes one of
/// them install while the others wait, since two `npm ci` runs in one folder
/// delete each other's files.
fn install() -> PathBuf {
    let dir = root().join("tests/contract");
    let prism = dir.join("node_modules/.bin/prism");
    let lock = std::fs::File::create(dir.join(".install.lock")).expect("lock file in tests/contract");
    lock.lock().expect("exclusive lock on tests/contract/.install.lock");
    if !prism.exists() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir)
            .status()
            .expect("npm runs (Node.js and npm are needed for the contract test)");
        assert!(status.success(), "npm ci in tests/contract failed");
    }
    prism
}

/// The operation ids a spec declares.
fn operation_ids(spec: &str) -> BTreeSet<String> {
    let apis = generator::build_apis(&[crate::source(spec)]).expect("spec builds");
    apis[0].operations.iter().map(|operation| operation.id.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_accepts_every_fastly_request() {
    let spec = "spec/fastly-customer.yaml";
    let prism = Prism::start(&root().join(spec));
    let client = fastly::Client::builder("contract-key").base_url(&prism.url).build().expect("builds");
    let mut called = BTreeSet::new();
    let mut check = |id: &str, outcome: Result<(), generated_client::Error>| {
        if let Err(error) = outcome {
            panic!("prism rejected `{id}`: {error}");
        }
        called.insert(id.to_owned());
    };

    check("get_logged_in_customer", client.get_logged_in_customer().await.map(drop));
    check("get_customer", client.get_customer("x4xCwxxJxGCx123Rx5xTx").await.map(drop));
    let mut changes = fastly::Customer::default();
    changes.name = Some("Acme Corp".to_owned());
    changes.billing_network_type = Some(fastly::CustomerBillingNetworkType::Private);
    changes.billing_ref = generated_client::Nullable::Null;
    changes.force_2fa = Some(true);
    check("update_customer", client.update_customer("x4xCwxxJxGCx123Rx5xTx", changes.clone()).await.map(drop));
    check("delete_customer", client.delete_customer("x4xCwxxJxGCx123Rx5xTx").await.map(drop));
    check("list_users", client.list_users("x4xCwxxJxGCx123Rx5xTx").await.map(drop));

    assert_eq!(called, operation_ids(spec), "every operation is called once");

    // Prism does reject what the spec forbids, so the passes above mean something.
    let raw: Raw = generated_client::ClientBuilder::new(Some(&prism.url), Some("contract-key".into())).build().expect("builds");
    let rejected = generated_client::Call::new(raw.0.clone(), InvalidUpdate).await.expect_err("an invalid form is rejected");
    assert_eq!(rejected.status().map(|status| status.as_u16()), Some(422), "{rejected}");
    assert!(rejected.to_string().contains("force_2fa"), "{rejected}");
}

/// Our Waldur spec, with Prism making up responses from it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_accepts_every_waldur_request() {
    let spec = "spec/waldur-customers.yaml";
    let prism = Prism::start_dynamic(&root().join(spec), "1");
    let called = call_every_waldur_method(&prism.url).await;
    assert_eq!(called, operation_ids(spec), "every operation is called");
}

/// Waldur's own published schema: every request of every generated method
/// is accepted, and every response Prism makes up from the vendor's schema
/// decodes, for three seeds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_with_the_vendor_schema_accepts_every_waldur_request() {
    let vendor = root().join("spec/vendor/waldur-openapi-8.0.5-customers.yaml");
    for seed in ["1", "2", "3"] {
        let prism = Prism::start_dynamic(&vendor, seed);
        let called = call_every_waldur_method(&prism.url).await;
        assert_eq!(called, operation_ids("spec/waldur-customers.yaml"), "seed {seed}: every operation is called");
    }
}

/// Calls every generated Waldur method (each media-type variant) with
/// values both specs allow; panics on the first request Prism rejects or
/// response that does not decode. Returns the operation ids called.
async fn call_every_waldur_method(url: &str) -> BTreeSet<String> {
    use generated_client::waldur::{self, Client};
    use generated_client::{FilePart, Nullable};

    let client = Client::new(url, "contract-token").expect("builds");
    let id = uuid::Uuid::parse_str("a1b2c3d4-e5f6-7890-abcd-ef1234567890").expect("UUID");
    let mut called = BTreeSet::new();
    let mut check = |id: &str, outcome: Result<(), String>| {
        if let Err(error) = outcome {
            panic!("prism rejected `{id}`: {error}");
        }
        called.insert(id.to_owned());
    };
    fn done<T, E: std::fmt::Display>(outcome: Result<T, E>) -> Result<(), String> {
        outcome.map(drop).map_err(|error| error.to_string())
    }

    let list = client
        .customers_list()
        .field(vec![waldur::CustomerFieldEnum::Name, waldur::CustomerFieldEnum::Uuid])
        .archived(false)
        .organization_group_uuid(vec![id])
        .page(1)
        .page_size(10)
        .query("acme");
    check("customers_list", done(list.await));
    let mut body = waldur::CustomerRequest::new("Acme".into());
    body.email = Some("billing@acme.example".into());
    body.default_tax_percent = Some("20.00".parse().expect("decimal"));
    body.latitude = Nullable::Value(59.4);
    check("customers_create", done(client.customers_create(body.clone()).await));
    let mut upload = body.clone();
    upload.image = Nullable::Value(FilePart::new(&b"\x89PNG"[..], "logo.png", "image/png"));
    check("customers_create", done(client.customers_create_multipart(upload.clone()).await));
    check("customers_create", done(client.customers_create_form(body.clone()).await));
    check("customers_retrieve", done(client.customers_retrieve(id).field(vec![waldur::CustomerFieldEnum::Name]).await));
    check("customers_update", done(client.customers_update(id, body.clone()).await));
    check("customers_update", done(client.customers_update_form(id, body.clone()).await));
    check("customers_update", done(client.customers_update_multipart(id, upload).await));
    let mut patch = waldur::PatchedCustomerRequest::default();
    patch.sponsor_number = Nullable::Null;
    patch.grace_period_days = Nullable::Value(14);
    check("customers_partial_update", done(client.customers_partial_update(id, patch).await));
    let mut form_patch = waldur::PatchedCustomerRequest::default();
    form_patch.grace_period_days = Nullable::Value(14);
    check("customers_partial_update", done(client.customers_partial_update_form(id, form_patch.clone()).await));
    check("customers_partial_update", done(client.customers_partial_update_multipart(id, form_patch).await));
    check("customers_destroy", done(client.customers_destroy(id).await));
    let users = client.customers_list_users_list(id).o(vec![waldur::UserRoleDetailsOEnum::Created]).role(id);
    check("customers_list_users_list", done(users.await));
    let members = client
        .customers_users_list(id)
        .o(waldur::CustomerUserOEnum::MinusConcatenatedName)
        .organization_role(vec![
            waldur::CustomersUsersListOrganizationRoleItem::CustomerOwner,
            waldur::CustomersUsersListOrganizationRoleItem::CustomerManager,
        ])
        .is_active(true);
    check("customers_users_list", done(members.await));
    let grant = waldur::UserRoleCreateRequest::new("CUSTOMER.OWNER".into(), id);
    check("customers_add_user", done(client.customers_add_user(id, grant).await));
    let revoke = waldur::UserRoleDeleteRequest::new("CUSTOMER.OWNER".into(), id);
    check("customers_delete_user", done(client.customers_delete_user(id, revoke).await));
    let mut permanent = waldur::UserRoleUpdateRequest::new("CUSTOMER.OWNER".into(), id);
    permanent.expiration_time = Nullable::Null;
    check("customers_update_user", done(client.customers_update_user(id, permanent).await));
    check(
        "customers_project_metadata_compliance_details_list",
        done(client.customers_project_metadata_compliance_details_list(id).await),
    );
    check(
        "customers_project_metadata_compliance_overview_list",
        done(client.customers_project_metadata_compliance_overview_list(id).await),
    );
    check(
        "customers_project_metadata_compliance_projects_list",
        done(client.customers_project_metadata_compliance_projects_list(id).await),
    );
    check(
        "customers_project_metadata_question_answers_list",
        done(client.customers_project_metadata_question_answers_list(id).await),
    );
    let mut groups = waldur::OrganizationGroupsRequest::default();
    groups.organization_groups = Some(vec!["https://waldur.example.com/api/organization-groups/1/".into()]);
    check("customers_update_organization_groups", done(client.customers_update_organization_groups(id, groups).await));
    check("customers_countries_list", done(client.customers_countries_list().await));
    check("customers_stats_retrieve", done(client.customers_stats_retrieve(id).for_current_month(true).await));
    assert_eq!(called.len(), 18);
    called
}

/// A client core without a generated module around it.
struct Raw(runtime::codegen::Core);

impl runtime::codegen::FromCore for Raw {
    fn from_core(core: runtime::codegen::Core) -> Self {
        Raw(core)
    }
}

/// `update_customer` with a body the spec forbids, written by hand.
#[derive(Clone)]
struct InvalidUpdate;

impl runtime::Operation for InvalidUpdate {
    type Output = ();
    type Error = std::convert::Infallible;
    type Headers = ();
    const INFO: runtime::OperationInfo =
        runtime::OperationInfo { id: "invalid_update", method: http::Method::PUT, path: "/customer/{customer_id}", idempotency_key: None, paging: None };

    fn build<'c>(&self, request: runtime::codegen::RequestBuilder<'c>) -> runtime::codegen::RequestBuilder<'c> {
        let scheme = runtime::codegen::AuthScheme::Header { name: "Fastly-Key", prefix: "" };
        request.path("/customer/c1").auth(&scheme).form(&serde_json::json!({"force_2fa": "maybe"}), &[])
    }

    fn parse(
        response: http::Response<bytes::Bytes>,
    ) -> Result<generated_client::Response<()>, generated_client::Error> {
        let answer = runtime::codegen::Answer::new(response);
        match answer.status().as_u16() {
            200..=299 => answer.empty(),
            _ => Err(answer.undeclared()),
        }
    }
}
