//! What one operation adds to its module, written as text in
//! prettyplease's layout (see [`super::text`]): its `Client` method (in an
//! `impl` block of its own, so an operation's code sits together and a
//! spec change touches one place), the call struct with its `Operation`
//! impl and setters, and the enums and headers struct that belong to it.

use proc_macro2::Literal;

use super::gate::client_only;
use super::docs::{doc_lines, prose};
use super::text::{Item, Text, flat_struct_literal, string_literal};
use super::types::type_text;
use crate::ir::{
    Api, BodyEncoding, Field, Gate, Operation, Outcome, PageCount, PageStyle, Pagination, Param, ParamLocation, ParamStyle,
    PathPart, ResponseBody, StatusMatch, Type, TypeKind,
};

/// The operation's items, in order.
pub(crate) fn operation(api: &Api, operation: &Operation) -> Vec<Item> {
    let mut items = vec![client_only(method(api, operation)), call_struct(operation)];
    items.extend(call_constructor(operation));
    items.push(operation_impl(api, operation));
    items.extend(setters(operation).map(client_only));
    // The enums and headers belong to the operation, not to one of its
    // media-type methods: only the first method emits them.
    if operation.primary {
        if let Some(name) = &operation.success_enum {
            items.push(outcome_enum(name, operation, &operation.successes, "success"));
        }
        if let Some(name) = &operation.error_enum {
            items.push(outcome_enum(name, operation, &operation.errors, "declared error"));
        }
        items.extend(headers_struct(operation));
    }
    items
}

/// A value a call owns: a required parameter or the body. Optional
/// parameters are held as `Option`s, set by setters on the call.
struct CallField {
    name: String,
    /// The type the call holds.
    ty: String,
    /// The type a method or setter takes, and how it becomes `ty`.
    arg: Arg,
    docs: Vec<String>,
}

fn call_fields(operation: &Operation) -> Vec<CallField> {
    let params = operation.params.iter().filter(|param| param.required).map(|param| CallField {
        name: param.name.clone(),
        ty: type_text(&param.ty),
        arg: Arg::of(&param.ty),
        docs: param_docs(param),
    });
    let body = operation.body.as_ref().map(|body| CallField {
        name: "body".to_owned(),
        ty: type_text(&body.ty),
        arg: Arg::of(&body.ty),
        docs: doc_lines(&[Some(&format!("The request body, sent as `{}`.", body.content_type))]),
    });
    params.chain(body).collect()
}

/// A parameter's field docs: the first line of its description, or where it goes.
fn param_docs(param: &Param) -> Vec<String> {
    let fallback = format!("The {} parameter `{}`.", param.location.as_str(), param.wire_name);
    let first_line = prose(param.docs.as_deref()).map(|text| text.lines().next().unwrap_or_default().to_owned());
    doc_lines(&[first_line.as_deref().or(Some(&fallback))])
}

/// The optional parameters, each a field of the call struct and a setter.
fn optional_params(operation: &Operation) -> impl Iterator<Item = &Param> {
    operation.params.iter().filter(|param| !param.required)
}

/// How a method or setter takes a value: text and bytes as anything that
/// converts (`&str`, `String`, `Vec<u8>`, …), everything else as it is.
struct Arg {
    ty: String,
    converts: bool,
}

impl Arg {
    fn of(ty: &Type) -> Self {
        match ty {
            Type::String => Arg { ty: "impl Into<String>".to_owned(), converts: true },
            Type::Bytes => Arg { ty: "impl Into<::bytes::Bytes>".to_owned(), converts: true },
            _ => Arg { ty: type_text(ty), converts: false },
        }
    }

    /// The expression that turns the argument `name` into the held value.
    fn value(&self, name: &str) -> String {
        if self.converts { format!("{name}.into()") } else { name.to_owned() }
    }

    /// The field `name` initialised from the argument of the same name.
    fn init(&self, name: &str) -> String {
        if self.converts { format!("{name}: {name}.into()") } else { name.to_owned() }
    }
}

/// `head(a, b, Name { … })` followed by `end`: flat when it fits, else one
/// argument per line. The struct literal comes last; when it is wider than
/// prettyplease keeps one, it breaks, and so does the call.
fn call_with_literal(text: &mut Text, head: &str, args: &[String], name: &str, fields: &[String], end: &str) {
    let literal = flat_struct_literal(name, fields);
    let mut all: Vec<String> = args.to_vec();
    if let Some(flat) = &literal {
        all.push(flat.clone());
        let line = format!("{head}({}){end}", all.join(", "));
        if text.fits(&line) {
            text.line(&line);
            return;
        }
    }
    text.open(&format!("{head}("));
    for arg in &all {
        text.line(&format!("{arg},"));
    }
    if literal.is_none() {
        text.struct_literal("", name, fields, ",");
    }
    text.close(&format!("){end}"));
}

fn method(api: &Api, operation: &Operation) -> Item {
    let call_name = &operation.struct_name;
    let sections = super::reference::sections(api, operation);
    let example = format!("```no_run\n{}\n```", super::example::example(api, operation));
    let mut paragraphs: Vec<Option<String>> = vec![
        prose(operation.summary.as_deref()),
        prose(operation.description.as_deref()),
        Some(format!("`{} {}`", operation.method.as_str(), operation.path)),
    ];
    if let Gate::Any(features) = &operation.gate {
        let list: Vec<String> = features.iter().map(|feature| format!("`{feature}`")).collect();
        paragraphs.push(Some(format!("Compiled with the cargo feature {}.", list.join(" or "))));
    }
    paragraphs.extend(sections.into_iter().map(Some));
    paragraphs.push(Some(format!("# Example\n\n{example}")));
    let paragraphs: Vec<Option<&str>> = paragraphs.iter().map(Option::as_deref).collect();
    let fields = call_fields(operation);
    let mut params = vec!["&self".to_owned()];
    params.extend(fields.iter().map(|field| format!("{}: {}", field.name, field.arg.ty)));
    let mut values: Vec<String> = fields.iter().map(|field| field.arg.init(&field.name)).collect();
    values.extend(optional_params(operation).map(|param| format!("{}: None", param.name)));
    let mut text = Text::default();
    text.open("impl Client {").docs(&doc_lines(&paragraphs));
    if operation.deprecated {
        text.line("#[deprecated]");
    }
    if fields.len() > 6 {
        text.line("#[allow(clippy::too_many_arguments)]");
    }
    text.open_fn(&format!("pub fn {}", operation.name), &params, &format!(" -> crate::Call<{call_name}> {{"));
    call_with_literal(&mut text, "crate::Call::new", &["self.core.clone()".to_owned()], call_name, &values, "");
    text.close("}").close("}");
    text.finish()
}

/// The call struct. Fields are readable (a test double matches on them)
/// but the struct is non-exhaustive: only the client makes one, so a new
/// optional parameter is a new field no caller has spelled out.
fn call_struct(operation: &Operation) -> Item {
    let docs = format!(
        " One call of [`Client::{}`]: `{} {}`. Its optional parameters are setters on \
         [`crate::Call`]`<{}>`. Public so that any HTTP stack can drive it: make one with `new` \
         (or `default()`), then [`crate::runtime::Operation::request`] builds the request and \
         [`crate::runtime::Operation::parse`] reads the response.",
        operation.name,
        operation.method.as_str(),
        operation.path,
        operation.struct_name,
    );
    let fields = call_fields(operation);
    let derives = if fields.is_empty() { "#[derive(Debug, Clone, Default)]" } else { "#[derive(Debug, Clone)]" };
    let mut text = Text::default();
    text.docs(&doc_lines(&[Some(docs.trim_start())])).line(derives).line("#[non_exhaustive]");
    let optional: Vec<&Param> = optional_params(operation).collect();
    if fields.is_empty() && optional.is_empty() {
        text.unbreakable(&format!("pub struct {} {{}}", operation.struct_name));
        return text.finish();
    }
    text.open_unbreakable(&format!("pub struct {} {{", operation.struct_name));
    for field in &fields {
        text.docs(&field.docs).typed(&format!("pub {}: ", field.name), &field.ty, ",");
    }
    for param in optional {
        text.docs(&param_docs(param)).typed(&format!("pub {}: ", param.name), &format!("Option<{}>", type_text(&param.ty)), ",");
    }
    text.close("}");
    text.finish()
}

/// `new` on the call struct, for the crates that drive an operation with
/// an HTTP stack of their own (the struct is non-exhaustive): the required
/// parameters and the body, taken as the client's method takes them; the
/// optional parameters are `None` until their fields are set. A call with
/// nothing required is `Default` instead.
fn call_constructor(operation: &Operation) -> Option<Item> {
    let fields = call_fields(operation);
    if fields.is_empty() {
        return None;
    }
    let args: Vec<String> = fields.iter().map(|field| format!("{}: {}", field.name, field.arg.ty)).collect();
    let mut values: Vec<String> = fields.iter().map(|field| field.arg.init(&field.name)).collect();
    values.extend(optional_params(operation).map(|param| format!("{}: None", param.name)));
    let mut text = Text::default();
    text.open_unbreakable(&format!("impl {} {{", operation.struct_name)).docs(&doc_lines(&[Some(
        "The call with its required parameters set and every optional one left out.",
    )]));
    if fields.len() > 6 {
        text.line("#[allow(clippy::too_many_arguments)]");
    }
    text.open_fn("pub fn new", &args, " -> Self {").struct_literal("", "Self", &values, "").close("}").close("}");
    Some(text.finish())
}

fn operation_impl(api: &Api, operation: &Operation) -> Item {
    let output = output_type(operation);
    let error = operation.error_enum.clone().unwrap_or_else(|| "::std::convert::Infallible".to_owned());
    let headers = operation.headers_struct.clone().unwrap_or_else(|| "()".to_owned());
    let idempotency_key = match &operation.idempotency_key {
        Some(name) => format!("Some({})", string_literal(name)),
        None => "None".to_owned(),
    };
    let mut text = Text::default();
    text.open_impl("impl crate::runtime::Operation", &operation.struct_name)
        .line(&format!("type Output = {output};"))
        .line(&format!("type Error = {error};"))
        .line(&format!("type Headers = {headers};"));
    let method = format!("::http::Method::{}", operation.method.as_str());
    if operation.idempotency_key.is_none() && operation.pagination.is_none() {
        let arguments = [string_literal(&operation.id), method, string_literal(&operation.path)];
        text.call_arguments("const INFO: __rt::Info = __rt::info", &arguments, ";");
    } else {
        text.open("const INFO: __rt::Info = __rt::Info {")
            .unbreakable(&format!("id: {},", string_literal(&operation.id)))
            .line(&format!("method: {method},"))
            .unbreakable(&format!("path: {},", string_literal(&operation.path)))
            .line(&format!("idempotency_key: {idempotency_key},"))
            .line(&format!("paging: {},", paging(operation.pagination.as_ref())))
            .close("};");
    }
    text.open("fn build<'c>(&self, request: __rt::RequestBuilder<'c>) -> __rt::RequestBuilder<'c> {");
    let chain = build_chain(api, operation);
    let flat = format!("request{}", chain.concat());
    if text.fits(&flat) {
        text.line(&flat);
    } else {
        text.line("request").indent();
        for call in &chain {
            text.line(call);
        }
        text.dedent();
    }
    text.close("}")
        .open("fn parse(response: ::http::Response<::bytes::Bytes>) -> __rt::Parsed<Self> {")
        .line("let answer = __rt::Answer::new(response);")
        .open("match answer.status().as_u16() {");
    for (pattern, body) in parse_arms(operation) {
        match body {
            ArmBody::Expression(body) => text.arm(&pattern, &body),
            ArmBody::Declared { method, variant } => text.arm_nested_call(&pattern, "Err", "answer", method, &variant),
        };
    }
    text.close("}").close("}").close("}");
    text.finish()
}

/// The struct of the headers an operation's successes declare, and how it
/// is read.
fn headers_struct(operation: &Operation) -> Vec<Item> {
    let Some(name) = &operation.headers_struct else { return Vec::new() };
    let docs = format!(
        "The headers the success responses of [`Client::{}`] declare, read as their types: \
         `.with_response()` on the call, then [`crate::Response::declared_headers`]. \
         Non-exhaustive: a header the spec adds later is a new field.",
        operation.name
    );
    let mut text = Text::default();
    text.docs(&doc_lines(&[Some(&docs)]))
        .line("#[derive(Debug, Clone, PartialEq)]")
        .line("#[non_exhaustive]")
        .open_unbreakable(&format!("pub struct {name} {{"));
    for header in &operation.response_headers {
        let ty = type_text(&header.ty);
        let ty = if header.required { ty } else { format!("Option<{ty}>") };
        let wire = format!("`{}`{}.", header.wire_name, if header.required { "" } else { ", when the response has it" });
        text.docs(&doc_lines(&[prose(header.docs.as_deref()).as_deref(), Some(&wire)]))
            .typed(&format!("pub {}: ", header.name), &ty, ",");
    }
    text.close("}");
    let reads: Vec<String> = operation
        .response_headers
        .iter()
        .map(|header| {
            let wire = string_literal(&header.wire_name.to_ascii_lowercase());
            let read = match (&header.ty, header.required) {
                (Type::Vec(_), true) => format!("headers.list({wire})?.unwrap_or_default()"),
                (Type::Vec(_), false) => format!("headers.list({wire})?"),
                (_, true) => format!("headers.required({wire})?"),
                (_, false) => format!("headers.optional({wire})?"),
            };
            format!("{}: {read}", header.name)
        })
        .collect();
    let mut read = Text::default();
    read.open_impl("impl __rt::FromHeaders", name)
        .open("fn from_headers(")
        .line("headers: &__rt::HeaderReader<'_>,")
        .close(") -> Result<Self, crate::DecodeError> {")
        .indent()
        .struct_literal("Ok(", "Self", &reads, ")")
        .close("}")
        .close("}");
    vec![text.finish(), read.finish()]
}

/// One setter on the call per optional parameter; adding a parameter to
/// the spec adds a setter and breaks no caller.
fn setters(operation: &Operation) -> Option<Item> {
    let optional: Vec<&Param> = optional_params(operation).collect();
    if optional.is_empty() {
        return None;
    }
    let mut text = Text::default();
    text.open(&format!("impl crate::Call<{}> {{", operation.struct_name));
    for param in optional {
        let arg = Arg::of(&param.ty);
        let location = param.location.as_str();
        let docs = match prose(param.docs.as_deref()) {
            Some(docs) => {
                let wire = format!("Sent as {location} parameter `{}`; left out unless set.", param.wire_name);
                doc_lines(&[Some(&docs), Some(&wire)])
            }
            None => doc_lines(&[Some(&format!("Sets the {location} parameter `{}`; left out unless set.", param.wire_name))]),
        };
        text.docs(&docs);
        text.open_fn(&format!("pub fn {}", param.name), &["self".to_owned(), format!("value: {}", arg.ty)], " -> Self {");
        let assignment = format!("o.{} = Some({})", param.name, arg.value("value"));
        let flat = format!("self.with_operation(|o| {assignment})");
        if text.fits(&flat) {
            text.line(&flat);
        } else {
            // prettyplease gives a closure too wide for the line a block.
            text.open("self.with_operation(|o| {").line(&format!("{assignment};")).close("})");
        }
        text.close("}");
    }
    text.close("}");
    Some(text.finish())
}

/// The runtime value of a declared pagination.
fn paging(pagination: Option<&Pagination>) -> String {
    let Some(Pagination { style, items, count, .. }) = pagination else { return "None".to_owned() };
    let style = match style {
        PageStyle::Link => "crate::runtime::PageStyle::Link".to_owned(),
        PageStyle::Single => "crate::runtime::PageStyle::Single".to_owned(),
        PageStyle::CursorWhile { param, field, more } => format!(
            "crate::runtime::PageStyle::CursorWhile {{ param: {}, field: {}, more: {} }}",
            string_literal(param),
            string_literal(field),
            string_literal(more)
        ),
        PageStyle::AfterLast { param, item_field, more } => format!(
            "crate::runtime::PageStyle::AfterLast {{ param: {}, item_field: {}, more: {} }}",
            string_literal(param),
            string_literal(item_field),
            string_literal(more)
        ),
        PageStyle::NextLink { field } => format!("crate::runtime::PageStyle::NextLink {{ field: {} }}", string_literal(field)),
        PageStyle::BodyCursor { property, field } => format!(
            "crate::runtime::PageStyle::BodyCursor {{ property: {}, field: {} }}",
            string_literal(property),
            string_literal(field)
        ),
        PageStyle::Cursor { param, field } => format!(
            "crate::runtime::PageStyle::Cursor {{ param: {}, field: {} }}",
            string_literal(param),
            string_literal(field)
        ),
        PageStyle::Offset { param } => format!("crate::runtime::PageStyle::Offset {{ param: {} }}", string_literal(param)),
        PageStyle::Number { param } => format!("crate::runtime::PageStyle::Number {{ param: {} }}", string_literal(param)),
    };
    let count = match count {
        PageCount::None => "crate::runtime::PageCount::None".to_owned(),
        PageCount::Header(name) => format!("crate::runtime::PageCount::Header({})", string_literal(&name.to_ascii_lowercase())),
        PageCount::Field(pointer) => format!("crate::runtime::PageCount::Field({})", string_literal(pointer)),
    };
    format!("Some(crate::runtime::Paging {{ style: {style}, items: {}, count: {count} }})", string_literal(items))
}

/// The runtime value of a declared parameter style.
fn style(style: ParamStyle) -> String {
    match style {
        ParamStyle::Form { explode } => format!("__rt::ParamStyle::form({explode})"),
        ParamStyle::SpaceDelimited => "__rt::ParamStyle::SpaceDelimited".to_owned(),
        ParamStyle::PipeDelimited => "__rt::ParamStyle::PipeDelimited".to_owned(),
        ParamStyle::DeepObject => "__rt::ParamStyle::DeepObject".to_owned(),
        ParamStyle::Simple { explode } => format!("__rt::ParamStyle::simple({explode})"),
        ParamStyle::Label { explode } => format!("__rt::ParamStyle::label({explode})"),
        ParamStyle::Matrix { explode } => format!("__rt::ParamStyle::matrix({explode})"),
    }
}

/// The method calls that describe the request, each `.name(args)`.
fn build_chain(api: &Api, operation: &Operation) -> Vec<String> {
    let mut chain = Vec::new();
    for part in &operation.path_parts {
        chain.push(match part {
            PathPart::Literal(text) => format!(".path({})", string_literal(text)),
            PathPart::Param(name) => {
                let param = operation.params.iter().find(|param| &param.name == name);
                match param.and_then(|param| Some((param.style?, &param.wire_name))) {
                    Some((param_style, wire)) => {
                        format!(".path_param_styled({}, &self.{name}, {})", string_literal(wire), style(param_style))
                    }
                    None => format!(".path_param(&self.{name})"),
                }
            }
        });
    }
    for param in operation.params.iter().filter(|param| param.location != ParamLocation::Path) {
        let wire = string_literal(&param.wire_name);
        let name = &param.name;
        chain.push(match (param.location, param.style) {
            (ParamLocation::Query, Some(param_style)) => format!(".query_styled({wire}, &self.{name}, {})", style(param_style)),
            (ParamLocation::Query, None) => format!(".query({wire}, &self.{name})"),
            (ParamLocation::Header, _) => format!(".header({wire}, &self.{name})"),
            (ParamLocation::Cookie, _) => format!(".cookie({wire}, &self.{name})"),
            (ParamLocation::Path, _) => continue,
        });
    }
    if let Some(index) = operation.auth {
        let scheme = &api.auth_schemes[index].const_name;
        chain.push(if operation.auth_optional { format!(".optional_auth(&{scheme})") } else { format!(".auth(&{scheme})") });
    }
    if let Some(body) = &operation.body {
        chain.push(match body.encoding {
            BodyEncoding::Json => ".json(&self.body)".to_owned(),
            BodyEncoding::Form => {
                let not_blank: Vec<String> = body_fields(api, &body.ty)
                    .iter()
                    .filter(|field| field.nullable && !blank_is_a_value(&field.ty))
                    .map(|field| string_literal(&field.wire_name))
                    .collect();
                format!(".form(&self.body, &[{}])", not_blank.join(", "))
            }
            BodyEncoding::Multipart => multipart_parts(api, &body.ty),
            BodyEncoding::Text => format!(".raw({}, self.body.as_bytes())", string_literal(&body.content_type)),
            BodyEncoding::Binary => format!(".raw({}, &self.body)", string_literal(&body.content_type)),
        });
    }
    if let Some(media) = accept_type(operation) {
        chain.push(format!(".accept({})", string_literal(media)));
    }
    chain
}

/// The fields of a body type that is an object.
fn body_fields<'a>(api: &'a Api, ty: &Type) -> &'a [Field] {
    let fields = match ty {
        Type::Named(name) => api.types.iter().find(|def| &def.name == name).and_then(|def| match &def.kind {
            TypeKind::Struct(fields) => Some(fields.as_slice()),
            _ => None,
        }),
        _ => None,
    };
    fields.unwrap_or_default()
}

/// Forms and multipart have no `null`: a null field is sent as an empty
/// value, which servers read as null and a validator accepts only where the
/// empty text is itself a value of the field's type (a plain string, a
/// file). For other types (a UUID, a number, an enum) `Null` is refused
/// before sending, naming the JSON variant of the call.
fn blank_is_a_value(ty: &Type) -> bool {
    matches!(ty, Type::String | Type::File)
}

/// One part per property; the method follows the field's presence rules
/// so an unset field is left out and a null one is sent empty (or refused,
/// see [`blank_is_a_value`]).
fn multipart_parts(api: &Api, ty: &Type) -> String {
    let parts: String = body_fields(api, ty)
        .iter()
        .map(|field| {
            let file = field.ty == Type::File;
            let method = match (field.required, field.nullable, file) {
                (true, _, false) => "text",
                (false, false, false) => "optional_text",
                (false, true, false) if blank_is_a_value(&field.ty) => "nullable_text",
                (false, true, false) => "nullable_text_not_blank",
                (true, false, true) => "file",
                (true, true, true) | (false, false, true) => "optional_file",
                (false, true, true) => "nullable_file",
            };
            format!(".{method}({}, &self.body.{})", string_literal(&field.wire_name), field.name)
        })
        .collect();
    format!(".multipart(|parts| parts{parts})")
}

/// The media type to ask for: the first a success declares, else the first
/// an error declares.
fn accept_type(operation: &Operation) -> Option<&str> {
    operation.successes.iter().chain(&operation.errors).find_map(|outcome| match &outcome.body {
        ResponseBody::Json { content_type, .. } | ResponseBody::Raw { content_type } => Some(content_type.as_str()),
        ResponseBody::Empty => None,
    })
}

/// What a successful call returns.
fn output_type(operation: &Operation) -> String {
    if let Some(pagination) = &operation.pagination {
        return format!("crate::Page<{}>", type_text(&pagination.item));
    }
    match (&operation.success_enum, operation.successes.as_slice()) {
        (Some(name), _) => name.clone(),
        (None, [only]) => match &only.body {
            ResponseBody::Empty => "()".to_owned(),
            ResponseBody::Json { ty, .. } => type_text(ty),
            ResponseBody::Raw { .. } => "::bytes::Bytes".to_owned(),
        },
        (None, _) => "::bytes::Bytes".to_owned(),
    }
}

/// The body of a `parse` arm: an expression, or a declared error, which
/// has a layout of its own when it is too wide for one line.
enum ArmBody {
    Expression(String),
    /// `Err(answer.{method}({variant}))`.
    Declared { method: &'static str, variant: String },
}

/// The `match` arms of `parse`: exact codes first, then ranges, then the
/// rest (the `default` error, or an undeclared status).
fn parse_arms(operation: &Operation) -> Vec<(String, ArmBody)> {
    let mut exact = Vec::new();
    let mut ranges = Vec::new();
    let mut rest = None;
    let mut place = |status: StatusMatch, body: ArmBody| match status {
        StatusMatch::Code(code) => exact.push((Literal::u16_unsuffixed(code).to_string(), body)),
        StatusMatch::Range(class) => ranges.push((format!("{}..={}", class * 100, class * 100 + 99), body)),
        StatusMatch::Default => rest = Some(("_".to_owned(), body)),
    };
    match (&operation.success_enum, operation.successes.as_slice()) {
        (Some(name), successes) => {
            for outcome in successes {
                let variant = &outcome.variant;
                let body = match &outcome.body {
                    ResponseBody::Empty => format!("answer.empty().map(|response| response.map(|()| {name}::{variant}))"),
                    ResponseBody::Json { .. } => format!("answer.json().map(|response| response.map({name}::{variant}))"),
                    ResponseBody::Raw { .. } => format!("answer.raw().map(|response| response.map({name}::{variant}))"),
                };
                place(outcome.status, ArmBody::Expression(body));
            }
        }
        // One success: any 2xx is it, so a server answering 201 for a
        // declared 200 still works.
        (None, [_]) if operation.pagination.is_some() => place(StatusMatch::Range(2), ArmBody::Expression("answer.page(&Self::INFO)".to_owned())),
        (None, [only]) => place(StatusMatch::Range(2), ArmBody::Expression(success_call(&only.body).to_owned())),
        (None, _) => place(StatusMatch::Range(2), ArmBody::Expression("answer.raw()".to_owned())),
    }
    if let Some(name) = &operation.error_enum {
        for outcome in &operation.errors {
            let variant = &outcome.variant;
            let method = match &outcome.body {
                ResponseBody::Json { .. } => "declared",
                ResponseBody::Empty | ResponseBody::Raw { .. } => "declared_empty",
            };
            place(outcome.status, ArmBody::Declared { method, variant: format!("{name}::{variant}") });
        }
    }
    let rest = rest.unwrap_or_else(|| ("_".to_owned(), ArmBody::Expression("Err(answer.undeclared())".to_owned())));
    exact.into_iter().chain(ranges).chain([rest]).collect()
}

fn success_call(body: &ResponseBody) -> &'static str {
    match body {
        ResponseBody::Empty => "answer.empty()",
        ResponseBody::Json { .. } => "answer.json()",
        ResponseBody::Raw { .. } => "answer.raw()",
    }
}

/// The enum of an operation's successes or declared errors.
fn outcome_enum(name: &str, operation: &Operation, outcomes: &[Outcome], what: &str) -> Item {
    let docs = format!(
        "The {what} responses of [`Client::{}`]. Non-exhaustive: a response the spec adds later is a new variant.",
        operation.name
    );
    let mut text = Text::default();
    text.docs(&doc_lines(&[Some(&docs)]))
        .line("#[derive(Debug, Clone, PartialEq)]")
        .line("#[allow(clippy::large_enum_variant)]")
        .line("#[non_exhaustive]")
        .open_unbreakable(&format!("pub enum {name} {{"));
    for outcome in outcomes {
        let status = match outcome.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::Range(class) => format!("`{class}XX`"),
            StatusMatch::Default => "Any other status (`default`)".to_owned(),
        };
        text.docs(&doc_lines(&[Some(&status), prose(outcome.description.as_deref()).as_deref()]));
        let variant = &outcome.variant;
        match &outcome.body {
            ResponseBody::Json { ty, .. } => text.line(&format!("{variant}({}),", type_text(ty))),
            ResponseBody::Raw { .. } if what == "success" => text.line(&format!("{variant}(::bytes::Bytes),")),
            _ => text.unbreakable(&format!("{variant},")),
        };
    }
    text.close("}");
    text.finish()
}
