//! `#[cfg(…)]` on the items of a gated operation, type or security scheme
//! (see `ir::Gate`): one attribute per top-level item, since cargo features
//! select items, not pieces.

use proc_macro2::TokenStream;
use quote::quote;

use super::text::{Item, MARGIN};
use crate::ir::Gate;

/// The attribute for `gate`, or `None` when the item is always compiled.
pub(crate) fn cfg_attribute(gate: &Gate) -> Option<String> {
    match gate {
        Gate::Always => None,
        Gate::Any(features) if features.len() == 1 => Some(format!("#[cfg(feature = \"{}\")]", features[0])),
        Gate::Any(features) => {
            let list: Vec<String> = features.iter().map(|feature| format!("feature = \"{feature}\"")).collect();
            Some(format!("#[cfg(any({}))]", list.join(", ")))
        }
    }
}

/// `items` with the attribute for `gate` before each. An attribute past the
/// margin is left for prettyplease to break.
pub(crate) fn gate_items(mut items: Vec<Item>, gate: &Gate) -> Vec<Item> {
    if let Some(attribute) = cfg_attribute(gate) {
        let fits = attribute.len() <= MARGIN;
        for item in &mut items {
            item.text.insert(0, '\n');
            item.text.insert_str(0, &attribute);
            item.fits &= fits;
        }
    }
    items
}

/// The cargo feature that brings the HTTP client (`Client`, `Call`);
/// without it a generated crate is types and sans-IO operations.
pub(crate) const CLIENT_FEATURE: &str = "client";

/// `item` compiled only with the HTTP client.
pub(crate) fn client_only(mut item: Item) -> Item {
    item.text.insert_str(0, &format!("#[cfg(feature = \"{CLIENT_FEATURE}\")]\n"));
    item
}

/// The attribute for `gate` as tokens, for items written as tokens.
pub(crate) fn cfg_tokens(gate: &Gate) -> TokenStream {
    match gate {
        Gate::Always => TokenStream::new(),
        Gate::Any(features) if features.len() == 1 => {
            let feature = &features[0];
            quote! { #[cfg(feature = #feature)] }
        }
        Gate::Any(features) => quote! { #[cfg(any(#( feature = #features ),*))] },
    }
}
