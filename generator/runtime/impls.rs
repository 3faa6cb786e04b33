//! The trait impls every generated model of a kind has in the same words,
//! as macros the generated code calls once per type: a crate with
//! thousands of models spells them out once, here.
//!
//! Paths are absolute and go through `$crate`, so an expansion means the
//! same in any module, whatever names the module's models take.

/// `Serialize` and `Deserialize` for a struct that implements
/// `codegen::Object`: one call each of what every model shares.
#[doc(hidden)]
#[macro_export]
macro_rules! __model {
    ($name:ident) => {
        impl $crate::codegen::serde::Serialize for $name {
            fn serialize<S: $crate::codegen::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::codegen::write_object(self, s)
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::codegen::object(d)
            }
        }
    };
}

/// The impls of a string enum that follow from its `as_str` and
/// `From<String>`: `From<&str>`, `Display`, and serde through the wire
/// value.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_enum {
    ($name:ident) => {
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from(::std::string::String::from(value))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::codegen::serde::Serialize for $name {
            fn serialize<S: $crate::codegen::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::codegen::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::codegen::serde::Deserializer<'de>>(
                d: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <::std::string::String as $crate::codegen::serde::Deserialize>::deserialize(d).map(Self::from)
            }
        }
    };
}
