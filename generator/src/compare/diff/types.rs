//! Named types compared by name: kinds, fields, enum values, `oneOf`
//! shapes, and the tag features an item compiles under.

use std::collections::BTreeMap;

use super::{Changes, Kind, kind};
use crate::ir::{Api, Field, Gate, OneOfVariant, TypeDef, TypeKind};

impl Changes {
    pub(super) fn types(&mut self, old: &Api, new: &Api) {
        let module = &new.module;
        let old_types: BTreeMap<&str, &TypeDef> = old.types.iter().map(|def| (def.name.as_str(), def)).collect();
        for def in &old.types {
            if !new.types.iter().any(|other| other.name == def.name) {
                let item = format!("{}::{}", old.module, def.name);
                self.add(old, Kind::TypeRemoved, &def.origin, &item, format!("type `{}` removed", def.name), true);
            }
        }
        for def in &new.types {
            let item = format!("{module}::{}", def.name);
            let Some(before) = old_types.get(def.name.as_str()) else {
                self.add(new, Kind::TypeAdded, &def.origin, &item, format!("type `{}` added", def.name), false);
                continue;
            };
            if before.gate != def.gate {
                self.gate(new, &def.origin, &item, &before.gate, &def.gate);
            }
            match (&before.kind, &def.kind) {
                (TypeKind::Struct(old_fields), TypeKind::Struct(new_fields)) => {
                    self.fields(new, def, old_fields, new_fields);
                    if before.sent != def.sent {
                        self.wrapper_change(new, def, old_fields, new_fields);
                    }
                }
                (TypeKind::Enum { variants: old_values, .. }, TypeKind::Enum { variants: new_values, .. }) => {
                    let pointer = format!("{}/enum", def.origin);
                    for value in old_values.iter().filter(|value| !new_values.iter().any(|other| other.value == value.value)) {
                        let item = format!("{item}::{}", value.name);
                        self.add(new, Kind::EnumValueRemoved, &pointer, &item, format!("enum value `{}` removed", value.value), true);
                    }
                    for value in new_values.iter().filter(|value| !old_values.iter().any(|other| other.value == value.value)) {
                        // The enum is non-exhaustive: a `match` elsewhere already has a wildcard arm.
                        let item = format!("{item}::{}", value.name);
                        self.add(new, Kind::EnumValueAdded, &pointer, &item, format!("enum value `{}` added", value.value), false);
                    }
                }
                (TypeKind::OneOf { variants: old_shapes, .. }, TypeKind::OneOf { variants: new_shapes, .. }) => {
                    let names = |shapes: &[OneOfVariant]| shapes.iter().map(|shape| shape.ty.to_string()).collect::<Vec<_>>();
                    if names(old_shapes) != names(new_shapes) {
                        let description = format!("shapes changed from {} to {}", names(old_shapes).join(" | "), names(new_shapes).join(" | "));
                        self.add(new, Kind::OneOfShapesChanged, &def.origin, &item, description, true);
                    }
                }
                (TypeKind::Alias(old_ty), TypeKind::Alias(new_ty)) | (TypeKind::Newtype(old_ty), TypeKind::Newtype(new_ty)) => {
                    if old_ty != new_ty {
                        let description = format!("type changed from `{old_ty}` to `{new_ty}`");
                        self.add(new, Kind::TypeChanged, &def.origin, &item, description, true);
                    }
                }
                (_, TypeKind::Alias(first)) if def.copy_of.is_some() && before.copy_of.is_none() => {
                    let description = format!("now an alias of `{first}`, whose schema it repeats word for word");
                    self.add(new, Kind::TypeBecameRepeat, &def.origin, &item, description, false);
                }
                (old_kind, new_kind) => {
                    let description = format!("changed from {} to {}", kind(old_kind), kind(new_kind));
                    self.add(new, Kind::TypeKindChanged, &def.origin, &item, description, true);
                }
            }
        }
    }

    /// An item compiled under other tag features (`x-custgen-tag-features`):
    /// breaking when a feature that compiled it no longer does, since a
    /// crate that enabled only that feature loses the item.
    pub(super) fn gate(&mut self, api: &Api, pointer: &str, item: &str, before: &Gate, after: &Gate) {
        let features = |gate: &Gate| match gate {
            Gate::Always => "always compiled".to_owned(),
            Gate::Any(features) => {
                let list: Vec<String> = features.iter().map(|feature| format!("`{feature}`")).collect();
                format!("compiled with {}", list.join(" or "))
            }
        };
        let breaking = match (before, after) {
            (_, Gate::Always) => false,
            (Gate::Always, Gate::Any(_)) => true,
            (Gate::Any(old), Gate::Any(new)) => old.iter().any(|feature| !new.contains(feature)),
        };
        let description = format!("{} (was {})", features(after), features(before));
        self.add(api, Kind::FeatureGateChanged, pointer, item, description, breaking);
    }

    /// A type that a request starts (or stops) sending changes the wrapper
    /// of its optional nullable fields between `Option` and `Nullable`,
    /// though no field of its schema changed.
    fn wrapper_change(&mut self, api: &Api, def: &TypeDef, before: &[Field], after: &[Field]) {
        let (from, to, why) =
            if def.sent { ("Option", "Nullable", "a request now sends this type") } else { ("Nullable", "Option", "no request sends this type any more") };
        for field in after.iter().filter(|field| field.nullable && !field.required) {
            if before.iter().any(|old| old.wire_name == field.wire_name && old.nullable && !old.required) {
                let item = format!("{}::{}::{}", api.module, def.name, field.name);
                let description = format!("field `{}` changed from `{from}<T>` to `{to}<T>`: {why}", field.wire_name);
                self.add(api, Kind::FieldWrapperChanged, &field.origin, &item, description, true);
            }
        }
    }

    /// Fields by wire name. Structs are `#[non_exhaustive]` and built with
    /// `new(required…)` or `default()`, so an optional field added breaks
    /// no one; a required one changes `new`.
    fn fields(&mut self, api: &Api, def: &TypeDef, before: &[Field], after: &[Field]) {
        let item = |field: &Field| format!("{}::{}::{}", api.module, def.name, field.name);
        for field in before.iter().filter(|field| !after.iter().any(|other| other.wire_name == field.wire_name)) {
            self.add(api, Kind::FieldRemoved, &field.origin, &item(field), format!("field `{}` removed", field.wire_name), true);
        }
        for field in after {
            let Some(old) = before.iter().find(|other| other.wire_name == field.wire_name) else {
                let (kind, required) = if field.required { (Kind::RequiredFieldAdded, "required") } else { (Kind::OptionalFieldAdded, "optional") };
                let description = format!("{required} field `{}` added", field.wire_name);
                self.add(api, kind, &field.origin, &item(field), description, field.required);
                continue;
            };
            let name = &field.wire_name;
            if old.ty != field.ty {
                let description = format!("field `{name}` type changed from `{}` to `{}`", old.ty, field.ty);
                self.add(api, Kind::FieldTypeChanged, &field.origin, &item(field), description, true);
            } else if old.format != field.format {
                // The Rust type is the same (a format it maps, like
                // `date-time`, changes the type above): callers see no change.
                let show = |format: &Option<String>| format.clone().unwrap_or_else(|| "none".to_owned());
                let description =
                    format!("field `{name}` format changed from {} to {} (same Rust type)", show(&old.format), show(&field.format));
                self.add(api, Kind::FieldFormatChanged, &field.origin, &item(field), description, false);
            }
            if old.required != field.required {
                let (from, to) = if field.required { ("optional", "required") } else { ("required", "optional") };
                let description = format!("field `{name}` changed from {from} to {to}");
                self.add(api, Kind::FieldRequirednessChanged, &field.origin, &item(field), description, true);
            }
            if old.nullable != field.nullable {
                let now = if field.nullable { "now nullable" } else { "no longer nullable" };
                // In a type only received, an optional field is `Option<T>`
                // whether or not it is nullable (`null` reads as `None`).
                let breaking = old.required != field.required || wrapper(old, def.sent) != wrapper(field, def.sent);
                self.add(api, Kind::FieldNullabilityChanged, &field.origin, &item(field), format!("field `{name}` is {now}"), breaking);
            }
        }
    }
}

/// The wrapper a field's type gets (see `emit::types::field`).
fn wrapper(field: &Field, sent: bool) -> &'static str {
    match (field.required, field.nullable) {
        (true, false) => "T",
        (false, true) if sent => "Nullable<T>",
        _ => "Option<T>",
    }
}
