//! One page of a list, and how an operation pages, as its spec declares
//! (`x-custgen-pagination`) or as a convention it follows shows: where the
//! items are, where the total is, and how the next page is asked for.

use http::{HeaderMap, StatusCode};
use serde::de::{DeserializeOwned, Error as _};
use serde_json::Value;

use super::DecodeError;
use super::link::next_link;

/// How an operation pages: generated into each paged operation's
/// [`OperationInfo`](super::OperationInfo).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    /// How the next page is asked for.
    pub style: PageStyle,
    /// JSON pointer of the items array in the body; empty when the body is
    /// the array.
    pub items: &'static str,
    /// Where the total number of items is reported.
    pub count: PageCount,
}

/// How the next page is asked for. New ways may be added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStyle {
    /// The `Link` header's `rel="next"` target.
    Link,
    /// The URL the body holds at JSON pointer `field` (Azure's
    /// `nextLink`, `next`, `links.next`, …); none (absent, `null`, empty)
    /// ends the list.
    NextLink {
        /// JSON pointer of the next page's URL in the body.
        field: &'static str,
    },
    /// The query parameter `param` set to the cursor the body holds at
    /// JSON pointer `field`; no cursor (absent, `null`, empty) ends the list.
    Cursor {
        /// The query parameter that takes the cursor.
        param: &'static str,
        /// JSON pointer of the next cursor in the body.
        field: &'static str,
    },
    /// The request body's property `property` set to the cursor the
    /// response body holds at JSON pointer `field` (AWS `NextToken` in a
    /// POST body); no cursor ends the list.
    BodyCursor {
        /// The property of the JSON request body that takes the cursor.
        property: &'static str,
        /// JSON pointer of the next cursor in the body.
        field: &'static str,
    },
    /// Every item comes in one response: the list ends after it.
    Single,
    /// The query parameter `param` set to the cursor at `field`, while the
    /// flag at `more` is `true` (`pageInfo { endCursor hasNextPage }`).
    CursorWhile {
        /// The query parameter that takes the cursor.
        param: &'static str,
        /// JSON pointer of the cursor in the body.
        field: &'static str,
        /// JSON pointer of the flag that says another page follows.
        more: &'static str,
    },
    /// The query parameter `param` set to the last item's value at
    /// `item_field`, while the flag at `more` is `true` (Stripe's
    /// `starting_after` and `has_more`).
    AfterLast {
        /// The query parameter that takes the last item's value.
        param: &'static str,
        /// JSON pointer of that value inside an item.
        item_field: &'static str,
        /// JSON pointer of the flag that says another page follows.
        more: &'static str,
    },
    /// The query parameter `param` moved past the items received; an empty
    /// page, or reaching the total, ends the list.
    Offset {
        /// The query parameter that takes the offset (from 0).
        param: &'static str,
    },
    /// The query parameter `param` counted up from 1; an empty page, or
    /// reaching the total, ends the list.
    Number {
        /// The query parameter that takes the page number.
        param: &'static str,
    },
}

/// Where a page reports the total number of items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCount {
    /// Nowhere.
    None,
    /// In this response header (lower case).
    Header(&'static str),
    /// At this JSON pointer of the body.
    Field(&'static str),
}

/// One page of a list: its items, the total the server reports, and what
/// the response says of the next page.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// All items across all pages, when the server says.
    pub total: Option<u64>,
    /// The next page's URL, for link-style lists (`Link: <…>; rel="next"`,
    /// or a next link in the body); `None` on the last page.
    pub next: Option<String>,
    /// The next page's cursor, for cursor-style lists; `None` on the last page.
    pub cursor: Option<String>,
}

impl<T: DeserializeOwned> Page<T> {
    /// Reads a page from a success response, as `paging` says.
    pub(crate) fn read(status: StatusCode, headers: &HeaderMap, body: &[u8], paging: &Paging) -> Result<Self, DecodeError> {
        let fail = |path: &str, error: serde_json::Error| DecodeError::new(status, body, path.to_owned(), error);
        let mut last_item = None;
        let (items, document) = if paging.items.is_empty() {
            (super::response::decode(status, body)?, Value::Null)
        } else {
            let mut document: Value = super::response::decode(status, body)?;
            let Some(items) = document.pointer_mut(paging.items).map(Value::take) else {
                return Err(fail(paging.items, serde_json::Error::custom("the page has no items array here")));
            };
            if let PageStyle::AfterLast { item_field, .. } = paging.style {
                last_item = items.as_array().and_then(|items| items.last()).and_then(|last| last.pointer(item_field)).cloned();
            }
            // As `response::decode`: the path is tracked only to name a failure.
            let items = match <Vec<T> as serde::Deserialize>::deserialize(&items) {
                Ok(items) => items,
                Err(_) => serde_path_to_error::deserialize(items)
                    .map_err(|error| fail(&format!("{}{}", paging.items, error.path()), error.into_inner()))?,
            };
            (items, document)
        };
        let total = match paging.count {
            PageCount::None => None,
            PageCount::Header(name) => headers.get(name).and_then(|value| value.to_str().ok()?.trim().parse().ok()),
            PageCount::Field(pointer) => document.pointer(pointer).and_then(Value::as_u64),
        };
        let text_at = |field: &str| match document.pointer(field) {
            Some(Value::String(text)) if !text.is_empty() => Some(text.clone()),
            Some(Value::Number(number)) => Some(number.to_string()),
            _ => None,
        };
        let next = match paging.style {
            PageStyle::Link => headers.get_all(http::header::LINK).iter().filter_map(|value| value.to_str().ok()).find_map(next_link),
            PageStyle::NextLink { field } => text_at(field),
            _ => None,
        };
        let more = |flag: &str| document.pointer(flag) == Some(&Value::Bool(true));
        let cursor = match paging.style {
            PageStyle::Cursor { field, .. } | PageStyle::BodyCursor { field, .. } => text_at(field),
            PageStyle::CursorWhile { field, more: flag, .. } if more(flag) => text_at(field),
            PageStyle::AfterLast { more: flag, .. } if more(flag) => match last_item {
                Some(Value::String(text)) if !text.is_empty() => Some(text),
                Some(Value::Number(number)) => Some(number.to_string()),
                _ => None,
            },
            _ => None,
        };
        Ok(Self { items, total, next, cursor })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINKED: Paging = Paging { style: PageStyle::Link, items: "", count: PageCount::Header("x-result-count") };

    #[test]
    fn link_pages_read_the_total_header_and_the_next_link() {
        let mut headers = HeaderMap::new();
        headers.insert("x-result-count", "42".parse().unwrap());
        headers.insert("link", r#"<https://w.example/x?page=2>; rel="next""#.parse().unwrap());
        let page = Page::<u8>::read(StatusCode::OK, &headers, b"[1, 2]", &LINKED).unwrap();
        assert_eq!((page.items, page.total, page.next, page.cursor), (vec![1, 2], Some(42), Some("https://w.example/x?page=2".into()), None));
        let uncounted = Paging { count: PageCount::None, ..LINKED };
        assert_eq!(Page::<u8>::read(StatusCode::OK, &headers, b"[]", &uncounted).unwrap().total, None, "no declared count, no total");
    }

    #[test]
    fn wrapped_pages_read_items_count_and_cursor_at_their_pointers() {
        let paging = Paging {
            style: PageStyle::Cursor { param: "after", field: "/meta/next" },
            items: "/data",
            count: PageCount::Field("/meta/total"),
        };
        let body = br#"{"data": [1, 2], "meta": {"next": "c2", "total": 5}}"#;
        let page = Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), body, &paging).unwrap();
        assert_eq!((page.items, page.total, page.cursor), (vec![1, 2], Some(5), Some("c2".into())));
        let last = Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), br#"{"data": [], "meta": {"next": null}}"#, &paging).unwrap();
        assert_eq!(last.cursor, None);
        let numbered = Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), br#"{"data": [], "meta": {"next": 7}}"#, &paging).unwrap();
        assert_eq!(numbered.cursor.as_deref(), Some("7"));
    }

    #[test]
    fn next_links_and_body_cursors_are_read_from_the_body() {
        let linked = Paging { style: PageStyle::NextLink { field: "/nextLink" }, items: "/value", count: PageCount::None };
        let body = br#"{"value": [1], "nextLink": "https://m.example/x?$skiptoken=2"}"#;
        let page = Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), body, &linked).unwrap();
        assert_eq!((page.items, page.next.as_deref()), (vec![1], Some("https://m.example/x?$skiptoken=2")));
        let last = Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), br#"{"value": [], "nextLink": null}"#, &linked).unwrap();
        assert_eq!(last.next, None);
        let tokens = Paging { style: PageStyle::BodyCursor { property: "NextToken", field: "/NextToken" }, items: "/Items", count: PageCount::None };
        let page = Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), br#"{"Items": [3], "NextToken": "t2"}"#, &tokens).unwrap();
        assert_eq!(page.cursor.as_deref(), Some("t2"));
    }

    #[test]
    fn flagged_cursors_and_last_item_cursors_stop_when_the_flag_says_so() {
        let graph = Paging {
            style: PageStyle::CursorWhile { param: "after", field: "/pageInfo/endCursor", more: "/pageInfo/hasNextPage" },
            items: "/nodes",
            count: PageCount::None,
        };
        let page = |body: &[u8], paging: &Paging| Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), body, paging).unwrap().cursor;
        assert_eq!(page(br#"{"nodes": [1], "pageInfo": {"endCursor": "c1", "hasNextPage": true}}"#, &graph).as_deref(), Some("c1"));
        assert_eq!(page(br#"{"nodes": [2], "pageInfo": {"endCursor": "c2", "hasNextPage": false}}"#, &graph), None);
        let stripe = Paging {
            style: PageStyle::AfterLast { param: "starting_after", item_field: "/id", more: "/has_more" },
            items: "/data",
            count: PageCount::None,
        };
        let page = |body: &[u8]| Page::<Value>::read(StatusCode::OK, &HeaderMap::new(), body, &stripe).unwrap().cursor;
        assert_eq!(page(br#"{"data": [{"id": "cus_1"}, {"id": "cus_2"}], "has_more": true}"#).as_deref(), Some("cus_2"));
        assert_eq!(page(br#"{"data": [{"id": "cus_3"}], "has_more": false}"#), None);
        assert_eq!(page(br#"{"data": [], "has_more": true}"#), None, "no last item, no next page");
    }

    #[test]
    fn a_page_without_its_items_or_with_a_bad_item_names_the_place() {
        let paging = Paging { style: PageStyle::Offset { param: "offset" }, items: "/results", count: PageCount::None };
        let missing = Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), br#"{"items": []}"#, &paging).unwrap_err();
        assert_eq!(missing.path(), "/results");
        let bad = Page::<u8>::read(StatusCode::OK, &HeaderMap::new(), br#"{"results": [1, "x"]}"#, &paging).unwrap_err();
        assert_eq!(bad.path(), "/results[1]");
    }
}
