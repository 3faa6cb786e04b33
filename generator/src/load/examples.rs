//! The document's examples, each with the schema it illustrates, checked
//! against that schema by an independent JSON Schema validator (the
//! `jsonschema` crate, draft 4 — the dialect OpenAPI 3.0 schemas extend).
//!
//! Documents contradict themselves more often than they are wrong about
//! their API: a `format: date` field whose example is a date-time, an
//! integer example for a string. Such an example would ship in our rustdoc
//! and, fed to the generated types, blame them for the document's mistake.
//! So every example is checked here, while the raw document is at hand; an
//! invalid one is reported as a warning and its schema `example` removed
//! before the typed model reads it, so no generated doc shows it. The valid
//! ones go on to the model, which pairs each with its Rust type for the
//! round-trip tests (see `emit::example_cases`).

use std::collections::{HashMap, HashSet};

use jsonschema::{Draft, Registry};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use crate::error::{Problem, Problems, escape_pointer_token, unescape_pointer_token};

/// The URI the document is registered under, so schemas' `#/components/…`
/// references resolve inside it.
const DOCUMENT: &str = "urn:custgen:document";

/// A JSON pointer in a URI fragment: everything but unreserved characters
/// and the pointer's own `/` and `~` is percent-encoded.
const FRAGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'/').remove(b'~').remove(b'-').remove(b'_').remove(b'.');

/// Keys of an operation object under a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One example the document gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Where the example's value is written.
    pub pointer: String,
    /// The schema it illustrates, as the model reaches it: a parameter
    /// or body declared once in `components` and referenced by an operation
    /// is reached from that operation.
    pub schema: String,
    /// The schema says `nullable: true` where the example is given, so
    /// `null` is a value of it.
    pub nullable: bool,
    /// The value.
    pub value: Value,
    /// The example is of a JSON value: a schema's or parameter's, or a body
    /// of a JSON media type (an XML or text body's example is not).
    pub json: bool,
    /// What the validator said.
    pub verdict: Verdict,
}

/// What the validator said of one example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The example matches its schema.
    Valid,
    /// It does not: the validator's first complaint, with where in the
    /// example it is.
    Invalid(String),
    /// The schema could not be compiled as JSON Schema (e.g. a `pattern`
    /// the regex engine rejects), so the example is not checked.
    Unchecked(String),
}

/// Finds and checks every example of `raw`; removes the schema `example`s
/// that fail, warning for each, and returns them all.
pub(super) fn check(raw: &mut Value, problems: &Problems<'_>, warnings: &mut Vec<Problem>) -> Vec<Example> {
    let found = Walk::run(raw);
    if found.examples.is_empty() {
        return Vec::new();
    }
    let verdicts = verdicts(raw, &found);
    let mut examples = Vec::with_capacity(found.examples.len());
    for (found_example, verdict) in found.examples.into_iter().zip(verdicts) {
        let Found { pointer, site, resolved: _, nullable, json, schema_example } = found_example;
        // Read before an invalid schema `example` is taken out below.
        let value = raw.pointer(&pointer).cloned().unwrap_or(Value::Null);
        match &verdict {
            Verdict::Valid => {}
            Verdict::Invalid(message) => {
                let consequence = if schema_example {
                    remove(raw, &pointer);
                    "it is left out of the generated documentation"
                } else {
                    "the generated documentation does not use it"
                };
                warnings.push(problems.problem(
                    &pointer,
                    format!("this example does not match its schema ({message}); {consequence}"),
                ));
            }
            Verdict::Unchecked(message) => warnings.push(problems.problem(
                &pointer,
                format!("this example's schema is not valid JSON Schema ({message}), so the example is not checked"),
            )),
        }
        examples.push(Example { pointer, schema: site, nullable, value, json, verdict });
    }
    examples
}

/// Takes the node at `pointer` out of its parent object.
fn remove(raw: &mut Value, pointer: &str) -> Option<Value> {
    let (parent, key) = pointer.rsplit_once('/')?;
    raw.pointer_mut(parent)?.as_object_mut()?.remove(&unescape_pointer_token(key))
}

/// An example as the walk finds it.
struct Found {
    pointer: String,
    /// Where the model reaches the schema.
    site: String,
    /// Where the schema is written.
    resolved: String,
    nullable: bool,
    json: bool,
    /// A schema's own `example` (the one generated docs show).
    schema_example: bool,
}

/// Walks the document the way the model reads it: component schemas, then
/// every operation's parameters, bodies, responses and headers, following
/// `$ref`s to parameters, bodies, responses, headers and examples.
struct Walk<'a> {
    raw: &'a Value,
    examples: Vec<Found>,
    /// (example, schema) pairs seen: a component example used by several
    /// bodies of one schema counts once.
    seen: HashSet<(String, String)>,
    /// Every schema position visited, for the JSON Schema translation.
    schemas: Vec<String>,
}

impl<'a> Walk<'a> {
    fn run(raw: &'a Value) -> Self {
        let mut walk = Walk { raw, examples: Vec::new(), seen: HashSet::new(), schemas: Vec::new() };
        if let Some(Value::Object(schemas)) = raw.pointer("/components/schemas") {
            for name in schemas.keys() {
                let pointer = format!("/components/schemas/{}", escape_pointer_token(name));
                walk.schema(&pointer, &pointer, 0);
            }
        }
        if let Some(Value::Object(paths)) = raw.get("paths") {
            for (path, item) in paths {
                if item.get("$ref").is_some() {
                    continue;
                }
                let item_pointer = format!("/paths/{}", escape_pointer_token(path));
                walk.each(&format!("{item_pointer}/parameters"), Walk::parameter);
                for method in METHODS {
                    if item.get(*method).is_none() {
                        continue;
                    }
                    let operation = format!("{item_pointer}/{method}");
                    walk.each(&format!("{operation}/parameters"), Walk::parameter);
                    let body = format!("{operation}/requestBody");
                    if let Some(resolved) = walk.resolve(&body) {
                        walk.content(&format!("{resolved}/content"), &format!("{body}/content"));
                    }
                    if let Some(Value::Object(responses)) = raw.pointer(&format!("{operation}/responses")) {
                        for status in responses.keys() {
                            let site = format!("{operation}/responses/{}", escape_pointer_token(status));
                            let Some(resolved) = walk.resolve(&site) else { continue };
                            walk.content(&format!("{resolved}/content"), &format!("{site}/content"));
                            walk.each_named(&format!("{resolved}/headers"), &format!("{site}/headers"), Walk::parameter);
                        }
                    }
                }
            }
        }
        walk
    }

    /// The node at `pointer`, past any chain of `$ref`s.
    fn resolve(&self, pointer: &str) -> Option<String> {
        let mut pointer = pointer.to_owned();
        for _ in 0..16 {
            match self.raw.pointer(&pointer)?.get("$ref").and_then(Value::as_str) {
                Some(reference) => pointer = reference.strip_prefix('#')?.to_owned(),
                None => return Some(pointer),
            }
        }
        None
    }

    /// Calls `visit(resolved, site)` for each element of the list at `list`.
    fn each(&mut self, list: &str, visit: fn(&mut Self, &str, &str)) {
        let count = self.raw.pointer(list).and_then(Value::as_array).map_or(0, Vec::len);
        for index in 0..count {
            let site = format!("{list}/{index}");
            if let Some(resolved) = self.resolve(&site) {
                visit(self, &resolved, &site);
            }
        }
    }

    /// Calls `visit(resolved, site)` for each member of the map at `map`.
    fn each_named(&mut self, map: &str, site_map: &str, visit: fn(&mut Self, &str, &str)) {
        let Some(Value::Object(members)) = self.raw.pointer(map) else { return };
        for name in members.keys() {
            let token = escape_pointer_token(name);
            let site = format!("{site_map}/{token}");
            if let Some(resolved) = self.resolve(&format!("{map}/{token}")) {
                visit(self, &resolved, &site);
            }
        }
    }

    /// A parameter or header: its schema and examples, or its `content`.
    fn parameter(&mut self, resolved: &str, site: &str) {
        self.schema(&format!("{resolved}/schema"), &format!("{site}/schema"), 0);
        self.examples(resolved, &format!("{resolved}/schema"), &format!("{site}/schema"), true);
        self.content(&format!("{resolved}/content"), &format!("{site}/content"));
    }

    /// The media types of a body, response, parameter or header.
    fn content(&mut self, resolved: &str, site: &str) {
        let Some(Value::Object(media_types)) = self.raw.pointer(resolved) else { return };
        for media_type in media_types.keys() {
            let token = escape_pointer_token(media_type);
            let (media, media_site) = (format!("{resolved}/{token}"), format!("{site}/{token}"));
            self.schema(&format!("{media}/schema"), &format!("{media_site}/schema"), 0);
            self.examples(&media, &format!("{media}/schema"), &format!("{media_site}/schema"), is_json(media_type));
        }
    }

    /// The `example` and `examples` of a parameter, header or media type,
    /// illustrating the schema at `schema`.
    fn examples(&mut self, owner: &str, schema: &str, site: &str, json: bool) {
        let Some(node) = self.raw.pointer(owner) else { return };
        if node.get("schema").is_none() {
            return;
        }
        if node.get("example").is_some() {
            self.found(format!("{owner}/example"), schema, site, json, false);
        }
        let Some(Value::Object(named)) = node.get("examples") else { return };
        for name in named.keys() {
            let Some(entry) = self.resolve(&format!("{owner}/examples/{}", escape_pointer_token(name))) else { continue };
            // `externalValue` examples live elsewhere; only `value` is read.
            if self.raw.pointer(&entry).is_some_and(|entry| entry.get("value").is_some()) {
                self.found(format!("{entry}/value"), schema, site, json, false);
            }
        }
    }

    /// A schema and, recursively, the schemas written inside it. A `$ref`
    /// is not followed: component schemas are walked on their own.
    fn schema(&mut self, resolved: &str, site: &str, depth: usize) {
        let Some(Value::Object(node)) = self.raw.pointer(resolved) else { return };
        if node.contains_key("$ref") || depth > 64 {
            return;
        }
        self.schemas.push(resolved.to_owned());
        if node.contains_key("example") {
            self.found(format!("{resolved}/example"), resolved, site, true, true);
        }
        for keyword in ["properties", "patternProperties"] {
            if let Some(Value::Object(properties)) = node.get(keyword) {
                for name in properties.keys() {
                    let token = escape_pointer_token(name);
                    self.schema(&format!("{resolved}/{keyword}/{token}"), &format!("{site}/{keyword}/{token}"), depth + 1);
                }
            }
        }
        for keyword in ["items", "additionalProperties", "not"] {
            if matches!(node.get(keyword), Some(Value::Object(_))) {
                self.schema(&format!("{resolved}/{keyword}"), &format!("{site}/{keyword}"), depth + 1);
            }
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let count = node.get(keyword).and_then(Value::as_array).map_or(0, Vec::len);
            for index in 0..count {
                self.schema(&format!("{resolved}/{keyword}/{index}"), &format!("{site}/{keyword}/{index}"), depth + 1);
            }
        }
    }

    fn found(&mut self, pointer: String, schema: &str, site: &str, json: bool, schema_example: bool) {
        let Some(resolved) = self.resolve(schema) else { return };
        if !self.seen.insert((pointer.clone(), resolved.clone())) {
            return;
        }
        let nullable = self.raw.pointer(schema).and_then(|node| node.get("nullable")) == Some(&Value::Bool(true));
        self.examples.push(Found { pointer, site: site.to_owned(), resolved, nullable, json, schema_example });
    }
}

/// JSON media types: `application/json`, `+json` suffixes, parameters aside.
fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// One verdict per example found, in order.
fn verdicts(raw: &Value, found: &Walk<'_>) -> Vec<Verdict> {
    let translated = Translated::new(raw, &found.schemas);
    let registry = match Registry::new().add(DOCUMENT, Draft::Draft4.create_resource(translated.document)) {
        Ok(builder) => builder.prepare(),
        Err(error) => Err(error),
    };
    let registry = match registry {
        Ok(registry) => registry,
        Err(error) => return found.examples.iter().map(|_| Verdict::Unchecked(error.to_string())).collect(),
    };
    let mut validators = HashMap::new();
    found
        .examples
        .iter()
        .map(|example| {
            let validator = validators.entry(example.resolved.clone()).or_insert_with(|| {
                let at = translated.moved.location(&example.resolved);
                let reference = format!("{DOCUMENT}#{}", utf8_percent_encode(&at, FRAGMENT));
                jsonschema::options()
                    .with_draft(Draft::Draft4)
                    .with_registry(&registry)
                    .should_validate_formats(true)
                    .with_format("uuid", is_uuid)
                    .with_format("byte", is_base64)
                    .build(&serde_json::json!({ "$ref": reference }))
                    .map_err(|error| error.to_string())
            });
            let Some(value) = raw.pointer(&example.pointer) else { return Verdict::Valid };
            match validator {
                Err(message) => Verdict::Unchecked(message.clone()),
                Ok(validator) => match validator.iter_errors(value).next() {
                    None => Verdict::Valid,
                    Some(error) => Verdict::Invalid(complaint(&error)),
                },
            }
        })
        .collect()
}

/// The validator's complaint, naming where in the example it is, with the
/// offending value cut short (an example can be megabytes long).
fn complaint(error: &jsonschema::ValidationError<'_>) -> String {
    let mut shown = error.instance().to_string();
    if shown.chars().count() > 60 {
        shown = format!("{}…", shown.chars().take(57).collect::<String>());
    }
    let at = error.instance_path().to_string();
    let message = error.masked_with(shown).to_string();
    if at.is_empty() { message } else { format!("at `{at}`: {message}") }
}

/// OpenAPI's `format: byte`: base64 text.
fn is_base64(text: &str) -> bool {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(text).is_ok()
}

/// `format: uuid` (draft 4 has no such format): 8-4-4-4-12 hex digits.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The document with each visited schema in JSON Schema draft 4's words.
struct Translated {
    document: Value,
    moved: Moved,
}

/// Where the schemas rewritten as "null, or what they said" now keep what
/// they said: under the document's `x-custgen-nullable`, by number.
#[derive(Default)]
struct Moved(Vec<String>);

impl Moved {
    const ROOT: &'static str = "/x-custgen-nullable";

    /// Where the schema first written at `pointer` is now: below its
    /// deepest moved ancestor's new place, or where it was.
    fn location(&self, pointer: &str) -> String {
        let ancestor = self
            .0
            .iter()
            .enumerate()
            .filter(|(_, moved)| pointer.strip_prefix(moved.as_str()).is_some_and(|rest| rest.starts_with('/')))
            .max_by_key(|(_, moved)| moved.len());
        match ancestor {
            Some((index, moved)) => format!("{}/{index}{}", Self::ROOT, &pointer[moved.len()..]),
            None => pointer.to_owned(),
        }
    }
}

impl Translated {
    /// `nullable: true` admits `null` (in `type`, and in `enum` when there
    /// is one; a schema without `type` becomes "null, or what it said", the
    /// latter moved aside so no pointer into the document changes), and the
    /// keywords draft 4 reads differently from OpenAPI (`id`, `$schema`) are
    /// dropped; a `discriminator`'s property is required, as OpenAPI says the
    /// payload must hold it; `properties` without `type` (or a composition)
    /// describe an object, as the model reads them. Deepest schemas first, so a schema moves with what is
    /// already rewritten inside it.
    fn new(raw: &Value, schemas: &[String]) -> Self {
        let mut document = raw.clone();
        let mut moved = Moved::default();
        let mut aside = Map::new();
        let mut order: Vec<&String> = schemas.iter().collect();
        order.sort_by_key(|pointer| std::cmp::Reverse(pointer.len()));
        for pointer in order {
            let Some(Value::Object(schema)) = document.pointer_mut(pointer) else { continue };
            if let Some(rest) = translate(schema) {
                let index = moved.0.len();
                moved.0.push(pointer.clone());
                aside.insert(index.to_string(), Value::Object(rest));
                let target = format!("#{}/{index}", Moved::ROOT);
                schema.insert("anyOf".to_owned(), serde_json::json!([{ "type": "null" }, { "$ref": target }]));
            }
        }
        if let Value::Object(root) = &mut document {
            root.insert(Moved::ROOT[1..].to_owned(), Value::Object(aside));
        }
        Self { document, moved }
    }
}

/// Rewrites one schema in place; returns what it said when it must move
/// aside (a nullable schema without `type`), leaving it empty.
fn translate(schema: &mut Map<String, Value>) -> Option<Map<String, Value>> {
    schema.remove("id");
    schema.remove("$schema");
    // Properties without a `type` describe an object: the model reads them
    // as a struct, so a value of another kind is not a value of the schema.
    if !schema.contains_key("type") && (schema.contains_key("properties") || schema.contains_key("additionalProperties")) {
        let composed = ["allOf", "anyOf", "oneOf"].iter().any(|keyword| schema.contains_key(*keyword));
        if !composed {
            schema.insert("type".to_owned(), Value::String("object".to_owned()));
        }
    }
    // OpenAPI: with a `discriminator`, the payload must hold its property.
    let tag = schema.get("discriminator").and_then(|tag| tag.get("propertyName")).and_then(Value::as_str).map(str::to_owned);
    if let Some(tag) = tag.filter(|_| schema.contains_key("oneOf") || schema.contains_key("anyOf")) {
        match schema.entry("required").or_insert_with(|| Value::Array(Vec::new())) {
            Value::Array(required) if !required.contains(&Value::String(tag.clone())) => required.push(Value::String(tag)),
            _ => {}
        }
    }
    if schema.remove("nullable") != Some(Value::Bool(true)) {
        return None;
    }
    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
    }
    match schema.get("type").cloned() {
        Some(Value::String(ty)) => {
            schema.insert("type".to_owned(), serde_json::json!([ty, "null"]));
            None
        }
        None if schema.keys().any(|key| !key.starts_with("x-") && key != "enum" && key != "example") => {
            Some(std::mem::take(schema))
        }
        _ => None,
    }
}
