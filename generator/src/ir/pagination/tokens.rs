//! Next-page tokens: a request parameter that takes the token the previous
//! response returned. AWS (`NextToken`, in the query or, for JSON
//! protocols, in the request body), Google (`pageToken` → `nextPageToken`),
//! and pairs that match by name (`cursor` → `next_cursor`, …, `after` →
//! `endCursor` while `hasNextPage`, `starting_after` → the last item's
//! `id` while `has_more`).

use super::{Context, Convention, Found, at_pointer};
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
    let by_name = PAIRS_BY_NAME.iter().find_map(|(param, field)| {
        cx.query(param)?;
        let pointer = token_field(cx, field)?;
        Some(items(cx, PageStyle::Cursor { param: (*param).to_owned(), field: pointer }))
    });
    by_name.or_else(|| end_cursor(cx)).or_else(|| starting_after(cx))
}

/// `after` and `endCursor` (at the top or in `pageInfo`), with the
/// `hasNextPage` beside it saying whether to go on: the end cursor of the
/// last page is still set, so without the flag the list would not end.
fn end_cursor(cx: &Context<'_, '_>) -> Option<Result<Found, String>> {
    cx.query("after")?;
    let field = token_field(cx, "endCursor")?;
    let more = format!("{}/hasNextPage", field.rsplit_once('/').map_or("", |(parent, _)| parent));
    if !matches!(cx.field(&more), Some(Type::Bool)) {
        return Some(Err(format!("its `endCursor` (`{field}`) has no `hasNextPage` beside it to say where the list ends")));
    }
    Some(items(cx, PageStyle::CursorWhile { param: "after".to_owned(), field, more }))
}

/// Stripe's `starting_after`: the next page starts after the last item's
/// `id`, while `has_more` is true.
fn starting_after(cx: &Context<'_, '_>) -> Option<Result<Found, String>> {
    cx.query("starting_after")?;
    if !matches!(cx.field("/has_more"), Some(Type::Bool)) {
        return None;
    }
    let found = match items(cx, PageStyle::Single) {
        Ok(found) => found,
        Err(why) => return Some(Err(why)),
    };
    if at_pointer(&found.item, "/id", cx.schemas).is_none() {
        return Some(Err("its items have no `id` to start the next page after".to_owned()));
    }
    let style = PageStyle::AfterLast { param: "starting_after".to_owned(), item_field: "/id".to_owned(), more: "/has_more".to_owned() };
    Some(Ok(Found { style, ..found }))
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
