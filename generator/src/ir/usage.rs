//! Which types a request sends. Only those need `Nullable` for their
//! optional nullable fields (to say "send `null`" apart from "leave out");
//! in a type that is only received, `null` and absence mean the same to
//! the caller and read as `None`.

use std::collections::{HashMap, HashSet};

use super::{Operation, Type, TypeDef, TypeKind};

/// Sets [`TypeDef::sent`] on every type a request body or parameter
/// reaches, through fields, items, map values, variants and aliases. A
/// document without operations describes only models, any of which a
/// caller may send: there, every type counts as sent.
pub(super) fn mark_sent(types: &mut [TypeDef], operations: &[Operation]) {
    if operations.is_empty() {
        types.iter_mut().for_each(|def| def.sent = true);
        return;
    }
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(at, def)| (def.name.as_str(), at)).collect();
    let mut sent: HashSet<usize> = HashSet::new();
    let mut pending: Vec<&Type> = operations
        .iter()
        .flat_map(|operation| operation.params.iter().map(|param| &param.ty).chain(operation.body.iter().map(|body| &body.ty)))
        .collect();
    while let Some(ty) = pending.pop() {
        match ty {
            Type::Named(name) => {
                let Some(&at) = index.get(name.as_str()) else { continue };
                if !sent.insert(at) {
                    continue;
                }
                match &types[at].kind {
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
    for at in sent {
        types[at].sent = true;
    }
}
