//! Named types: structs, enums and aliases, with their serde attributes.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, prose};
use crate::ir::{Field, Type, TypeDef, TypeKind, Variant};

/// An identifier the IR has already made valid and unique.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a value, fully qualified so no schema name can shadow it.
pub(crate) fn type_tokens(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote! { ::std::string::String },
        Type::Bool => quote! { bool },
        Type::I32 => quote! { i32 },
        Type::I64 => quote! { i64 },
        Type::F32 => quote! { f32 },
        Type::F64 => quote! { f64 },
        Type::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        Type::Date => quote! { ::chrono::NaiveDate },
        Type::Uuid => quote! { ::uuid::Uuid },
        Type::Decimal => quote! { crate::Decimal },
        Type::File => quote! { crate::FilePart },
        Type::Json => quote! { ::serde_json::Value },
        Type::Named(name) => {
            let name = ident(name);
            quote! { #name }
        }
        Type::Vec(item) => {
            let item = type_tokens(item);
            quote! { ::std::vec::Vec<#item> }
        }
        Type::Map(value) => {
            let value = type_tokens(value);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
        Type::Nullable(inner) => {
            let inner = type_tokens(inner);
            quote! { ::std::option::Option<#inner> }
        }
    }
}

/// One named type.
pub(crate) fn type_def(def: &TypeDef) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let docs = doc_attrs(&[prose(def.docs.as_deref()).as_deref().or(Some(&fallback))]);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => struct_def(&docs, &name, fields),
        TypeKind::Enum { variants, unknown } => enum_def(&docs, &name, variants, unknown),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty);
            quote! { #docs pub type #name = #ty; }
        }
    }
}

fn struct_def(docs: &TokenStream, name: &Ident, fields: &[Field]) -> TokenStream {
    // `Default` only where every field may be left out: a default for a
    // required field would send a made-up value.
    let default = fields.iter().all(|field| !field.required).then(|| quote! { Default, });
    let constructor = constructor(name, fields);
    let fields = fields.iter().map(field);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #( #fields )*
        }
        #constructor
    }
}

/// `new(required fields)` with every optional field left out, for structs
/// that mix both and so cannot derive `Default`; fill in more fields with
/// `..Type::new(..)`.
fn constructor(name: &Ident, fields: &[Field]) -> Option<TokenStream> {
    let (required, optional): (Vec<&Field>, Vec<&Field>) = fields.iter().partition(|field| field.required);
    if required.is_empty() || optional.is_empty() {
        return None;
    }
    let args = required.iter().map(|field| {
        let name = ident(&field.name);
        let ty = type_tokens(&field.ty);
        let ty = if field.nullable { quote! { ::std::option::Option<#ty> } } else { ty };
        quote! { #name: #ty }
    });
    let required_names = required.iter().map(|field| ident(&field.name));
    let defaults = optional.iter().map(|field| {
        let name = ident(&field.name);
        quote! { #name: ::std::default::Default::default() }
    });
    Some(quote! {
        impl #name {
            /// A value with the required fields set and every optional field left out.
            pub fn new(#( #args ),*) -> Self {
                Self { #( #required_names, )* #( #defaults, )* }
            }
        }
    })
}

/// A field's wrapper follows from required × nullable:
/// required → `T`; required + nullable → `Option<T>` (always sent);
/// optional → `Option<T>`, left out when `None`; optional + nullable →
/// `Nullable<T>`, which can also say "send null".
fn field(field: &Field) -> TokenStream {
    let notes = [
        field.read_only.then_some("Read-only: set by the server; requests may leave it out."),
        field.format.as_deref().map(|format| format!("Format: `{format}`.")).as_deref(),
    ]
    .map(|note| note.map(str::to_owned));
    let fallback = format!("The `{}` property.", field.wire_name);
    let docs = doc_attrs(&[
        prose(field.docs.as_deref()).as_deref().or(Some(&fallback)),
        notes[0].as_deref(),
        notes[1].as_deref(),
    ]);
    let name = ident(&field.name);
    let inner = type_tokens(&field.ty);
    let rename = (field.name != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote! { rename = #wire, }
    });
    let (ty, skip) = match (field.required, field.nullable) {
        (true, false) => (inner, None),
        (true, true) => (quote! { ::std::option::Option<#inner> }, None),
        (false, false) => (
            quote! { ::std::option::Option<#inner> },
            Some(quote! { default, skip_serializing_if = "::std::option::Option::is_none", }),
        ),
        (false, true) => (
            quote! { crate::Nullable<#inner> },
            Some(quote! { default, skip_serializing_if = "crate::Nullable::is_absent", }),
        ),
    };
    let serde = (rename.is_some() || skip.is_some()).then(|| quote! { #[serde(#rename #skip)] });
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

fn enum_def(docs: &TokenStream, name: &Ident, variants: &[Variant], unknown: &str) -> TokenStream {
    let unknown = ident(unknown);
    let names: Vec<Ident> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let values: Vec<&str> = variants.iter().map(|variant| variant.value.as_str()).collect();
    let value_docs = values.iter().map(|value| format!(" `{value}`"));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #name {
            #(
                #[doc = #value_docs]
                #[serde(rename = #values)]
                #names,
            )*
            /// A value this client does not know (the API may have added it);
            /// kept as received and sent back unchanged.
            #[serde(untagged)]
            #unknown(::std::string::String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#names => #values, )*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
