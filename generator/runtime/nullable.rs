use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field that is optional *and* nullable has three states on the wire,
/// and a request must be able to say each of them:
///
/// - [`Nullable::Absent`]: the field is left out (on update: leave unchanged);
/// - [`Nullable::Null`]: the field is sent as `null`, or empty in a form
///   (on update: clear it);
/// - [`Nullable::Value`]: the field is sent with a value.
///
/// `Option<Option<T>>` can say the same, but reads worse at every call site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Nullable<T> {
    /// Not sent, or not received.
    #[default]
    Absent,
    /// Sent or received as `null`.
    Null,
    /// Sent or received with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// `true` for [`Nullable::Absent`]; generated models use it to leave the field out.
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// `true` for [`Nullable::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> Nullable<T> {
    /// A `Nullable` of a reference to the value, as `Option::as_ref`.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value mapped by `f`; `Absent` and `Null` stay as they are.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Absent => Nullable::Absent,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }

    /// The value, or `default` when absent or null.
    pub fn unwrap_or(self, default: T) -> T {
        self.into_value().unwrap_or(default)
    }
}

/// `Some(value)` sends the value and `None` sends `null`: an `Option` a
/// caller holds is a decision about the field. Leave the field out with
/// [`Nullable::Absent`] (the `Default`).
impl<T> From<Option<T>> for Nullable<T> {
    fn from(value: Option<T>) -> Self {
        match value {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            // `Absent` is skipped by the field's `skip_serializing_if`; where it
            // cannot be skipped (inside an array) `null` is the honest rendering.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// A missing field never reaches this: `#[serde(default)]` makes it `Absent`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}
