//! Repeated inline schemas (`ir/schemas/repeats.rs`) seen through their
//! aliases. Which place of a group of identical schemas comes first
//! decides the name of their one type; a version that adds an earlier
//! place, or changes the first, moves the type to another name and leaves
//! the old one an alias of it. Code that named either still compiles, so
//! before the two versions are compared every type name is read as the
//! type it stands for in the new version.

use std::collections::HashMap;

use crate::ir::{Api, ResponseBody, Type, TypeKind};

/// `api` with every named type read as the type its name stands for in
/// `new`: a repeat's alias as the type it repeats.
pub(super) fn through_aliases(api: &Api, new: &Api) -> Api {
    let first: HashMap<&str, &str> = new.types.iter().filter_map(|def| Some((def.name.as_str(), def.copy_of.as_deref()?))).collect();
    let mut api = api.clone();
    let read = |ty: &mut Type| rename(ty, &first);
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(fields) => fields.iter_mut().for_each(|field| read(&mut field.ty)),
            TypeKind::OneOf { variants, .. } => variants.iter_mut().for_each(|variant| read(&mut variant.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => read(ty),
            TypeKind::Enum { .. } => {}
        }
    }
    for operation in &mut api.operations {
        operation.params.iter_mut().for_each(|param| read(&mut param.ty));
        if let Some(body) = &mut operation.body {
            read(&mut body.ty);
        }
        operation.response_headers.iter_mut().for_each(|header| read(&mut header.ty));
        if let Some(pagination) = &mut operation.pagination {
            read(&mut pagination.item);
        }
        for outcome in operation.successes.iter_mut().chain(&mut operation.errors) {
            outcome.headers.iter_mut().for_each(|header| read(&mut header.ty));
            if let ResponseBody::Json { ty, .. } = &mut outcome.body {
                read(ty);
            }
        }
    }
    api
}

fn rename(ty: &mut Type, first: &HashMap<&str, &str>) {
    match ty {
        Type::Named(name) => {
            if let Some(first) = first.get(name.as_str()) {
                *name = (*first).to_owned();
            }
        }
        Type::Vec(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => rename(inner, first),
        _ => {}
    }
}
