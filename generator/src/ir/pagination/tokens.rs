//! Next-page tokens: a request parameter that takes the token the previous
//! response returned. AWS (`NextToken`, in the query or, for JSON
//! protocols, in the request body), Google (`pageToken` → `nextPageToken`),
//! and pairs that match by name (`cursor` → `next_cursor`, …).

use super::{Context, Convention, Found};
use crate::ir::{PageStyle, Type};

pub(super) const AWS: Convention = Convention { name: "AWS `NextToken`", infer: aws };
pub(super) const GOOGLE: Convention = Convention { name: "Google `pageToken`", infer: google };
pub(super) const PAIRS: Convention = Convention { name: "a next-page token", infer: pairs };

/// `(request parameter, response field)` pairs that name a next-page token.
const PAIRS_BY_NAME: &[(&str, &str)] = &[
    ("cursor", "next_cursor"),
    ("cursor", "nextCursor"),
    ("page_token", "next_page_token"),
    ("next_token", "next_token"),
    ("continuation_token", "continuation_token"),
    ("continuationToken", "continuationToken"),
    ("marker", "next_marker"),
    ("Marker", "NextMarker"),
];

fn aws(cx: &Context<'_, '_>) -> Option<Result<Found, String>> {
    let name = ["NextToken", "nextToken"].into_iter().find(|name| matches!(cx.field(&format!("/{name}")), Some(Type::String)))?;
    let field = format!("/{name}");
    // JSON protocols read the token from the body, whatever query
    // parameter the description also lists.
    if cx.request_property(name) {
        return Some(items(cx, PageStyle::BodyCursor { property: name.to_owned(), field }));
    }
    if cx.query(name).is_some() {
        return Some(items(cx, PageStyle::Cursor { param: name.to_owned(), field }));
    }
    None
}

fn google(cx: &Context<'_, '_>) -> Option<Result<Found, String>> {
    cx.query("pageToken")?;
    matches!(cx.field("/nextPageToken"), Some(Type::String)).then(|| {
        items(cx, PageStyle::Cursor { param: "pageToken".to_owned(), field: "/nextPageToken".to_owned() })
    })
}

fn pairs(cx: &Context<'_, '_>) -> Option<Result<Found, String>> {
    PAIRS_BY_NAME.iter().find_map(|(param, field)| {
        cx.query(param)?;
        let pointer = token_field(cx, field)?;
        Some(items(cx, PageStyle::Cursor { param: (*param).to_owned(), field: pointer }))
    })
}

/// The token field `name` at the top of the body or one object down
/// (`meta.next_cursor`, `response_metadata.next_cursor`).
fn token_field(cx: &Context<'_, '_>, name: &str) -> Option<String> {
    let top = format!("/{name}");
    if matches!(cx.field(&top), Some(Type::String | Type::I64 | Type::I32)) {
        return Some(top);
    }
    cx.properties()?.into_iter().find_map(|(property, _)| {
        let nested = format!("/{}/{name}", crate::error::escape_pointer_token(&property));
        matches!(cx.field(&nested), Some(Type::String | Type::I64 | Type::I32)).then_some(nested)
    })
}

/// The page's items beside the token: the body's only array.
fn items(cx: &Context<'_, '_>, style: PageStyle) -> Result<Found, String> {
    let (items, item) = cx.items().ok_or_else(|| "the response body has no single array of items".to_owned())?;
    Ok(Found { style, items, item })
}
