//! Tag features (`x-custgen-tag-features: true` on `info`): each tag's
//! operations compile only under a cargo feature named after the tag, and
//! each type under the features of the operations that reach it, so a
//! crate that needs three tags of a large API compiles three tags' worth,
//! and a type several of them share compiles once.
//!
//! An operation without tags, and whatever it reaches, is always compiled;
//! so is a type every tag reaches, since any selection needs it.
//! Types no operation reaches go behind one more feature,
//! `<module>-schemas`. Features are named once here, in order of first use
//! in the document.

use std::collections::{BTreeSet, HashMap};

use super::naming::{Namespace, feature_name};
use super::usage::{Reach, used_by};
use super::{Api, Gate, TagFeature, Type};

/// Sets the gate of every operation, type and security scheme of `api`
/// and lists its features.
pub(super) fn assign(api: &mut Api) {
    let mut names = Namespace::default();
    let schemas = names.claim(feature_name(&api.module, "schemas"));
    let mut features: Vec<TagFeature> = Vec::new();
    let mut by_tag: HashMap<String, usize> = HashMap::new();
    let mut op_features: Vec<BTreeSet<usize>> = Vec::with_capacity(api.operations.len());
    for operation in &api.operations {
        let of_op = operation
            .tags
            .iter()
            .map(|tag| {
                *by_tag.entry(tag.clone()).or_insert_with(|| {
                    features.push(TagFeature { name: names.claim(feature_name(&api.module, tag)), tag: Some(tag.clone()) });
                    features.len() - 1
                })
            })
            .collect();
        op_features.push(of_op);
    }

    // Per type: `None` while unreached, then the features that reach it
    // (empty: reached by an operation without tags, so always compiled).
    let reach = Reach::new(&api.types);
    let mut type_features: Vec<Option<BTreeSet<usize>>> = vec![None; api.types.len()];
    let untagged = api.operations.iter().zip(&op_features).filter(|(_, of_op)| of_op.is_empty());
    for at in reach.from(untagged.flat_map(|(operation, _)| used_by(operation))) {
        type_features[at] = Some(BTreeSet::new());
    }
    for feature in 0..features.len() {
        let operations = api.operations.iter().zip(&op_features).filter(|(_, of_op)| of_op.contains(&feature));
        for at in reach.from(operations.flat_map(|(operation, _)| used_by(operation))) {
            add(&mut type_features[at], feature);
        }
    }
    // No operation names a repeated inline schema's alias (they use the
    // type it repeats): it compiles wherever that type does.
    let at_name: HashMap<&str, usize> = api.types.iter().enumerate().map(|(at, def)| (def.name.as_str(), at)).collect();
    for (at, def) in api.types.iter().enumerate() {
        if let Some(&first) = def.copy_of.as_deref().and_then(|first| at_name.get(first)) {
            type_features[at] = type_features[first].clone();
        }
    }
    let unused: Vec<Type> = api
        .types
        .iter()
        .zip(&type_features)
        .filter(|(_, reached)| reached.is_none())
        .map(|(def, _)| Type::Named(def.name.clone()))
        .collect();
    if !unused.is_empty() {
        features.push(TagFeature { name: schemas, tag: None });
        let feature = features.len() - 1;
        for at in reach.from(&unused) {
            add(&mut type_features[at], feature);
        }
    }

    let gate = |set: &BTreeSet<usize>| match set.is_empty() {
        true => Gate::Always,
        false => Gate::Any(set.iter().map(|&at| features[at].name.clone()).collect()),
    };
    // A type every tag reaches compiles with any selection that calls an
    // operation, so it is not gated at all.
    let tags = features.iter().filter(|feature| feature.tag.is_some()).count();
    for (def, reached) in api.types.iter_mut().zip(&type_features) {
        // Every type is reached by now: by an operation or as unused.
        def.gate = match reached {
            Some(set) if set.range(..tags).count() < tags => gate(set),
            _ => Gate::Always,
        };
    }
    for (operation, of_op) in api.operations.iter_mut().zip(&op_features) {
        operation.gate = gate(of_op);
    }
    for (index, scheme) in api.auth_schemes.iter_mut().enumerate() {
        let users: Vec<&BTreeSet<usize>> =
            api.operations.iter().zip(&op_features).filter(|(op, _)| op.auth == Some(index)).map(|(_, of_op)| of_op).collect();
        scheme.gate = match users.iter().any(|of_op| of_op.is_empty()) {
            true => Gate::Always,
            false => gate(&users.into_iter().flatten().copied().collect()),
        };
    }
    api.features = features;
}

/// Records that `feature` reaches a type, unless the type is always
/// compiled anyway.
fn add(reached: &mut Option<BTreeSet<usize>>, feature: usize) {
    match reached {
        Some(set) if set.is_empty() => {}
        Some(set) => {
            set.insert(feature);
        }
        None => *reached = Some(BTreeSet::from([feature])),
    }
}
