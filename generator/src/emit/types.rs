//! Named types: structs, enums and aliases, with their serde attributes.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::docs::{doc_attrs, prose};
use crate::ir::{Discriminator, Field, OneOfVariant, Type, TypeDef, TypeKind, Variant};

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
        Type::Bytes => quote! { ::bytes::Bytes },
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
        Type::Boxed(inner) => {
            let inner = type_tokens(inner);
            quote! { ::std::boxed::Box<#inner> }
        }
    }
}

/// One named type; `all` is every type of the module, for looking up the
/// enum a default value names.
pub(crate) fn type_def(def: &TypeDef, all: &[TypeDef]) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let docs = doc_attrs(&[prose(def.docs.as_deref()).as_deref().or(Some(&fallback))]);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(fields) => struct_def(&docs, &name, fields, def.sent, all),
        TypeKind::Enum { variants, unknown } => enum_def(&docs, &name, variants, unknown),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ty);
            quote! { #docs pub type #name = #ty; }
        }
        TypeKind::Newtype(ty) => {
            let ty = type_tokens(ty);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
        TypeKind::OneOf { variants, discriminator } => one_of_def(&docs, &name, variants, discriminator.as_ref()),
    }
}

/// An enum with one variant per shape. Without a discriminator serde tries
/// the variants in order; with one, the tag picks the variant and the whole
/// object (tag included) decodes into it.
fn one_of_def(docs: &TokenStream, name: &Ident, variants: &[OneOfVariant], discriminator: Option<&Discriminator>) -> TokenStream {
    let names: Vec<Ident> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let types = variants.iter().map(|variant| type_tokens(&variant.ty));
    let variant_docs = variants.iter().map(|variant| format!(" The `{}` shape.", variant.name));
    let Some(discriminator) = discriminator else {
        // Shapes differ in size by nature; boxing them would only make
        // matching on them clumsier.
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name {
                #( #[doc = #variant_docs] #names(#types), )*
            }
        };
    };
    let property = &discriminator.property;
    let values = discriminator.mapping.iter().map(|(value, _)| value);
    let targets = discriminator.mapping.iter().map(|(_, index)| &names[*index]);
    let unknown = ident(&discriminator.unknown);
    let unknown_docs = format!(" An object whose `{property}` the spec does not list, kept as received.");
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #[doc = #variant_docs] #names(#types), )*
            #[doc = #unknown_docs]
            #unknown(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #( ::std::option::Option::Some(#values) => ::serde_json::from_value(value).map(Self::#targets).map_err(::serde::de::Error::custom), )*
                    ::std::option::Option::Some(_) => ::std::result::Result::Ok(Self::#unknown(value)),
                    ::std::option::Option::None => ::std::result::Result::Err(::serde::de::Error::missing_field(#property)),
                }
            }
        }
    }
}

fn struct_def(docs: &TokenStream, name: &Ident, fields: &[Field], sent: bool, all: &[TypeDef]) -> TokenStream {
    // A spec default fills a field a response leaves out; a request sends
    // the field only when the caller set it, so a PUT never overwrites a
    // server value with a default the caller did not choose.
    let defaults: Vec<Option<TokenStream>> = fields.iter().map(|field| applied_default(field, all)).collect();
    // `Default` only where every field may be left out: a default for a
    // required field would send a made-up value.
    let all_optional = fields.iter().all(|field| !field.required);
    let any_default = defaults.iter().any(Option::is_some);
    let derive_default = all_optional.then(|| quote! { Default, });
    let default_fns = fields.iter().zip(&defaults).filter_map(|(field, default)| {
        let value = default.as_ref()?;
        let function = ident(&format!("default_{}", field.name));
        let ty = type_tokens(&field.ty);
        Some(quote! { fn #function() -> ::std::option::Option<#ty> { ::std::option::Option::Some(#value) } })
    });
    let constructor = constructor(name, fields);
    // A flattened field needs serde's buffering of the other keys; only then
    // is `Deserialize` derived.
    let derived = fields.iter().any(|field| field.flatten);
    let field_tokens =
        fields.iter().zip(&defaults).map(|(field_def, default)| field(name, field_def, default.is_some(), sent, derived));
    let helpers = any_default.then(|| quote! { impl #name { #( #default_fns )* } });
    let (derive_deserialize, deserialize_impl) =
        if derived { (Some(quote! { ::serde::Deserialize, }), None) } else { (None, Some(struct_deserialize(name, fields, &defaults))) };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default ::serde::Serialize, #derive_deserialize)]
        pub struct #name {
            #( #field_tokens )*
        }
        #helpers
        #constructor
        #deserialize_impl
    }
}

/// `Deserialize` for a struct, written out rather than derived: a few lines
/// per field on top of the shared `runtime::Slot`, instead of the ~300 lines
/// a derive expands to, for the same behaviour on JSON objects (unknown keys
/// skipped, repeated and missing required keys named in the error).
/// `__D`, `__A` and `__Visitor` cannot clash with a model's name: model
/// names never start with an underscore.
fn struct_deserialize(name: &Ident, fields: &[Field], defaults: &[Option<TokenStream>]) -> TokenStream {
    let expecting = format!("a {name} object");
    // `slot_<field>`, or `slot_<index>` in the rare struct where two field
    // names differ only by leading underscores.
    let mut names: Vec<String> = fields.iter().map(|field| format!("slot_{}", field.name.trim_start_matches('_'))).collect();
    if names.iter().collect::<std::collections::BTreeSet<_>>().len() < names.len() {
        names = (0..fields.len()).map(|index| format!("slot_{index}")).collect();
    }
    let slots: Vec<Ident> = names.iter().map(|name| ident(name)).collect();
    let declarations = fields.iter().zip(&slots).map(|(field, slot)| {
        let wire = &field.wire_name;
        quote! { let mut #slot = crate::runtime::codegen::Slot::new(#wire); }
    });
    let read_keys = if fields.is_empty() {
        quote! {
            while map.next_key::<crate::runtime::codegen::Key<'de>>()?.is_some() {
                crate::runtime::codegen::skip_value(&mut map)?;
            }
        }
    } else {
        let arms = fields.iter().zip(&slots).map(|(field, slot)| {
            let wire = &field.wire_name;
            quote! { #wire => #slot.fill(&mut map)?, }
        });
        quote! {
            while let ::std::option::Option::Some(key) = map.next_key::<crate::runtime::codegen::Key<'de>>()? {
                match key.as_str() {
                    #( #arms )*
                    _ => crate::runtime::codegen::skip_value(&mut map)?,
                }
            }
        }
    };
    let values = fields.iter().zip(&slots).zip(defaults).map(|((field, slot), default)| {
        let field_name = ident(&field.name);
        if default.is_some() {
            let function = ident(&format!("default_{}", field.name));
            quote! { #field_name: #slot.or_else(#name::#function) }
        } else if field.required && !field.nullable {
            quote! { #field_name: #slot.required()? }
        } else {
            quote! { #field_name: #slot.or_default() }
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;

                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<#name, __A::Error> {
                        #( #declarations )*
                        #read_keys
                        ::std::result::Result::Ok(#name { #( #values, )* })
                    }
                }

                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// The spec's default as a Rust expression, when it can be applied: an
/// optional, non-nullable field of a scalar or enum type whose default has
/// the right type. Such a field stays `Option<T>`; decoding fills it with
/// the default when absent.
fn applied_default(field: &Field, all: &[TypeDef]) -> Option<TokenStream> {
    if field.required || field.nullable || field.flatten {
        return None;
    }
    let value = field.default.as_ref()?;
    Some(match (&field.ty, value) {
        (Type::String, serde_json::Value::String(text)) => quote! { ::std::string::String::from(#text) },
        (Type::Bool, serde_json::Value::Bool(flag)) => quote! { #flag },
        (Type::I32, serde_json::Value::Number(number)) => {
            let number = Literal::i32_unsuffixed(i32::try_from(number.as_i64()?).ok()?);
            quote! { #number }
        }
        (Type::I64, serde_json::Value::Number(number)) => {
            let number = Literal::i64_unsuffixed(number.as_i64()?);
            quote! { #number }
        }
        (Type::F32 | Type::F64, serde_json::Value::Number(number)) => {
            let number = Literal::f64_unsuffixed(number.as_f64()?);
            quote! { #number }
        }
        (Type::Named(enum_name), serde_json::Value::String(text)) => {
            let def = all.iter().find(|def| &def.name == enum_name)?;
            let TypeKind::Enum { variants, .. } = &def.kind else { return None };
            let variant = ident(&variants.iter().find(|variant| &variant.value == text)?.name);
            let enum_name = ident(enum_name);
            quote! { #enum_name::#variant }
        }
        _ => return None,
    })
}

/// `new(required fields)` with every optional field left out, for structs
/// that mix both and so cannot derive `Default`; fill in more fields with
/// `..Type::new(..)`.
fn constructor(name: &Ident, fields: &[Field]) -> Option<TokenStream> {
    let required: Vec<&Field> = fields.iter().filter(|field| field.required).collect();
    if required.is_empty() || required.len() == fields.len() {
        return None;
    }
    let args = required.iter().map(|field| {
        let name = ident(&field.name);
        let ty = type_tokens(&field.ty);
        let ty = if field.nullable { quote! { ::std::option::Option<#ty> } } else { ty };
        quote! { #name: #ty }
    });
    let values = fields.iter().map(|field| {
        let name = ident(&field.name);
        if field.required { quote! { #name } } else { quote! { #name: ::std::default::Default::default() } }
    });
    Some(quote! {
        impl #name {
            /// A value with the required fields set and every optional field
            /// left out.
            #[allow(clippy::too_many_arguments)]
            pub fn new(#( #args ),*) -> Self {
                Self { #( #values, )* }
            }
        }
    })
}

/// A field's wrapper follows from required × nullable:
/// required → `T`; required + nullable → `Option<T>` (always sent);
/// optional → `Option<T>`, left out when `None`; optional + nullable →
/// `Nullable<T>`, which can also say "send null", in a type some request
/// sends (`sent`), and `Option<T>` in a type only received, where `null`
/// and absence mean the same to the caller.
/// Serde attributes are only what the derives in use read: `Serialize`
/// always, `Deserialize` only when `derived_deserialize`.
fn field(owner: &Ident, field: &Field, has_default: bool, sent: bool, derived_deserialize: bool) -> TokenStream {
    let mut notes: Vec<String> = Vec::new();
    if field.read_only {
        notes.push("Read-only: set by the server; requests may leave it out.".to_owned());
    }
    if field.nullable && !field.required && sent {
        notes.push("Nullable: `Nullable::Null` sends and receives `null`, apart from leaving the field out.".to_owned());
    } else if field.nullable && !field.required {
        notes.push("Nullable: `null` reads as `None`, like a missing field.".to_owned());
    } else if field.nullable {
        notes.push("Nullable: `None` is sent as `null`.".to_owned());
    }
    if field.write_only {
        notes.push("Write-only: sent in requests, never returned.".to_owned());
    }
    if field.deprecated {
        notes.push("Deprecated by the API.".to_owned());
    }
    if let Some(format) = &field.format {
        notes.push(format!("Format: `{format}`."));
    }
    notes.extend(field.constraints.iter().cloned());
    if let Some(default) = &field.default {
        notes.push(if has_default {
            format!("Default: `{default}`, which a response that leaves the field out decodes to; a request sends the field only when it is set.")
        } else {
            format!("Default: `{default}`.")
        });
    }
    if let Some(example) = &field.example {
        notes.push(format!("Example: `{}`.", example.to_string().replace('`', "'")));
    }
    let fallback = format!("The `{}` property.", field.wire_name);
    let mut paragraphs = vec![prose(field.docs.as_deref()).or(Some(fallback))];
    paragraphs.push((!notes.is_empty()).then(|| notes.join(" ")));
    let paragraphs: Vec<Option<&str>> = paragraphs.iter().map(Option::as_deref).collect();
    let docs = doc_attrs(&paragraphs);
    let name = ident(&field.name);
    let inner = type_tokens(&field.ty);
    if field.flatten {
        return quote! { #docs #[serde(flatten)] pub #name: #inner, };
    }
    let default = match (derived_deserialize, has_default) {
        (false, _) => None,
        (true, false) => Some(quote! { default, }),
        (true, true) => {
            let function = format!("{owner}::default_{}", field.name);
            Some(quote! { default = #function, })
        }
    };
    let rename = (field.name != field.wire_name).then(|| {
        let wire = &field.wire_name;
        quote! { rename = #wire, }
    });
    let (ty, skip) = match (field.required, field.nullable) {
        (true, false) => (inner, None),
        (true, true) => (quote! { ::std::option::Option<#inner> }, None),
        (false, true) if sent => (
            quote! { crate::Nullable<#inner> },
            Some(quote! { #default skip_serializing_if = "crate::Nullable::is_absent", }),
        ),
        (false, _) => (
            quote! { ::std::option::Option<#inner> },
            Some(quote! { #default skip_serializing_if = "::std::option::Option::is_none", }),
        ),
    };
    let serde = (rename.is_some() || skip.is_some()).then(|| quote! { #[serde(#rename #skip)] });
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

/// A string enum. Serde is implemented by hand rather than derived: the
/// wire form is just the string, and a derive with an untagged fallback
/// variant expands to several times the code, which every downstream build
/// pays for once per enum.
fn enum_def(docs: &TokenStream, name: &Ident, variants: &[Variant], unknown: &str) -> TokenStream {
    let unknown = ident(unknown);
    let names: Vec<Ident> = variants.iter().map(|variant| ident(&variant.name)).collect();
    let values: Vec<&str> = variants.iter().map(|variant| variant.value.as_str()).collect();
    let value_docs = values.iter().map(|value| format!(" `{value}`"));
    // Non-exhaustive: a value the spec adds later is a new variant, and a
    // `match` in another crate already has the arm that takes it.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #value_docs]
                #names,
            )*
            /// A value this client does not know (the API may have added it);
            /// kept as received and sent back unchanged.
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

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #values => Self::#names, )*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from(value.to_owned())
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
