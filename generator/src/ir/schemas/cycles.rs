//! Types that contain each other directly get a `Box`, so every type has a
//! size.

use super::*;

/// The named type a field or variant holds inline (not behind a `Vec` or
/// map), whose size therefore adds to its owner's.
pub(super) fn direct_target(ty: &Type, index: &HashMap<String, usize>) -> Option<usize> {
    match ty {
        Type::Named(name) => index.get(name).copied(),
        Type::Nullable(inner) => direct_target(inner, index),
        _ => None,
    }
}

/// The types a type holds inline.
pub(super) fn direct_edges(kind: &TypeKind, index: &HashMap<String, usize>) -> Vec<usize> {
    match kind {
        TypeKind::Struct(fields) => fields.iter().filter_map(|field| direct_target(&field.ty, index)).collect(),
        TypeKind::OneOf { variants, .. } => variants.iter().filter_map(|variant| direct_target(&variant.ty, index)).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => direct_target(ty, index).into_iter().collect(),
        TypeKind::Enum { .. } => Vec::new(),
    }
}

/// Whether `ty` mentions type `target`, looking through aliases: a Rust
/// alias may not mention itself at all, even behind a `Vec`.
pub(super) fn mentions(ty: &Type, target: usize, defs: &[TypeDef], index: &HashMap<String, usize>, seen: &mut Vec<bool>) -> bool {
    match ty {
        Type::Named(name) => match index.get(name) {
            Some(&at) if at == target => true,
            Some(&at) if !std::mem::replace(&mut seen[at], true) => match &defs[at].kind {
                TypeKind::Alias(inner) => mentions(inner, target, defs, index, seen),
                _ => false,
            },
            _ => false,
        },
        Type::Vec(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => {
            mentions(inner, target, defs, index, seen)
        }
        _ => false,
    }
}
