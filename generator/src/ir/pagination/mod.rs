//! How an operation pages. Declared with `x-custgen-pagination`
//! ([`declared`]; `false` turns paging off), or else inferred from a
//! convention the document already states or that is unmistakable: each
//! convention is one file here and one row of [`CONVENTIONS`]. An inferred
//! pagination is a note (`pages by <convention>`); a convention recognised
//! but not followed is a warning that says why. Offset or page-number
//! parameters alone are never enough: such a list stays one page unless
//! declared, and the note says so.

mod azure;
mod declared;
mod link_header;
mod next_link;
mod tokens;

use serde_json::Value;

use super::schemas::Schemas;
use super::{Body, BodyEncoding, Outcome, PageCount, PageStyle, Pagination, Param, ParamLocation, ResponseBody, ResponseHeader, Type, TypeKind};
use crate::error::{Problems, unescape_pointer_token};

/// The vendor extension by which an operation declares how it pages.
pub(super) const EXTENSION: &str = "x-custgen-pagination";

/// What a convention looks at: one operation with one JSON success.
pub(super) struct Context<'a, 's> {
    /// The operation's vendor extensions (`x-ms-pageable`, …).
    pub extensions: &'a indexmap::IndexMap<String, Value>,
    /// Its parameters.
    pub params: &'a [Param],
    /// Its JSON request body, when it has one.
    pub request: Option<&'a Type>,
    /// The success response's body type.
    pub body: &'a Type,
    /// The success response's declared headers.
    pub headers: &'a [ResponseHeader],
    /// Every named type, to look inside the body.
    pub schemas: &'a Schemas<'s>,
}

impl Context<'_, '_> {
    /// The query parameter named `name`, exactly.
    pub fn query(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|param| param.location == ParamLocation::Query && param.wire_name == name)
    }

    /// The type at `pointer` in the response body.
    pub fn field(&self, pointer: &str) -> Option<Type> {
        at_pointer(self.body, pointer, self.schemas)
    }

    /// Whether the JSON request body is an object with property `name`.
    pub fn request_property(&self, name: &str) -> bool {
        self.request.is_some_and(|request| at_pointer(request, &format!("/{name}"), self.schemas).is_some())
    }

    /// The body's array of items: the body itself, or its only array
    /// property, or among several the one named as lists name their items
    /// (`items`, `data`, …), or the only one not named as a side list
    /// (`unreachable`, `warnings`, …); `(pointer, item type)`.
    pub fn items(&self) -> Option<(String, Type)> {
        if let Some(Type::Vec(item)) = resolve(self.body, self.schemas) {
            return Some((String::new(), *item));
        }
        let arrays: Vec<(String, Type)> = self
            .properties()?
            .into_iter()
            .filter_map(|(name, ty)| match resolve(&ty, self.schemas)? {
                Type::Vec(item) => Some((name, *item)),
                _ => None,
            })
            .collect();
        let pointer = |(name, item): &(String, Type)| (format!("/{}", crate::error::escape_pointer_token(name)), item.clone());
        if let [only] = arrays.as_slice() {
            return Some(pointer(only));
        }
        if let Some(named) = ITEM_NAMES.iter().find_map(|name| arrays.iter().find(|(array, _)| array == name)) {
            return Some(pointer(named));
        }
        let mut main = arrays.iter().filter(|(name, _)| !SIDE_LISTS.contains(&name.as_str()));
        let only = main.next()?;
        main.next().is_none().then(|| pointer(only))
    }

    /// The array at `pointer`, as `(pointer, item type)`.
    pub fn items_at(&self, pointer: &str) -> Option<(String, Type)> {
        match self.field(pointer)? {
            Type::Vec(item) => Some((pointer.to_owned(), *item)),
            _ => None,
        }
    }

    /// The body's top-level properties and their types, when it is an object.
    pub fn properties(&self) -> Option<Vec<(String, Type)>> {
        let Type::Named(name) = resolve(self.body, self.schemas)? else { return None };
        let TypeKind::Struct(fields) = &self.schemas.defined(&name)?.kind else { return None };
        Some(fields.iter().map(|field| (field.wire_name.clone(), field.ty.clone())).collect())
    }
}

/// Names lists give their items, most telling first.
const ITEM_NAMES: &[&str] = &["items", "data", "value", "results", "entries", "elements", "records", "resources"];

/// Names of arrays that stand beside a list's items, never being them.
const SIDE_LISTS: &[&str] = &["unreachable", "warnings", "warning", "errors", "failures", "messages", "links"];

/// What a convention found.
pub(super) struct Found {
    /// How the next page is asked for.
    pub style: PageStyle,
    /// JSON pointer of the items array (empty: the body is the array).
    pub items: String,
    /// The type of one item.
    pub item: Type,
}

/// A convention: `None` when the operation does not follow it; `Some(Err)`
/// when it does but cannot be streamed, with the reason.
pub(super) type Infer = fn(&Context<'_, '_>) -> Option<Result<Found, String>>;

/// One way documents say how a list pages, tried in this order.
pub(super) struct Convention {
    /// Its name in notes and docs.
    pub name: &'static str,
    /// The test.
    pub infer: Infer,
}

/// Every convention, the declared ones first.
const CONVENTIONS: &[Convention] = &[
    azure::PAGEABLE,
    link_header::LINK_HEADER,
    tokens::AWS,
    tokens::GOOGLE,
    tokens::PAIRS,
    next_link::NEXT_LINK,
];

/// Names of query parameters that page by position, which alone are not
/// enough to stream.
const POSITION_PARAMS: &[&str] = &["offset", "page", "skip", "start", "page_number", "pageNumber", "$skip"];

/// How the operation at `pointer` pages: its declaration, or the first
/// convention it follows, or nothing.
#[allow(clippy::too_many_arguments)]
pub(super) fn pagination(
    extensions: &indexmap::IndexMap<String, Value>,
    pointer: &str,
    params: &[Param],
    bodies: &[Body],
    successes: &[Outcome],
    schemas: &Schemas<'_>,
    problems: &mut Problems<'_>,
) -> Option<Pagination> {
    match extensions.get(EXTENSION) {
        Some(Value::Bool(false)) => return None,
        Some(declaration) => {
            let at = format!("{pointer}/{EXTENSION}");
            return declared::declared(declaration, &at, params, successes, schemas, problems);
        }
        None => {}
    }
    // Only a single JSON success can be read as pages.
    let [Outcome { body: ResponseBody::Json { ty: body, .. }, headers, .. }] = successes else {
        if extensions.contains_key(azure::EXTENSION) {
            let message = format!(
                "pages by {}, but declares {} success responses, not one JSON body: the successes are returned as declared",
                azure::PAGEABLE.name,
                successes.len()
            );
            problems.warn(pointer, message);
        }
        return None;
    };
    let request = bodies.first().filter(|body| body.encoding == BodyEncoding::Json).map(|body| &body.ty);
    let context = Context { extensions, params, request, body, headers, schemas };
    for convention in CONVENTIONS {
        match (convention.infer)(&context) {
            None => {}
            Some(Ok(found)) => {
                problems.note(pointer, format!("pages by {} ({}); `{EXTENSION}` overrides this", convention.name, found.style));
                return Some(Pagination {
                    style: found.style,
                    items: found.items,
                    item: found.item,
                    count: PageCount::None,
                    convention: Some(convention.name.to_owned()),
                });
            }
            Some(Err(why)) => {
                problems.warn(pointer, format!("pages by {}, but {why}: the operation returns one page", convention.name));
                return None;
            }
        }
    }
    if let Some(param) = params.iter().find(|param| param.location == ParamLocation::Query && POSITION_PARAMS.contains(&param.wire_name.as_str())) {
        if context.items().is_some() {
            problems.note(
                pointer,
                format!(
                    "query parameter `{}` pages by position, which is not enough to tell where a list ends: one page is returned; declare `{EXTENSION}` to stream",
                    param.wire_name
                ),
            );
        }
    }
    None
}

/// The type at JSON pointer `pointer` inside a value of type `ty`: the
/// empty pointer is the value itself; each token names a property.
pub(super) fn at_pointer(ty: &Type, pointer: &str, schemas: &Schemas<'_>) -> Option<Type> {
    let mut ty = resolve(ty, schemas)?;
    if pointer.is_empty() {
        return Some(ty);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = unescape_pointer_token(token);
        let Type::Named(name) = &ty else { return None };
        let TypeKind::Struct(fields) = &schemas.defined(name)?.kind else { return None };
        let field = fields.iter().find(|field| field.wire_name == token)?;
        ty = resolve(&field.ty, schemas)?;
    }
    Some(ty)
}

/// `ty` with aliases, boxes and nullability seen through; `None` for an
/// alias that leads back to itself (types are made representable only
/// after operations are read, so such a cycle can still be here).
fn resolve(ty: &Type, schemas: &Schemas<'_>) -> Option<Type> {
    let mut ty = ty.clone();
    for _ in 0..MAX_ALIASES {
        ty = match ty {
            Type::Boxed(inner) | Type::Nullable(inner) => *inner,
            Type::Named(name) => match &schemas.defined(&name)?.kind {
                TypeKind::Alias(inner) => inner.clone(),
                _ => return Some(Type::Named(name)),
            },
            other => return Some(other),
        };
    }
    None
}

/// How many aliases and wrappers `resolve` sees through.
const MAX_ALIASES: usize = 32;
