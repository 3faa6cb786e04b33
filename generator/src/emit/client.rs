//! The `Client` of an API module: the struct, its constructors and the
//! auth schemes' constants. Each operation adds its method itself
//! ([`super::operation`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, prose};
use super::types::ident;
use crate::ir::{Api, AuthPlacement, AuthScheme};

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
    let client = super::gate::CLIENT_FEATURE;
    quote! {
        // What the operations and types below build on; `__rt` cannot clash
        // with a generated name, which never starts with an underscore.
        use crate::runtime::codegen as __rt;

        #( #schemes )*

        #struct_docs
        #[cfg(feature = #client)]
        #[derive(Debug, Clone)]
        pub struct Client {
            core: __rt::Core,
        }

        #[cfg(feature = #client)]
        impl __rt::FromCore for Client {
            fn from_core(core: __rt::Core) -> Self {
                Self { core }
            }
        }

        #[cfg(feature = #client)]
        impl Client {
            #constructors
        }
    }
}

fn auth_const(scheme: &AuthScheme) -> TokenStream {
    let name = ident(&scheme.const_name);
    let value = match &scheme.placement {
        AuthPlacement::Header { name, prefix } => {
            quote! { __rt::AuthScheme::Header { name: #name, prefix: #prefix } }
        }
        AuthPlacement::Query { name } => quote! { __rt::AuthScheme::Query { name: #name } },
        AuthPlacement::Cookie { name } => quote! { __rt::AuthScheme::Cookie { name: #name } },
        AuthPlacement::Bearer => quote! { __rt::AuthScheme::Bearer },
        AuthPlacement::Basic => quote! { __rt::AuthScheme::Basic },
    };
    let docs = doc_attrs(&[Some(&format!("Security scheme `{}`.", scheme.name)), prose(scheme.docs.as_deref()).as_deref()]);
    let cfg = super::gate::cfg_tokens(&scheme.gate);
    quote! { #docs #cfg const #name: __rt::AuthScheme = #value; }
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
