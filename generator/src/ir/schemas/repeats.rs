//! Inline schemas written again word for word. GitHub's webhook payloads
//! repeat whole objects (an issue, its user, the app and its permissions)
//! in every event: one type each, instead of one per place, halves its
//! crate and its compile time. The repeat keeps its place's name, and so
//! does every type inside it, as an alias of the type at the same place in
//! the first (`TypeDef::copy_of`): every name a place had stays, whichever
//! place comes first in a later version.

use std::collections::HashMap;

use super::{Gate, Problems, Schema, Schemas, Type, TypeDef, TypeKind};

/// The inline schemas that became types.
#[derive(Default)]
pub(super) struct Repeats {
    /// Each inline schema that became a type, by its JSON text: its type's
    /// name.
    firsts: HashMap<String, String>,
}

impl<'a> Schemas<'a> {
    /// When the inline `schema` at `pointer` repeats one already made into
    /// a type, defines `name` as an alias of that type and returns it;
    /// otherwise remembers the schema as the first of its text.
    ///
    /// The JSON text fixes everything the type is made of: its docs, its
    /// fields and theirs, and the components it names by `$ref` (pointers
    /// are absolute). A schema the text cannot be written for (it always
    /// can) is never shared.
    pub(super) fn repeat(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        name: &str,
        docs: Option<String>,
        problems: &mut Problems<'_>,
    ) -> Option<Type> {
        let text = serde_json::to_string(schema).ok()?;
        let Some(first) = self.repeats.firsts.get(&text).cloned() else {
            self.repeats.firsts.insert(text, name.to_owned());
            return None;
        };
        self.by_origin.insert(pointer.to_owned(), first.clone());
        let slot = self.reserve();
        self.slots.insert(name.to_owned(), slot);
        self.defs[slot] = Some(TypeDef {
            name: name.to_owned(),
            origin: pointer.to_owned(),
            docs,
            kind: TypeKind::Alias(Type::Named(first.clone())),
            sent: false,
            gate: Gate::Always,
            copy_of: Some(first.clone()),
        });
        // The repeat is walked as if it were new, for the names of the
        // types inside it: each inner schema repeats the one at the same
        // place in the first, so each becomes an alias of that one's type.
        // The shape it would make is the first's, and is dropped.
        let _ = self.kind_of(schema, pointer, name, problems);
        Some(Type::Named(first))
    }
}
