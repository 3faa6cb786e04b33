//! The `Client` of an API module and one method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, prose};
use super::types::{ident, type_tokens};
use crate::ir::{
    Api, AuthPlacement, AuthScheme, BodyEncoding, Operation, Param, ParamLocation, PathPart,
    ResponseBody, Type,
};

/// The client struct, its constructors and its operations.
pub(crate) fn client(api: &Api) -> TokenStream {
    let title = &api.title;
    let struct_docs = doc_attrs(&[
        prose(Some(&format!("Client for the {title}."))).as_deref(),
        Some("Cheap to clone: clones share one connection pool. `Debug` never shows the credential."),
    ]);
    let schemes = api.auth_schemes.iter().map(auth_const);
    let constructors = constructors(api);
    let operations = api.operations.iter().map(|operation| method(api, operation));
    let options = api.operations.iter().filter_map(options_struct);
    quote! {
        #( #schemes )*

        #struct_docs
        #[derive(Debug, Clone)]
        pub struct Client {
            core: crate::runtime::Core,
        }

        impl crate::runtime::FromCore for Client {
            fn from_core(core: crate::runtime::Core) -> Self {
                Self { core }
            }
        }

        impl Client {
            #constructors
            #( #operations )*
        }

        #( #options )*
    }
}

fn auth_const(scheme: &AuthScheme) -> TokenStream {
    let name = ident(&scheme.const_name);
    let value = match &scheme.placement {
        AuthPlacement::Header { name, prefix } => {
            quote! { crate::runtime::AuthScheme::Header { name: #name, prefix: #prefix } }
        }
        AuthPlacement::Query { name } => quote! { crate::runtime::AuthScheme::Query { name: #name } },
    };
    let docs = doc_attrs(&[Some(&format!("Security scheme `{}`.", scheme.name)), prose(scheme.docs.as_deref()).as_deref()]);
    quote! { #docs const #name: crate::runtime::AuthScheme = #value; }
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
                quote! { ::std::option::Option::Some(Self::DEFAULT_BASE_URL) },
            )
        }
        None => (
            quote! {},
            Some(quote! { base_url: impl ::std::convert::Into<::std::string::String>, }),
            quote! { ::std::option::Option::None },
        ),
    };
    let credential_arg = needs_credential.then(|| quote! { credential: impl ::std::convert::Into<crate::Secret>, });
    let credential_value = if needs_credential {
        quote! { ::std::option::Option::Some(credential.into()) }
    } else {
        quote! { ::std::option::Option::None }
    };
    let set_base_url = base_url_arg.as_ref().map(|_| quote! { .base_url(base_url) });
    let forward_base_url = base_url_arg.as_ref().map(|_| quote! { base_url, });
    let forward_credential = needs_credential.then(|| quote! { credential });
    quote! {
        #default_const

        /// A client with default settings. Fails only if the base URL is
        /// invalid or the TLS stack cannot start.
        pub fn new(#base_url_arg #credential_arg) -> ::std::result::Result<Self, crate::Error> {
            Self::builder(#forward_base_url #forward_credential).build()
        }

        /// Starts configuring a client: base URL, timeouts, user agent, or
        /// a `reqwest::Client` of the caller's own.
        pub fn builder(#base_url_arg #credential_arg) -> crate::ClientBuilder<Self> {
            crate::ClientBuilder::new(#base_url_value, #credential_value) #set_base_url
        }

        /// The base URL requests go to.
        pub fn base_url(&self) -> &str {
            self.core.base_url()
        }
    }
}

fn method(api: &Api, operation: &Operation) -> TokenStream {
    let name = ident(&operation.name);
    let request_line = format!("`{} {}`", operation.method.as_str(), operation.path);
    let docs = doc_attrs(&[
        prose(operation.summary.as_deref()).as_deref(),
        prose(operation.description.as_deref()).as_deref(),
        Some(&request_line),
    ]);
    let deprecated = operation.deprecated.then(|| quote! { #[deprecated] });

    let required: Vec<&Param> = operation.params.iter().filter(|param| param.required).collect();
    let args = required.iter().map(|param| {
        let name = ident(&param.name);
        let ty = arg_type(&param.ty);
        quote! { #name: #ty, }
    });
    let body_arg = operation.body.as_ref().map(|body| {
        let ty = arg_type(&body.ty);
        quote! { body: #ty, }
    });
    let options_arg = operation.options_struct.as_ref().map(|options| {
        let options = ident(options);
        quote! { params: &#options, }
    });

    let encode_path = required.iter().filter(|param| param.location == ParamLocation::Path).map(|param| {
        let name = ident(&param.name);
        let value = borrowed(&param.ty, quote! { #name });
        quote! { let #name = crate::runtime::path_segment(#value)?; }
    });
    let path = path_expr(&operation.path_parts);
    let method = ident(operation.method.as_str());
    let params = operation.params.iter().filter(|param| param.location != ParamLocation::Path).map(|param| {
        let wire = &param.wire_name;
        let name = ident(&param.name);
        let value = if param.required { borrowed(&param.ty, quote! { #name }) } else { quote! { &params.#name } };
        match param.location {
            ParamLocation::Query => quote! { .query(#wire, #value) },
            ParamLocation::Header => quote! { .header(#wire, #value) },
            ParamLocation::Path => unreachable!("path parameters were filtered out"),
        }
    });
    let auth = operation.auth.map(|index| {
        let scheme = ident(&api.auth_schemes[index].const_name);
        quote! { .auth(&#scheme) }
    });
    let body = operation.body.as_ref().map(|body| {
        let value = borrowed(&body.ty, quote! { body });
        match body.encoding {
            BodyEncoding::Json => quote! { .json(#value) },
            BodyEncoding::Form => quote! { .form(#value) },
        }
    });
    let (accept, output, decode) = match &operation.response.body {
        ResponseBody::Empty => (None, quote! { () }, quote! { crate::runtime::empty(response) }),
        ResponseBody::Json { content_type, ty } => {
            (Some(content_type), type_tokens(ty), quote! { crate::runtime::json(response) })
        }
        ResponseBody::Raw { content_type } => {
            (Some(content_type), quote! { ::bytes::Bytes }, quote! { crate::runtime::raw(response) })
        }
    };
    let accept = accept.map(|media| quote! { .accept(#media) });

    quote! {
        #docs
        #deprecated
        pub async fn #name(&self, #( #args )* #body_arg #options_arg) -> ::std::result::Result<#output, crate::Error> {
            #( #encode_path )*
            let request = self
                .core
                .request(::http::Method::#method, #path)
                #( #params )*
                #auth
                #body
                #accept
                .build()?;
            let response = self.core.execute(request).await?;
            #decode
        }
    }
}

/// The struct that carries an operation's optional parameters.
fn options_struct(operation: &Operation) -> Option<TokenStream> {
    let name = ident(operation.options_struct.as_ref()?);
    let docs = format!(" Optional parameters of [`Client::{}`]; leave a field `None` to leave it out.", operation.name);
    let fields = operation.params.iter().filter(|param| !param.required).map(|param| {
        let name = ident(&param.name);
        let ty = type_tokens(&param.ty);
        let fallback = format!("The `{}` parameter.", param.wire_name);
        let docs = doc_attrs(&[prose(param.docs.as_deref()).as_deref().or(Some(&fallback))]);
        quote! { #docs pub #name: ::std::option::Option<#ty>, }
    });
    Some(quote! {
        #[doc = #docs]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #( #fields )*
        }
    })
}

/// The path as a `&str`: a literal when it has no parameters, else a
/// `format!` over the encoded parameters.
fn path_expr(parts: &[PathPart]) -> TokenStream {
    if let [PathPart::Literal(path)] = parts {
        return quote! { #path };
    }
    let mut template = String::new();
    for part in parts {
        match part {
            PathPart::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPart::Param(name) => {
                template.push('{');
                template.push_str(name);
                template.push('}');
            }
        }
    }
    if parts.is_empty() {
        template.push('/');
    }
    quote! { &::std::format!(#template) }
}

/// How a method takes a value: strings and slices by reference, small
/// `Copy` values by value, everything else by reference.
fn arg_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { &str },
        Type::Vec(item) => {
            let item = type_tokens(item);
            quote! { &[#item] }
        }
        _ if is_copy(ty) => type_tokens(ty),
        _ => {
            let ty = type_tokens(ty);
            quote! { &#ty }
        }
    }
}

/// An argument as the runtime's `&T` parameters want it.
fn borrowed(ty: &Type, name: TokenStream) -> TokenStream {
    if is_copy(ty) { quote! { &#name } } else { name }
}

fn is_copy(ty: &Type) -> bool {
    matches!(ty, Type::Bool | Type::I32 | Type::I64 | Type::F32 | Type::F64 | Type::DateTime | Type::Date)
}
