//! Operations compared by what they are on the wire: an operation is its
//! method and path (path parameters' names aside), whatever its
//! `operationId`; the same `operationId` under another method or path is a
//! move. The methods generated for one operation (one per request media
//! type) are compared with each other inside it, so a body that appears,
//! disappears or changes encoding is reported as such, not as an operation
//! removed and another added.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::{Changes, Kind};
use crate::error::escape_pointer_token;
use crate::ir::{Api, Operation, Outcome, Param, ResponseBody, ResponseHeader, Type};

/// The methods of one operation, the primary one (JSON, or the only one) first.
type Endpoint<'a> = Vec<&'a Operation>;

/// An operation's identity: its method and its path with every parameter
/// written `{}`, so renaming a path parameter keeps the operation.
fn endpoint_key(operation: &Operation) -> (String, String) {
    let mut path = String::with_capacity(operation.path.len());
    let mut in_param = false;
    for ch in operation.path.chars() {
        match ch {
            '{' => {
                in_param = true;
                path.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => path.push(ch),
        }
    }
    (operation.method.as_str().to_owned(), path)
}

fn endpoints(api: &Api) -> IndexMap<(String, String), Endpoint<'_>> {
    let mut map: IndexMap<(String, String), Endpoint<'_>> = IndexMap::new();
    for operation in &api.operations {
        map.entry(endpoint_key(operation)).or_default().push(operation);
    }
    for methods in map.values_mut() {
        methods.sort_by_key(|operation| !operation.primary);
    }
    map
}

impl Changes {
    pub(super) fn operations(&mut self, old: &Api, new: &Api) {
        let old_endpoints = endpoints(old);
        let new_endpoints = endpoints(new);
        let primary_id = |endpoint: &Endpoint<'_>| endpoint.first().map(|operation| operation.id.clone());
        // Endpoints on one side only; one of each with the same
        // `operationId` is a move.
        let gone: Vec<&Endpoint<'_>> =
            old_endpoints.iter().filter(|(key, _)| !new_endpoints.contains_key(*key)).map(|(_, endpoint)| endpoint).collect();
        let arrived: Vec<&Endpoint<'_>> =
            new_endpoints.iter().filter(|(key, _)| !old_endpoints.contains_key(*key)).map(|(_, endpoint)| endpoint).collect();
        let moved_to = |endpoint: &Endpoint<'_>| {
            let id = primary_id(endpoint);
            arrived.iter().copied().find(|other| primary_id(other) == id)
        };
        for endpoint in &gone {
            let Some(first) = endpoint.first() else { continue };
            if moved_to(endpoint).is_none() {
                let item = format!("{}::Client::{}", old.module, first.name);
                let description = format!("operation `{}` (`{}`) removed", method_and_path(first), first.id);
                self.add(old, Kind::OperationRemoved, &op_pointer(first), &item, description, true);
            }
        }
        for (key, endpoint) in &new_endpoints {
            let Some(first) = endpoint.first() else { continue };
            let before = match old_endpoints.get(key) {
                Some(before) => before,
                None => match gone.iter().copied().find(|other| primary_id(other) == primary_id(endpoint)) {
                    Some(before) => {
                        let was = before[0];
                        let item = format!("{}::Client::{}", new.module, first.name);
                        let description = format!("`{}` moved from `{}` to `{}`", first.id, method_and_path(was), method_and_path(first));
                        self.add(new, Kind::OperationMoved, &op_pointer(first), &item, description, true);
                        before
                    }
                    None => {
                        let item = format!("{}::Client::{}", new.module, first.name);
                        let description = format!("operation `{}` (`{}`) added", method_and_path(first), first.id);
                        self.add(new, Kind::OperationAdded, &op_pointer(first), &item, description, false);
                        continue;
                    }
                },
            };
            self.endpoint(old, new, before, endpoint);
        }
    }

    /// One operation present on both sides: its methods paired (the primary
    /// ones always, the others by body encoding), then everything the
    /// methods share compared once.
    fn endpoint(&mut self, old: &Api, new: &Api, before: &Endpoint<'_>, after: &Endpoint<'_>) {
        let (Some(old_primary), Some(new_primary)) = (before.first(), after.first()) else { return };
        let encoding = |operation: &Operation| operation.body.as_ref().map(|body| body.encoding);
        let mut pairs = vec![(*old_primary, *new_primary)];
        for extra in &after[1..] {
            match before[1..].iter().find(|old| encoding(old) == encoding(extra)) {
                Some(old) => pairs.push((*old, *extra)),
                None => {
                    let item = format!("{}::Client::{}", new.module, extra.name);
                    let description = format!("method `{}` added, sending the body as `{}`", extra.name, media(extra));
                    self.add(new, Kind::MethodAdded, &format!("{}/requestBody", op_pointer(extra)), &item, description, false);
                }
            }
        }
        for extra in before[1..].iter().filter(|old| !after[1..].iter().any(|new| encoding(new) == encoding(old))) {
            let item = format!("{}::Client::{}", old.module, extra.name);
            let description = format!("method `{}` removed: the body is no longer accepted as `{}`", extra.name, media(extra));
            self.add(old, Kind::MethodRemoved, &format!("{}/requestBody", op_pointer(extra)), &item, description, true);
        }
        for (was, now) in pairs {
            let item = format!("{}::Client::{}", new.module, now.name);
            if was.name != now.name {
                self.add(new, Kind::MethodRenamed, &op_pointer(now), &item, format!("method renamed from `{}`", was.name), true);
            }
            self.body(new, was, now, &item);
        }
        let operation = new_primary;
        let item = format!("{}::Client::{}", new.module, operation.name);
        let pointer = op_pointer(operation);
        self.params(new, old_primary, operation, &item);
        self.responses(new, old_primary, operation, &item, &pointer);
        let scheme = |api: &Api, operation: &Operation| operation.auth.map(|index| api.auth_schemes[index].name.clone());
        if scheme(old, old_primary) != scheme(new, operation) {
            let description = format!("`{}` authenticates differently", operation.id);
            self.add(new, Kind::OperationAuthChanged, &format!("{pointer}/security"), &item, description, true);
        }
        if old_primary.gate != operation.gate {
            self.gate(new, &pointer, &item, &old_primary.gate, &operation.gate);
        }
        if !old_primary.deprecated && operation.deprecated {
            self.add(new, Kind::OperationDeprecated, &pointer, &item, format!("`{}` deprecated", operation.id), false);
        }
    }

    fn params(&mut self, api: &Api, before: &Operation, after: &Operation, item: &str) {
        let find = |list: &'_ [Param], param: &Param| {
            list.iter().find(|other| other.wire_name == param.wire_name && other.location == param.location).cloned()
        };
        let place = |param: &Param| lowercase_first(&format!("{:?} parameter `{}`", param.location, param.wire_name));
        for param in &before.params {
            if find(&after.params, param).is_none() {
                let description = format!("{} removed", place(param));
                self.add(api, Kind::ParameterRemoved, &param.origin, &param_item(item, param), description, true);
            }
        }
        for param in &after.params {
            let place = place(param);
            match find(&before.params, param) {
                None if param.required => {
                    self.add(api, Kind::RequiredParameterAdded, &param.origin, item, format!("required {place} added"), true);
                }
                None => {
                    let description = format!("optional {place} added");
                    self.add(api, Kind::OptionalParameterAdded, &param.origin, &param_item(item, param), description, false);
                }
                Some(old) => {
                    if old.required != param.required {
                        let (from, to) = if param.required { ("optional", "required") } else { ("required", "optional") };
                        let description = format!("{place} changed from {from} to {to}");
                        self.add(api, Kind::ParameterRequirednessChanged, &param.origin, item, description, true);
                    }
                    if old.ty != param.ty {
                        let description = format!("{place} type changed from `{}` to `{}`", old.ty, param.ty);
                        self.add(api, Kind::ParameterTypeChanged, &param.origin, &param_item(item, param), description, true);
                    }
                }
            }
        }
    }

    /// The request body of one method: added, removed, of another type or
    /// sent as another media type.
    fn body(&mut self, api: &Api, before: &Operation, after: &Operation, item: &str) {
        let pointer = format!("{}/requestBody", op_pointer(after));
        match (&before.body, &after.body) {
            (None, Some(body)) => {
                let description = format!("request body `{}` ({}) added", body.ty, body.content_type);
                self.add(api, Kind::RequestBodyAdded, &pointer, item, description, true);
            }
            (Some(body), None) => {
                let description = format!("request body `{}` ({}) removed", body.ty, body.content_type);
                self.add(api, Kind::RequestBodyRemoved, &pointer, item, description, true);
            }
            (Some(old), Some(new)) => {
                if old.ty != new.ty {
                    let description = format!("request body type changed from `{}` to `{}`", old.ty, new.ty);
                    self.add(api, Kind::RequestBodyTypeChanged, &pointer, item, description, true);
                }
                if old.content_type != new.content_type {
                    let description = format!("request body media type changed from `{}` to `{}`", old.content_type, new.content_type);
                    self.add(api, Kind::RequestMediaTypeChanged, &pointer, item, description, true);
                }
            }
            (None, None) => {}
        }
    }

    fn responses(&mut self, api: &Api, before: &Operation, after: &Operation, item: &str, pointer: &str) {
        let outcomes = |list: &[Outcome]| -> BTreeMap<String, String> {
            list.iter().map(|outcome| (outcome.status.to_string(), response_shape(&outcome.body))).collect()
        };
        for (what, old, new) in [
            ("success response", outcomes(&before.successes), outcomes(&after.successes)),
            ("error response", outcomes(&before.errors), outcomes(&after.errors)),
        ] {
            for (code, shape) in &old {
                let at = format!("{pointer}/responses/{}", escape_pointer_token(code));
                match new.get(code) {
                    None => self.add(api, Kind::ResponseRemoved, &at, item, format!("{what} `{code}` removed"), true),
                    Some(other) if other != shape => {
                        self.add(api, Kind::ResponseChanged, &at, item, format!("{what} `{code}` changed from {shape} to {other}"), true);
                    }
                    Some(_) => {}
                }
            }
            // A new outcome is a new variant of a non-exhaustive enum when the
            // operation already had one; otherwise it changes the output or
            // error type (one success becomes an enum; `Infallible` becomes one).
            let had_enum = if what == "success response" { old.len() > 1 } else { !old.is_empty() };
            for (code, shape) in new.iter().filter(|(code, _)| !old.contains_key(*code)) {
                let at = format!("{pointer}/responses/{}", escape_pointer_token(code));
                self.add(api, Kind::ResponseAdded, &at, item, format!("{what} `{code}` ({shape}) added"), !had_enum);
            }
        }
        match (&before.pagination, &after.pagination) {
            (None, Some(_)) => self.add(api, Kind::PaginationChanged, pointer, item, "now returns a `Page`".to_owned(), true),
            (Some(_), None) => self.add(api, Kind::PaginationChanged, pointer, item, "no longer returns a `Page`".to_owned(), true),
            (Some(old), Some(new)) if old.item != new.item => {
                let description = format!("page items changed from `{}` to `{}`", old.item, new.item);
                self.add(api, Kind::PaginationChanged, pointer, item, description, true);
            }
            (Some(old), Some(new)) if old != new => {
                let description = format!("pages now follow {} instead of {}", new.style, old.style);
                self.add(api, Kind::PaginationStyleChanged, pointer, item, description, false);
            }
            _ => {}
        }
        self.response_headers(api, before, after, item, pointer);
    }

    /// Declared success headers: the `…Headers` struct is `#[non_exhaustive]`,
    /// so a new optional header is a new field no caller can have spelled out.
    fn response_headers(&mut self, api: &Api, before: &Operation, after: &Operation, item: &str, pointer: &str) {
        let find = |list: &[ResponseHeader], name: &str| list.iter().find(|header| header.wire_name.eq_ignore_ascii_case(name)).cloned();
        let field = |header: &ResponseHeader| match &after.headers_struct {
            Some(name) => format!("{}::{name}::{}", api.module, header.name),
            None => item.to_owned(),
        };
        for old in &before.response_headers {
            if find(&after.response_headers, &old.wire_name).is_none() {
                let description = format!("declared response header `{}` removed", old.wire_name);
                self.add(api, Kind::ResponseHeaderRemoved, pointer, item, description, true);
            }
        }
        for new in &after.response_headers {
            match find(&before.response_headers, &new.wire_name) {
                None => {
                    let required = if new.required { "required" } else { "optional" };
                    let description = format!("{required} response header `{}` declared", new.wire_name);
                    self.add(api, Kind::ResponseHeaderAdded, pointer, &field(new), description, false);
                }
                Some(old) if old.ty != new.ty || old.required != new.required => {
                    let shape = |header: &ResponseHeader| format!("`{}`{}", header.ty, if header.required { "" } else { ", optional" });
                    let description = format!("response header `{}` changed from {} to {}", new.wire_name, shape(&old), shape(new));
                    self.add(api, Kind::ResponseHeaderChanged, pointer, &field(new), description, true);
                }
                Some(_) => {}
            }
        }
    }
}

/// `{:?}` of a location starts with a capital; a sentence's middle does not.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// An operation as the wire sees it: `GET /customer/{id}`.
pub(crate) fn method_and_path(operation: &Operation) -> String {
    format!("{} {}", operation.method.as_str(), operation.path)
}

/// The JSON pointer of an operation: `/paths/<path>/<method>`.
pub(crate) fn op_pointer(operation: &Operation) -> String {
    format!("/paths/{}/{}", escape_pointer_token(&operation.path), operation.method.as_str().to_ascii_lowercase())
}

/// The media type a method sends its body as.
fn media(operation: &Operation) -> &str {
    operation.body.as_ref().map_or("no body", |body| body.content_type.as_str())
}

/// Where a parameter shows in the client: an argument of the method when
/// required, a setter on the call when optional.
fn param_item(item: &str, param: &Param) -> String {
    if param.required { item.to_owned() } else { format!("{item}(…).{}()", param.name) }
}

/// A response body in words, for comparing and reporting outcomes.
fn response_shape(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Empty => "no body".to_owned(),
        ResponseBody::Json { ty, .. } => format!("`{}`", Type::to_string(ty)),
        ResponseBody::Raw { content_type } => format!("raw `{content_type}`"),
    }
}
