//! Azure's `x-ms-pageable`: the items under `itemName` (default `value`),
//! the next page's URL under `nextLinkName`, which Azure's own clients
//! fetch with a GET whatever `operationName` says.

use serde_json::Value;

use super::{Context, Convention, Found};
use crate::ir::PageStyle;

pub(super) const PAGEABLE: Convention = Convention { name: "Azure `x-ms-pageable`", infer };

/// The extension that declares it.
pub(super) const EXTENSION: &str = "x-ms-pageable";

fn infer(cx: &Context<'_, '_>) -> Option<Result<Found, String>> {
    let pageable = cx.extensions.get(EXTENSION)?;
    let item_name = pageable.get("itemName").and_then(Value::as_str).unwrap_or("value");
    let item_pointer = format!("/{}", crate::error::escape_pointer_token(item_name));
    let Some((items, item)) = cx.items_at(&item_pointer) else {
        return Some(Err(format!("the response body has no array `{item_name}`")));
    };
    // `nextLinkName: null` says every item comes in one response: the
    // stream ends after it, as it would on a last page.
    let next = match pageable.get("nextLinkName") {
        Some(Value::String(name)) => format!("/{}", crate::error::escape_pointer_token(name)),
        _ => return Some(Ok(Found { style: PageStyle::Single, items, item })),
    };
    match cx.field(&next) {
        None | Some(crate::ir::Type::String) => Some(Ok(Found { style: PageStyle::NextLink { field: next }, items, item })),
        Some(other) => Some(Err(format!("its `nextLinkName` field `{next}` is `{other}`, not text"))),
    }
}
