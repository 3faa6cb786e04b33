//! `x-custgen-pagination`: how an operation declares that it pages, read
//! and checked against the operation's query parameters and response body.
//! A declaration that does not fit is a warning, and the operation then
//! returns its body as one value.

use serde_json::Value;

use super::super::schemas::Schemas;
use super::super::{Outcome, PageCount, PageStyle, Pagination, Param, ParamLocation, ResponseBody, Type};
use super::at_pointer;
use crate::error::Problems;

/// The keys a declaration may hold.
const KEYS: &[&str] = &[
    "style",
    "items",
    "count-header",
    "count-field",
    "cursor-param",
    "cursor-field",
    "offset-param",
    "page-param",
    "next-field",
];

/// Reads the declaration at `pointer` (the extension's own pointer).
pub(super) fn declared(
    declared: &Value,
    pointer: &str,
    params: &[Param],
    successes: &[Outcome],
    schemas: &Schemas<'_>,
    problems: &mut Problems<'_>,
) -> Option<Pagination> {
    let mut reader = Reader { declared, pointer, problems };
    let Some(object) = declared.as_object() else {
        reader.drop("the declaration must be an object such as `{style: link}`");
        return None;
    };
    for key in object.keys().filter(|key| !KEYS.contains(&key.as_str())) {
        let message = format!("`{key}` is not a pagination key (known: {}): it is ignored", KEYS.join(", "));
        reader.problems.warn(pointer, message);
    }
    let body = match successes {
        [Outcome { body: ResponseBody::Json { ty, .. }, .. }] => ty,
        _ => {
            reader.drop("a paged operation needs exactly one success response, with a JSON body");
            return None;
        }
    };
    let query_param = |name: &str| params.iter().any(|param| param.location == ParamLocation::Query && param.wire_name == name);
    let style = match reader.text("style")?.as_deref() {
        Some("link") => PageStyle::Link,
        Some("next-link") => {
            let Some(field) = reader.text("next-field")? else {
                reader.drop("`next-link` pagination needs `next-field` (a JSON pointer to the next page's URL in the body)");
                return None;
            };
            if !matches!(at_pointer(body, &field, schemas), Some(Type::String)) {
                reader.drop(&format!("`next-field` `{field}` is not a text field of the response body"));
                return None;
            }
            PageStyle::NextLink { field }
        }
        Some("cursor") => {
            let (Some(param), Some(field)) = (reader.text("cursor-param")?, reader.text("cursor-field")?) else {
                reader.drop("`cursor` pagination needs `cursor-param` (the query parameter) and `cursor-field` (a JSON pointer into the body)");
                return None;
            };
            if !matches!(at_pointer(body, &field, schemas), Some(Type::String | Type::I32 | Type::I64)) {
                reader.drop(&format!("`cursor-field` `{field}` is not a text or integer field of the response body"));
                return None;
            }
            PageStyle::Cursor { param, field }
        }
        Some("offset") => PageStyle::Offset { param: reader.text("offset-param")?.unwrap_or_else(|| "offset".to_owned()) },
        Some("page") => PageStyle::Number { param: reader.text("page-param")?.unwrap_or_else(|| "page".to_owned()) },
        other => {
            reader.drop(&format!("pagination style {other:?} is not one of `link`, `next-link`, `cursor`, `offset`, `page`"));
            return None;
        }
    };
    if let PageStyle::Cursor { param, .. } | PageStyle::Offset { param } | PageStyle::Number { param } = &style {
        if !query_param(param) {
            reader.drop(&format!("`{param}` is not a query parameter of this operation"));
            return None;
        }
    }
    let items = reader.text("items")?.unwrap_or_default();
    let item = match at_pointer(body, &items, schemas) {
        Some(Type::Vec(item)) => *item,
        _ if items.is_empty() => {
            reader.drop("the response body is not an array: name the array of items with `items` (a JSON pointer)");
            return None;
        }
        _ => {
            reader.drop(&format!("`items` `{items}` is not an array field of the response body"));
            return None;
        }
    };
    let count = match (reader.text("count-header")?, reader.text("count-field")?) {
        (None, None) => PageCount::None,
        (Some(header), None) if http_token(&header) => PageCount::Header(header),
        (Some(_), None) => {
            reader.problems.warn(pointer, "`count-header` is not a header name: pages report no total");
            PageCount::None
        }
        (None, Some(field)) if matches!(at_pointer(body, &field, schemas), Some(Type::I32 | Type::I64)) => PageCount::Field(field),
        (None, Some(field)) => {
            reader.problems.warn(pointer, format!("`count-field` `{field}` is not an integer field of the response body: pages report no total"));
            PageCount::None
        }
        (Some(_), Some(_)) => {
            reader.problems.warn(pointer, "`count-header` and `count-field` are both given: pages report no total");
            PageCount::None
        }
    };
    Some(Pagination { style, items, item, count, convention: None })
}

struct Reader<'v, 'p, 'l> {
    declared: &'v Value,
    pointer: &'p str,
    problems: &'p mut Problems<'l>,
}

impl Reader<'_, '_, '_> {
    /// `Some(text under key)`, `Some(None)` when the key is absent, and
    /// `None` (after a warning) when it holds something other than text.
    fn text(&mut self, key: &str) -> Option<Option<String>> {
        match self.declared.get(key) {
            None => Some(None),
            Some(Value::String(text)) => Some(Some(text.clone())),
            Some(_) => {
                self.drop(&format!("`{key}` must be text"));
                None
            }
        }
    }

    /// Warns that the declaration is not used, and why.
    fn drop(&mut self, why: &str) {
        self.problems.warn(self.pointer, format!("{why}: the operation returns its body as one value"));
    }
}

/// Whether `name` can be sent as a header name (an RFC 9110 token).
fn http_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}
