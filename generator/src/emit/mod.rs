//! Stage 3: the model to Rust tokens. Pure; formatting and files are the
//! next stage's job.

mod client;
mod docs;
mod example;
mod examples;
mod gate;
mod markdown;
mod operation;
mod reference;
mod text;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

pub use examples::{ROUND_TRIP, example_cases};
pub use markdown::api_reference;

use crate::ir::Api;
pub use text::{Item, MARGIN};
use docs::{inner_doc_attrs, prose};
use types::ident;

/// The module of one API as independent top-level pieces: the client first,
/// then one piece per operation (its method, call struct and enums), then
/// one per type, in spec order.
///
/// Pieces are rendered to tokens on demand, one at a time, so the next stage
/// can format a piece and drop its tokens before rendering the next: memory
/// stays flat on specs with thousands of operations, and pieces can be
/// formatted on several threads, since each is formatted on its own.
#[derive(Debug, Clone, Copy)]
pub struct Module<'a> {
    api: &'a Api,
}

impl<'a> Module<'a> {
    /// The pieces of `api`'s module.
    pub fn new(api: &'a Api) -> Self {
        Self { api }
    }

    /// How many pieces the module has.
    pub fn len(&self) -> usize {
        1 + self.api.operations.len() + self.api.types.len()
    }

    /// Always false: a module has at least its client.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Piece `index` (`0..len()`): zero or more items, with the module's
    /// inner attributes in piece 0.
    pub fn piece(&self, index: usize) -> Piece {
        let api = self.api;
        let operations = api.operations.len();
        match index {
            0 => {
                let docs = module_docs(api);
                let client = client::client(api);
                Piece::Tokens(quote! { #docs #client })
            }
            index if index <= operations => {
                let operation = &api.operations[index - 1];
                Piece::Text(gate::gate_items(operation::operation(api, operation), &operation.gate))
            }
            index => {
                let def = &api.types[index - 1 - operations];
                Piece::Text(gate::gate_items(types::type_def(def, &api.types), &def.gate))
            }
        }
    }
}

/// Items of a module, as tokens for prettyplease to lay out, or as text
/// already in its layout.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Zero or more items; inner attributes may open them.
    Tokens(TokenStream),
    /// Items written as text in prettyplease's layout; one the writer
    /// could not lay out ([`Item::fits`]) is laid out by prettyplease.
    Text(Vec<Item>),
}

impl From<TokenStream> for Piece {
    fn from(tokens: TokenStream) -> Self {
        Self::Tokens(tokens)
    }
}


fn module_docs(api: &Api) -> TokenStream {
    let heading = prose(Some(&format!("{} (version {})", api.title, api.version)));
    let server = api.default_base_url.as_deref().map_or_else(
        || "The spec names no server: pass the base URL of your deployment to `Client::new`.".to_owned(),
        |url| format!("Requests go to `{url}` unless the client is built with another base URL."),
    );
    let features = tag_features_docs(api);
    inner_doc_attrs(&[heading.as_deref(), prose(api.description.as_deref()).as_deref(), Some(&server), features.as_deref()])
}

/// What a module with tag features says about them, so a user can tell
/// which feature to enable for the operations they call.
fn tag_features_docs(api: &Api) -> Option<String> {
    if api.features.is_empty() {
        return None;
    }
    let list: String = api
        .features
        .iter()
        .map(|feature| match &feature.tag {
            Some(tag) => format!("\n- `{}`: the operations tagged `{}`", feature.name, tag.replace('`', "'")),
            None => format!("\n- `{}`: the types no operation uses", feature.name),
        })
        .collect();
    Some(format!(
        "Operations are compiled by tag, each tag behind a cargo feature (all on by default; with \
         `default-features = false`, enable the ones you call, and a TLS feature). A type compiles \
         with any operation that uses it. Operations without a tag are always compiled.{list}"
    ))
}

/// The crate root: the runtime, its re-exports and one module per API, each
/// behind a cargo feature of the same name.
pub fn crate_root(apis: &[Api]) -> TokenStream {
    let list: String = apis
        .iter()
        .map(|api| format!("\n- [`{}`]: the {} (`{}`)", api.module, prose(Some(&api.title)).unwrap_or_default(), api.source))
        .collect();
    let docs = inner_doc_attrs(&[
        Some("Async clients for customer-management APIs, generated from their OpenAPI documents."),
        Some(&format!("One module per API, each behind a cargo feature of the same name (all on by default):{list}")),
        Some(
            "Every call returns `Result<T, Error>`; see [`Error`] for what can fail. Credentials are \
             wrapped in [`Secret`] and never printed.",
        ),
        Some(
            "The crates whose types appear in the signatures are re-exported, so their versions always \
             match ours: [`bytes`], [`chrono`], [`http`], [`serde_json`], [`uuid`].",
        ),
    ]);
    let client = gate::CLIENT_FEATURE;
    let modules = apis.iter().map(|api| {
        let module = ident(&api.module);
        let feature = &api.module;
        let docs = format!(" The {} (from `{}`).", prose(Some(&api.title)).unwrap_or_default(), api.source);
        quote! {
            #[doc = #docs]
            #[cfg(feature = #feature)]
            pub mod #module;
        }
    });
    quote! {
        #docs
        #![cfg_attr(docsrs, feature(doc_cfg))]
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]

        #[cfg(feature = #client)]
        mod call;

        /// The runtime shared by every API module: the HTTP core, retries,
        /// errors, the transport seam (crate `custgen-runtime`).
        pub use ::custgen_runtime as runtime;

        #[cfg(feature = #client)]
        pub use call::Call;
        #[cfg(feature = #client)]
        pub use runtime::ClientBuilder;
        pub use runtime::{
            ApiError, Credential, Decimal, DecodeError, Error, FilePart, Nullable, Page, PaginationError, RedirectError,
            RedirectPolicy, RedirectReason, Response, RetryPolicy, Secret, StatusError, TransportError, TransportKind,
        };

        pub use ::bytes;
        pub use ::chrono;
        pub use ::http;
        pub use ::serde_json;
        pub use ::uuid;

        #( #modules )*
    }
}
