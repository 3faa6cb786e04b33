//! Untagged unions (`oneOf`/`anyOf` without a discriminator) decode a value
//! as the shape it was made from, whatever the document order: a property
//! test over every untagged union of the fixtures, and the overlap Nexmo's
//! voice API has (a SIP endpoint's fields are a subset of a WebSocket's).

use std::cell::RefCell;
use std::collections::BTreeMap;

use custgen_tests::fixtures::oneof_overlap;
use generator::ir::{Api, Type, TypeDef, TypeKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

/// A small deterministic source of choices, driven by the property's seed.
struct Choices(u64);

impl Choices {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below.max(1)
    }

    fn coin(&mut self) -> bool {
        self.next(2) == 0
    }
}

/// A JSON value of type `ty` as the generated code encodes it, or `None`
/// for a type whose values are not generated here (files, bytes, any JSON,
/// decimals) or past the depth bound.
fn value(ty: &Type, api: &Api, choices: &mut Choices, depth: usize) -> Option<Value> {
    if depth > 4 {
        return None;
    }
    Some(match ty {
        // Text that no date, UUID or number parser takes.
        Type::String => Value::String(format!("s-{}", "xyzw".repeat(usize::try_from(choices.next(3)).unwrap_or(0)))),
        Type::Bool => Value::Bool(choices.coin()),
        Type::I32 | Type::I64 => json!(choices.next(1000)),
        // A fraction, which no integer shape takes.
        Type::F64 => json!(f64::from(u32::try_from(choices.next(100)).unwrap_or(0)) + 0.5),
        Type::DateTime => json!("2024-01-31T12:00:00Z"),
        Type::Date => json!("2024-01-31"),
        Type::Uuid => json!("67e55044-10b1-426f-9247-bb680e5fe0c8"),
        Type::Decimal | Type::File | Type::Bytes | Type::Json => return None,
        Type::Vec(item) => Value::Array((0..choices.next(3)).filter_map(|_| value(item, api, choices, depth + 1)).collect()),
        Type::Map(item) => {
            let entries = (0..choices.next(3)).filter_map(|index| Some((format!("k{index}"), value(item, api, choices, depth + 1)?)));
            Value::Object(entries.collect())
        }
        Type::Nullable(inner) if choices.next(4) == 0 => Value::Null,
        Type::Nullable(inner) | Type::Boxed(inner) => value(inner, api, choices, depth + 1)?,
        Type::Named(name) => named(api.types.iter().find(|def| &def.name == name)?, api, choices, depth)?,
    })
}

fn named(def: &TypeDef, api: &Api, choices: &mut Choices, depth: usize) -> Option<Value> {
    match &def.kind {
        TypeKind::Struct(fields) => {
            let mut object = serde_json::Map::new();
            for field in fields {
                if field.flatten {
                    continue;
                }
                // Optional fields are left out or set, never `null` (which a
                // received type reads as absent), and always set when a
                // default would fill them in.
                let wanted = field.required || field.default.is_some() || choices.coin();
                if !wanted {
                    continue;
                }
                let generated = if field.required && field.nullable && choices.next(4) == 0 {
                    Some(Value::Null)
                } else {
                    value(&field.ty, api, choices, depth + 1)
                };
                match generated {
                    Some(generated) => {
                        object.insert(field.wire_name.clone(), generated);
                    }
                    None if field.required => return None,
                    None => {}
                }
            }
            Some(Value::Object(object))
        }
        TypeKind::Enum { variants, .. } => {
            let at = usize::try_from(choices.next(variants.len() as u64)).ok()?;
            Some(Value::String(variants.get(at)?.value.clone()))
        }
        TypeKind::OneOf { variants, .. } => value(&variants.first()?.ty, api, choices, depth + 1),
        TypeKind::Alias(inner) | TypeKind::Newtype(inner) => value(inner, api, choices, depth + 1),
    }
}

/// One untagged union: its module's model, its name, and its shapes (the
/// variant's name and type).
type Union = (Api, String, Vec<(String, Type)>);

/// Every untagged union of every fixture.
fn unions() -> Vec<Union> {
    let mut found = Vec::new();
    let dir = crate::root().join("tests/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").map(|entry| entry.expect("entry").path()).collect();
    paths.sort();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        let source = generator::SpecSource { path: path.display().to_string(), text };
        let api = generator::build_apis(&[source]).expect("builds").remove(0);
        for def in &api.types {
            if let TypeKind::OneOf { variants, discriminator: None } = &def.kind {
                let shapes = variants.iter().map(|variant| (variant.name.clone(), variant.ty.clone())).collect();
                found.push((api.clone(), def.name.clone(), shapes));
            }
        }
    }
    found
}

#[test]
fn every_untagged_union_of_the_fixtures_decodes_each_shape_back_to_itself() {
    let unions = unions();
    // Eight written; `oneof_nullable` writes one twice, and a repeat is the same type.
    assert!(unions.len() >= 7, "{} unions", unions.len());
    let checked: RefCell<BTreeMap<String, usize>> = RefCell::default();
    for (api, union, shapes) in &unions {
        for (shape, ty) in shapes {
            let mut runner = TestRunner::new(Config { cases: 64, failure_persistence: None, ..Config::default() });
            let outcome = runner.run(&any::<u64>(), |seed| {
                let Some(encoded) = value(ty, api, &mut Choices(seed | 1), 0) else { return Ok(()) };
                let decoded = custgen_tests::fixtures::decode_union(&api.module, union, encoded.clone());
                let Some(decoded) = decoded else { panic!("{}::{union} has no decoder", api.module) };
                let (became, encoded_again) = decoded.map_err(|error| TestCaseError::fail(format!("{encoded}: {error}")))?;
                prop_assert_eq!(&became, shape, "{}::{} from {}", api.module, union, encoded);
                prop_assert_eq!(&encoded_again, &encoded, "{}::{}::{}", api.module, union, shape);
                *checked.borrow_mut().entry(format!("{}::{union}::{shape}", api.module)).or_default() += 1;
                Ok(())
            });
            if let Err(error) = outcome {
                panic!("{}::{union}::{shape}: {error}", api.module);
            }
        }
    }
    // Every shape whose values are generated here was checked.
    let checked = checked.into_inner();
    assert!(checked.len() >= 20, "{checked:#?}");
}

/// A WebSocket endpoint also fits the SIP shape (its fields are a subset),
/// which would drop `content-type` and `headers`: it decodes as a WebSocket
/// with every field, and the shapes' order does not depend on where the
/// schemas sit in the document.
#[test]
fn a_value_that_fits_a_shape_exactly_never_decodes_as_one_that_drops_fields() {
    let body = json!({"to": [
        {"type": "websocket", "uri": "wss://example.com/socket", "content-type": "audio/l16;rate=16000", "headers": {"app": "demo"}},
        {"type": "sip", "uri": "sip:rebekka@sip.example.com"}
    ]});
    let holder: oneof_overlap::Holder = serde_json::from_value(body.clone()).expect("decodes");
    let to = holder.to.clone().expect("the endpoints");
    let oneof_overlap::HolderToItem::EndpointWebsocket(websocket) = &to[0] else { panic!("{:?}", to[0]) };
    assert_eq!(websocket.content_type, "audio/l16;rate=16000");
    assert_eq!(websocket.headers.as_ref().and_then(|headers| headers.get("app")).map(String::as_str), Some("demo"));
    assert!(matches!(&to[1], oneof_overlap::HolderToItem::EndpointSip(sip) if sip.uri.as_deref() == Some("sip:rebekka@sip.example.com")));
    assert_eq!(serde_json::to_value(&holder).expect("encodes"), body, "nothing dropped");

    let text = std::fs::read_to_string(crate::root().join("tests/fixtures/oneof_overlap.yaml")).expect("fixture");
    let order = |text: String| {
        let api = generator::build_apis(&[generator::SpecSource { path: "spec/x.yaml".to_owned(), text }]).expect("builds").remove(0);
        let def = api.types.iter().find(|def| matches!(def.kind, TypeKind::OneOf { .. })).expect("the union").clone();
        let TypeKind::OneOf { variants, .. } = def.kind else { unreachable!() };
        variants.into_iter().map(|variant| variant.name).collect::<Vec<_>>()
    };
    let renamed = text.replace("Holder", "ZHolder");
    assert_eq!(order(text), ["EndpointWebsocket", "EndpointSip"]);
    assert_eq!(order(renamed), ["EndpointWebsocket", "EndpointSip"], "a holder that sorts after its members changes nothing");
}
