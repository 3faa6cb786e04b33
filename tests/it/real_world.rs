//! Real-world documents: the Swagger Petstore on the wire, and every
//! response example of the 125-operation GitHub cut decoded by the types
//! generated from it.

use custgen_tests::fixtures::{github, petstore};
use custgen_tests::server::{Reply, TestServer};
use serde_json::Value;

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

#[test]
fn every_github_response_example_decodes() {
    let root = crate::root();
    let text = std::fs::read_to_string(root.join("tests/specs/github-subset.json")).expect("readable");
    let spec: Value = serde_json::from_str(&text).expect("JSON");
    let apis = generator::build_apis(&[generator::SpecSource { path: "tests/specs/github-subset.json".into(), text }])
        .expect("builds");
    let rust_name = |reference: &str| -> Option<String> {
        let origin = reference.trim_start_matches('#');
        apis[0].types.iter().find(|def| def.origin == origin).map(|def| def.name.clone())
    };
    let resolve = |node: &Value| -> Value {
        match node.get("$ref").and_then(Value::as_str) {
            Some(reference) => spec.pointer(reference.trim_start_matches('#')).cloned().unwrap_or(Value::Null),
            None => node.clone(),
        }
    };

    let mut decoded = 0;
    let mut failures = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            for (status, response) in operation.get("responses").and_then(Value::as_object).into_iter().flatten() {
                let response = resolve(response);
                let Some(media) = response.pointer("/content/application~1json") else { continue };
                let schema = media.get("schema").cloned().unwrap_or(Value::Null);
                let (name, array) = match (schema.get("$ref"), schema.pointer("/items/$ref")) {
                    (Some(reference), _) => (rust_name(reference.as_str().unwrap_or_default()), false),
                    (None, Some(reference)) if schema["type"] == "array" => (rust_name(reference.as_str().unwrap_or_default()), true),
                    _ => (None, false),
                };
                let Some(name) = name else { continue };
                for (label, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
                    let mut value = resolve(example).get("value").cloned().unwrap_or(Value::Null);
                    // GitHub sometimes puts the `$ref` inside `value`.
                    if value.get("$ref").is_some() {
                        value = resolve(&value).get("value").cloned().unwrap_or(Value::Null);
                    }
                    // GitHub writes `null` where a response has no example body.
                    if value.is_null() {
                        continue;
                    }
                    let values = if array { value.as_array().cloned().unwrap_or_default() } else { vec![value] };
                    for value in values {
                        match github::decode_as(&name, value) {
                            Some(Ok(())) => decoded += 1,
                            Some(Err(error)) => failures.push(format!("{method} {path} {status} {label} as {name}: {error}")),
                            None => failures.push(format!("no generated type {name}")),
                        }
                    }
                }
            }
        }
    }
    println!("{decoded} GitHub response examples decoded");
    assert!(failures.is_empty(), "{} examples failed:\n{}", failures.len(), failures.join("\n"));
    assert!(decoded >= 100, "only {decoded} examples decoded");
}
