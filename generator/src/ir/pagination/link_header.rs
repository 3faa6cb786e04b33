//! A list whose success response declares a `Link` header (GitHub and
//! GitHub Enterprise): the next page is its `rel="next"` target.

use super::{Context, Convention, Found};
use crate::ir::PageStyle;

pub(super) const LINK_HEADER: Convention = Convention { name: "a declared `Link` header", infer };

fn infer(cx: &Context<'_, '_>) -> Option<Result<Found, String>> {
    cx.headers.iter().find(|header| header.wire_name.eq_ignore_ascii_case("link"))?;
    let Some((items, item)) = cx.items() else {
        return Some(Err("the response body has no single array of items".to_owned()));
    };
    Some(Ok(Found { style: PageStyle::Link, items, item }))
}
