//! Real-world documents: the Swagger Petstore on the wire. (Every example
//! of the 125-operation GitHub cut goes through the types generated from it
//! in `example_round_trip.rs`.)

use custgen_tests::fixtures::petstore;
use custgen_tests::server::{Reply, TestServer};

#[tokio::test]
async fn the_petstore_lists_creates_and_reports_default_errors() {
    let server = TestServer::start().await.expect("server");
    server
        .reply(Reply::json(200, r#"[{"id": 1, "name": "Rex", "tag": "dog"}, {"id": 2, "name": "Tom"}]"#).header("x-next", "/pets?page=2"))
        .reply(Reply::new(201, ""))
        .reply(Reply::json(500, r#"{"code": 13, "message": "no pets today"}"#));
    let client = petstore::Client::builder().base_url(server.url()).build().expect("builds");

    let pets = client.list_pets().limit(2).with_response().await.expect("lists");
    client.create_pets(petstore::Pet::new(3, "Kit".into())).await.expect("creates");
    let error = client.show_pet_by_id("9").await.expect_err("default error");

    assert_eq!(pets.header("x-next"), Some("/pets?page=2"));
    assert_eq!(pets.body().len(), 2);
    assert_eq!(pets.body()[1].tag, None);
    let requests = server.requests();
    assert_eq!(requests[0].target, "/pets?limit=2");
    assert_eq!(requests[1].body.as_ref(), br#"{"id":3,"name":"Kit"}"#);
    let Some(petstore::ShowPetByIdError::Default(problem)) = error.api().map(|api| api.value()) else { panic!("{error:?}") };
    assert_eq!((problem.code, problem.message.as_str()), (13, "no pets today"));
    assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
}
