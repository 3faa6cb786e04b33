//! Stage 2: our own model of an API. Every Rust name is decided here, once;
//! later stages never look at `openapiv3` types.

mod build;
mod features;
mod naming;
mod operations;
mod pagination;
mod schemas;
mod usage;

pub use build::{MODULE_EXTENSION, PREFIX_EXTENSION, TAG_FEATURES_EXTENSION, build};
pub use naming::{field_name, type_name};

/// One API: one spec file, one module of the generated crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// The spec file, as named in messages and file headers.
    pub source: String,
    /// The Rust module (and cargo feature) name, e.g. `fastly`.
    pub module: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// The first server URL, used when the caller sets no base URL.
    pub default_base_url: Option<String>,
    /// The security schemes operations can use, in `components` order.
    pub auth_schemes: Vec<AuthScheme>,
    /// Named types in spec order: component schemas first, each followed by
    /// the inline types found inside it, then inline types of operations.
    pub types: Vec<TypeDef>,
    /// Operations in path order, then method order within a path.
    pub operations: Vec<Operation>,
    /// Constructs degraded to a simpler shape, each saying what was done.
    pub warnings: Vec<crate::Problem>,
    /// What the generator inferred (how an operation pages), for the
    /// maintainer to read; `cargo xtask codegen` prints them.
    pub notes: Vec<crate::Problem>,
    /// The tag features, in order of first use; empty unless the document
    /// opts in (`x-custgen-tag-features`).
    pub features: Vec<TagFeature>,
    /// The document's examples, in document order, each with the Rust type
    /// it decodes into, for the round-trip tests.
    pub examples: Vec<Example>,
}

/// One example of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where the example's value is written.
    pub pointer: String,
    /// The value.
    pub value: serde_json::Value,
    /// The Rust type the value decodes into; `None` when there is none to
    /// try: the example is of an XML or text body, or of a schema the model
    /// never reads.
    pub ty: Option<Type>,
    /// What the JSON Schema validator said of the example.
    pub verdict: crate::load::Verdict,
}

/// A cargo feature that selects the operations of one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFeature {
    /// The feature's name: `<module>-<tag in kebab-case>`.
    pub name: String,
    /// The tag as the spec writes it; `None` for the feature of the types
    /// no operation uses (`<module>-schemas`).
    pub tag: Option<String>,
}

use std::fmt;

/// How a credential is attached to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthScheme {
    /// The name under `components.securitySchemes`.
    pub name: String,
    /// The Rust constant that describes the scheme in the generated module.
    pub const_name: String,
    /// The scheme's description.
    pub docs: Option<String>,
    /// Where the credential goes.
    pub placement: AuthPlacement,
    /// The tag features it compiles under: those of the operations that
    /// use it.
    pub gate: Gate,
}

/// Where a credential goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthPlacement {
    /// In a header, after an optional prefix (`Authorization: Token <key>`).
    Header {
        /// Header name.
        name: String,
        /// Text before the credential, e.g. `Bearer ` or `Token `.
        prefix: String,
    },
    /// In a query parameter.
    Query {
        /// Query parameter name.
        name: String,
    },
    /// In a cookie.
    Cookie {
        /// Cookie name.
        name: String,
    },
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <user:password>`.
    Basic,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The Rust name, unique in its module.
    pub name: String,
    /// JSON pointer of the schema it comes from.
    pub origin: String,
    /// Documentation from the schema.
    pub docs: Option<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
    /// Some request sends it (in a body or parameter, directly or inside
    /// another type). Only then do its optional nullable fields need
    /// `Nullable` to say "send `null`"; otherwise they are `Option`.
    pub sent: bool,
    /// The tag features it compiles under (`x-custgen-tag-features`).
    pub gate: Gate,
    /// The earlier type this inline schema repeats word for word, when it
    /// does: the schema's place keeps its name as an alias of that type
    /// (the kind is `Alias`), and the model uses the earlier type there.
    pub copy_of: Option<String>,
}

/// The cargo features an item compiles under, beyond its module's own.
///
/// Only a document that opts in (`x-custgen-tag-features: true` on
/// `info`) gates anything: then an operation needs a feature of one of its
/// tags, and a type or security scheme a feature of an operation that uses
/// it, so a crate that enables three tags compiles their operations and
/// the types they reach, each type once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gate {
    /// Compiled whenever the module is.
    #[default]
    Always,
    /// Compiled when any of these features is on (names from
    /// [`Api::features`], in its order; never empty).
    Any(Vec<String>),
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(Vec<Field>),
    /// A string enum that tolerates values it does not know.
    Enum {
        /// The listed values, in spec order.
        variants: Vec<Variant>,
        /// The variant that keeps any other value as received.
        unknown: String,
    },
    /// Another name for a type (a component that is an array, a map, ...).
    Alias(Type),
    /// A type of its own wrapping another, for an alias that refers to
    /// itself (`Tree = array of Tree`), which a Rust alias cannot.
    Newtype(Type),
    /// One of several shapes (`oneOf` / `anyOf`).
    OneOf {
        /// The shapes, in the order decoding tries them.
        variants: Vec<OneOfVariant>,
        /// How the shape is told apart, when the spec says.
        discriminator: Option<Discriminator>,
    },
}

/// One shape of a `oneOf`.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    /// The Rust variant name, unique in its enum.
    pub name: String,
    /// The shape.
    pub ty: Type,
}

/// A property whose value names the shape (`discriminator`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    /// The property on the wire, e.g. `petType`.
    pub property: String,
    /// Property value → index into the variants, in spec order.
    pub mapping: Vec<(String, usize)>,
    /// The variant that keeps an object whose tag the spec does not list.
    pub unknown: String,
}

/// A property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// JSON pointer of the property's schema (inside an `allOf` member, for
    /// merged properties).
    pub origin: String,
    /// The Rust field name, unique in its struct.
    pub name: String,
    /// The property name on the wire.
    pub wire_name: String,
    /// Documentation from the property's schema.
    pub docs: Option<String>,
    /// The value type, without the optional/nullable wrapper.
    pub ty: Type,
    /// Listed in the object's `required`.
    pub required: bool,
    /// `nullable: true`: the value may be `null`.
    pub nullable: bool,
    /// `readOnly: true`: set by the server.
    pub read_only: bool,
    /// `writeOnly: true`: sent, never returned.
    pub write_only: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// The schema's `format`, kept for documentation.
    pub format: Option<String>,
    /// Limits and allowed values (`minimum`, `maxLength`, numeric `enum`,
    /// ...), as sentences for documentation.
    pub constraints: Vec<String>,
    /// The `default` the spec declares, applied when the field is absent.
    pub default: Option<serde_json::Value>,
    /// The `example` the spec gives, for documentation.
    pub example: Option<serde_json::Value>,
    /// `additionalProperties` beside named properties: the field holds
    /// every other property (`#[serde(flatten)]`).
    pub flatten: bool,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The Rust variant name, unique in its enum.
    pub name: String,
    /// The value on the wire.
    pub value: String,
}

/// A value type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `string` without a format we map.
    String,
    /// `boolean`.
    Bool,
    /// `integer` with `format: int32`.
    I32,
    /// `integer` otherwise.
    I64,
    /// `number` (`format: float` too: documents give float fields
    /// values past `f32`'s precision).
    F64,
    /// `string` with `format: date-time`.
    DateTime,
    /// `string` with `format: date`.
    Date,
    /// `string` with `format: uuid`.
    Uuid,
    /// `string` with `format: decimal`: exact, kept as text.
    Decimal,
    /// `string` with `format: binary`: a file in a multipart body.
    File,
    /// A raw request body of a media type the client does not encode.
    Bytes,
    /// Any JSON value: free-form or not (yet) representable schemas.
    Json,
    /// A named type of the same module.
    Named(String),
    /// `array`.
    Vec(Box<Type>),
    /// An object with only `additionalProperties`.
    Map(Box<Type>),
    /// A nullable value where no field carries the nullability (array items,
    /// map values, bodies).
    Nullable(Box<Type>),
    /// Heap-allocated, to break a cycle of types that contain each other.
    Boxed(Box<Type>),
}

/// One API call.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// `operationId`, or one made from method and path when the spec has none.
    pub id: String,
    /// The Rust method name, unique on the client.
    pub name: String,
    /// The struct that describes one call of the operation, unique among
    /// the module's types.
    pub struct_name: String,
    /// The HTTP method.
    pub method: Method,
    /// The path template as written, e.g. `/customer/{customer_id}`.
    pub path: String,
    /// The path split into literal text and parameters.
    pub path_parts: Vec<PathPart>,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path, query and header parameters, in spec order.
    pub params: Vec<Param>,
    /// The wire name of a header parameter that carries an idempotency key
    /// (`Idempotency-Key`, in any case), when the operation declares one: a
    /// call with a key can be retried whatever its method.
    pub idempotency_key: Option<String>,
    /// The request body, if the operation takes one.
    pub body: Option<Body>,
    /// `false` for the extra methods made for a body's further media types
    /// (`_form`, `_multipart`): they share the first method's enums and
    /// options struct, which only the first emits.
    pub primary: bool,
    /// The headers the success responses declare, merged by name (case
    /// aside); a header is required only when every success requires it.
    pub response_headers: Vec<ResponseHeader>,
    /// The struct that holds [`Operation::response_headers`], typed, when
    /// there are any.
    pub headers_struct: Option<String>,
    /// How the operation pages, when the spec declares it
    /// (`x-custgen-pagination`): it returns a `Page` and can be streamed
    /// across pages.
    pub pagination: Option<Pagination>,
    /// The success responses, in spec order. None declared means any 2xx
    /// body is returned as raw bytes.
    pub successes: Vec<Outcome>,
    /// The enum of the successes, when there is more than one.
    pub success_enum: Option<String>,
    /// The declared error responses (non-2xx codes, ranges, `default`).
    pub errors: Vec<Outcome>,
    /// The enum of the declared errors, when there are any.
    pub error_enum: Option<String>,
    /// Index into [`Api::auth_schemes`] of the scheme the call uses.
    pub auth: Option<usize>,
    /// The API also accepts the call without a credential (`security: [{}, …]`):
    /// the scheme is applied only when the client has a credential.
    pub auth_optional: bool,
    /// `tags`, as the spec writes them.
    pub tags: Vec<String>,
    /// The tag features it compiles under.
    pub gate: Gate,
}

/// How a list operation pages, as its `x-custgen-pagination` declares
/// (checked against the operation's parameters and response).
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub style: PageStyle,
    /// JSON pointer of the items array in the body; empty when the body is
    /// the array (`items`).
    pub items: String,
    /// The type of one item.
    pub item: Type,
    /// Where the total number of items is reported.
    pub count: PageCount,
    /// The convention it was inferred from (`Azure \`x-ms-pageable\``, …);
    /// `None` when the spec declares it.
    pub convention: Option<String>,
}

/// How the next page of a list is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStyle {
    /// `link`: the `Link` header's `rel="next"` target.
    Link,
    /// `next-link`: the URL the body holds at `field` (`next-field`).
    NextLink {
        /// JSON pointer of the next page's URL in the body.
        field: String,
    },
    /// The JSON request body's `property` set to the body's value at
    /// `field` (AWS `NextToken` in a POST body; inferred only).
    BodyCursor {
        /// The request body's property.
        property: String,
        /// JSON pointer of the next cursor in the response body.
        field: String,
    },
    /// Every item in one response (Azure's `nextLinkName: null`).
    Single,
    /// Query parameter `param` set to the body's value at `field` while the
    /// flag at `more` is true (`pageInfo { endCursor hasNextPage }`;
    /// inferred only).
    CursorWhile {
        /// The query parameter's wire name.
        param: String,
        /// JSON pointer of the cursor in the body.
        field: String,
        /// JSON pointer of the flag.
        more: String,
    },
    /// Query parameter `param` set to the last item's value at `item_field`
    /// while the flag at `more` is true (Stripe's `starting_after`;
    /// inferred only).
    AfterLast {
        /// The query parameter's wire name.
        param: String,
        /// JSON pointer of the value inside an item.
        item_field: String,
        /// JSON pointer of the flag.
        more: String,
    },
    /// `cursor`: query parameter `param` set to the body's value at `field`
    /// (`cursor-param`, `cursor-field`).
    Cursor {
        /// The query parameter's wire name.
        param: String,
        /// JSON pointer of the next cursor in the body.
        field: String,
    },
    /// `offset`: query parameter `param` (`offset-param`, default `offset`)
    /// moved past the items received.
    Offset {
        /// The query parameter's wire name.
        param: String,
    },
    /// `page`: query parameter `param` (`page-param`, default `page`)
    /// counted up from 1.
    Number {
        /// The query parameter's wire name.
        param: String,
    },
}

/// Where a page reports the total number of items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageCount {
    /// Nowhere.
    None,
    /// A response header (`count-header`).
    Header(String),
    /// A JSON pointer into the body (`count-field`).
    Field(String),
}

impl fmt::Display for PageStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageStyle::Link => f.write_str("`Link` headers"),
            PageStyle::NextLink { field } => write!(f, "the next link at `{field}` in the body"),
            PageStyle::BodyCursor { property, field } => write!(f, "a cursor (`{field}` into request body property `{property}`)"),
            PageStyle::Single => f.write_str("nothing: every item comes in one response"),
            PageStyle::CursorWhile { param, field, more } => write!(f, "a cursor (`{field}` into query parameter `{param}` while `{more}` is true)"),
            PageStyle::AfterLast { param, item_field, more } => {
                write!(f, "the last item's `{item_field}` (into query parameter `{param}` while `{more}` is true)")
            }
            PageStyle::Cursor { param, field } => write!(f, "a cursor (`{field}` into query parameter `{param}`)"),
            PageStyle::Offset { param } => write!(f, "an offset (query parameter `{param}`)"),
            PageStyle::Number { param } => write!(f, "a page number (query parameter `{param}`)"),
        }
    }
}

/// HTTP methods OpenAPI path items can hold, in the order the spec lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as written.
    Literal(String),
    /// A path parameter (its Rust name), sent percent-encoded as one segment.
    Param(String),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a request header.
    Header,
    /// In the `Cookie` header.
    Cookie,
}

impl ParamLocation {
    /// The location as the spec's `in` writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// JSON pointer of the parameter in the spec.
    pub origin: String,
    /// The Rust name, unique in the operation.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// The value type.
    pub ty: Type,
    /// Required parameters are method arguments; optional ones live in the
    /// operation's options struct.
    pub required: bool,
    /// Documentation.
    pub docs: Option<String>,
    /// The declared serialisation, when it is not the location's default.
    pub style: Option<ParamStyle>,
}

/// How an array or object parameter is written (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Query `form`: exploded repeats the name, otherwise comma-joined.
    Form {
        /// One pair per item.
        explode: bool,
    },
    /// Query items joined by spaces.
    SpaceDelimited,
    /// Query items joined by `|`.
    PipeDelimited,
    /// Query object as `name[key]=value`.
    DeepObject,
    /// Path items comma-joined; exploded objects as `key=value`.
    Simple {
        /// Objects as `key=value` pairs.
        explode: bool,
    },
    /// Path `.a.b` (exploded) or `.a,b`.
    Label {
        /// Items separated by `.`.
        explode: bool,
    },
    /// Path `;name=a;name=b` (exploded) or `;name=a,b`.
    Matrix {
        /// One `;name=` per item.
        explode: bool,
    },
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/json`.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`, one part per property.
    Multipart,
    /// Any `text/*` type: the caller's text, sent as it is.
    Text,
    /// Any other media type: the caller's bytes, sent as they are.
    Binary,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// How the value is encoded.
    pub encoding: BodyEncoding,
    /// The value type.
    pub ty: Type,
}

/// One declared response of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Which statuses it covers.
    pub status: StatusMatch,
    /// Its variant name in the success or error enum.
    pub variant: String,
    /// The response's description.
    pub description: Option<String>,
    /// The headers the response declares, in spec order.
    pub headers: Vec<ResponseHeader>,
    /// The body.
    pub body: ResponseBody,
}

/// A header a response declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header name as the spec writes it.
    pub wire_name: String,
    /// The field of the operation's headers struct; set once the
    /// operation's successes are merged (empty before).
    pub name: String,
    /// The value's type: text, a number, a boolean, a UUID, a date, an
    /// enum, or a comma-separated list of one of those.
    pub ty: Type,
    /// `required: true`.
    pub required: bool,
    /// `description`.
    pub docs: Option<String>,
}

/// The statuses a declared response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// A class: `4XX` is `Range(4)`.
    Range(u16),
    /// `default`: every status not declared otherwise.
    Default,
}

/// The body of a declared response.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body is declared: `()`.
    Empty,
    /// A JSON body of this type, sent with `Accept` set to the media type.
    Json {
        /// The media type asked for in `Accept`.
        content_type: String,
        /// The value type.
        ty: Type,
    },
    /// A body of another media type, returned as raw bytes.
    Raw {
        /// The media type asked for in `Accept`.
        content_type: String,
    },
}

impl fmt::Display for Type {
    /// The type as users write it (`Vec<Customer>`, `Option<i64>`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("String"),
            Type::Bool => f.write_str("bool"),
            Type::I32 => f.write_str("i32"),
            Type::I64 => f.write_str("i64"),
            Type::F64 => f.write_str("f64"),
            Type::DateTime => f.write_str("DateTime<Utc>"),
            Type::Date => f.write_str("NaiveDate"),
            Type::Uuid => f.write_str("Uuid"),
            Type::Decimal => f.write_str("Decimal"),
            Type::File => f.write_str("FilePart"),
            Type::Bytes => f.write_str("Bytes"),
            Type::Json => f.write_str("serde_json::Value"),
            Type::Named(name) => f.write_str(name),
            Type::Vec(item) => write!(f, "Vec<{item}>"),
            Type::Map(value) => write!(f, "BTreeMap<String, {value}>"),
            Type::Nullable(inner) => write!(f, "Option<{inner}>"),
            Type::Boxed(inner) => write!(f, "Box<{inner}>"),
        }
    }
}

impl fmt::Display for StatusMatch {
    /// As a spec writes it: `200`, `4XX`, `default`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(class) => write!(f, "{class}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

impl fmt::Display for AuthPlacement {
    /// Where the credential goes, as a phrase: `in header `Fastly-Key``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthPlacement::Header { name, prefix } if prefix.is_empty() => write!(f, "in header `{name}`"),
            AuthPlacement::Header { name, prefix } => write!(f, "in header `{name}`, after `{prefix}`"),
            AuthPlacement::Query { name } => write!(f, "in query parameter `{name}`"),
            AuthPlacement::Cookie { name } => write!(f, "in cookie `{name}`"),
            AuthPlacement::Bearer => f.write_str("as `Authorization: Bearer <token>`"),
            AuthPlacement::Basic => f.write_str("as HTTP basic credentials"),
        }
    }
}
