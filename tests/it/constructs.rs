//! What the code generated from the fixture specs does, beyond compiling:
//! decoding of oneOf, recursion, defaults, additional properties, and
//! parameters in headers and cookies on the wire.

use custgen_tests::fixtures::{
    additional_properties, constraints_defaults, default_response, header_cookie_params, hostile_names, keywords,
    media_types,
    oneof_discriminator as pets, oneof_nullable, oneof_untagged, pagination_styles, param_styles, read_write_only, recursive,
    recursive_alias, refs_into_paths, repeated_shapes, string_unions,
};
use custgen_tests::server::{Reply, TestServer};
use generated_client::{Error, Nullable};
use serde_json::json;

fn decode<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, serde_json::Error> {
    serde_json::from_value(value)
}

#[test]
fn a_discriminator_picks_the_variant_and_keeps_the_tag() {
    let cat: pets::Pet = decode(json!({"petType": "cat", "name": "Tom", "indoor": true})).expect("a cat");
    let pets::Pet::Cat(tom) = &cat else { panic!("{cat:?}") };
    assert_eq!((tom.pet_type.as_str(), tom.name.as_str(), tom.indoor), ("cat", "Tom", Some(true)));
    assert_eq!(serde_json::to_value(&cat).expect("encodes")["petType"], "cat");

    // Without a mapping entry the schema name is the tag.
    let lizard: pets::Pet = decode(json!({"petType": "Lizard"})).expect("a lizard");
    assert!(matches!(lizard, pets::Pet::Lizard(_)));
    // A dog-shaped object with a cat tag is a cat that lacks nothing: the tag decides.
    // An unlisted tag keeps the payload, as string enums keep unlisted values.
    let polly = json!({"petType": "parrot", "name": "Polly"});
    let parrot = decode::<pets::Pet>(polly.clone()).expect("kept");
    assert_eq!(parrot, pets::Pet::Unknown(polly.clone()));
    assert_eq!(serde_json::to_value(&parrot).expect("encodes"), polly, "sent back unchanged");
    let error = decode::<pets::Pet>(json!({"name": "Rex"})).expect_err("no tag");
    assert!(error.to_string().contains("petType"), "{error}");
}

#[test]
fn untagged_shapes_are_tried_from_the_most_specific() {
    let hits: Vec<oneof_untagged::Hit> = decode(json!([
        {"url": "https://x.io", "title": "X"},
        {"url": "https://x.io/logo.png", "width": 64},
        3,
        2.5,
        "https://bare.example"
    ]))
    .expect("mixed hits");
    assert!(matches!(hits[0], oneof_untagged::Hit::Page(_)), "two required fields beat one: {:?}", hits[0]);
    assert!(matches!(hits[1], oneof_untagged::Hit::Image(_)), "{:?}", hits[1]);
    assert_eq!(hits[2], oneof_untagged::Hit::Integer(3));
    assert_eq!(hits[3], oneof_untagged::Hit::Number(2.5));
    assert!(matches!(hits[4], oneof_untagged::Hit::String(_)));
    assert_eq!(serde_json::to_value(&hits).expect("encodes")[2], 3);
}

#[test]
fn a_nullable_one_of_keeps_null_apart_from_absent() {
    let contact: oneof_nullable::Contact =
        decode(json!({"primary": null, "fallbacks": [null, {"number": "+372"}]})).expect("decodes");
    assert_eq!(contact.primary, Nullable::Null);
    let fallbacks = contact.fallbacks.expect("fallbacks");
    assert_eq!(fallbacks[0], None);
    assert!(matches!(fallbacks[1], Some(oneof_nullable::ContactFallbacksItem::Phone(_))), "{:?}", fallbacks[1]);
    let absent: oneof_nullable::Contact = decode(json!({})).expect("decodes");
    assert_eq!(absent.primary, Nullable::Absent);
}

#[test]
fn recursive_types_decode_at_depth() {
    let tree: recursive::Node = decode(json!({
        "name": "root",
        "children": [{"name": "a", "children": [{"name": "a1"}]}],
        "parent": {"name": "up", "parent": {"name": "top"}},
        "index": {"k": {"name": "indexed"}}
    }))
    .expect("decodes");
    assert_eq!(tree.children.as_ref().expect("children")[0].children.as_ref().expect("grandchildren")[0].name, "a1");
    assert_eq!(tree.parent.as_ref().and_then(|up| up.parent.as_ref()).map(|top| top.name.as_str()), Some("top"));

    let forest: recursive_alias::Tree = decode(json!([[], [[]]])).expect("decodes");
    assert_eq!(forest.0.len(), 2);
    assert_eq!(forest.0[1].0[0].0.len(), 0);
    let value: recursive_alias::Json = decode(json!({"a": [1, "two", true]})).expect("decodes");
    assert_eq!(serde_json::to_value(&value).expect("encodes"), json!({"a": [1.0, "two", true]}));
}

#[test]
fn spec_defaults_fill_absent_fields_of_a_response_and_are_never_sent_unasked() {
    let options: constraints_defaults::Options = decode(json!({})).expect("decodes");
    assert_eq!(options.name.as_deref(), Some("anon"));
    assert_eq!(options.retries, Some(3));
    assert_eq!(options.ratio, Some(1.5));
    assert_eq!(options.verbose, Some(false));
    assert_eq!(options.mode, Some(constraints_defaults::Mode::Safe));
    assert_eq!(options.plain_mode, None);
    assert_eq!(options.wrong_default, None, "a default of the wrong type is not applied");
    let sent = decode::<constraints_defaults::Options>(json!({"retries": 0})).expect("decodes");
    assert_eq!(sent.retries, Some(0));
    // A request body built by the caller carries only what the caller set.
    let mut request = constraints_defaults::Options::default();
    request.retries = Some(5);
    assert_eq!(serde_json::to_value(&request).expect("encodes"), json!({"retries": 5}));
    assert_eq!(constraints_defaults::WithRequired::new("x".into()).page_size, None);
}

#[test]
fn additional_properties_land_in_a_map_beside_named_ones() {
    let labeled: additional_properties::Labeled = decode(json!({"id": "1", "env": "prod", "team": "core"})).expect("decodes");
    assert_eq!(labeled.id, "1");
    assert_eq!(labeled.additional_properties.len(), 2);
    assert_eq!(labeled.additional_properties["env"], "prod");
    assert_eq!(serde_json::to_value(&labeled).expect("encodes"), json!({"id": "1", "env": "prod", "team": "core"}));
    let scores: additional_properties::Scores = decode(json!({"ada": 3})).expect("decodes");
    assert_eq!(scores["ada"], 3);
}

#[test]
fn read_only_fields_are_not_needed_to_build_a_request() {
    // `id` and `created` are read-only and `password` write-only: only
    // `name` stays required.
    let mut user = read_write_only::User::new("ada".into());
    user.password = Some("s3cret".into());
    assert_eq!(user.id, None);
    assert_eq!(
        serde_json::to_value(&user).expect("encodes"),
        json!({"name": "ada", "password": "s3cret"})
    );
}

#[test]
fn keyword_names_round_trip_under_their_wire_names() {
    let value = json!({"type": "t", "self": "s", "Self": "S", "crate": "c", "async": "a", "fn": 1, "match": true, "loop": ["l"]});
    let decoded: keywords::Struct = decode(value.clone()).expect("decodes");
    assert_eq!((decoded.type_.as_deref(), decoded.self_.as_deref(), decoded.fn_), (Some("t"), Some("s"), Some(1)));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value);
}

#[test]
fn names_that_are_not_identifiers_round_trip_under_their_wire_names() {
    let value = json!({"": "empty", "_": "u", "__": "uu", "-": "minus", "é": "e", "123": 123, "x-y.z": true, "a/b~c": "Self"});
    let decoded: hostile_names::N2fa = decode(value.clone()).expect("decodes");
    assert_eq!((decoded.field.as_deref(), decoded.field4.as_deref(), decoded._123), (Some("empty"), Some("minus"), Some(123)));
    // A schema named `Result` takes `Result2`: prelude names are the module's.
    assert_eq!(decoded.a_b_c, Some(hostile_names::Result2::Self_));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), value);
}

#[tokio::test]
async fn header_and_cookie_parameters_reach_the_server() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::new(204, ""));
    let client = header_cookie_params::Client::new(server.url()).expect("builds");
    let id = uuid::Uuid::nil();
    client
        .get_session(id, "abc=1;")
        .x_tags(vec!["a".into(), "b c".into()])
        .theme(header_cookie_params::GetSessionTheme::Dark)
        .await.expect("succeeds");

    let request = server.single_request();
    assert_eq!(request.header("x-request-id"), Some("00000000-0000-0000-0000-000000000000"));
    assert_eq!(request.header("x-tags"), Some("a,b c"));
    assert_eq!(request.header("cookie"), Some("session=abc%3D1%3B; theme=dark"));
}

#[tokio::test]
async fn status_ranges_and_default_responses_decode_by_precedence() {
    let server = TestServer::start().await.expect("server");
    // Retries would swallow the 503: this test is about decoding.
    let client = default_response::Client::builder(server.url())
        .retry_policy(generated_client::RetryPolicy::never())
        .build()
        .expect("builds");
    let error = r#"{"code": 7, "message": "nope"}"#;
    server
        .reply(Reply::json(201, r#"{"ok": true}"#))
        .reply(Reply::new(404, ""))
        .reply(Reply::json(418, error))
        .reply(Reply::new(503, "down"))
        .reply(Reply::json(302, error))
        .reply(Reply::json(500, error))
        .reply(Reply::new(200, "raw"));

    assert_eq!(client.ranges().await.expect("2XX").ok, Some(true));
    let outcome = |result: Result<default_response::RangesResponse, Error<default_response::RangesError>>| {
        result.expect_err("error").api().map(|api| api.value().clone())
    };
    assert_eq!(outcome(client.ranges().await), Some(default_response::RangesError::NotFound));
    assert!(matches!(outcome(client.ranges().await), Some(default_response::RangesError::Status4XX(e)) if e.code == 7));
    assert_eq!(outcome(client.ranges().await), Some(default_response::RangesError::Status5XX));
    assert!(matches!(outcome(client.ranges().await), Some(default_response::RangesError::Default(_))));
    let only = client.only_default().await.expect_err("500 is the default error");
    assert!(matches!(only.api().map(|api| api.value()), Some(default_response::OnlyDefaultError::Default(e)) if e.message == "nope"));
    assert_eq!(client.only_default().await.expect("2xx without a declaration").as_ref(), b"raw");
}

#[tokio::test]
async fn text_and_binary_bodies_are_sent_as_given() {
    use custgen_tests::fixtures::raw_bodies;

    let server = TestServer::start().await.expect("server");
    server.reply(Reply::new(200, "<h1>Hi</h1>").header("content-type", "text/html")).reply(Reply::new(201, ""));
    let client = raw_bodies::Client::new(server.url()).expect("builds");

    let html = client.render_markdown("# Hi").await.expect("renders");
    client.upload_asset(vec![0u8, 159, 146, 150]).await.expect("uploads");

    let requests = server.requests();
    assert_eq!(requests[0].header("content-type"), Some("text/x-markdown"));
    assert_eq!(requests[0].header("accept"), Some("text/html"));
    assert_eq!(requests[0].body.as_ref(), b"# Hi");
    assert_eq!(html.as_ref(), b"<h1>Hi</h1>");
    assert_eq!(requests[1].header("content-type"), Some("application/octet-stream"));
    assert_eq!(requests[1].body.as_ref(), [0, 159, 146, 150]);
}

#[tokio::test]
async fn declared_parameter_styles_shape_the_path_and_query() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::new(204, ""));
    let client = param_styles::Client::builder().base_url(server.url()).build().expect("builds");
    let ids = ["a b".to_owned(), "c/d".to_owned()];
    client
        .styled(ids.to_vec(), vec![3, 4])
        .tags(vec!["x".into(), "y z".into()])
        .pipes(vec!["p".into(), "q".into()])
        .filter({
            let mut filter = param_styles::StyledFilter::default();
            filter.role = Some("admin".into());
            filter.active = Some(true);
            filter
        })
        .await.expect("succeeds");

    let request = server.single_request();
    let (path, query) = request.target.split_once('?').expect("has a query");
    assert_eq!(path, "/label/.a%20b.c%2Fd/matrix/;coords=3,4");
    let pairs: Vec<(String, String)> =
        url::form_urlencoded::parse(query.as_bytes()).map(|(key, value)| (key.into_owned(), value.into_owned())).collect();
    let expected = [
        ("tags", "x,y z"),
        ("pipes", "p|q"),
        ("filter[role]", "admin"),
        ("filter[active]", "true"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(key, value)| ((*key).to_owned(), (*value).to_owned())).collect();
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn a_styled_path_item_that_would_change_the_path_is_refused() {
    let client = param_styles::Client::new().expect("builds");
    let error = client.styled(vec!["ok".to_owned(), "..".to_owned()], vec![1]).await.expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
}

#[test]
fn a_multipart_field_with_a_spec_default_is_sent_only_when_set() {
    let client = media_types::Client::new("https://media.example.com").expect("builds");
    let unset = media_types::Avatar::new("ada".into());
    let request = client.upload_avatar_multipart(unset.clone()).request().expect("builds a request");
    let text = String::from_utf8_lossy(request.body());
    assert!(!text.contains("name=\"public\""), "a default is not sent unasked: {text}");
    assert!(!text.contains("name=\"tags\""), "an unset optional field is left out: {text}");
    let mut set = unset;
    set.public = Some(true);
    let request = client.upload_avatar_multipart(set.clone()).request().expect("builds a request");
    assert!(String::from_utf8_lossy(request.body()).contains("name=\"public\"\r\n\r\ntrue\r\n"));
}

#[tokio::test]
async fn references_into_operations_and_path_items_reach_the_right_shapes() {
    let server = TestServer::start().await.expect("server");
    server.reply(Reply::json(200, r#"{"id": 7}"#)).reply(Reply::json(200, r#"{"keys": [{"id": 1}]}"#));
    let client = refs_into_paths::Client::builder().base_url(server.url()).build().expect("builds");

    let key: refs_into_paths::ListKeysResponseKeysItem = client.get_key(7).kind(refs_into_paths::ListKeysKind::Ed25519).await.expect("decodes");
    let list = client.list_keys2().await.expect("decodes");

    assert_eq!(key.id, 7);
    assert_eq!(list.keys.expect("keys")[0].id, 1);
    let targets: Vec<String> = server.requests().into_iter().map(|request| request.target).collect();
    assert_eq!(targets, ["/keys/7?kind=ed25519", "/v2/keys"]);
}

#[test]
fn a_one_of_of_string_enums_is_one_enum_shared_by_every_use() {
    let member: string_unions::Member = decode(json!({"role": "", "team": "green"})).expect("decodes");
    assert_eq!(member.role, Nullable::Value(string_unions::MemberRole::Empty));
    assert_eq!(member.team, Some(string_unions::MemberTeam::Unknown("green".into())));
    let cleared: string_unions::Member = decode(json!({"role": null, "team": "red"})).expect("decodes");
    assert_eq!((cleared.role, cleared.team), (Nullable::Null, Some(string_unions::MemberTeam::Red)));
    // The request schema repeats the union: the same Rust type serves both.
    let mut request = string_unions::MemberRequest::default();
    request.role = Some(string_unions::MemberRole::Admin);
    assert_eq!(serde_json::to_value(&request).expect("encodes"), json!({"role": "admin"}));
}

#[test]
fn an_inline_schema_written_again_word_for_word_is_the_first_ones_type() {
    let sender = json!({"login": "octocat", "permissions": {"issues": "write"}});
    let opened: repeated_shapes::GetOpenedResponse = decode(json!({"action": "opened", "sender": sender})).expect("decodes");
    let closed: repeated_shapes::GetClosedResponse =
        decode(json!({"action": "closed", "sender": sender, "assignee": sender})).expect("decodes");
    // One type: a sender of one event is a sender of the other, and the
    // second place keeps its own name for it.
    let moved: repeated_shapes::GetClosedResponseSender = opened.sender.clone();
    assert_eq!(moved, closed.sender);
    // The assignee's description differs, so it is a type of its own; the
    // permissions inside it are written as the sender's, so they are shared.
    let assignee = closed.assignee.expect("decoded");
    assert_eq!(assignee.login, "octocat");
    assert_eq!(assignee.permissions, opened.sender.permissions);
    let permissions: repeated_shapes::GetClosedResponseAssigneePermissions = assignee.permissions.expect("decoded");
    assert_eq!(permissions.issues, Some(repeated_shapes::GetOpenedResponseSenderPermissionsIssues::Write));
}

#[test]
fn repeated_inline_schemas_are_named_in_the_model_once_and_aliased_where_repeated() {
    let spec = crate::source("tests/fixtures/repeated_shapes.yaml");
    let apis = generator::build_apis(&[spec]).expect("builds");
    let copies: Vec<(&str, &str)> =
        apis[0].types.iter().filter_map(|def| Some((def.name.as_str(), def.copy_of.as_deref()?))).collect();
    // Each repeat and every type inside it: the names its place had.
    assert_eq!(
        copies,
        [
            ("GetClosedResponseSender", "GetOpenedResponseSender"),
            ("GetClosedResponseSenderPermissions", "GetOpenedResponseSenderPermissions"),
            ("GetClosedResponseSenderPermissionsIssues", "GetOpenedResponseSenderPermissionsIssues"),
            ("GetClosedResponseAssigneePermissions", "GetOpenedResponseSenderPermissions"),
            ("GetClosedResponseAssigneePermissionsIssues", "GetOpenedResponseSenderPermissionsIssues"),
        ]
    );
    // Nothing is built twice: below the repeated sender there are aliases only.
    let below = apis[0].types.iter().filter(|def| def.name.starts_with("GetClosedResponseSender"));
    assert!(below.clone().count() == 3 && below.into_iter().all(|def| def.copy_of.is_some()));
}

#[tokio::test]
async fn cursor_offset_and_page_number_lists_are_followed_as_declared() {
    use futures_util::TryStreamExt as _;
    let server = TestServer::start().await.expect("server");
    let client = pagination_styles::Client::new(server.url()).expect("builds");

    server
        .reply(Reply::json(200, r#"{"data": [{"id": 1}, {"id": 2}], "meta": {"next": "c2", "total": 3}}"#))
        .reply(Reply::json(200, r#"{"data": [{"id": 3}], "meta": {"next": null, "total": 3}}"#));
    let events: Vec<_> = client.list_events().limit(2).into_stream().try_collect().await.expect("events");
    assert_eq!(events.iter().map(|event| event.id).collect::<Vec<_>>(), [1, 2, 3]);

    server
        .reply(Reply::json(200, r#"{"count": 3, "results": ["a", "b"]}"#))
        .reply(Reply::json(200, r#"{"count": 3, "results": ["c"]}"#));
    let pages: Vec<_> = client.list_logs().limit(2).into_pages().try_collect().await.expect("logs");
    assert_eq!(pages.iter().map(|page| (page.items.len(), page.total)).collect::<Vec<_>>(), [(2, Some(3)), (1, Some(3))]);

    server.reply(Reply::json(200, r#"["x", "y"]"#)).reply(Reply::json(200, r#"["z"]"#)).reply(Reply::json(200, "[]"));
    let tags: Vec<String> = client.list_tags().into_stream().try_collect().await.expect("tags");
    assert_eq!(tags, ["x", "y", "z"]);

    let targets: Vec<String> = server.requests().into_iter().map(|request| request.target).collect();
    assert_eq!(
        targets,
        [
            "/events?limit=2",
            "/events?limit=2&after=c2",
            "/logs?limit=2",
            "/logs?limit=2&offset=2",
            "/tags",
            "/tags?p=2",
            "/tags?p=3",
        ],
        "the offset stops at the reported total, the page number at an empty page"
    );
}

#[tokio::test]
async fn a_cursor_that_repeats_ends_the_stream_with_an_error() {
    use futures_util::StreamExt as _;
    let server = TestServer::start().await.expect("server");
    let client = pagination_styles::Client::new(server.url()).expect("builds");
    for _ in 0..3 {
        server.reply(Reply::json(200, r#"{"data": [{"id": 1}], "meta": {"next": "same"}}"#));
    }

    let items: Vec<_> = client.list_events().into_stream().collect().await;

    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(&items[2], Err(Error::Pagination(_))), "{:?}", items[2]);
    assert_eq!(server.requests().len(), 2, "the repeated page is not fetched again");
}
