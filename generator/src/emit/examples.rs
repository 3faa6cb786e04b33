//! The round-trip cases of a document's examples: Rust source for the
//! crates that test generated modules (see `templates/round_trip.rs`).

use std::collections::HashMap;

use serde_json::Value;

use super::text::string_literal;
use crate::ir::{Api, Type, TypeDef, TypeKind};
use crate::load::Verdict;

/// The harness the cases run in: `Case`, `round_trip` and `check`.
pub const ROUND_TRIP: &str = include_str!("../../templates/round_trip.rs");

/// A `pub const EXAMPLES: &[Case]` with one case per example of `api` that
/// the validator passed and that has a Rust type. `path` is where the
/// module's types are (`generated_client::fastly`, or empty inside the module), and `krate`
/// where its crate-level types are (`generated_client`, or `crate`); `Case`
/// and `round_trip` must be in scope.
pub fn example_cases(api: &Api, path: &str, krate: &str) -> String {
    let types = Types { all: &api.types, by_name: api.types.iter().map(|def| (def.name.as_str(), def)).collect() };
    let mut cases = String::new();
    for example in &api.examples {
        let (Verdict::Valid, Some(ty)) = (&example.verdict, &example.ty) else { continue };
        if !from_json(ty) {
            continue;
        }
        let json = example.value.to_string();
        let mut alternatives: Vec<String> = Vec::new();
        for value in types.alternatives(&example.value, ty) {
            let text = value.to_string();
            if text != json && !alternatives.contains(&text) {
                alternatives.push(text);
            }
        }
        let expected: Vec<String> = alternatives.iter().map(|text| string_literal(text)).collect();
        cases.push_str(&format!(
            "    Case {{ pointer: {}, json: {}, expected: &[{}], round_trip: round_trip::<{}> }},\n",
            string_literal(&example.pointer),
            string_literal(&json),
            expected.join(", "),
            qualified(ty, path, krate),
        ));
    }
    format!(
        "/// The examples of `{}` that match their schemas, each with the Rust type it decodes into.\npub const EXAMPLES: &[Case] = &[\n{cases}];\n",
        api.source
    )
}

/// The module's types, by name too.
struct Types<'a> {
    all: &'a [TypeDef],
    by_name: HashMap<&'a str, &'a TypeDef>,
}

impl Types<'_> {
    /// What `value` may come back as from a value of `ty`: one value, or
    /// for an untagged union at the top, the value with the defaults of
    /// each shape set (and nothing dropped: a union must never lose what
    /// one of its shapes declares).
    fn alternatives(&self, value: &Value, ty: &Type) -> Vec<Value> {
        let mut resolved = ty;
        loop {
            match resolved {
                Type::Nullable(inner) | Type::Boxed(inner) => resolved = inner,
                Type::Named(name) => match self.by_name.get(name.as_str()).map(|def| &def.kind) {
                    Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => resolved = inner,
                    Some(TypeKind::OneOf { variants, discriminator: None }) => {
                        return variants.iter().map(|variant| expected(value, &variant.ty, self, Rules::DEFAULTS, 0)).collect();
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        vec![expected(value, ty, self, Rules::ALL, 0)]
    }
}

/// Which of the generated types' rules [`expected`] applies.
#[derive(Clone, Copy)]
struct Rules {
    /// A struct drops the members its schema does not declare.
    drop_undeclared: bool,
}

impl Rules {
    const ALL: Self = Self { drop_undeclared: true };
    const DEFAULTS: Self = Self { drop_undeclared: false };
}

/// What `value` comes back as from a value of `ty`, by the rules the
/// generated types follow: a struct keeps only the members its schema
/// declares (unless it keeps the rest in a map), and sets a member whose
/// schema `default` it applies (see `types::applied_default`) when the
/// value leaves it out. A union's value is expected back as it is, unless
/// its tag names the variant: a union must never lose what one of its
/// shapes declares.
fn expected(value: &Value, ty: &Type, types: &Types<'_>, rules: Rules, depth: usize) -> Value {
    if depth > 64 {
        return value.clone();
    }
    match (ty, value) {
        (Type::Vec(item), Value::Array(items)) => {
            Value::Array(items.iter().map(|item_value| expected(item_value, item, types, rules, depth + 1)).collect())
        }
        (Type::Map(inner), Value::Object(members)) => Value::Object(
            members.iter().map(|(key, member)| (key.clone(), expected(member, inner, types, rules, depth + 1))).collect(),
        ),
        (Type::Nullable(inner) | Type::Boxed(inner), _) => expected(value, inner, types, rules, depth + 1),
        (Type::Named(name), _) => match types.by_name.get(name.as_str()).map(|def| &def.kind) {
            Some(TypeKind::Alias(inner) | TypeKind::Newtype(inner)) => expected(value, inner, types, rules, depth + 1),
            Some(TypeKind::Struct(fields)) => match value {
                Value::Object(members) => {
                    let keeps_rest = fields.iter().any(|field| field.flatten);
                    let mut out = serde_json::Map::new();
                    for (key, member) in members {
                        match fields.iter().find(|field| !field.flatten && &field.wire_name == key) {
                            Some(field) => {
                                out.insert(key.clone(), expected(member, &field.ty, types, rules, depth + 1));
                            }
                            None if keeps_rest || !rules.drop_undeclared => {
                                out.insert(key.clone(), member.clone());
                            }
                            None => {}
                        }
                    }
                    for field in fields {
                        let applied = super::types::applied_default(field, types.all).is_some();
                        if let (Some(default), true, false) = (&field.default, applied, out.contains_key(&field.wire_name)) {
                            out.insert(field.wire_name.clone(), default.clone());
                        }
                    }
                    Value::Object(out)
                }
                _ => value.clone(),
            },
            Some(TypeKind::OneOf { variants, discriminator: Some(tag) }) => {
                let named = value.get(&tag.property).and_then(Value::as_str);
                let variant = named.and_then(|named| tag.mapping.iter().find(|(wire, _)| wire == named));
                match variant.and_then(|(_, index)| variants.get(*index)) {
                    Some(variant) => {
                        let mut out = expected(value, &variant.ty, types, rules, depth + 1);
                        if let (Value::Object(out), Some(named)) = (&mut out, named) {
                            out.insert(tag.property.clone(), Value::String(named.to_owned()));
                        }
                        out
                    }
                    None => value.clone(),
                }
            }
            _ => value.clone(),
        },
        _ => value.clone(),
    }
}

/// Whether a value of `ty` is read from JSON: a raw body is not.
fn from_json(ty: &Type) -> bool {
    match ty {
        Type::Bytes => false,
        Type::Vec(inner) | Type::Map(inner) | Type::Nullable(inner) | Type::Boxed(inner) => from_json(inner),
        _ => true,
    }
}

/// `ty` as written outside its module.
fn qualified(ty: &Type, path: &str, krate: &str) -> String {
    match ty {
        Type::Named(name) if path.is_empty() => name.clone(),
        Type::Named(name) => format!("{path}::{name}"),
        Type::Vec(item) => format!("Vec<{}>", qualified(item, path, krate)),
        Type::Map(value) => format!("::std::collections::BTreeMap<String, {}>", qualified(value, path, krate)),
        Type::Nullable(inner) => format!("Option<{}>", qualified(inner, path, krate)),
        Type::Boxed(inner) => format!("Box<{}>", qualified(inner, path, krate)),
        other => match super::types::type_text(other).strip_prefix("crate::") {
            Some(item) => format!("{krate}::{item}"),
            None => super::types::type_text(other),
        },
    }
}
