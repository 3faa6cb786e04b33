//! The kinds of change spec-diff reports: a stable identifier for tools
//! (`--format json`), a group title for the Markdown report, and the rule
//! behind each verdict. A new kind is one variant and one row in [`KINDS`].

/// What kind of change a [`super::Change`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Kind {
    /// A spec (module) appears.
    ApiAdded,
    /// A spec (module) disappears.
    ApiRemoved,
    /// `x-custgen-module` changed.
    ModuleRenamed,
    /// The first server URL changed, appeared or disappeared.
    DefaultServerChanged,
    /// A security scheme appears.
    SecuritySchemeAdded,
    /// A security scheme disappears.
    SecuritySchemeRemoved,
    /// A security scheme sends its credential elsewhere.
    SecuritySchemeChanged,
    /// An operation (method + path) appears.
    OperationAdded,
    /// An operation (method + path) disappears.
    OperationRemoved,
    /// The same `operationId` under another method or path.
    OperationMoved,
    /// An operation uses another security scheme.
    OperationAuthChanged,
    /// An operation is marked deprecated.
    OperationDeprecated,
    /// A Rust method of an operation is named differently.
    MethodRenamed,
    /// An operation gains a method for a further request media type.
    MethodAdded,
    /// An operation loses the method of one of its request media types.
    MethodRemoved,
    /// A required parameter appears.
    RequiredParameterAdded,
    /// An optional parameter appears.
    OptionalParameterAdded,
    /// A parameter disappears.
    ParameterRemoved,
    /// A parameter becomes required or optional.
    ParameterRequirednessChanged,
    /// A parameter's Rust type changes.
    ParameterTypeChanged,
    /// An operation starts taking a request body.
    RequestBodyAdded,
    /// An operation stops taking a request body.
    RequestBodyRemoved,
    /// The request body's Rust type changes.
    RequestBodyTypeChanged,
    /// The request body is sent as another media type.
    RequestMediaTypeChanged,
    /// A response status is declared.
    ResponseAdded,
    /// A declared response status disappears.
    ResponseRemoved,
    /// A declared response's body changes.
    ResponseChanged,
    /// An operation starts or stops returning a `Page`, or its items change.
    PaginationChanged,
    /// An operation pages by another convention, same items.
    PaginationStyleChanged,
    /// A success response declares a header.
    ResponseHeaderAdded,
    /// A declared response header disappears.
    ResponseHeaderRemoved,
    /// A declared response header's type or requiredness changes.
    ResponseHeaderChanged,
    /// An item compiles under other tag features.
    FeatureGateChanged,
    /// A named type appears.
    TypeAdded,
    /// A named type disappears.
    TypeRemoved,
    /// A type becomes another kind of type (object, enum, alias, …).
    TypeKindChanged,
    /// A type becomes the alias of an identical one: its inline schema now
    /// repeats an earlier one word for word.
    TypeBecameRepeat,
    /// An alias or wrapper stands for another type.
    TypeChanged,
    /// The shapes of a `oneOf` change.
    OneOfShapesChanged,
    /// A string enum gains a value.
    EnumValueAdded,
    /// A string enum loses a value.
    EnumValueRemoved,
    /// A struct gains an optional field.
    OptionalFieldAdded,
    /// A struct gains a required field.
    RequiredFieldAdded,
    /// A struct loses a field.
    FieldRemoved,
    /// A field's Rust type changes.
    FieldTypeChanged,
    /// A field's `format` changes, its Rust type does not.
    FieldFormatChanged,
    /// A field becomes required or optional.
    FieldRequirednessChanged,
    /// A field becomes nullable or stops being nullable.
    FieldNullabilityChanged,
    /// A field switches between `Option<T>` and `Nullable<T>` because a
    /// request starts or stops sending its type.
    FieldWrapperChanged,
}

/// One row of the registry.
pub struct KindInfo {
    /// The kind.
    pub kind: Kind,
    /// Its stable identifier, in `snake_case`.
    pub id: &'static str,
    /// The Markdown report's group title.
    pub title: &'static str,
    /// Why such a change is breaking, when it can be.
    pub breaking: &'static str,
    /// Why such a change is compatible, when it can be.
    pub compatible: &'static str,
}

const fn row(kind: Kind, id: &'static str, title: &'static str, breaking: &'static str, compatible: &'static str) -> KindInfo {
    KindInfo { kind, id, title, breaking, compatible }
}

const NEVER: &str = "";

/// Every kind, in the order the report groups them.
pub const KINDS: &[KindInfo] = &[
    row(Kind::ApiRemoved, "api_removed", "APIs removed", "the module and everything in it are gone", NEVER),
    row(Kind::ModuleRenamed, "module_renamed", "Modules renamed", "every path into the module changes", NEVER),
    row(Kind::DefaultServerChanged, "default_server_changed", "Default servers changed", "requests go to another host, or `Client::new` takes or drops a base URL", NEVER),
    row(Kind::SecuritySchemeRemoved, "security_scheme_removed", "Security schemes removed", "its constant is gone and its operations authenticate otherwise", NEVER),
    row(Kind::SecuritySchemeChanged, "security_scheme_changed", "Security schemes changed", "the credential is sent elsewhere: same code, other requests", NEVER),
    row(Kind::OperationRemoved, "operation_removed", "Operations removed", "the method and its operation struct are gone", NEVER),
    row(Kind::OperationMoved, "operation_moved", "Operations moved", "the same method sends its requests to another method or path", NEVER),
    row(Kind::OperationAuthChanged, "operation_auth_changed", "Operations authenticated differently", "the same call sends another credential", NEVER),
    row(Kind::MethodRenamed, "method_renamed", "Methods renamed", "calls by the old name no longer compile", NEVER),
    row(Kind::MethodRemoved, "method_removed", "Methods removed", "the method for that request media type is gone", NEVER),
    row(Kind::RequiredParameterAdded, "required_parameter_added", "Required parameters added", "the method takes one more argument", NEVER),
    row(Kind::ParameterRemoved, "parameter_removed", "Parameters removed", "its argument or setter is gone", NEVER),
    row(Kind::ParameterRequirednessChanged, "parameter_requiredness_changed", "Parameters made required or optional", "the parameter moves between the method's arguments and the call's setters", NEVER),
    row(Kind::ParameterTypeChanged, "parameter_type_changed", "Parameter types changed", "the argument or setter takes another type", NEVER),
    row(Kind::RequestBodyAdded, "request_body_added", "Request bodies added", "the method takes one more argument", NEVER),
    row(Kind::RequestBodyRemoved, "request_body_removed", "Request bodies removed", "the method takes one argument less", NEVER),
    row(Kind::RequestBodyTypeChanged, "request_body_type_changed", "Request body types changed", "the body argument takes another type", NEVER),
    row(Kind::RequestMediaTypeChanged, "request_media_type_changed", "Request media types changed", "the same body is sent in another encoding", NEVER),
    row(
        Kind::ResponseAdded,
        "response_added",
        "Responses added",
        "the output or error type changes: one success becomes an enum, or an error enum replaces `Infallible`",
        "a new variant of a `#[non_exhaustive]` enum that already existed",
    ),
    row(Kind::ResponseRemoved, "response_removed", "Responses removed", "its enum variant, or the output type, is gone", NEVER),
    row(Kind::ResponseChanged, "response_changed", "Responses changed", "the decoded type changes", NEVER),
    row(Kind::PaginationChanged, "pagination_changed", "Pagination added, removed or changed", "the output changes between a `Page` and the body, or the page's items change", NEVER),
    row(Kind::PaginationStyleChanged, "pagination_style_changed", "Pagination styles changed", NEVER, "the same `Page` of the same items, fetched another way"),
    row(Kind::ResponseHeaderRemoved, "response_header_removed", "Response headers removed", "its field of the `…Headers` struct is gone", NEVER),
    row(Kind::ResponseHeaderChanged, "response_header_changed", "Response headers changed", "its field of the `…Headers` struct has another type", NEVER),
    row(
        Kind::FeatureGateChanged,
        "feature_gate_changed",
        "Tag features changed",
        "a crate that enabled only a feature that compiled the item loses it",
        "every feature that compiled the item still does",
    ),
    row(Kind::TypeRemoved, "type_removed", "Types removed", "the type is gone", NEVER),
    row(Kind::TypeKindChanged, "type_kind_changed", "Types changed kind", "a struct, enum or alias is now another kind of item", NEVER),
    row(Kind::TypeChanged, "type_changed", "Aliases and wrappers changed", "it stands for another type", NEVER),
    row(Kind::OneOfShapesChanged, "one_of_shapes_changed", "oneOf shapes changed", "the enum's variants change", NEVER),
    row(Kind::EnumValueRemoved, "enum_value_removed", "Enum values removed", "the variant is gone", NEVER),
    row(Kind::RequiredFieldAdded, "required_field_added", "Required fields added", "`new` takes one more argument", NEVER),
    row(Kind::FieldRemoved, "field_removed", "Fields removed", "the public field is gone", NEVER),
    row(Kind::FieldTypeChanged, "field_type_changed", "Field types changed", "the public field has another type", NEVER),
    row(Kind::FieldRequirednessChanged, "field_requiredness_changed", "Fields made required or optional", "the field switches between `T` and `Option<T>`, and `new`'s arguments change", NEVER),
    row(
        Kind::FieldNullabilityChanged,
        "field_nullability_changed",
        "Fields made nullable or not",
        "the field switches between `T`, `Option<T>` and `Nullable<T>`",
        "the field keeps its Rust type: an optional field of a type only received is `Option<T>` either way",
    ),
    row(Kind::FieldWrapperChanged, "field_wrapper_changed", "Fields switched between `Option` and `Nullable`", "the field switches between `Option<T>` and `Nullable<T>`", NEVER),
    row(Kind::ApiAdded, "api_added", "APIs added", NEVER, "a new module behind a new cargo feature"),
    row(Kind::SecuritySchemeAdded, "security_scheme_added", "Security schemes added", NEVER, "a new constant"),
    row(Kind::OperationAdded, "operation_added", "Operations added", NEVER, "a new method and operation struct"),
    row(Kind::MethodAdded, "method_added", "Methods added", NEVER, "a new method beside the existing ones"),
    row(Kind::OperationDeprecated, "operation_deprecated", "Operations deprecated", NEVER, "a `#[deprecated]` warning, no error"),
    row(Kind::OptionalParameterAdded, "optional_parameter_added", "Optional parameters added", NEVER, "a new setter on the call"),
    row(Kind::ResponseHeaderAdded, "response_header_added", "Response headers declared", NEVER, "a new field of a `#[non_exhaustive]` struct"),
    row(Kind::TypeAdded, "type_added", "Types added", NEVER, "a new item"),
    row(
        Kind::TypeBecameRepeat,
        "type_became_repeat",
        "Types that became aliases of identical ones",
        NEVER,
        "its schema repeats an earlier one word for word: the name stays, as an alias of that type, and builds, reads and matches as before",
    ),
    row(Kind::EnumValueAdded, "enum_value_added", "Enum values added", NEVER, "a new variant of a `#[non_exhaustive]` enum"),
    row(
        Kind::OptionalFieldAdded,
        "optional_field_added",
        "Optional fields added",
        NEVER,
        "a new field of a `#[non_exhaustive]` struct, which other crates build with `new` or `default()`",
    ),
    row(Kind::FieldFormatChanged, "field_format_changed", "Field formats changed", NEVER, "the Rust type stays the same"),
];

impl Kind {
    /// Its row of [`KINDS`].
    pub fn info(self) -> &'static KindInfo {
        KINDS.iter().find(|info| info.kind == self).expect("every kind has a row in KINDS")
    }

    /// The stable identifier, e.g. `optional_field_added`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The rule behind a verdict on this kind.
    pub fn reason(self, breaking: bool) -> &'static str {
        let info = self.info();
        if breaking { info.breaking } else { info.compatible }
    }

    /// Where it sorts in the report.
    pub(crate) fn rank(self) -> usize {
        KINDS.iter().position(|info| info.kind == self).unwrap_or(KINDS.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_row_and_a_unique_identifier() {
        let mut ids: Vec<&str> = KINDS.iter().map(|info| info.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), KINDS.len(), "identifiers are unique");
        for info in KINDS {
            assert_eq!(info.kind.info().id, info.id);
            assert!(!info.breaking.is_empty() || !info.compatible.is_empty(), "{} has a rule", info.id);
        }
    }
}
