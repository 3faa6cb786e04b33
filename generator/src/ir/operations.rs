//! Operations: method names, parameters, bodies and success responses.

use indexmap::IndexMap;
use openapiv3::{
    Header, OpenAPI, Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody, Response as OaResponse, StatusCode,
};

use super::naming::{Namespace, field_name, type_name};
use super::pagination;
use super::schemas::{SchemaRef, Schemas};
use super::{
    AuthScheme, Body, BodyEncoding, Gate, Method, Operation, Outcome, Param, ParamLocation, PathPart,
    ResponseBody, ResponseHeader, StatusMatch, Type,
};
use crate::error::{Problems, escape_pointer_token, unescape_pointer_token};

/// Methods the generated `Client` defines itself.
const RESERVED_METHOD_NAMES: &[&str] = &["new", "builder", "base_url"];

/// Argument names the generated methods use for themselves.
/// Names a parameter cannot take: the method's receiver and body, and the
/// methods every call has (an optional parameter becomes a setter on the
/// call, next to them).
const RESERVED_ARGUMENT_NAMES: &[&str] = &[
    "body", "self", "new", "operation", "operation_mut", "with_operation", "deadline", "timeout", "header", "credential", "retry",
    "request", "with_response", "into_future", "into_stream", "into_pages", "blocking", "blocking_with_response",
    "clone", "fmt",
];

/// The headers of all successes, merged by name (case aside) in order of
/// first appearance, each with its field name; required only where every
/// success requires it.
fn merged_headers(successes: &[Outcome]) -> Vec<ResponseHeader> {
    let mut merged: IndexMap<String, ResponseHeader> = IndexMap::new();
    for header in successes.iter().flat_map(|outcome| &outcome.headers) {
        merged.entry(header.wire_name.to_ascii_lowercase()).or_insert_with(|| header.clone());
    }
    let mut names = Namespace::default();
    merged
        .into_values()
        .map(|mut header| {
            let key = header.wire_name.to_ascii_lowercase();
            header.required = successes.iter().all(|outcome| {
                outcome.headers.iter().any(|other| other.wire_name.to_ascii_lowercase() == key && other.required)
            });
            header.name = names.claim(field_name(&header.wire_name, "header"));
            header
        })
        .collect()
}

/// The header by which an API takes an idempotency key.
const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// Every operation of the document, in path order and then method order.
pub(super) fn operations<'a>(
    document: &'a OpenAPI,
    schemas: &mut Schemas<'a>,
    auth_schemes: &[AuthScheme],
    problems: &mut Problems<'_>,
) -> Vec<Operation> {
    let mut method_names = Namespace::with_reserved(RESERVED_METHOD_NAMES);
    let mut operations = Vec::new();
    for (path, item) in &document.paths.paths {
        let item_pointer = format!("/paths/{}", escape_pointer_token(path));
        let Some((item, target)) = path_item(document, item) else {
            problems.report(&item_pointer, "this path item `$ref` does not point at another path item of this document");
            continue;
        };
        // A referenced path item is read where it is written, so its
        // schemas make the same types and problems point at its text.
        let item_pointer = target.map_or(item_pointer, |target| format!("/paths/{}", escape_pointer_token(target)));
        for (method, operation) in methods(item) {
            let pointer = format!("{item_pointer}/{}", method.as_str().to_ascii_lowercase());
            let context = Context { document, path, item, pointer, problems: &mut *problems };
            operations.extend(context.build(method, operation, schemas, auth_schemes, &mut method_names));
        }
    }
    operations
}

/// The path item itself, or the one of this document its `$ref` names
/// (`#/paths/~1other`, followed once) with that one's path.
fn path_item<'a>(document: &'a OpenAPI, item: &'a ReferenceOr<PathItem>) -> Option<(&'a PathItem, Option<&'a str>)> {
    match item {
        ReferenceOr::Item(item) => Some((item, None)),
        ReferenceOr::Reference { reference } => {
            let target = unescape_pointer_token(reference.strip_prefix("#/paths/")?);
            match document.paths.paths.get_key_value(&target)? {
                (path, ReferenceOr::Item(item)) => Some((item, Some(path.as_str()))),
                (_, ReferenceOr::Reference { .. }) => None,
            }
        }
    }
}

fn methods(item: &PathItem) -> impl Iterator<Item = (Method, &openapiv3::Operation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| Some((method, operation.as_ref()?)))
}

struct Context<'a, 'p, 'l> {
    document: &'a OpenAPI,
    path: &'a str,
    item: &'a PathItem,
    pointer: String,
    problems: &'p mut Problems<'l>,
}

impl<'a> Context<'a, '_, '_> {
    fn build(
        mut self,
        method: Method,
        operation: &'a openapiv3::Operation,
        schemas: &mut Schemas<'a>,
        auth_schemes: &[AuthScheme],
        method_names: &mut Namespace,
    ) -> Vec<Operation> {
        let id = operation.operation_id.clone().unwrap_or_else(|| {
            // A stable name from method and path: `GET /customer/{id}` → `get_customer_id`.
            field_name(&format!("{} {}", method.as_str(), self.path), "operation")
        });
        let name = method_names.claim(field_name(&id, "operation"));
        let pascal = type_name(&id, "Operation");
        let struct_name = schemas.claim_name(&pascal);

        let mut params = self.params(operation, &pascal, schemas);
        let Some(path_parts) = self.path_parts(&mut params) else { return Vec::new() };
        let idempotency_key = params
            .iter()
            .find(|param| param.location == ParamLocation::Header && param.wire_name.eq_ignore_ascii_case(IDEMPOTENCY_KEY))
            .map(|param| param.wire_name.clone());
        let bodies = self.bodies(operation, &pascal, schemas);
        let (successes, errors) = self.outcomes(operation, &pascal, schemas);
        let success_enum = (successes.len() > 1).then(|| schemas.claim_name(&format!("{pascal}Success")));
        let error_enum = (!errors.is_empty()).then(|| schemas.claim_name(&format!("{pascal}Error")));
        let (auth, auth_optional, auth_note) = self.auth(operation, auth_schemes);
        let description = match (&operation.description, auth_note) {
            (Some(text), Some(note)) => Some(format!("{text}\n\n{note}")),
            (None, Some(note)) => Some(note),
            (text, None) => text.clone(),
        };
        let pagination = pagination::pagination(&operation.extensions, &self.pointer, &params, &bodies, &successes, schemas, self.problems);
        let response_headers = merged_headers(&successes);
        let headers_struct = (!response_headers.is_empty()).then(|| schemas.claim_name(&format!("{pascal}Headers")));
        let primary = Operation {
            id,
            name,
            struct_name,
            method,
            path: self.path.to_owned(),
            path_parts,
            summary: operation.summary.clone(),
            description,
            deprecated: operation.deprecated,
            params,
            idempotency_key,
            body: None,
            primary: true,
            pagination,
            response_headers,
            headers_struct,
            successes,
            success_enum,
            errors,
            error_enum,
            auth,
            auth_optional,
            tags: operation.tags.clone(),
            gate: Gate::Always,
        };
        if bodies.is_empty() {
            return vec![primary];
        }
        // One method per media type: the first keeps the plain name, the
        // others get the encoding as a suffix (`_form`, `_multipart`).
        bodies
            .into_iter()
            .enumerate()
            .map(|(index, body)| {
                let mut variant = primary.clone();
                if index > 0 {
                    let suffix = match body.encoding {
                        BodyEncoding::Json => "json",
                        BodyEncoding::Form => "form",
                        BodyEncoding::Multipart => "multipart",
                        BodyEncoding::Text | BodyEncoding::Binary => "raw",
                    };
                    variant.name = method_names.claim(format!("{}_{suffix}", primary.name));
                    variant.struct_name = schemas.claim_name(&format!("{pascal} {suffix}"));
                    variant.primary = false;
                }
                variant.body = Some(body);
                variant
            })
            .collect()
    }

    /// Path-item parameters, overridden by operation parameters of the same
    /// name and location, in spec order.
    fn params(&mut self, operation: &'a openapiv3::Operation, pascal: &str, schemas: &mut Schemas<'a>) -> Vec<Param> {
        let item_pointer = self.pointer.rsplit_once('/').map_or("", |(item, _)| item).to_owned();
        let mut merged: IndexMap<(String, ParamLocation), (&ParameterData, String, Option<super::ParamStyle>)> = IndexMap::new();
        let operation_pointer = self.pointer.clone();
        let declared: Vec<_> = self
            .item
            .parameters
            .iter()
            .enumerate()
            .map(|(index, param)| (param, format!("{item_pointer}/parameters/{index}")))
            .chain(
                operation
                    .parameters
                    .iter()
                    .enumerate()
                    .map(|(index, param)| (param, format!("{operation_pointer}/parameters/{index}"))),
            )
            .collect();
        for (param, pointer) in declared {
            let Some(param) = self.resolve(param, "parameters", &pointer) else { continue };
            let (location, data) = match param {
                Parameter::Path { parameter_data, .. } => (ParamLocation::Path, parameter_data),
                Parameter::Query { parameter_data, .. } => (ParamLocation::Query, parameter_data),
                Parameter::Header { parameter_data, .. } => (ParamLocation::Header, parameter_data),
                Parameter::Cookie { parameter_data, .. } => (ParamLocation::Cookie, parameter_data),
            };
            merged.insert((data.name.clone(), location), (data, pointer, param_style(param)));
        }

        let mut names = Namespace::with_reserved(RESERVED_ARGUMENT_NAMES);
        merged
            .into_iter()
            .filter_map(|((wire_name, location), (data, pointer, style))| {
                let schema = match &data.format {
                    ParameterSchemaOrContent::Schema(schema) => schema,
                    ParameterSchemaOrContent::Content(content) => {
                        let Some((media_type, schema)) =
                            content.iter().find_map(|(media_type, media)| Some((media_type, media.schema.as_ref()?)))
                        else {
                            self.problems.warn(&pointer, "this parameter's `content` has no schema: the parameter is left out");
                            return None;
                        };
                        self.problems.warn(
                            &pointer,
                            format!("a parameter described by `content` (`{media_type}`) is typed by its schema; objects and arrays are sent as JSON text"),
                        );
                        schema
                    }
                };
                let hint = format!("{pascal}{}", type_name(&wire_name, "Param"));
                let ty = schemas.type_of(SchemaRef::from(schema), &format!("{pointer}/schema"), &hint, self.problems);
                Some(Param {
                    origin: pointer.clone(),
                    name: names.claim(field_name(&wire_name, "param")),
                    wire_name,
                    location,
                    ty,
                    required: data.required || location == ParamLocation::Path,
                    docs: data.description.clone().or_else(|| schemas.facts(schema.into()).description),
                    style,
                })
            })
            .collect()
    }

    /// Splits `/customer/{customer_id}` into literal text and parameters.
    fn path_parts(&mut self, params: &mut Vec<Param>) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = self.path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else {
                self.problems.report(&self.pointer, format!("path `{}` has an unclosed `{{`", self.path));
                return None;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let wire_name = &rest[open + 1..close];
            let found = params.iter().find(|param| param.location == ParamLocation::Path && param.wire_name == wire_name);
            let name = match found {
                Some(param) => param.name.clone(),
                None => {
                    self.problems.warn(
                        &self.pointer,
                        format!("path parameter `{wire_name}` is used in the path but not declared in `parameters`: it becomes a required string argument"),
                    );
                    let mut name = field_name(wire_name, "param");
                    while params.iter().any(|param| param.name == name) || RESERVED_ARGUMENT_NAMES.contains(&name.as_str()) {
                        name.push('_');
                    }
                    params.push(Param {
                        origin: self.pointer.clone(),
                        name: name.clone(),
                        wire_name: wire_name.to_owned(),
                        location: ParamLocation::Path,
                        ty: Type::String,
                        required: true,
                        docs: None,
                        style: None,
                    });
                    name
                }
            };
            parts.push(PathPart::Param(name));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        Some(parts)
    }

    /// The request body in each media type the client can send, JSON first,
    /// then form, then multipart; other media types are left out.
    fn bodies(&mut self, operation: &'a openapiv3::Operation, pascal: &str, schemas: &mut Schemas<'a>) -> Vec<Body> {
        let pointer = format!("{}/requestBody", self.pointer);
        let Some(body) = operation.request_body.as_ref() else { return Vec::new() };
        let Some(body): Option<&RequestBody> = self.resolve(body, "requestBodies", &pointer) else { return Vec::new() };
        let mut supported: Vec<(BodyEncoding, &String, &openapiv3::MediaType)> = body
            .content
            .iter()
            .filter_map(|(content_type, media)| {
                let essence = content_type.split(';').next().unwrap_or_default().trim();
                let encoding = if is_json(essence) {
                    BodyEncoding::Json
                } else if essence == FORM {
                    BodyEncoding::Form
                } else if essence == MULTIPART {
                    BodyEncoding::Multipart
                } else {
                    return None;
                };
                Some((encoding, content_type, media))
            })
            .collect();
        supported.sort_by_key(|(encoding, ..)| *encoding as u8);
        supported.dedup_by_key(|(encoding, ..)| *encoding);
        // Only other media types (`text/plain`, `application/octet-stream`,
        // ...): the first one is sent as given, text or bytes.
        if supported.is_empty() {
            if let Some((content_type, _)) = body.content.first() {
                let (encoding, ty) = if content_type.starts_with("text/") {
                    (BodyEncoding::Text, Type::String)
                } else {
                    (BodyEncoding::Binary, Type::Bytes)
                };
                return vec![Body { content_type: content_type.clone(), encoding, ty }];
            }
        }
        supported
            .into_iter()
            .map(|(encoding, content_type, media)| {
                let schema_pointer = format!("{pointer}/content/{}/schema", escape_pointer_token(content_type));
                let ty = match &media.schema {
                    Some(schema) => {
                        schemas.type_of(schema.into(), &schema_pointer, &format!("{pascal}Request"), self.problems)
                    }
                    None => Type::Json,
                };
                if encoding == BodyEncoding::Multipart && !matches!(ty, Type::Named(_)) {
                    self.problems.warn(
                        &schema_pointer,
                        "a multipart body that is not an object of properties is sent as the bytes the caller gives, \
                         with this content type",
                    );
                    return Body { content_type: content_type.clone(), encoding: BodyEncoding::Binary, ty: Type::Bytes };
                }
                Body { content_type: content_type.clone(), encoding, ty }
            })
            .collect()
    }

    /// The declared responses, split into successes (2xx) and errors
    /// (everything else, `default` last), each with its variant name.
    fn outcomes(
        &mut self,
        operation: &'a openapiv3::Operation,
        pascal: &str,
        schemas: &mut Schemas<'a>,
    ) -> (Vec<Outcome>, Vec<Outcome>) {
        let responses = &operation.responses;
        let declared = responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status = match status {
                    StatusCode::Code(code) => StatusMatch::Code(*code),
                    StatusCode::Range(class) => StatusMatch::Range(*class),
                };
                (status, response)
            })
            .chain(responses.default.iter().map(|response| (StatusMatch::Default, response)));
        let (successes, errors): (Vec<_>, Vec<_>) = declared.partition(|(status, _)| is_success(*status));
        let single_success = successes.len() == 1;

        let mut outcomes = |list: Vec<(StatusMatch, &'a ReferenceOr<OaResponse>)>| {
            let mut variants = Namespace::default();
            list.into_iter()
                .map(|(status, response)| {
                    let variant = variants.claim(status_variant(status));
                    let key = match status {
                        StatusMatch::Code(code) => code.to_string(),
                        StatusMatch::Range(class) => format!("{class}XX"),
                        StatusMatch::Default => "default".to_owned(),
                    };
                    let pointer = format!("{}/responses/{key}", self.pointer);
                    let hint = if single_success && is_success(status) {
                        format!("{pascal}Response")
                    } else {
                        format!("{pascal}{variant}")
                    };
                    let resolved: Option<&OaResponse> = self.resolve(response, "responses", &pointer);
                    let body = resolved.map_or(ResponseBody::Empty, |response| {
                        self.response_body(response, &pointer, &hint, schemas)
                    });
                    let description = resolved.map(|response| response.description.clone());
                    let headers = resolved
                        .map(|response| {
                            response
                                .headers
                                .iter()
                                .filter_map(|(name, header)| {
                                    let header_pointer = format!("{pointer}/headers/{}", escape_pointer_token(name));
                                    let header: &Header = self.resolve(header, "headers", &header_pointer)?;
                                    let hint = format!("{pascal}{}", type_name(name, "Header"));
                                    Some(ResponseHeader {
                                        wire_name: name.clone(),
                                        name: String::new(),
                                        ty: self.header_type(header, &header_pointer, &hint, schemas),
                                        required: header.required,
                                        docs: header.description.clone(),
                                    })
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    Outcome { status, variant, description, headers, body }
                })
                .collect::<Vec<_>>()
        };
        (outcomes(successes), outcomes(errors))
    }

    /// JSON when any JSON media type is declared, else raw bytes of the
    /// first media type, else nothing.
    fn response_body(&mut self, response: &'a OaResponse, pointer: &str, hint: &str, schemas: &mut Schemas<'a>) -> ResponseBody {
        let json = response.content.iter().find(|(content_type, _)| is_json(content_type));
        match (json, response.content.first()) {
            (Some((content_type, media)), _) => {
                let schema_pointer = format!("{pointer}/content/{}/schema", escape_pointer_token(content_type));
                let ty = match &media.schema {
                    Some(schema) => {
                        let ty = schemas.type_of(schema.into(), &schema_pointer, hint, self.problems);
                        if schemas.facts(schema.into()).nullable { Type::Nullable(Box::new(ty)) } else { ty }
                    }
                    None => Type::Json,
                };
                ResponseBody::Json { content_type: content_type.clone(), ty }
            }
            (None, Some((content_type, _))) => ResponseBody::Raw { content_type: content_type.clone() },
            (None, None) => ResponseBody::Empty,
        }
    }

    /// How the operation authenticates: the first alternative of its
    /// `security` list whose schemes the client can all apply (its first
    /// scheme is used), and whether an empty alternative (`{}`) lets it go
    /// anonymously when the client has no credential. When no alternative
    /// can be applied, the operation is generated without authentication,
    /// with a warning and a note in its docs.
    /// The type a response header is read as. What cannot be read from
    /// header text (objects, maps, files) is typed as text, with a warning.
    fn header_type(&mut self, header: &'a Header, pointer: &str, hint: &str, schemas: &mut Schemas<'a>) -> Type {
        let ParameterSchemaOrContent::Schema(schema) = &header.format else {
            self.problems.warn(pointer, "a header described by `content` is read as text");
            return Type::String;
        };
        let ty = schemas.type_of(SchemaRef::from(schema), &format!("{pointer}/schema"), hint, self.problems);
        let readable = |ty: &Type| {
            matches!(
                ty,
                Type::String | Type::Bool | Type::I32 | Type::I64 | Type::F64 | Type::DateTime | Type::Date
                    | Type::Uuid | Type::Decimal | Type::Named(_)
            )
        };
        match &ty {
            Type::Vec(item) if readable(item) => ty,
            _ if readable(&ty) => ty,
            _ => {
                self.problems.warn(pointer, format!("a header of type `{ty}` cannot be read from header text: it is read as text"));
                Type::String
            }
        }
    }

    fn auth(&mut self, operation: &openapiv3::Operation, schemes: &[AuthScheme]) -> (Option<usize>, bool, Option<String>) {
        let Some(requirements) = operation.security.as_ref().or(self.document.security.as_ref()) else {
            return (None, false, None);
        };
        let optional = requirements.iter().any(|requirement| requirement.is_empty());
        for requirement in requirements.iter().filter(|requirement| !requirement.is_empty()) {
            let found: Option<Vec<usize>> =
                requirement.keys().map(|name| schemes.iter().position(|scheme| &scheme.name == name)).collect();
            if let Some(&first) = found.as_deref().and_then(<[usize]>::first) {
                if requirement.len() > 1 {
                    let names: Vec<&str> = requirement.keys().map(String::as_str).collect();
                    self.problems.warn(
                        &format!("{}/security", self.pointer),
                        format!(
                            "schemes `{}` are required together; the client applies only `{}`, one credential per call",
                            names.join("`, `"),
                            schemes[first].name
                        ),
                    );
                }
                return (Some(first), optional, None);
            }
        }
        if optional {
            return (None, false, None);
        }
        let names: Vec<&str> = requirements.iter().flat_map(|requirement| requirement.keys()).map(String::as_str).collect();
        if names.is_empty() {
            return (None, false, None);
        }
        self.problems.warn(
            &format!("{}/security", self.pointer),
            format!(
                "the client cannot apply security scheme `{}` (not declared, or of a kind it does not support): \
                 the operation is generated without authentication",
                names.join("` or `")
            ),
        );
        let note = format!(
            "The API asks for security scheme `{}`, which this client cannot apply: authenticate these requests yourself (for example through `ClientBuilder::http_client`).",
            names.join("` or `")
        );
        (None, false, Some(note))
    }

    /// Follows a `$ref` to `#/components/<section>/<name>`.
    fn resolve<T>(&mut self, item: &'a ReferenceOr<T>, section: &str, pointer: &str) -> Option<&'a T>
    where
        T: ComponentSection,
    {
        match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => {
                let prefix = format!("#/components/{section}/");
                let found = reference
                    .strip_prefix(&prefix)
                    .and_then(|name| T::section(self.document)?.get(name));
                match found {
                    Some(ReferenceOr::Item(item)) => Some(item),
                    _ => {
                        self.problems.warn(
                            pointer,
                            format!("`$ref` `{reference}` does not name an entry written under `{prefix}`: it is left out"),
                        );
                        None
                    }
                }
            }
        }
    }
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (200..300).contains(&code),
        StatusMatch::Range(class) => class == 2,
        StatusMatch::Default => false,
    }
}

/// A variant name for a status: the reason phrase where it is well known
/// (`Created`, `NotFound`), else `Status418`, `Status4XX` or `Default`.
fn status_variant(status: StatusMatch) -> String {
    let known = match status {
        StatusMatch::Code(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            other => return format!("Status{other}"),
        },
        StatusMatch::Range(class) => return format!("Status{class}XX"),
        StatusMatch::Default => "Default",
    };
    known.to_owned()
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

/// The `components` map that holds definitions of a kind.
trait ComponentSection: Sized {
    fn section(document: &OpenAPI) -> Option<&IndexMap<String, ReferenceOr<Self>>>;
}

impl ComponentSection for Parameter {
    fn section(document: &OpenAPI) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        Some(&document.components.as_ref()?.parameters)
    }
}

impl ComponentSection for RequestBody {
    fn section(document: &OpenAPI) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        Some(&document.components.as_ref()?.request_bodies)
    }
}

impl ComponentSection for Header {
    fn section(document: &OpenAPI) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        Some(&document.components.as_ref()?.headers)
    }
}

impl ComponentSection for OaResponse {
    fn section(document: &OpenAPI) -> Option<&IndexMap<String, ReferenceOr<Self>>> {
        Some(&document.components.as_ref()?.responses)
    }
}

/// The serialisation a parameter declares, when it is not its location's
/// default (`form` exploded in the query, `simple` in paths and headers).
fn param_style(param: &Parameter) -> Option<super::ParamStyle> {
    use super::ParamStyle;
    use openapiv3::{PathStyle, QueryStyle};
    let explode = param.parameter_data_ref().explode;
    match param {
        Parameter::Query { style: QueryStyle::Form, .. } => (explode == Some(false)).then_some(ParamStyle::Form { explode: false }),
        Parameter::Query { style: QueryStyle::SpaceDelimited, .. } => Some(ParamStyle::SpaceDelimited),
        Parameter::Query { style: QueryStyle::PipeDelimited, .. } => Some(ParamStyle::PipeDelimited),
        Parameter::Query { style: QueryStyle::DeepObject, .. } => Some(ParamStyle::DeepObject),
        Parameter::Path { style: PathStyle::Simple, .. } => (explode == Some(true)).then_some(ParamStyle::Simple { explode: true }),
        Parameter::Path { style: PathStyle::Label, .. } => Some(ParamStyle::Label { explode: explode.unwrap_or(false) }),
        Parameter::Path { style: PathStyle::Matrix, .. } => Some(ParamStyle::Matrix { explode: explode.unwrap_or(false) }),
        Parameter::Header { .. } | Parameter::Cookie { .. } => None,
    }
}
