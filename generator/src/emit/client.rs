//! The `Client` of an API module, one method per operation, and for each
//! operation the struct that describes a call of it.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::docs::{doc_attrs, prose};
use super::types::{ident, type_tokens};
use crate::ir::{Field, PageCount, PageStyle, Pagination, ParamStyle,
    Api, AuthPlacement, AuthScheme, BodyEncoding, Operation, Outcome, Param, ParamLocation,
    PathPart, ResponseBody, StatusMatch, Type, TypeKind,
};

/// The client struct and its constructors; the methods come with their
/// operations ([`operation`]).
pub(crate) fn client(api: &Api) -> TokenStream {
    let struct_docs = doc_attrs(&[
        prose(Some(&format!("Client for the {}.", api.title))).as_deref(),
        Some(
            "Each method returns a [`crate::Call`]: `.await` it for the body, or call \
             `.with_response()` for status and headers too. Cheap to clone: clones share one \
             connection pool. `Debug` never shows the credential.",
        ),
    ]);
    let schemes = api.auth_schemes.iter().map(auth_const);
    let constructors = constructors(api);
    quote! {
        #( #schemes )*

        #struct_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            core: crate::runtime::codegen::Core,
        }

        impl crate::runtime::codegen::FromCore for Client {
            fn from_core(core: crate::runtime::codegen::Core) -> Self {
                Self { core }
            }
        }

        impl Client {
            #constructors
        }
    }
}

/// Everything one operation adds: its `Client` method (in an `impl` block of
/// its own, so an operation's code sits together and a spec change touches
/// one place), the call struct with its `Operation` impl, and the enums and
/// options struct that belong to it.
pub(crate) fn operation(api: &Api, operation: &Operation) -> TokenStream {
    let method = method(api, operation);
    let items = operation_items(api, operation);
    quote! {
        impl Client {
            #method
        }

        #items
    }
}

fn auth_const(scheme: &AuthScheme) -> TokenStream {
    let name = ident(&scheme.const_name);
    let value = match &scheme.placement {
        AuthPlacement::Header { name, prefix } => {
            quote! { crate::runtime::codegen::AuthScheme::Header { name: #name, prefix: #prefix } }
        }
        AuthPlacement::Query { name } => quote! { crate::runtime::codegen::AuthScheme::Query { name: #name } },
        AuthPlacement::Cookie { name } => quote! { crate::runtime::codegen::AuthScheme::Cookie { name: #name } },
        AuthPlacement::Bearer => quote! { crate::runtime::codegen::AuthScheme::Bearer },
        AuthPlacement::Basic => quote! { crate::runtime::codegen::AuthScheme::Basic },
    };
    let docs = doc_attrs(&[Some(&format!("Security scheme `{}`.", scheme.name)), prose(scheme.docs.as_deref()).as_deref()]);
    quote! { #docs const #name: crate::runtime::codegen::AuthScheme = #value; }
}

/// `new` and `builder` take what the client cannot work without: the base
/// URL when the spec names no server, and the credential when it has a scheme.
fn constructors(api: &Api) -> TokenStream {
    let needs_credential = !api.auth_schemes.is_empty();
    let (default_const, base_url_arg, base_url_value) = match &api.default_base_url {
        Some(url) => {
            let docs = format!(" The server named in the spec: `{url}`.");
            (
                quote! { #[doc = #docs] pub const DEFAULT_BASE_URL: &'static str = #url; },
                None,
                quote! { Some(Self::DEFAULT_BASE_URL) },
            )
        }
        None => (
            quote! {},
            Some(quote! { base_url: impl Into<String>, }),
            quote! { None },
        ),
    };
    let credential_arg = needs_credential.then(|| quote! { credential: impl Into<crate::Credential>, });
    let credential_value = if needs_credential {
        quote! { Some(credential.into()) }
    } else {
        quote! { None }
    };
    let set_base_url = base_url_arg.as_ref().map(|_| quote! { .base_url(base_url) });
    let forward_base_url = base_url_arg.as_ref().map(|_| quote! { base_url, });
    let forward_credential = needs_credential.then(|| quote! { credential });
    quote! {
        #default_const

        /// A client with default settings. Fails only if the base URL is
        /// invalid or the TLS stack cannot start.
        pub fn new(#base_url_arg #credential_arg) -> Result<Self, crate::Error> {
            Self::builder(#forward_base_url #forward_credential).build()
        }

        /// Starts configuring a client: base URL, timeouts, retries, user
        /// agent, or a `reqwest::Client` of the caller's own.
        pub fn builder(#base_url_arg #credential_arg) -> crate::ClientBuilder<Self> {
            crate::ClientBuilder::new(#base_url_value, #credential_value)
                .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
                #set_base_url
        }

        /// The base URL requests go to.
        pub fn base_url(&self) -> &str {
            self.core.base_url()
        }
    }
}

/// A value a call owns: a required parameter or the body. Optional
/// parameters are held as `Option`s, set by setters on the call.
struct CallField {
    name: TokenStream,
    /// The type the call holds.
    ty: TokenStream,
    /// The type a method or setter takes, and how it becomes `ty`.
    arg: Arg,
    docs: TokenStream,
}

fn call_fields(operation: &Operation) -> Vec<CallField> {
    let params = operation.params.iter().filter(|param| param.required).map(|param| CallField {
        name: ident(&param.name).into_token_stream(),
        ty: type_tokens(&param.ty),
        arg: Arg::of(&param.ty),
        docs: param_docs(param),
    });
    let body = operation.body.as_ref().map(|body| CallField {
        name: quote! { body },
        ty: type_tokens(&body.ty),
        arg: Arg::of(&body.ty),
        docs: doc_attrs(&[Some(&format!("The request body, sent as `{}`.", body.content_type))]),
    });
    params.chain(body).collect()
}

/// A parameter's field docs: the first line of its description, or where it goes.
fn param_docs(param: &Param) -> TokenStream {
    let fallback = format!("The {} parameter `{}`.", param.location.as_str(), param.wire_name);
    let first_line = prose(param.docs.as_deref()).map(|text| text.lines().next().unwrap_or_default().to_owned());
    doc_attrs(&[first_line.as_deref().or(Some(&fallback))])
}

/// The optional parameters, each a field of the call struct and a setter.
fn optional_params(operation: &Operation) -> impl Iterator<Item = &Param> {
    operation.params.iter().filter(|param| !param.required)
}

/// How a method or setter takes a value: text and bytes as anything that
/// converts (`&str`, `String`, `Vec<u8>`, …), everything else as it is.
struct Arg {
    ty: TokenStream,
    converts: bool,
}

impl Arg {
    fn of(ty: &Type) -> Self {
        match ty {
            Type::String => Arg { ty: quote! { impl Into<String> }, converts: true },
            Type::Bytes => Arg { ty: quote! { impl Into<::bytes::Bytes> }, converts: true },
            _ => Arg { ty: type_tokens(ty), converts: false },
        }
    }

    /// The expression that turns the argument `name` into the held value.
    fn value(&self, name: &TokenStream) -> TokenStream {
        if self.converts { quote! { #name.into() } } else { quote! { #name } }
    }

    /// The field `name` initialised from the argument of the same name.
    fn init(&self, name: &TokenStream) -> TokenStream {
        if self.converts { quote! { #name: #name.into() } } else { quote! { #name } }
    }
}

fn method(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.name);
    let call = ident(&operation.struct_name);
    let sections = super::reference::sections(api, operation);
    let example = format!("```no_run\n{}\n```", super::example::example(api, operation));
    let mut paragraphs: Vec<Option<String>> = vec![
        prose(operation.summary.as_deref()),
        prose(operation.description.as_deref()),
        Some(format!("`{} {}`", operation.method.as_str(), operation.path)),
    ];
    paragraphs.extend(sections.into_iter().map(Some));
    paragraphs.push(Some(format!("# Example\n\n{example}")));
    let paragraphs: Vec<Option<&str>> = paragraphs.iter().map(Option::as_deref).collect();
    let docs = doc_attrs(&paragraphs);
    let deprecated = operation.deprecated.then(|| quote! { #[deprecated] });
    let fields = call_fields(operation);
    let args = fields.iter().map(|CallField { name, arg, .. }| {
        let ty = &arg.ty;
        quote! { #name: #ty, }
    });
    let values = fields.iter().map(|field| field.arg.init(&field.name));
    let unset = optional_params(operation).map(|param| {
        let name = ident(&param.name);
        quote! { #name: None }
    });
    let many = (fields.len() > 6).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #docs
        #deprecated
        #many
        pub fn #name(&self, #( #args )*) -> crate::Call<#call> {
            crate::Call::new(self.core.clone(), #call { #( #values, )* #( #unset, )* })
        }
    }
}

/// The call struct with its `Operation` impl and setters, and the enums
/// that belong to the operation.
fn operation_items(api: &Api, operation: &Operation) -> TokenStream {
    let call = ident(&operation.struct_name);
    let docs = format!(
        " One call of [`Client::{}`]: `{} {}`. Its optional parameters are setters on \
         [`crate::Call`]`<{}>`. Public so that the request can be built and the response \
         parsed with any HTTP stack (see [`crate::runtime::Operation`]).",
        operation.name,
        operation.method.as_str(),
        operation.path,
        operation.struct_name,
    );
    let fields = call_fields(operation);
    // Fields are readable (a test double matches on them) but the struct is
    // non-exhaustive: only the client makes one, so a new optional
    // parameter is a new field no caller has spelled out.
    let required = fields.iter().map(|CallField { name, ty, docs, .. }| quote! { #docs pub #name: #ty, });
    let optional = optional_params(operation).map(|param| {
        let name = ident(&param.name);
        let ty = type_tokens(&param.ty);
        let docs = param_docs(param);
        quote! { #docs pub #name: Option<#ty>, }
    });
    let output = output_type(operation);
    let error = match &operation.error_enum {
        Some(name) => {
            let name = ident(name);
            quote! { #name }
        }
        None => quote! { ::std::convert::Infallible },
    };
    let id = &operation.id;
    let method = ident(operation.method.as_str());
    let path = &operation.path;
    let idempotency_key = match &operation.idempotency_key {
        Some(name) => quote! { Some(#name) },
        None => quote! { None },
    };
    let paging = paging_tokens(operation.pagination.as_ref());
    let build = build_chain(api, operation);
    let arms = parse_arms(operation);
    // The enums belong to the operation, not to one of its media-type
    // methods: only the first method emits them.
    let shared = operation.primary.then_some(operation);
    let enums = [
        shared.and_then(|op| op.success_enum.as_ref().map(|name| outcome_enum(name, op, &op.successes, "success"))),
        shared.and_then(|op| op.error_enum.as_ref().map(|name| outcome_enum(name, op, &op.errors, "declared error"))),
    ];
    let setters = setters(operation);
    let headers_type = match &operation.headers_struct {
        Some(name) => {
            let name = ident(name);
            quote! { #name }
        }
        None => quote! { () },
    };
    let headers_struct = shared.and_then(headers_struct);
    quote! {
        #[doc = #docs]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct #call {
            #( #required )*
            #( #optional )*
        }

        impl crate::runtime::Operation for #call {
            type Output = #output;
            type Error = #error;
            type Headers = #headers_type;
            const INFO: crate::runtime::OperationInfo = crate::runtime::OperationInfo {
                id: #id,
                method: ::http::Method::#method,
                path: #path,
                idempotency_key: #idempotency_key,
                paging: #paging,
            };

            fn build<'c>(&self, request: crate::runtime::codegen::RequestBuilder<'c>) -> crate::runtime::codegen::RequestBuilder<'c> {
                request #build
            }

            fn parse(
                response: ::http::Response<::bytes::Bytes>,
            ) -> Result<crate::Response<Self::Output>, crate::Error<Self::Error>> {
                let answer = crate::runtime::codegen::Answer::new(response);
                match answer.status().as_u16() {
                    #( #arms )*
                }
            }
        }

        #setters
        #( #enums )*
        #headers_struct
    }
}

/// The struct of the headers an operation's successes declare, and how it
/// is read.
fn headers_struct(operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.headers_struct.as_ref()?);
    let docs = format!(
        " The headers the success responses of [`Client::{}`] declare, read as their types: \
         `.with_response()` on the call, then [`crate::Response::declared_headers`]. \
         Non-exhaustive: a header the spec adds later is a new field.",
        operation.name
    );
    let fields = operation.response_headers.iter().map(|header| {
        let field = ident(&header.name);
        let ty = type_tokens(&header.ty);
        let ty = if header.required { ty } else { quote! { Option<#ty> } };
        let wire = format!("`{}`{}.", header.wire_name, if header.required { "" } else { ", when the response has it" });
        let docs = doc_attrs(&[prose(header.docs.as_deref()).as_deref(), Some(&wire)]);
        quote! { #docs pub #field: #ty, }
    });
    let reads = operation.response_headers.iter().map(|header| {
        let field = ident(&header.name);
        let wire = header.wire_name.to_ascii_lowercase();
        let read = match (&header.ty, header.required) {
            (Type::Vec(_), true) => quote! { headers.list(#wire)?.unwrap_or_default() },
            (Type::Vec(_), false) => quote! { headers.list(#wire)? },
            (_, true) => quote! { headers.required(#wire)? },
            (_, false) => quote! { headers.optional(#wire)? },
        };
        quote! { #field: #read, }
    });
    Some(quote! {
        #[doc = #docs]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #( #fields )*
        }

        impl crate::runtime::codegen::FromHeaders for #name {
            fn from_headers(
                headers: &crate::runtime::codegen::HeaderReader<'_>,
            ) -> Result<Self, crate::DecodeError> {
                Ok(Self { #( #reads )* })
            }
        }
    })
}

/// One setter on the call per optional parameter; adding a parameter to
/// the spec adds a setter and breaks no caller.
fn setters(operation: &Operation) -> TokenStream {
    let call = ident(&operation.struct_name);
    let setters: Vec<TokenStream> = optional_params(operation)
        .map(|param| {
            let name = ident(&param.name);
            let arg = Arg::of(&param.ty);
            let ty = &arg.ty;
            let value = arg.value(&quote! { value });
            let location = param.location.as_str();
            let docs = match prose(param.docs.as_deref()) {
                Some(text) => {
                    let wire = format!("Sent as {location} parameter `{}`; left out unless set.", param.wire_name);
                    doc_attrs(&[Some(&text), Some(&wire)])
                }
                None => doc_attrs(&[Some(&format!("Sets the {location} parameter `{}`; left out unless set.", param.wire_name))]),
            };
            quote! {
                #docs
                pub fn #name(mut self, value: #ty) -> Self {
                    self.operation_mut().#name = Some(#value);
                    self
                }
            }
        })
        .collect();
    if setters.is_empty() {
        return quote! {};
    }
    quote! {
        impl crate::Call<#call> {
            #( #setters )*
        }
    }
}


/// The runtime value of a declared pagination.
fn paging_tokens(pagination: Option<&Pagination>) -> TokenStream {
    let Some(Pagination { style, items, count, .. }) = pagination else { return quote! { None } };
    let style = match style {
        PageStyle::Link => quote! { crate::runtime::PageStyle::Link },
        PageStyle::Cursor { param, field } => quote! { crate::runtime::PageStyle::Cursor { param: #param, field: #field } },
        PageStyle::Offset { param } => quote! { crate::runtime::PageStyle::Offset { param: #param } },
        PageStyle::Number { param } => quote! { crate::runtime::PageStyle::Number { param: #param } },
    };
    let count = match count {
        PageCount::None => quote! { crate::runtime::PageCount::None },
        PageCount::Header(name) => {
            let name = name.to_ascii_lowercase();
            quote! { crate::runtime::PageCount::Header(#name) }
        }
        PageCount::Field(pointer) => quote! { crate::runtime::PageCount::Field(#pointer) },
    };
    quote! { Some(crate::runtime::Paging { style: #style, items: #items, count: #count }) }
}

/// The runtime value of a declared parameter style.
fn style_tokens(style: ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Form { explode } => quote! { crate::runtime::codegen::ParamStyle::Form { explode: #explode } },
        ParamStyle::SpaceDelimited => quote! { crate::runtime::codegen::ParamStyle::SpaceDelimited },
        ParamStyle::PipeDelimited => quote! { crate::runtime::codegen::ParamStyle::PipeDelimited },
        ParamStyle::DeepObject => quote! { crate::runtime::codegen::ParamStyle::DeepObject },
        ParamStyle::Simple { explode } => quote! { crate::runtime::codegen::ParamStyle::Simple { explode: #explode } },
        ParamStyle::Label { explode } => quote! { crate::runtime::codegen::ParamStyle::Label { explode: #explode } },
        ParamStyle::Matrix { explode } => quote! { crate::runtime::codegen::ParamStyle::Matrix { explode: #explode } },
    }
}

/// The method calls that describe the request.
fn build_chain(api: &Api, operation: &Operation) -> TokenStream {
    let path = operation.path_parts.iter().map(|part| match part {
        PathPart::Literal(text) => quote! { .path(#text) },
        PathPart::Param(name) => {
            let param = operation.params.iter().find(|param| &param.name == name);
            let ident = ident(name);
            let value = quote! { &self.#ident };
            match param.and_then(|param| Some((param.style?, &param.wire_name))) {
                Some((style, wire)) => {
                    let style = style_tokens(style);
                    quote! { .path_param_styled(#wire, #value, #style) }
                }
                None => quote! { .path_param(#value) },
            }
        }
    });
    let params = operation.params.iter().filter(|param| param.location != ParamLocation::Path).map(|param| {
        let wire = &param.wire_name;
        let name = ident(&param.name);
        let value = quote! { &self.#name };
        match param.location {
            ParamLocation::Query => match param.style {
                Some(style) => {
                    let style = style_tokens(style);
                    quote! { .query_styled(#wire, #value, #style) }
                }
                None => quote! { .query(#wire, #value) },
            },
            ParamLocation::Header => quote! { .header(#wire, #value) },
            ParamLocation::Cookie => quote! { .cookie(#wire, #value) },
            ParamLocation::Path => quote! {},
        }
    });
    let auth = operation.auth.map(|index| {
        let scheme = ident(&api.auth_schemes[index].const_name);
        if operation.auth_optional { quote! { .optional_auth(&#scheme) } } else { quote! { .auth(&#scheme) } }
    });
    let body = operation.body.as_ref().map(|body| {
        let value = quote! { &self.body };
        match body.encoding {
            BodyEncoding::Json => quote! { .json(#value) },
            BodyEncoding::Form => {
                let not_blank = body_fields(api, &body.ty).iter().filter(|field| field.nullable && !blank_is_a_value(&field.ty));
                let names = not_blank.map(|field| &field.wire_name);
                quote! { .form(#value, &[ #( #names ),* ]) }
            }
            BodyEncoding::Multipart => multipart_parts(api, &body.ty),
            BodyEncoding::Text => {
                let content_type = &body.content_type;
                quote! { .raw(#content_type, self.body.as_bytes()) }
            }
            BodyEncoding::Binary => {
                let content_type = &body.content_type;
                quote! { .raw(#content_type, &self.body) }
            }
        }
    });
    let accept = accept_type(operation).map(|media| quote! { .accept(#media) });
    quote! { #( #path )* #( #params )* #auth #body #accept }
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
fn multipart_parts(api: &Api, ty: &Type) -> TokenStream {
    let parts = body_fields(api, ty).iter().map(|field| {
        let wire = &field.wire_name;
        let name = ident(&field.name);
        let file = field.ty == Type::File;
        let method = match (field.required, field.nullable, file) {
            (true, _, false) => quote! { text },
            (false, false, false) => quote! { optional_text },
            (false, true, false) if blank_is_a_value(&field.ty) => quote! { nullable_text },
            (false, true, false) => quote! { nullable_text_not_blank },
            (true, false, true) => quote! { file },
            (true, true, true) | (false, false, true) => quote! { optional_file },
            (false, true, true) => quote! { nullable_file },
        };
        quote! { .#method(#wire, &self.body.#name) }
    });
    quote! { .multipart(|parts| parts #( #parts )*) }
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
fn output_type(operation: &Operation) -> TokenStream {
    if let Some(pagination) = &operation.pagination {
        let item = type_tokens(&pagination.item);
        return quote! { crate::Page<#item> };
    }
    match (&operation.success_enum, operation.successes.as_slice()) {
        (Some(name), _) => {
            let name = ident(name);
            quote! { #name }
        }
        (None, [only]) => body_type(&only.body).unwrap_or_else(|| quote! { () }),
        (None, _) => quote! { ::bytes::Bytes },
    }
}

fn body_type(body: &ResponseBody) -> Option<TokenStream> {
    match body {
        ResponseBody::Empty => None,
        ResponseBody::Json { ty, .. } => Some(type_tokens(ty)),
        ResponseBody::Raw { .. } => Some(quote! { ::bytes::Bytes }),
    }
}

/// The `match` arms of `parse`: exact codes first, then ranges, then the
/// rest (the `default` error, or an undeclared status).
fn parse_arms(operation: &Operation) -> Vec<TokenStream> {
    let mut exact = Vec::new();
    let mut ranges = Vec::new();
    let mut rest = None;
    let mut place = |status: StatusMatch, body: TokenStream| match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            exact.push(quote! { #code => #body, });
        }
        StatusMatch::Range(class) => {
            let (low, high) = (Literal::u16_unsuffixed(class * 100), Literal::u16_unsuffixed(class * 100 + 99));
            ranges.push(quote! { #low..=#high => #body, });
        }
        StatusMatch::Default => rest = Some(quote! { _ => #body, }),
    };
    match (&operation.success_enum, operation.successes.as_slice()) {
        (Some(name), successes) => {
            let name = ident(name);
            for outcome in successes {
                let variant = ident(&outcome.variant);
                let body = match &outcome.body {
                    ResponseBody::Empty => quote! { answer.empty().map(|response| response.map(|()| #name::#variant)) },
                    ResponseBody::Json { .. } => quote! { answer.json().map(|response| response.map(#name::#variant)) },
                    ResponseBody::Raw { .. } => quote! { answer.raw().map(|response| response.map(#name::#variant)) },
                };
                place(outcome.status, body);
            }
        }
        // One success: any 2xx is it, so a server answering 201 for a
        // declared 200 still works.
        (None, [_]) if operation.pagination.is_some() => place(StatusMatch::Range(2), quote! { answer.page(&Self::INFO) }),
        (None, [only]) => place(StatusMatch::Range(2), success_call(&only.body)),
        (None, _) => place(StatusMatch::Range(2), quote! { answer.raw() }),
    }
    if let Some(name) = &operation.error_enum {
        let name = ident(name);
        for outcome in &operation.errors {
            let variant = ident(&outcome.variant);
            let body = match &outcome.body {
                ResponseBody::Json { .. } => quote! { Err(answer.declared(#name::#variant)) },
                ResponseBody::Empty | ResponseBody::Raw { .. } => {
                    quote! { Err(answer.declared_empty(#name::#variant)) }
                }
            };
            place(outcome.status, body);
        }
    }
    let rest = rest.unwrap_or_else(|| quote! { _ => Err(answer.undeclared()), });
    exact.into_iter().chain(ranges).chain([rest]).collect()
}

fn success_call(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote! { answer.empty() },
        ResponseBody::Json { .. } => quote! { answer.json() },
        ResponseBody::Raw { .. } => quote! { answer.raw() },
    }
}

/// The enum of an operation's successes or declared errors.
fn outcome_enum(name: &str, operation: &Operation, outcomes: &[Outcome], what: &str) -> TokenStream {
    let docs = format!(
        " The {what} responses of [`Client::{}`]. Non-exhaustive: a response the spec adds later is a new variant.",
        operation.name
    );
    let name = ident(name);
    let variants = outcomes.iter().map(|outcome| {
        let status = match outcome.status {
            StatusMatch::Code(code) => format!("`{code}`"),
            StatusMatch::Range(class) => format!("`{class}XX`"),
            StatusMatch::Default => "Any other status (`default`)".to_owned(),
        };
        let docs = doc_attrs(&[Some(&status), prose(outcome.description.as_deref()).as_deref()]);
        let variant = ident(&outcome.variant);
        match &outcome.body {
            ResponseBody::Json { ty, .. } => {
                let ty = type_tokens(ty);
                quote! { #docs #variant(#ty), }
            }
            ResponseBody::Raw { .. } if what == "success" => quote! { #docs #variant(::bytes::Bytes), },
            _ => quote! { #docs #variant, },
        }
    });
    quote! {
        #[doc = #docs]
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
        }
    }
}
