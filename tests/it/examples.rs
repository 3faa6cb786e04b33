//! The example programs of `generated-client/examples/`, run against a
//! local server: the code users copy works.

use custgen_tests::server::{Reply, TestServer};

#[allow(dead_code)]
#[path = "../../generated-client/examples/fastly_customer.rs"]
mod fastly_customer;

#[allow(dead_code)]
#[path = "../../generated-client/examples/waldur_customers.rs"]
mod waldur_customers;

#[tokio::test]
async fn the_fastly_example_lists_the_customer_and_its_users() {
    let server = TestServer::start().await.expect("server");
    server
        .reply(Reply::json(200, r#"{"id": "c1", "name": "Acme", "deleted_at": null}"#))
        .reply(Reply::json(
            200,
            r#"[{"login": "ada@acme.example", "name": "Ada", "role": "superuser"}, {"login": "bob@acme.example", "name": "Bob", "role": "tls_admin", "locked": null}]"#,
        ));
    let client = generated_client::fastly::Client::builder("token").base_url(server.url()).build().expect("builds");

    let lines = fastly_customer::run(&client).await.expect("runs");

    assert_eq!(lines, ["customer Acme (c1)", "- Ada <ada@acme.example> superuser", "- Bob <bob@acme.example> tls_admin"]);
    let targets: Vec<String> = server.requests().into_iter().map(|request| request.target).collect();
    assert_eq!(targets, ["/current_customer", "/customer/c1/users"]);
}

#[tokio::test]
async fn the_waldur_example_streams_every_page_and_patches_one() {
    let server = TestServer::start().await.expect("server");
    let uuid = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    let next = format!("<{}/api/customers/?page=2&page_size=50>; rel=\"next\"", server.url());
    server
        .reply(Reply::json(200, &format!(r#"[{{"uuid": "{uuid}", "name": "Acme"}}]"#)).header("link", &next))
        .reply(Reply::json(200, r#"[{"name": "Globex"}]"#))
        .reply(Reply::json(200, &format!(r#"{{"uuid": "{uuid}", "name": "Acme (renamed)"}}"#)));
    let client = generated_client::waldur::Client::new(server.url(), "token").expect("builds");

    let lines = waldur_customers::run(&client).await.expect("runs");

    assert_eq!(lines, ["customer Acme", "customer Globex", "renamed to Acme (renamed)"]);
    let requests = server.requests();
    assert_eq!(requests[0].target, "/api/customers/?page_size=50");
    assert_eq!(requests[1].target, "/api/customers/?page=2&page_size=50");
    assert_eq!(requests[2].method, "PATCH");
    assert_eq!(requests[2].target, format!("/api/customers/{uuid}/"));
    assert_eq!(requests[2].body.as_ref(), br#"{"name":"Acme (renamed)"}"#);
}
