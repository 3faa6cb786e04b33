//! Lists that page by a convention their document states, without
//! `x-custgen-pagination` (`tests/fixtures/page_conventions.yaml`): per
//! convention, three pages read with `into_stream()` on a local server,
//! every request asserted, the credential on every page, and the stream's
//! guards (a repeated page, a next page on another origin) hit.

use custgen_tests::fixtures::page_conventions;
use custgen_tests::server::{Recorded, Reply, TestServer};
use futures_util::{StreamExt as _, TryStreamExt as _};
use generated_client::Error;

const KEY: &str = "k-123";

async fn setup() -> (TestServer, page_conventions::Client) {
    let server = TestServer::start().await.expect("server");
    let client = page_conventions::Client::new(server.url(), KEY).expect("builds");
    (server, client)
}

fn ids(items: &[page_conventions::Item]) -> Vec<i64> {
    items.iter().filter_map(|item| item.id).collect()
}

/// Every request carried the credential; their targets, in order.
fn targets(requests: &[Recorded]) -> Vec<String> {
    for request in requests {
        assert_eq!(request.header("x-key"), Some(KEY), "the credential on every page: {}", request.target);
    }
    requests.iter().map(|request| request.target.clone()).collect()
}

/// The stream ends with a pagination error after the pages it could read.
fn ends_with_a_pagination_error<T: std::fmt::Debug>(items: &[Result<T, Error>], pages_read: usize) {
    assert!(matches!(items.last(), Some(Err(Error::Pagination(_)))), "{items:?}");
    assert_eq!(items.iter().filter(|item| item.is_ok()).count(), pages_read, "{items:?}");
}

#[tokio::test]
async fn azure_next_links_are_followed_to_the_end() {
    let (server, client) = setup().await;
    let base = server.url();
    server
        .reply(Reply::json(200, &format!(r#"{{"value": [{{"id": 1}}], "nextLink": "{base}/azure?$skiptoken=2"}}"#)))
        .reply(Reply::json(200, &format!(r#"{{"value": [{{"id": 2}}], "nextLink": "{base}/azure?$skiptoken=3"}}"#)))
        .reply(Reply::json(200, r#"{"value": [{"id": 3}], "nextLink": null}"#));

    let items: Vec<_> = client.list_vaults().into_stream().try_collect().await.expect("three pages");

    assert_eq!(ids(&items), [1, 2, 3]);
    assert_eq!(targets(&server.requests()), ["/azure", "/azure?$skiptoken=2", "/azure?$skiptoken=3"]);
}

/// Azure's `operationName` lists asked for with a POST page through GETs
/// of the next link, without the first request's body.
#[tokio::test]
async fn a_posted_azure_list_pages_through_gets_of_its_next_links() {
    let (server, client) = setup().await;
    let base = server.url();
    server
        .reply(Reply::json(200, &format!(r#"{{"value": [{{"id": 1}}], "nextLink": "{base}/azure/search?$skiptoken=2"}}"#)))
        .reply(Reply::json(200, &format!(r#"{{"value": [{{"id": 2}}], "nextLink": "{base}/azure/search?$skiptoken=3"}}"#)))
        .reply(Reply::json(200, r#"{"value": [{"id": 3}]}"#));
    let mut query = page_conventions::SearchVaultsRequest::default();
    query.query = Some("name eq 'a'".to_owned());

    let items: Vec<_> = client.search_vaults(query).into_stream().try_collect().await.expect("three pages");

    assert_eq!(ids(&items), [1, 2, 3]);
    let requests = server.requests();
    assert_eq!(targets(&requests), ["/azure/search", "/azure/search?$skiptoken=2", "/azure/search?$skiptoken=3"]);
    let methods: Vec<&str> = requests.iter().map(|request| request.method.as_str()).collect();
    assert_eq!(methods, ["POST", "GET", "GET"]);
    assert_eq!(&requests[0].body[..], br#"{"query":"name eq 'a'"}"#);
    assert!(requests[1..].iter().all(|request| request.body.is_empty() && request.header("content-type").is_none()));
}

#[tokio::test]
async fn aws_tokens_go_into_the_json_body_of_each_next_request() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(200, r#"{"TableNames": ["a"], "NextToken": "t2"}"#))
        .reply(Reply::json(200, r#"{"TableNames": ["b"], "NextToken": "t3"}"#))
        .reply(Reply::json(200, r#"{"TableNames": ["c"]}"#));
    let mut request = page_conventions::ListTablesRequest::default();
    request.limit = Some(1);

    let names: Vec<String> = client.list_tables(request).into_stream().try_collect().await.expect("three pages");

    assert_eq!(names, ["a", "b", "c"]);
    let requests = server.requests();
    assert_eq!(targets(&requests), ["/aws", "/aws", "/aws"]);
    let bodies: Vec<serde_json::Value> = requests.iter().map(|request| serde_json::from_slice(&request.body).expect("JSON")).collect();
    assert_eq!(
        bodies,
        [serde_json::json!({"Limit": 1}), serde_json::json!({"Limit": 1, "NextToken": "t2"}), serde_json::json!({"Limit": 1, "NextToken": "t3"})]
    );
}

#[tokio::test]
async fn declared_link_headers_are_followed() {
    let (server, client) = setup().await;
    let base = server.url();
    server
        .reply(Reply::json(200, r#"[{"id": 1}]"#).header("link", &format!(r#"<{base}/github?per_page=1&page=2>; rel="next""#)))
        .reply(Reply::json(200, r#"[{"id": 2}]"#).header("link", &format!(r#"<{base}/github?per_page=1&page=3>; rel="next""#)))
        .reply(Reply::json(200, r#"[{"id": 3}]"#).header("link", &format!(r#"<{base}/github?per_page=1&page=1>; rel="first""#)));

    let items: Vec<_> = client.list_repos().per_page(1).into_stream().try_collect().await.expect("three pages");

    assert_eq!(ids(&items), [1, 2, 3]);
    assert_eq!(targets(&server.requests()), ["/github?per_page=1", "/github?per_page=1&page=2", "/github?per_page=1&page=3"]);
}

#[tokio::test]
async fn google_page_tokens_are_sent_back_and_the_side_list_is_not_the_items() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(200, r#"{"items": [{"id": 1}], "unreachable": ["zone-b"], "nextPageToken": "p2"}"#))
        .reply(Reply::json(200, r#"{"items": [{"id": 2}], "nextPageToken": "p3"}"#))
        .reply(Reply::json(200, r#"{"items": [{"id": 3}]}"#));

    let items: Vec<_> = client.list_instances().max_results(1).into_stream().try_collect().await.expect("three pages");

    assert_eq!(ids(&items), [1, 2, 3]);
    assert_eq!(
        targets(&server.requests()),
        ["/google?maxResults=1", "/google?maxResults=1&pageToken=p2", "/google?maxResults=1&pageToken=p3"]
    );
}

#[tokio::test]
async fn next_links_in_the_body_are_followed() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(200, r#"{"results": [{"id": 1}], "next": "/next?page=2"}"#))
        .reply(Reply::json(200, r#"{"results": [{"id": 2}], "next": "/next?page=3"}"#))
        .reply(Reply::json(200, r#"{"results": [{"id": 3}], "next": null}"#));

    let items: Vec<_> = client.list_orders().into_stream().try_collect().await.expect("three pages");

    assert_eq!(ids(&items), [1, 2, 3]);
    assert_eq!(targets(&server.requests()), ["/next", "/next?page=2", "/next?page=3"]);
}

#[tokio::test]
async fn token_pairs_matched_by_name_are_followed() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(200, r#"{"channels": [{"id": 1}], "response_metadata": {"next_cursor": "c2"}}"#))
        .reply(Reply::json(200, r#"{"channels": [{"id": 2}], "response_metadata": {"next_cursor": "c3"}}"#))
        .reply(Reply::json(200, r#"{"channels": [{"id": 3}], "response_metadata": {"next_cursor": ""}}"#));

    let items: Vec<_> = client.list_channels().into_stream().try_collect().await.expect("three pages");

    assert_eq!(ids(&items), [1, 2, 3]);
    assert_eq!(targets(&server.requests()), ["/tokens", "/tokens?cursor=c2", "/tokens?cursor=c3"]);
}

/// `after` takes `pageInfo.endCursor` while `hasNextPage` is true: the last
/// page still has an end cursor, and the flag ends the list.
#[tokio::test]
async fn end_cursors_are_followed_while_the_flag_says_more() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(200, r#"{"nodes": [{"id": 1}], "pageInfo": {"endCursor": "c1", "hasNextPage": true}}"#))
        .reply(Reply::json(200, r#"{"nodes": [{"id": 2}], "pageInfo": {"endCursor": "c2", "hasNextPage": true}}"#))
        .reply(Reply::json(200, r#"{"nodes": [{"id": 3}], "pageInfo": {"endCursor": "c3", "hasNextPage": false}}"#));

    let items: Vec<_> = client.list_nodes().into_stream().try_collect().await.expect("three pages");

    assert_eq!(ids(&items), [1, 2, 3]);
    assert_eq!(targets(&server.requests()), ["/graph", "/graph?after=c1", "/graph?after=c2"]);
}

/// Stripe's lists start the next page after the last item's `id` while
/// `has_more` is true.
#[tokio::test]
async fn stripe_lists_start_after_the_last_item_while_there_is_more() {
    let (server, client) = setup().await;
    server
        .reply(Reply::json(200, r#"{"object": "list", "data": [{"id": "cus_1"}, {"id": "cus_2"}], "has_more": true}"#))
        .reply(Reply::json(200, r#"{"object": "list", "data": [{"id": "cus_3"}], "has_more": true}"#))
        .reply(Reply::json(200, r#"{"object": "list", "data": [{"id": "cus_4"}], "has_more": false}"#));

    let items: Vec<_> = client.list_customers().limit(2).into_stream().try_collect().await.expect("three pages");

    let names: Vec<&str> = items.iter().filter_map(|item| item.id.as_deref()).collect();
    assert_eq!(names, ["cus_1", "cus_2", "cus_3", "cus_4"]);
    assert_eq!(
        targets(&server.requests()),
        ["/stripe?limit=2", "/stripe?limit=2&starting_after=cus_2", "/stripe?limit=2&starting_after=cus_3"]
    );
}

/// A page that leads back to one already read ends every convention's
/// stream with an error instead of looping.
#[tokio::test]
async fn a_page_that_leads_back_ends_each_conventions_stream() {
    let (server, client) = setup().await;
    let base = server.url();

    server
        .reply(Reply::json(200, &format!(r#"{{"value": [{{"id": 1}}], "nextLink": "{base}/azure?x=1"}}"#)))
        .reply(Reply::json(200, &format!(r#"{{"value": [{{"id": 2}}], "nextLink": "{base}/azure?x=1"}}"#)));
    ends_with_a_pagination_error(&client.list_vaults().into_stream().collect::<Vec<_>>().await, 2);

    server.reply(Reply::json(200, r#"{"TableNames": ["a"], "NextToken": "same"}"#)).reply(Reply::json(200, r#"{"TableNames": ["b"], "NextToken": "same"}"#));
    ends_with_a_pagination_error(&client.list_tables(page_conventions::ListTablesRequest::default()).into_stream().collect::<Vec<_>>().await, 2);

    let back = format!(r#"<{base}/github?page=2>; rel="next""#);
    server.reply(Reply::json(200, r#"[{"id": 1}]"#).header("link", &back)).reply(Reply::json(200, r#"[{"id": 2}]"#).header("link", &back));
    ends_with_a_pagination_error(&client.list_repos().into_stream().collect::<Vec<_>>().await, 2);

    server.reply(Reply::json(200, r#"{"items": [{"id": 1}], "nextPageToken": "same"}"#)).reply(Reply::json(200, r#"{"items": [{"id": 2}], "nextPageToken": "same"}"#));
    ends_with_a_pagination_error(&client.list_instances().into_stream().collect::<Vec<_>>().await, 2);

    server.reply(Reply::json(200, r#"{"results": [{"id": 1}], "next": "/next"}"#));
    ends_with_a_pagination_error(&client.list_orders().into_stream().collect::<Vec<_>>().await, 1);

    server
        .reply(Reply::json(200, r#"{"channels": [{"id": 1}], "response_metadata": {"next_cursor": "same"}}"#))
        .reply(Reply::json(200, r#"{"channels": [{"id": 2}], "response_metadata": {"next_cursor": "same"}}"#));
    ends_with_a_pagination_error(&client.list_channels().into_stream().collect::<Vec<_>>().await, 2);

    server
        .reply(Reply::json(200, r#"{"nodes": [{"id": 1}], "pageInfo": {"endCursor": "same", "hasNextPage": true}}"#))
        .reply(Reply::json(200, r#"{"nodes": [{"id": 2}], "pageInfo": {"endCursor": "same", "hasNextPage": true}}"#));
    ends_with_a_pagination_error(&client.list_nodes().into_stream().collect::<Vec<_>>().await, 2);

    server
        .reply(Reply::json(200, r#"{"data": [{"id": "same"}], "has_more": true}"#))
        .reply(Reply::json(200, r#"{"data": [{"id": "same"}], "has_more": true}"#));
    ends_with_a_pagination_error(&client.list_customers().into_stream().collect::<Vec<_>>().await, 2);

    assert_eq!(server.requests().len(), 15, "no repeated page was fetched");
    targets(&server.requests());
}

/// A next page on another origin is never asked for, so the credential
/// never leaves for it. Only conventions whose next page is a URL the
/// server gives can point elsewhere; token conventions build the next URL
/// from the current one.
#[tokio::test]
async fn a_next_page_on_another_origin_is_not_fetched() {
    let (server, client) = setup().await;
    let elsewhere = TestServer::start().await.expect("a second server");
    let other = elsewhere.url();

    server.reply(Reply::json(200, &format!(r#"{{"value": [{{"id": 1}}], "nextLink": "{other}/azure?$skiptoken=2"}}"#)));
    ends_with_a_pagination_error(&client.list_vaults().into_stream().collect::<Vec<_>>().await, 1);

    server.reply(Reply::json(200, r#"[{"id": 1}]"#).header("link", &format!(r#"<{other}/github?page=2>; rel="next""#)));
    ends_with_a_pagination_error(&client.list_repos().into_stream().collect::<Vec<_>>().await, 1);

    server.reply(Reply::json(200, &format!(r#"{{"results": [{{"id": 1}}], "next": "{other}/next?page=2"}}"#)));
    ends_with_a_pagination_error(&client.list_orders().into_stream().collect::<Vec<_>>().await, 1);

    assert!(elsewhere.requests().is_empty(), "nothing reached the other origin");
    assert_eq!(targets(&server.requests()), ["/azure", "/github", "/next"]);
}

/// Offset parameters alone stay one page, and `x-custgen-pagination:
/// false` turns a convention off: both return the body as declared.
#[tokio::test]
async fn offsets_alone_and_declined_conventions_return_one_value() {
    let (server, client) = setup().await;
    server.reply(Reply::json(200, r#"["a", "b"]"#)).reply(Reply::json(200, r#"{"value": [{"id": 1}], "nextLink": "/declined?p=2"}"#));

    let logs: Vec<String> = client.list_logs().offset(0).await.expect("one value");
    let everything: page_conventions::ListUnpagedResponse = client.list_unpaged().await.expect("one value");

    assert_eq!(logs, ["a", "b"]);
    assert_eq!(everything.next_link.as_deref(), Some("/declined?p=2"));
    assert_eq!(server.requests().len(), 2);
}

/// What was inferred is said, once per operation, with its place.
#[test]
fn each_inferred_pagination_is_a_note_with_file_pointer_and_line() {
    let path = crate::root().join("tests/fixtures/page_conventions.yaml");
    let text = std::fs::read_to_string(&path).expect("the fixture");
    let source = generator::SpecSource { path: "tests/fixtures/page_conventions.yaml".to_owned(), text };
    let apis = generator::build_apis(&[source]).expect("builds");
    let notes: Vec<String> = apis[0].notes.iter().map(ToString::to_string).collect();
    assert!(apis[0].warnings.is_empty(), "{:?}", apis[0].warnings);
    let expected = [
        ("/paths/~1azure/get", "pages by Azure `x-ms-pageable`"),
        ("/paths/~1azure~1search/post", "pages by Azure `x-ms-pageable`"),
        ("/paths/~1aws/post", "pages by AWS `NextToken`"),
        ("/paths/~1github/get", "pages by a declared `Link` header"),
        ("/paths/~1google/get", "pages by Google `pageToken`"),
        ("/paths/~1next/get", "pages by a next link in the body"),
        ("/paths/~1tokens/get", "pages by a next-page token"),
        ("/paths/~1graph/get", "pages by a next-page token"),
        ("/paths/~1stripe/get", "pages by a next-page token"),
        ("/paths/~1offset/get", "query parameter `offset` pages by position"),
    ];
    assert_eq!(notes.len(), expected.len(), "{notes:#?}");
    for ((pointer, says), note) in expected.iter().zip(&notes) {
        assert!(note.starts_with("tests/fixtures/page_conventions.yaml:"), "{note}");
        assert!(note.contains(&format!(": at #{pointer}: {says}")), "{note}");
    }
}
