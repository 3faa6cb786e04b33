//! Inline schemas written again word for word. GitHub's webhook payloads
//! repeat whole objects (an issue, its user, the app and its permissions)
//! in every event: one type each, instead of one per place, halves its
//! crate and its compile time. The repeat keeps its place's name, as an
//! alias of the first type (`TypeDef::copy_of`), so users can still name
//! it where they meet it.

use std::collections::HashMap;

use super::{Gate, Schema, Schemas, Type, TypeDef, TypeKind};

/// The inline schemas that became types, and the places that repeat one.
#[derive(Default)]
pub(super) struct Repeats {
    /// Each inline schema that became a type, by its JSON text: its type's
    /// name and its pointer.
    firsts: HashMap<String, (String, String)>,
    /// The pointer of each repeat, with the pointer of its first.
    copies: Vec<(String, String)>,
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
    pub(super) fn repeat(&mut self, schema: &'a Schema, pointer: &str, name: &str, docs: Option<String>) -> Option<Type> {
        let text = serde_json::to_string(schema).ok()?;
        let Some((first, first_pointer)) = self.repeats.firsts.get(&text).cloned() else {
            self.repeats.firsts.insert(text, (name.to_owned(), pointer.to_owned()));
            return None;
        };
        self.by_origin.insert(pointer.to_owned(), first.clone());
        self.repeats.copies.push((pointer.to_owned(), first_pointer));
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
        Some(Type::Named(first))
    }

    /// The type at `pointer` below a repeat: the type at the same place
    /// below its first, which was made from the same text.
    pub(super) fn typed_in_repeat(&self, pointer: &str) -> Option<&Type> {
        self.repeats.copies.iter().find_map(|(copy, first)| {
            let rest = pointer.strip_prefix(copy.as_str()).filter(|rest| rest.starts_with('/'))?;
            self.typed.get(&format!("{first}{rest}"))
        })
    }
}
