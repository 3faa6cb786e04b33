//! Which types an operation reaches, through fields, items, map values,
//! variants and aliases: the walk behind "sent" types and tag features.
//!
//! Only types a request sends need `Nullable` for their optional nullable
//! fields (to say "send `null`" apart from "leave out"); in a type that is
//! only received, `null` and absence mean the same to the caller and read
//! as `None`.

use std::collections::HashMap;

use super::{Operation, ResponseBody, Type, TypeDef, TypeKind};

/// Finds the named types reachable from a set of types.
pub(super) struct Reach<'a> {
    types: &'a [TypeDef],
    index: HashMap<&'a str, usize>,
}

impl<'a> Reach<'a> {
    pub(super) fn new(types: &'a [TypeDef]) -> Self {
        Self { types, index: types.iter().enumerate().map(|(at, def)| (def.name.as_str(), at)).collect() }
    }

    /// Indices into the types of every named type `roots` reach, each once.
    pub(super) fn from<'t>(&self, roots: impl IntoIterator<Item = &'t Type>) -> Vec<usize>
    where
        'a: 't,
    {
        let mut seen = vec![false; self.types.len()];
        let mut found = Vec::new();
        let mut pending: Vec<&Type> = roots.into_iter().collect();
        while let Some(ty) = pending.pop() {
            match ty {
                Type::Named(name) => {
                    let Some(&at) = self.index.get(name.as_str()) else { continue };
                    if std::mem::replace(&mut seen[at], true) {
                        continue;
                    }
                    found.push(at);
                    match &self.types[at].kind {
                        TypeKind::Struct(fields) => pending.extend(fields.iter().map(|field| &field.ty)),
                        TypeKind::OneOf { variants, .. } => pending.extend(variants.iter().map(|variant| &variant.ty)),
                        TypeKind::Alias(inner) | TypeKind::Newtype(inner) => pending.push(inner),
                        TypeKind::Enum { .. } => {}
                    }
                }
                Type::Vec(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => pending.push(inner),
                _ => {}
            }
        }
        found
    }
}

/// The types a request of `operation` carries: parameters and body.
pub(super) fn sent_by(operation: &Operation) -> impl Iterator<Item = &Type> {
    operation.params.iter().map(|param| &param.ty).chain(operation.body.iter().map(|body| &body.ty))
}

/// Every type `operation` names: what it sends, its responses' bodies and
/// headers, and its page items.
pub(super) fn used_by(operation: &Operation) -> impl Iterator<Item = &Type> {
    let outcomes = operation.successes.iter().chain(&operation.errors);
    sent_by(operation)
        .chain(outcomes.clone().filter_map(|outcome| match &outcome.body {
            ResponseBody::Json { ty, .. } => Some(ty),
            ResponseBody::Empty | ResponseBody::Raw { .. } => None,
        }))
        .chain(outcomes.flat_map(|outcome| outcome.headers.iter().map(|header| &header.ty)))
        .chain(operation.response_headers.iter().map(|header| &header.ty))
        .chain(operation.pagination.iter().map(|pagination| &pagination.item))
}

/// Sets [`TypeDef::sent`] on every type a request body or parameter
/// reaches. A document without operations describes only models, any of
/// which a caller may send: there, every type counts as sent.
pub(super) fn mark_sent(types: &mut [TypeDef], operations: &[Operation]) {
    if operations.is_empty() {
        types.iter_mut().for_each(|def| def.sent = true);
        return;
    }
    let sent = Reach::new(types).from(operations.iter().flat_map(sent_by));
    for at in sent {
        types[at].sent = true;
    }
}
