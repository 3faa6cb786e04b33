//! What generated `Deserialize` impls of objects share.
//!
//! A derived `Deserialize` for a struct expands to about 300 lines (a field
//! identifier type, a sequence visitor, a map visitor), and a crate with
//! thousands of models pays for each of them on every clean build. The
//! generated impls instead read the object key by key into one [`Slot`] per
//! field ([`Object::read`]) and leave the rest to the helpers here,
//! written once: one visitor for every model ([`object`]), slots, keys.
//!
//! Behaviour matches the derive where it matters: unknown keys are skipped,
//! a repeated key is an error, a missing required field is an error naming
//! it, and an absent `Option` field is `None`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// An object key, borrowed from the input when the format allows.
#[derive(Debug)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The value of one field while its object is being read.
#[derive(Debug)]
pub struct Slot<T> {
    name: &'static str,
    value: Option<T>,
}

impl<T> Slot<T> {
    /// An empty slot for the field with this wire name.
    pub fn new(name: &'static str) -> Self {
        Self { name, value: None }
    }

    /// Reads the field's value from `map`; a second value for the same key
    /// is an error, as with a derived impl.
    pub fn fill<'de, A: MapAccess<'de>>(&mut self, map: &mut A) -> Result<(), A::Error>
    where
        T: Deserialize<'de>,
    {
        if self.value.is_some() {
            return Err(de::Error::duplicate_field(self.name));
        }
        self.value = Some(map.next_value().map_err(expected::<T, A::Error>)?);
        Ok(())
    }

    /// The value of a required field; an error naming it when absent.
    pub fn required<E: de::Error>(self) -> Result<T, E> {
        self.value.ok_or_else(|| E::missing_field(self.name))
    }

    /// The value, or `T::default()` when absent (`None`, `Nullable::Absent`).
    pub fn or_default(self) -> T
    where
        T: Default,
    {
        self.value.unwrap_or_default()
    }

    /// The value, or the spec's default when absent.
    pub fn or_else(self, default: fn() -> T) -> T {
        self.value.unwrap_or_else(default)
    }
}

/// Reads an object's keys and values for a generated [`Object::read`]. The
/// first error ends the keys and is returned by [`Reader::end`], so the
/// generated code needs no `?` a field: a crate of a thousand models checks
/// in a sixth less time than with one.
pub struct Reader<'de, A: MapAccess<'de>> {
    map: A,
    error: Option<A::Error>,
    input: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    /// Starts reading `map`.
    pub fn new(map: A) -> Self {
        Self { map, error: None, input: PhantomData }
    }

    /// The next key; `None` at the end of the object or after an error.
    pub fn key(&mut self) -> Option<Key<'de>> {
        if self.error.is_some() {
            return None;
        }
        self.map.next_key().unwrap_or_else(|error| {
            self.error = Some(error);
            None
        })
    }

    /// Reads the value of the key just read into `slot`.
    pub fn fill<T: Deserialize<'de>>(&mut self, slot: &mut Slot<T>) {
        if let Err(error) = slot.fill(&mut self.map) {
            self.error = Some(error);
        }
    }

    /// Reads and drops the value of a key the model does not know.
    pub fn skip(&mut self) {
        if let Err(error) = skip_value(&mut self.map) {
            self.error = Some(error);
        }
    }

    /// The first error, if any.
    pub fn end(self) -> Result<(), A::Error> {
        self.error.map_or(Ok(()), Err)
    }
}

/// A model read from a JSON object, key by key, and written as one.
pub trait Object: Sized {
    /// Reads the model from the keys and values of `map`.
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;

    /// Writes the model's fields, leaving out the unset optional ones.
    fn write<M: serde::ser::SerializeMap>(&self, w: &mut crate::writer::Writer<M>);
}

/// Deserializes an [`Object`]: what a model's `Deserialize` impl calls.
pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = std::any::type_name::<T>();
        write!(f, "a {} object", name.rsplit("::").next().unwrap_or(name))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// Reads and drops the value of a key the model does not know.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// Decodes an untagged union (`oneOf`/`anyOf` without a discriminator):
/// every shape is tried, and the one kept is the first that decodes the
/// value and, for an object, accounts for the most of its keys, so a value
/// that fits one shape exactly never decodes as another that drops its
/// fields. Shapes are tried in the order given (most specific first), and
/// trying stops at a shape that accounts for every key.
pub struct Untagged<T> {
    value: serde_json::Value,
    /// The shape kept so far and how many of the object's keys it leaves out.
    best: Option<(usize, T)>,
    /// The first shape's error, for when none fits.
    first_error: Option<serde_json::Error>,
}

impl<T> Untagged<T> {
    /// Starts with the value to decode.
    pub fn new(value: serde_json::Value) -> Self {
        Self { value, best: None, first_error: None }
    }

    /// Tries one shape, a variant holding a `V`: `keys` are the object
    /// keys a `V` reads (`None`: it keeps every key, or it is not an
    /// object), `variant` makes the union of it.
    pub fn shape<V: de::DeserializeOwned>(&mut self, keys: Option<&[&str]>, variant: fn(V) -> T) {
        if matches!(self.best, Some((0, _))) {
            return;
        }
        let left_out = match (&self.value, keys) {
            (serde_json::Value::Object(object), Some(keys)) => object.keys().filter(|key| !keys.contains(&key.as_str())).count(),
            _ => 0,
        };
        if self.best.as_ref().is_some_and(|(best, _)| *best <= left_out) {
            return;
        }
        match serde_json::from_value(self.value.clone()) {
            Ok(decoded) => self.best = Some((left_out, variant(decoded))),
            Err(error) => {
                self.first_error.get_or_insert(error);
            }
        }
    }

    /// The shape kept; an error naming the union when no shape fits.
    pub fn finish<E: de::Error>(self, name: &str) -> Result<T, E> {
        match (self.best, self.first_error) {
            (Some((_, decoded)), _) => Ok(decoded),
            (None, Some(error)) => Err(E::custom(format_args!("the value fits none of `{name}`'s shapes; the first says: {error}"))),
            (None, None) => Err(E::custom(format_args!("`{name}` has no shape"))),
        }
    }
}

/// What a value of a type with a textual form must look like, for types
/// whose parser alone would only say what went wrong ("trailing input").
fn expectation(type_name: &str) -> Option<&'static str> {
    if type_name.contains("chrono::naive::date::NaiveDate") {
        Some("a date (YYYY-MM-DD)")
    } else if type_name.contains("chrono::datetime::DateTime<") {
        Some("a date-time (RFC 3339, such as 2024-01-31T12:00:00Z)")
    } else if type_name.contains("uuid::Uuid") {
        Some("a UUID (such as 67e55044-10b1-426f-9247-bb680e5fe0c8)")
    } else if type_name.contains("::Decimal") {
        Some("a decimal number")
    } else {
        None
    }
}

/// `error` with what a `T` must look like in front; its position is left
/// to the JSON reader, which adds it once.
fn expected<T, E: de::Error>(error: E) -> E {
    let Some(what) = expectation(std::any::type_name::<T>()) else { return error };
    let text = error.to_string();
    let text = text.split(" at line ").next().unwrap_or(&text);
    E::custom(format_args!("expected {what}: {text}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a generated impl looks like, by hand: `id` required,
    /// `name` optional, `size` with a default.
    #[derive(Debug, PartialEq)]
    struct Thing {
        id: u32,
        name: Option<String>,
        size: u8,
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            object(d)
        }
    }

    impl Object for Thing {
        fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
            let mut r = Reader::new(map);
            let mut id = Slot::new("id");
            let mut name = Slot::new("name");
            let mut size = Slot::new("size");
            while let Some(key) = r.key() {
                match key.as_str() {
                    "id" => r.fill(&mut id),
                    "name" => r.fill(&mut name),
                    "size" => r.fill(&mut size),
                    _ => r.skip(),
                }
            }
            r.end()?;
            Ok(Thing { id: id.required()?, name: name.or_default(), size: size.or_else(|| 7) })
        }

        fn write<M: serde::ser::SerializeMap>(&self, w: &mut crate::writer::Writer<M>) {
            w.entry("id", &self.id);
            w.some("name", &self.name);
            w.entry("size", &self.size);
        }
    }

    /// A model with a date, as generated.
    #[derive(Debug)]
    struct Dated {
        #[allow(dead_code)]
        on: Vec<chrono::NaiveDate>,
    }

    impl<'de> Deserialize<'de> for Dated {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            object(d)
        }
    }

    impl Object for Dated {
        fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
            let mut r = Reader::new(map);
            let mut on = Slot::new("on");
            while let Some(key) = r.key() {
                match key.as_str() {
                    "on" => r.fill(&mut on),
                    _ => r.skip(),
                }
            }
            r.end()?;
            Ok(Dated { on: on.required()? })
        }

        fn write<M: serde::ser::SerializeMap>(&self, w: &mut crate::writer::Writer<M>) {
            w.entry("on", &self.on);
        }
    }

    /// A value of the wrong form says what form was expected, where, and
    /// what was found, not only what the parser tripped on.
    #[test]
    fn a_mistyped_date_says_what_was_expected_and_found() {
        let body = br#"{"on": ["2024-01-31", "2024-01-31T10:00:00Z"]}"#;
        let error = crate::response::decode::<Dated>(http::StatusCode::OK, body).unwrap_err();
        assert_eq!(error.path(), "on[1]");
        assert_eq!(error.found(), Some(r#""2024-01-31T10:00:00Z""#));
        let text = error.to_string();
        assert!(text.contains("at `on[1]`: expected a date (YYYY-MM-DD): trailing input at line 1 column"), "{text}");
        assert!(text.contains(r#"; found "2024-01-31T10:00:00Z"; the body starts"#), "{text}");
        assert_eq!(expectation(std::any::type_name::<Option<uuid::Uuid>>()), Some("a UUID (such as 67e55044-10b1-426f-9247-bb680e5fe0c8)"));
        assert_eq!(expectation(std::any::type_name::<chrono::DateTime<chrono::Utc>>()), Some("a date-time (RFC 3339, such as 2024-01-31T12:00:00Z)"));
        assert_eq!(expectation(std::any::type_name::<crate::Decimal>()), Some("a decimal number"));
        assert_eq!(expectation(std::any::type_name::<String>()), None);
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Narrow {
        kind: String,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Wide {
        kind: String,
        extra: u8,
    }

    #[derive(Debug, PartialEq)]
    enum Either {
        Narrow(Narrow),
        Wide(Wide),
        Number(f64),
    }

    fn either(value: serde_json::Value) -> Result<Either, serde_json::Error> {
        let mut shapes = Untagged::new(value);
        shapes.shape(Some(&["kind"]), Either::Narrow);
        shapes.shape(Some(&["kind", "extra"]), Either::Wide);
        shapes.shape(None, Either::Number);
        shapes.finish("Either")
    }

    /// The shape that keeps every key wins over an earlier one that drops
    /// some; among equals, the earlier; none fitting is an error naming
    /// the union.
    #[test]
    fn an_untagged_union_keeps_the_shape_that_drops_nothing() {
        let wide = either(serde_json::json!({"kind": "w", "extra": 2})).unwrap();
        assert_eq!(wide, Either::Wide(Wide { kind: "w".into(), extra: 2 }));
        let narrow = either(serde_json::json!({"kind": "n"})).unwrap();
        assert_eq!(narrow, Either::Narrow(Narrow { kind: "n".into() }));
        let unknown_key = either(serde_json::json!({"kind": "n", "other": true})).unwrap();
        assert_eq!(unknown_key, Either::Narrow(Narrow { kind: "n".into() }), "both leave `other` out: the earlier wins");
        assert_eq!(either(serde_json::json!(1.5)).unwrap(), Either::Number(1.5));
        let error = either(serde_json::json!("text")).unwrap_err().to_string();
        assert!(error.starts_with("the value fits none of `Either`'s shapes; the first says: "), "{error}");
    }

    #[test]
    fn objects_decode_like_a_derived_impl() {
        let thing: Thing = serde_json::from_str(r#"{"extra": [1, {"a": null}], "id": 3, "name": null}"#).unwrap();
        assert_eq!(thing, Thing { id: 3, name: None, size: 7 });
        let thing: Thing = serde_json::from_str(r#"{"size": 1, "name": "n", "id": 4}"#).unwrap();
        assert_eq!(thing, Thing { id: 4, name: Some("n".into()), size: 1 });
        let mut written = serde_json::Serializer::new(Vec::new());
        crate::writer::write_object(&Thing { id: 4, name: None, size: 1 }, &mut written).unwrap();
        assert_eq!(written.into_inner(), br#"{"id":4,"size":1}"#, "an unset optional field is left out");
        // Keys with escapes cannot be borrowed; they still match.
        let thing: Thing = serde_json::from_str(r#"{"\u0069d": 5}"#).unwrap();
        assert_eq!(thing.id, 5);
    }

    #[test]
    fn missing_repeated_and_mistyped_fields_are_errors_naming_the_field() {
        let missing = serde_json::from_str::<Thing>(r#"{"name": "n"}"#).unwrap_err().to_string();
        assert!(missing.contains("missing field `id`"), "{missing}");
        let repeated = serde_json::from_str::<Thing>(r#"{"id": 1, "id": 2}"#).unwrap_err().to_string();
        assert!(repeated.contains("duplicate field `id`"), "{repeated}");
        let mut reader = serde_json::Deserializer::from_str(r#"{"id": 1, "name": 5}"#);
        let error = serde_path_to_error::deserialize::<_, Thing>(&mut reader).unwrap_err();
        assert_eq!(error.path().to_string(), "name");
        // The first error ends the object: nothing after it is read.
        let first = serde_json::from_str::<Thing>(r#"{"id": 1, "id": 2, "name": 5, "size": -1}"#).unwrap_err().to_string();
        assert!(first.contains("duplicate field `id`"), "{first}");
        let broken = serde_json::from_str::<Thing>(r#"{"extra": [1,, "id": 1}"#).unwrap_err().to_string();
        assert!(broken.contains("expected value at line 1 column 14"), "{broken}");
        let array = serde_json::from_str::<Thing>("[1]").unwrap_err().to_string();
        assert!(array.contains("a Thing object"), "{array}");
    }
}
