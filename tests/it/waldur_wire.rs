//! The generated Waldur client against a real HTTP server on 127.0.0.1: all
//! 18 operations on the wire, pagination, multipart uploads, tri-state
//! PATCH bodies and Django REST framework error bodies.

use std::str::FromStr;

use chrono::{TimeZone, Utc};
use custgen_tests::server::{Recorded, Reply, TestServer};
use futures_util::{StreamExt, TryStreamExt};
use generated_client::waldur::{self, Client};
use generated_client::{Decimal, Error, FilePart, Nullable};
use uuid::Uuid;

const KEY: &str = "waldur-token-0123";
const ID: &str = "a1b2c3d4-e5f6-7890-abcd-ef1234567890";

/// The UUID of organization group `n`.
fn group(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn id() -> Uuid {
    Uuid::parse_str(ID).expect("valid UUID")
}

async fn setup() -> (TestServer, Client) {
    let server = TestServer::start().await.expect("server starts");
    let client = Client::new(server.url(), KEY).expect("client builds");
    (server, client)
}

fn text(request: &Recorded) -> &str {
    std::str::from_utf8(&request.body).expect("UTF-8 body")
}

fn assert_auth_json(request: &Recorded) {
    assert_eq!(request.header("authorization"), Some(format!("Token {KEY}").as_str()));
    assert_eq!(request.header("accept"), Some("application/json"));
}

/// A customer as Waldur sends it: nulls, absent fields (no `projects`,
/// no `email`) and a payment type this client does not know.
const CUSTOMER: &str = r#"{
  "url": "https://waldur.example.com/api/customers/a1b2c3d4-e5f6-7890-abcd-ef1234567890/",
  "uuid": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
  "created": "2024-03-01T09:30:00.123456Z",
  "organization_groups": [{"uuid": "0c8d7a44-0c4d-4a3b-9a1f-3f0e2b6c1d20", "name": "Universities",
                           "parent_uuid": null, "parent_name": null, "parent": null, "customers_count": 12}],
  "display_name": "Acme University",
  "backend_id": "",
  "image": null,
  "blocked": false,
  "archived": false,
  "default_tax_percent": "20.00",
  "accounting_start_date": "2024-03-01T00:00:00Z",
  "projects_count": 4,
  "users_count": 17,
  "sponsor_number": null,
  "max_service_accounts": null,
  "project_metadata_checklist": null,
  "grace_period_days": 30,
  "name": "Acme University",
  "latitude": 59.437,
  "longitude": null,
  "country": "EE",
  "payment_profiles": [{"uuid": "9a0d1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", "name": "Invoices",
                        "attributes": {"end_date": null, "contract_sum": 1000},
                        "payment_type": "crypto", "is_active": true}],
  "customer_credit": 125.5,
  "billing_price_estimate": {"total": "12.30", "current": "1.20"}
}"#;

fn assert_is_acme(customer: &waldur::Customer) {
    assert_eq!(customer.uuid, Some(id()));
    assert_eq!(customer.name.as_deref(), Some("Acme University"));
    assert_eq!(customer.email, None, "absent");
    assert_eq!(customer.projects, None, "absent");
    assert_eq!(customer.image, None);
    assert_eq!(customer.sponsor_number, None);
    assert_eq!(customer.grace_period_days, Some(30));
    assert_eq!(customer.longitude, None);
    assert_eq!(customer.latitude, Some(59.437));
    assert_eq!(customer.default_tax_percent.as_ref().map(Decimal::as_str), Some("20.00"));
    assert_eq!(customer.created.map(|at| at.timestamp_subsec_micros()), Some(123_456));
    assert_eq!(customer.country, Some(waldur::CustomerCountry::Ee));
    let group = &customer.organization_groups.as_ref().expect("groups")[0];
    assert_eq!(group.parent_uuid, None, "null in a field the spec does not mark nullable still decodes");
    let profile = &customer.payment_profiles.as_ref().expect("profiles")[0];
    assert_eq!(profile.payment_type, Some(waldur::PaymentTypeEnum::Unknown("crypto".to_owned())));
    assert_eq!(profile.attributes.as_ref().and_then(|a| a.contract_sum), Some(1000));
}

#[tokio::test]
async fn customers_list_sends_every_kind_of_query_parameter() {
    let (server, client) = setup().await;
    let next = format!("{}/api/customers/?page=3&page_size=10", server.url());
    server.reply(
        Reply::json(200, &format!("[{CUSTOMER}]"))
            .header("x-result-count", "21")
            .header("link", &format!("<{next}>; rel=\"next\"")),
    );

    let page = client
        .customers_list()
        .archived(false)
        .field(vec![waldur::CustomerFieldEnum::Name, waldur::CustomerFieldEnum::Uuid])
        .name("Acme")
        .o("-created")
        .organization_group_uuid(vec![group(1), group(2)])
        .owned_by_current_user(true)
        .page(2)
        .page_size(10)
        .query("a b&c/ü")
        .await
        .expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.target,
        "/api/customers/?archived=false&field=name&field=uuid&name=Acme&o=-created\
         &organization_group_uuid=00000000-0000-0000-0000-000000000001\
         &organization_group_uuid=00000000-0000-0000-0000-000000000002&owned_by_current_user=true\
         &page=2&page_size=10&query=a%20b%26c%2F%C3%BC"
    );
    assert_auth_json(&request);
    assert_eq!(page.total, Some(21));
    assert_eq!(page.next.as_deref(), Some(next.as_str()));
    assert_eq!(page.items.len(), 1);
    assert_is_acme(&page.items[0]);
}

#[tokio::test]
async fn customers_list_without_parameters_sends_no_query() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, "[]"));

    let page = client.customers_list().await.expect("call succeeds");

    assert_eq!(server.single_request().target, "/api/customers/");
    assert!(page.items.is_empty() && page.total.is_none() && page.next.is_none() && page.cursor.is_none(), "{page:?}");
}

#[tokio::test]
async fn customers_retrieve_decodes_a_realistic_customer() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, CUSTOMER));

    let customer = client.customers_retrieve(id()).field(vec![waldur::CustomerFieldEnum::Name]).await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, format!("/api/customers/{ID}/?field=name"));
    assert_auth_json(&request);
    assert!(request.body.is_empty());
    assert_is_acme(&customer);
}

fn new_customer() -> waldur::CustomerRequest {
    let mut customer = waldur::CustomerRequest::new("Acme University".into());
    customer.email = Some("billing@acme.example".into());
    customer.default_tax_percent = Some(Decimal::from_str("20.00").expect("decimal"));
    customer.latitude = Nullable::Value(59.437);
    customer.accounting_start_date = Some(Utc.with_ymd_and_hms(2024, 3, 1, 0, 0, 0).unwrap());
    customer
}

#[tokio::test]
async fn customers_create_sends_json_and_decodes_201() {
    let (server, client) = setup().await;
    server.reply(Reply::json(201, CUSTOMER));

    let created = client.customers_create((new_customer()).clone()).await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/api/customers/");
    assert_auth_json(&request);
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        text(&request),
        r#"{"default_tax_percent":"20.00","accounting_start_date":"2024-03-01T00:00:00Z","name":"Acme University","email":"billing@acme.example","latitude":59.437}"#
    );
    assert_is_acme(&created);
}

#[tokio::test]
async fn customers_create_refuses_a_file_in_json() {
    let (server, client) = setup().await;
    let mut body = new_customer();
    body.image = Nullable::Value(FilePart::new(&b"\x89PNG"[..], "logo.png", "image/png"));

    let error = client.customers_create(body.clone()).await.expect_err("a file cannot be JSON");

    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert!(error.to_string().contains("_multipart"), "{error}");
    assert!(server.requests().is_empty());
}

/// The parts of a multipart body: name, file name, content type, bytes.
async fn parts(request: &Recorded) -> Vec<(String, Option<String>, Option<String>, Vec<u8>)> {
    let boundary = multer::parse_boundary(request.header("content-type").expect("content type")).expect("boundary");
    let body = request.body.clone();
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("well-formed multipart") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(ToString::to_string);
        let bytes = field.bytes().await.expect("part body").to_vec();
        parts.push((name, file_name, content_type, bytes));
    }
    parts
}

#[tokio::test]
async fn customers_create_multipart_uploads_the_image_with_the_fields() {
    let (server, client) = setup().await;
    server.reply(Reply::json(201, CUSTOMER));
    let logo = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    let mut body = new_customer();
    body.image = Nullable::Value(FilePart::new(logo.clone(), "acme \"logo\".png", "image/png"));
    body.blocked = Some(false);
    body.sponsor_number = Nullable::Value(7);

    client.customers_create_multipart(body.clone()).await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/api/customers/");
    assert_auth_json(&request);
    assert!(request.header("content-type").is_some_and(|ct| ct.starts_with("multipart/form-data; boundary=")));
    let text_part = |name: &str, value: &str| (name.to_owned(), None, None, value.as_bytes().to_vec());
    assert_eq!(
        parts(&request).await,
        vec![
            ("image".to_owned(), Some("acme %22logo%22.png".to_owned()), Some("image/png".to_owned()), logo),
            text_part("blocked", "false"),
            text_part("default_tax_percent", "20.00"),
            text_part("accounting_start_date", "2024-03-01T00:00:00Z"),
            text_part("sponsor_number", "7"),
            text_part("name", "Acme University"),
            text_part("email", "billing@acme.example"),
            text_part("latitude", "59.437"),
        ]
    );
}

#[tokio::test]
async fn null_is_refused_in_a_form_or_multipart_field_that_has_no_empty_value() {
    let (server, client) = setup().await;
    server.reply(Reply::json(201, CUSTOMER));
    let mut body = new_customer();
    body.sponsor_number = Nullable::Null;

    let form = client.customers_create_form(body.clone()).await.expect_err("refused");
    let multipart = client.customers_create_multipart(body.clone()).await.expect_err("refused");
    client.customers_create(body.clone()).await.expect("JSON carries null");

    for error in [form, multipart] {
        let Error::InvalidRequest(message) = &error else { panic!("{error:?}") };
        assert!(message.contains("`sponsor_number` is null") && message.contains("JSON variant"), "{message}");
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 1, "only the JSON call reached the server");
    assert!(text(&requests[0]).contains(r#""sponsor_number":null"#));
}

#[tokio::test]
async fn customers_update_sends_json_and_its_form_variant_sends_a_form() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, CUSTOMER)).reply(Reply::json(200, CUSTOMER));
    let mut body = waldur::CustomerRequest::new("Acme U".into());
    body.homepage = Some("https://acme.example/".into());

    client.customers_update(id(), body.clone()).await.expect("JSON succeeds");
    let updated = client.customers_update_form(id(), body.clone()).await.expect("form succeeds");

    let requests = server.requests();
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(requests[0].target, format!("/api/customers/{ID}/"));
    assert_eq!(text(&requests[0]), r#"{"name":"Acme U","homepage":"https://acme.example/"}"#);
    assert_eq!(requests[1].method, "PUT");
    assert_eq!(requests[1].header("content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(text(&requests[1]), "name=Acme%20U&homepage=https%3A%2F%2Facme.example%2F");
    assert_auth_json(&requests[1]);
    assert_is_acme(&updated);
}

#[tokio::test]
async fn customers_partial_update_sends_exactly_what_was_said() {
    let (server, client) = setup().await;
    for _ in 0..3 {
        server.reply(Reply::json(200, CUSTOMER));
    }

    let untouched = waldur::PatchedCustomerRequest::default();
    let mut mixed = waldur::PatchedCustomerRequest::default();
    mixed.sponsor_number = Nullable::Null;
    mixed.grace_period_days = Nullable::Value(14);
    mixed.name = Some("Renamed".into());
    let mut cleared = waldur::PatchedCustomerRequest::default();
    cleared.image = Nullable::Null;
    cleared.project_metadata_checklist = Nullable::Null;
    cleared.latitude = Nullable::Null;
    cleared.longitude = Nullable::Null;
    for body in [&untouched, &mixed, &cleared] {
        client.customers_partial_update(id(), body.clone()).await.expect("call succeeds");
    }

    let requests = server.requests();
    assert!(requests.iter().all(|request| request.method == "PATCH"));
    assert!(requests.iter().all(|request| request.target == format!("/api/customers/{ID}/")));
    assert_eq!(text(&requests[0]), "{}");
    assert_eq!(text(&requests[1]), r#"{"sponsor_number":null,"grace_period_days":14,"name":"Renamed"}"#);
    assert_eq!(
        text(&requests[2]),
        r#"{"image":null,"project_metadata_checklist":null,"latitude":null,"longitude":null}"#
    );
}

#[tokio::test]
async fn customers_destroy_is_204_or_a_typed_409() {
    let (server, client) = setup().await;
    server
        .reply(Reply::new(204, ""))
        .reply(Reply::json(409, r#"{"detail": "Cannot delete organization with existing projects."}"#));

    client.customers_destroy(id()).await.expect("204 is ()");
    let error = client.customers_destroy(id()).await.expect_err("409");

    let requests = server.requests();
    assert_eq!(requests[0].method, "DELETE");
    assert_eq!(requests[0].target, format!("/api/customers/{ID}/"));
    assert_auth_json(&requests[0]);
    let Some(waldur::CustomersDestroyError::Conflict(detail)) = error.api().map(|api| api.value()) else {
        panic!("expected a typed 409, got {error:?}")
    };
    assert_eq!(detail.detail.as_deref(), Some("Cannot delete organization with existing projects."));
    assert!(error.is_client_error() && !error.is_server_error() && !error.is_retryable());

    // Untyped, it combines with the errors of other operations and keeps everything.
    let untyped: Error = error.into_untyped();
    let Error::Status(status) = &untyped else { panic!("{untyped:?}") };
    assert_eq!(status.status(), 409);
    assert_eq!(status.body_text(), r#"{"detail": "Cannot delete organization with existing projects."}"#);
    assert_eq!(status.headers().get("content-type").map(|value| value.as_bytes()), Some(&b"application/json"[..]));
}

#[tokio::test]
async fn errors_say_whether_sending_again_may_help() {
    let (server, client) = setup().await;
    server.reply(Reply::new(503, "busy")).reply(Reply::new(404, ""));
    let once = generated_client::RetryPolicy::never();

    let busy = client.customers_retrieve(id()).retry(once.clone()).await.expect_err("503");
    let missing = client.customers_retrieve(id()).retry(once.clone()).await.expect_err("404");

    assert!(busy.is_retryable() && busy.is_server_error(), "{busy:?}");
    assert!(!missing.is_retryable() && missing.is_client_error(), "{missing:?}");
    let unreachable = Client::new("http://127.0.0.1:1", "key").expect("builds");
    let refused = unreachable.customers_retrieve(id()).retry(once).await.expect_err("refused");
    assert!(refused.is_retryable() && refused.status().is_none(), "{refused:?}");
}

#[tokio::test]
async fn customers_list_users_list_sends_array_and_uuid_filters() {
    let (server, client) = setup().await;
    server.reply(Reply::json(
        200,
        r#"[{"uuid": "3f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "created": "2024-01-02T03:04:05Z",
             "expiration_time": null, "role_name": "CUSTOMER.OWNER", "user_full_name": "Ada Lovelace",
             "user_username": "ada", "user_email": "ada@example.com", "created_by_uuid": null}]"#,
    ));

    let page = client
        .customers_list_users_list(id())
        .o(vec![waldur::UserRoleDetailsOEnum::Unknown("-created".into()), waldur::UserRoleDetailsOEnum::Username])
        .role(id())
        .page_size(50)
        .await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(
        request.target,
        format!("/api/customers/{ID}/list_users/?o=-created&o=username&page_size=50&role={ID}")
    );
    assert_auth_json(&request);
    let role = &page.items[0];
    assert_eq!(role.role_name.as_deref(), Some("CUSTOMER.OWNER"));
    assert_eq!(role.expiration_time, None);
    assert_eq!(role.created_by_uuid, None);
}

#[tokio::test]
async fn customers_users_list_sends_enum_date_and_repeated_roles() {
    let (server, client) = setup().await;
    server.reply(Reply::json(
        200,
        r#"[{"uuid": "3f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "username": "ada", "full_name": "Ada Lovelace",
             "role_name": "owner", "projects": [{"uuid": "p1", "name": "Engines", "role_name": "manager",
             "expiration_time": "2025-01-01T00:00:00Z"}], "expiration_time": null}]"#,
    ));

    let page = client
        .customers_users_list(id())
        .date_joined(Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap())
        .is_active(true)
        .o(waldur::CustomerUserOEnum::MinusConcatenatedName)
        .organization_role(vec![
            waldur::CustomersUsersListOrganizationRoleItem::CustomerOwner,
            waldur::CustomersUsersListOrganizationRoleItem::Unknown("service manager".into()),
        ])
        .await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(
        request.target,
        format!(
            "/api/customers/{ID}/users/?date_joined=2024-01-01T00%3A00%3A00Z&is_active=true\
             &o=-concatenated_name&organization_role=CUSTOMER.OWNER&organization_role=service%20manager"
        )
    );
    assert_auth_json(&request);
    let user = &page.items[0];
    assert_eq!(user.username.as_deref(), Some("ada"));
    let project = &user.projects.as_ref().expect("projects")[0];
    assert_eq!(project.role_name.as_deref(), Some("manager"));
    assert_eq!(user.expiration_time, None);
}

fn role_change(expiration: Nullable<chrono::DateTime<Utc>>) -> (String, Uuid, Nullable<chrono::DateTime<Utc>>) {
    ("CUSTOMER.OWNER".to_owned(), id(), expiration)
}

#[tokio::test]
async fn customers_add_user_grants_and_decodes_a_typed_400() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(201, r#"{"expiration_time": null}"#))
        .reply(Reply::json(400, r#"{"non_field_errors": ["Project is terminated."]}"#));
    let (role, user, expiration_time) = role_change(Nullable::Absent);
    let mut body = waldur::UserRoleCreateRequest::new(role, user);
    body.expiration_time = expiration_time;

    let granted = client.customers_add_user(id(), body.clone()).await.expect("201");
    let refused = client.customers_add_user(id(), body.clone()).await.expect_err("400");

    let request = &server.requests()[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, format!("/api/customers/{ID}/add_user/"));
    assert_auth_json(request);
    assert_eq!(text(request), format!(r#"{{"role":"CUSTOMER.OWNER","user":"{ID}"}}"#));
    assert_eq!(granted.expiration_time, None);
    let Some(waldur::CustomersAddUserError::BadRequest(errors)) = refused.api().map(|api| api.value()) else {
        panic!("expected a typed 400, got {refused:?}")
    };
    assert_eq!(errors["non_field_errors"], ["Project is terminated."]);
}

#[tokio::test]
async fn customers_delete_user_revokes() {
    let (server, client) = setup().await;
    server.reply(Reply::new(200, ""));
    let (role, user, _) = role_change(Nullable::Absent);

    let () = client
        .customers_delete_user(id(), waldur::UserRoleDeleteRequest::new(role, user).clone())
        .await
        .expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, format!("/api/customers/{ID}/delete_user/"));
    assert_eq!(request.header("authorization"), Some(format!("Token {KEY}").as_str()));
    assert_eq!(text(&request), format!(r#"{{"role":"CUSTOMER.OWNER","user":"{ID}"}}"#));
}

#[tokio::test]
async fn customers_update_user_can_make_a_role_permanent() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, r#"{"expiration_time": null}"#)).reply(Reply::json(200, r#"{"expiration_time": "2030-01-01T00:00:00Z"}"#));
    let (role, user, expiration_time) = role_change(Nullable::Null);
    let mut permanent = waldur::UserRoleUpdateRequest::new(role.clone(), user);
    permanent.expiration_time = expiration_time;
    let mut until = waldur::UserRoleUpdateRequest::new(role, user);
    until.expiration_time = Nullable::Value(Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap());

    let first = client.customers_update_user(id(), permanent.clone()).await.expect("call succeeds");
    let second = client.customers_update_user(id(), until.clone()).await.expect("call succeeds");

    let requests = server.requests();
    assert_eq!(requests[0].target, format!("/api/customers/{ID}/update_user/"));
    assert_eq!(text(&requests[0]), format!(r#"{{"role":"CUSTOMER.OWNER","user":"{ID}","expiration_time":null}}"#));
    assert_eq!(
        text(&requests[1]),
        format!(r#"{{"role":"CUSTOMER.OWNER","user":"{ID}","expiration_time":"2030-01-01T00:00:00Z"}}"#)
    );
    assert_eq!(first.expiration_time, None);
    assert!(second.expiration_time.is_some());
}

#[tokio::test]
async fn the_compliance_lists_page_and_decode() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(
            200,
            r#"[{"checklist": {"uuid": "c0ffee00-0000-4000-8000-000000000001", "name": "Data"}, "total_projects": 4, "project_details": [
                 {"project_uuid": "3f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "project_name": "Engines",
                  "completion_uuid": null, "completion_percentage": 62.5, "is_completed": false,
                  "answers": [{"question": "q1", "answer": true}], "unanswered_required_questions": ["q2"]}]}]"#,
        ))
        .reply(Reply::json(200, r#"[{"total_projects": 4, "average_completion_percentage": 37.5}]"#))
        .reply(Reply::json(200, r#"[{"project_name": "Engines", "completion_uuid": null, "answers_count": 3, "unanswered_required_count": 1}]"#))
        .reply(Reply::json(
            200,
            r#"[{"question_uuid": "3f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9", "question_type": "number",
                 "required": true, "min_value": "0.5", "max_value": null, "project_answers": [{"project": "p1", "value": 3}],
                 "question_options": []}]"#,
        ));
    let details = client.customers_project_metadata_compliance_details_list(id()).page(1).page_size(25).await.expect("details");
    let overview = client
        .customers_project_metadata_compliance_overview_list(id())
        .page(2)
        .page_size(25)
        .await
        .expect("overview");
    let projects = client
        .customers_project_metadata_compliance_projects_list(id())
        .await
        .expect("projects");
    let questions = client
        .customers_project_metadata_question_answers_list(id())
        .await
        .expect("questions");

    let targets: Vec<String> = server.requests().into_iter().map(|request| request.target).collect();
    assert_eq!(
        targets,
        [
            format!("/api/customers/{ID}/project-metadata-compliance-details/?page=1&page_size=25"),
            format!("/api/customers/{ID}/project-metadata-compliance-overview/?page=2&page_size=25"),
            format!("/api/customers/{ID}/project-metadata-compliance-projects/"),
            format!("/api/customers/{ID}/project-metadata-question-answers/"),
        ]
    );
    let detail = &details.items[0].project_details.as_ref().expect("details")[0];
    assert_eq!(detail.completion_percentage, Some(62.5));
    assert_eq!(detail.completion_uuid, None);
    assert_eq!(detail.answers.as_ref().map(Vec::len), Some(1));
    assert_eq!(overview.items[0].average_completion_percentage, Some(37.5));
    assert_eq!(projects.items[0].answers_count, Some(3));
    assert_eq!(questions.items[0].min_value.as_ref().map(Decimal::as_str), Some("0.5"));
    assert_eq!(questions.items[0].max_value, None);
}

#[tokio::test]
async fn customers_update_organization_groups_sends_the_urls() {
    let (server, client) = setup().await;
    server.reply(Reply::new(200, ""));
    let mut body = waldur::OrganizationGroupsRequest::default();
    body.organization_groups = Some(vec!["https://waldur.example.com/api/organization-groups/g1/".into()]);

    client.customers_update_organization_groups(id(), body.clone()).await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, format!("/api/customers/{ID}/update_organization_groups/"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(text(&request), r#"{"organization_groups":["https://waldur.example.com/api/organization-groups/g1/"]}"#);
}

#[tokio::test]
async fn customers_countries_list_decodes_labels() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, r#"[{"label": "Estonia", "value": "EE"}, {"label": "Finland", "value": "FI"}]"#));

    let countries = client.customers_countries_list().name("Est").await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/api/customers/countries/?name=Est");
    assert_auth_json(&request);
    let values: Vec<_> = countries.items.iter().map(|country| country.value.as_deref()).collect();
    assert_eq!(values, [Some("EE"), Some("FI")]);
}

#[tokio::test]
async fn customers_stats_retrieve_decodes_usage() {
    let (server, client) = setup().await;
    server.reply(Reply::json(
        200,
        r#"{"components": [{"type": "cpu", "name": "CPU", "measured_unit": "hours", "usage": 120, "limit": null,
            "offering_uuid": "3f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"}]}"#,
    ));

    let stats = client.customers_stats_retrieve(id()).for_current_month(true).await.expect("call succeeds");

    let request = server.single_request();
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, format!("/api/customers/{ID}/stats/?for_current_month=true"));
    assert_auth_json(&request);
    let component = &stats.components.expect("components")[0];
    assert_eq!((component.type_.as_deref(), component.usage, component.limit), (Some("cpu"), Some(120), None));
}

/// Three pages of one customer each, linked by `Link` headers.
fn three_pages(server: &TestServer) {
    let link = |page: u32| format!("<{}/api/customers/?page={page}&page_size=1>; rel=\"next\"", server.url());
    let customer = |name: &str| format!(r#"[{{"name": "{name}"}}]"#);
    server
        .reply(Reply::json(200, &customer("one")).header("x-result-count", "3").header("link", &link(2)))
        .reply(Reply::json(200, &customer("two")).header("x-result-count", "3").header("link", &link(3)))
        .reply(Reply::json(200, &customer("three")).header("x-result-count", "3"));
}

#[tokio::test]
async fn a_stream_follows_links_lazily_to_the_last_page() {
    let (server, client) = setup().await;
    three_pages(&server);
    let mut stream = Box::pin(client.customers_list().page_size(1).into_stream());
    let first = stream.next().await.expect("an item").expect("no error");
    assert_eq!(first.name.as_deref(), Some("one"));
    assert_eq!(server.requests().len(), 1, "the second page is not fetched before it is needed");
    let rest: Vec<_> = stream.try_collect::<Vec<_>>().await.expect("no error");

    let names: Vec<_> = rest.iter().map(|customer| customer.name.as_deref()).collect();
    assert_eq!(names, [Some("two"), Some("three")]);
    let targets: Vec<String> = server.requests().into_iter().map(|request| request.target).collect();
    assert_eq!(targets, ["/api/customers/?page_size=1", "/api/customers/?page=2&page_size=1", "/api/customers/?page=3&page_size=1"]);
    assert!(server.requests().iter().all(|request| request.header("authorization") == Some(&format!("Token {KEY}"))));
}

#[tokio::test]
async fn a_page_stream_gives_each_page_with_its_total_and_stops_where_the_caller_stops() {
    let (server, client) = setup().await;
    three_pages(&server);
    let mut pages = Box::pin(client.customers_list().page_size(1).into_pages());

    let first = pages.next().await.expect("a page").expect("no error");
    assert_eq!((first.items.len(), first.total), (1, Some(3)));
    assert!(first.next.as_deref().is_some_and(|next| next.ends_with("/api/customers/?page=2&page_size=1")), "{:?}", first.next);
    let second = pages.next().await.expect("a page").expect("no error");
    assert_eq!(second.items[0].name.as_deref(), Some("two"));
    drop(pages);

    assert_eq!(server.requests().len(), 2, "no page is fetched after the caller stops");
}

#[tokio::test]
async fn a_failed_page_surfaces_as_an_error_and_ends_the_stream() {
    let (server, client) = setup().await;
    let link = format!("<{}/api/customers/?page=2>; rel=\"next\"", server.url());
    server
        .reply(Reply::json(200, r#"[{"name": "one"}, {"name": "two"}]"#).header("link", &link))
        .reply(Reply::json(403, r#"{"detail": "You do not have permission to perform this action."}"#));

    let items: Vec<_> = client.customers_list().into_stream().collect().await;

    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_ok());
    let Err(Error::Status(status)) = &items[2] else { panic!("expected the page-2 error, got {:?}", items[2]) };
    assert_eq!(status.status(), 403);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, r#"[{"name": "one"}]"#).header("link", "<https://evil.example/steal?page=2>; rel=\"next\""));

    let items: Vec<_> = client.customers_list().into_stream().collect().await;

    assert_eq!(items.len(), 2);
    let Err(Error::Pagination(error)) = &items[1] else { panic!("{:?}", items[1]) };
    assert_eq!(**error, generated_client::PaginationError::OtherOrigin);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn django_rest_framework_errors_are_inspectable() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(400, r#"{"name": ["This field is required."]}"#))
        .reply(Reply::json(404, r#"{"detail": "Not found."}"#));

    let invalid = client.customers_create((waldur::CustomerRequest::new(String::new())).clone()).await.expect_err("400");
    let missing = client.customers_retrieve(id()).await.expect_err("404");

    let Error::Status(invalid) = invalid else { panic!("{invalid:?}") };
    assert_eq!(invalid.status(), 400);
    let fields: waldur::ValidationErrors = invalid.json().expect("DRF field errors");
    assert_eq!(fields["name"], ["This field is required."]);
    let Error::Status(missing) = missing else { panic!("{missing:?}") };
    let detail: waldur::ErrorDetail = missing.json().expect("DRF detail");
    assert_eq!(detail.detail.as_deref(), Some("Not found."));
}

#[tokio::test]
async fn invalid_uuids_and_decimals_fail_with_the_field_path() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(200, r#"{"name": "x", "organization_groups": [{"uuid": "not-a-uuid"}]}"#))
        .reply(Reply::json(200, r#"{"name": "x", "default_tax_percent": "twenty"}"#));

    let bad_uuid = client.customers_retrieve(id()).await.expect_err("bad UUID");
    let bad_decimal = client.customers_retrieve(id()).await.expect_err("bad decimal");

    let Error::Decode(bad_uuid) = bad_uuid else { panic!("{bad_uuid:?}") };
    assert_eq!(bad_uuid.path(), "organization_groups[0].uuid");
    let Error::Decode(bad_decimal) = bad_decimal else { panic!("{bad_decimal:?}") };
    assert_eq!(bad_decimal.path(), "default_tax_percent");
    assert!(bad_decimal.to_string().contains("`twenty` is not a decimal number"), "{bad_decimal}");
}

#[tokio::test]
async fn enum_values_round_trip_and_punctuation_gets_distinct_names() {
    let ascending = waldur::CustomerUserOEnum::ConcatenatedName;
    let descending = waldur::CustomerUserOEnum::MinusConcatenatedName;
    assert_eq!(serde_json::to_string(&descending).expect("serialises"), r#""-concatenated_name""#);
    assert_eq!(ascending.as_str(), "concatenated_name");
    let unknown: waldur::PaymentTypeEnum = serde_json::from_str(r#""crypto""#).expect("decodes");
    assert_eq!(serde_json::to_string(&unknown).expect("serialises"), r#""crypto""#);
    let known: waldur::PaymentTypeEnum = serde_json::from_str(r#""invoices""#).expect("decodes");
    assert_eq!(known, waldur::PaymentTypeEnum::Invoices);
}
