//! The types-only build calls a real local server with its own HTTP stack.

use custgen_tests::server::{Reply, TestServer};

#[tokio::test(flavor = "multi_thread")]
async fn a_types_only_build_calls_the_api_with_its_own_http_stack() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(200, r#"{"id": "c1", "name": "Acme", "deleted_at": null}"#));
    let url = server.url();
    let customer = tokio::task::spawn_blocking(move || custgen_types_only::get_customer(&url, "secret-token", "c1"))
        .await
        .expect("joins")
        .expect("the call succeeds");
    assert_eq!(customer.id.as_deref(), Some("c1"));
    assert_eq!(customer.name.as_deref(), Some("Acme"));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].target, "/customer/c1");
    assert_eq!(requests[0].headers.get("fastly-key").map(|value| value.to_str().unwrap_or_default()), Some("secret-token"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_declared_status_comes_back_as_the_operations_error() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(404, r#"{"msg": "no such customer"}"#));
    let url = server.url();
    let failure = tokio::task::spawn_blocking(move || custgen_types_only::get_customer(&url, "secret-token", "nope"))
        .await
        .expect("joins")
        .expect_err("a 404 is an error");
    match failure {
        custgen_types_only::Failure::Api(generated_client::Error::Status(status)) => assert_eq!(status.status().as_u16(), 404),
        other => panic!("expected a status error, got {other:?}"),
    }
}
