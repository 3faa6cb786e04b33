//! A list body that holds the next page's URL: `nextLink`,
//! `@odata.nextLink`, `next`, `next_link`, `next_page_url`, `links.next`,
//! `_links.next.href` or `paging.next`, beside one array of items.

use super::{Context, Convention, Found};
use crate::ir::{PageStyle, Type};

pub(super) const NEXT_LINK: Convention = Convention { name: "a next link in the body", infer };

/// Where bodies put the next page's URL, most specific first.
const FIELDS: &[&str] =
    &["/nextLink", "/@odata.nextLink", "/next_page_url", "/next_link", "/next", "/links/next", "/_links/next/href", "/paging/next"];

fn infer(cx: &Context<'_, '_>) -> Option<Result<Found, String>> {
    let field = FIELDS.iter().find(|field| matches!(cx.field(field), Some(Type::String)))?;
    let (items, item) = cx.items()?;
    Some(Ok(Found { style: PageStyle::NextLink { field: (*field).to_owned() }, items, item }))
}
