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
    fn start(spec: &Path) -> Prism {
        let prism = install();
        let port = TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).expect("free port").port();
        let child = Command::new(prism)
            .args(["mock", "--errors", "-h", "127.0.0.1", "-p", &port.to_string()])
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
/// it is not there yet.
fn install() -> PathBuf {
    let dir = root().join("tests/contract");
    let prism = dir.join("node_modules/.bin/prism");
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
    let changes = fastly::Customer {
        name: Some("Acme Corp".to_owned()),
        billing_network_type: Some(fastly::CustomerBillingNetworkType::Private),
        billing_ref: generated_client::Nullable::Null,
        force_2fa: Some(true),
        ..fastly::Customer::default()
    };
    check("update_customer", client.update_customer("x4xCwxxJxGCx123Rx5xTx", &changes).await.map(drop));
    check("delete_customer", client.delete_customer("x4xCwxxJxGCx123Rx5xTx").await.map(drop));
    check("list_users", client.list_users("x4xCwxxJxGCx123Rx5xTx").await.map(drop));

    assert_eq!(called, operation_ids(spec), "every operation is called once");

    // Prism does reject what the spec forbids, so the passes above mean something.
    let raw: Raw = generated_client::ClientBuilder::new(Some(&prism.url), Some("contract-key".into())).build().expect("builds");
    let rejected = generated_client::Call::new(&raw.0, InvalidUpdate).await.expect_err("an invalid form is rejected");
    assert_eq!(rejected.status().map(|status| status.as_u16()), Some(422), "{rejected}");
    assert!(rejected.to_string().contains("force_2fa"), "{rejected}");
}

/// A client core without a generated module around it.
struct Raw(runtime::Core);

impl runtime::FromCore for Raw {
    fn from_core(core: runtime::Core) -> Self {
        Raw(core)
    }
}

/// `update_customer` with a body the spec forbids, written by hand.
struct InvalidUpdate;

impl runtime::Operation for InvalidUpdate {
    type Output = ();
    type Error = std::convert::Infallible;
    const INFO: runtime::OperationInfo =
        runtime::OperationInfo { id: "invalid_update", method: http::Method::PUT, path: "/customer/{customer_id}" };

    fn build<'c>(&self, request: runtime::RequestBuilder<'c>) -> runtime::RequestBuilder<'c> {
        let scheme = runtime::AuthScheme::Header { name: "Fastly-Key", prefix: "" };
        request.path("/customer/c1").auth(&scheme).form(&serde_json::json!({"force_2fa": "maybe"}))
    }

    fn parse(
        response: http::Response<bytes::Bytes>,
    ) -> Result<generated_client::Response<()>, generated_client::Error> {
        let answer = runtime::Answer::new(response);
        match answer.status().as_u16() {
            200..=299 => answer.empty(),
            _ => Err(answer.undeclared()),
        }
    }
}
