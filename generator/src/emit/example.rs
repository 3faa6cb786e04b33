//! Example calls, written once and used both as doctests in the rustdoc of
//! each method and in the Markdown API reference, so every example shown
//! to users is compiled.

use crate::ir::{Api, AuthPlacement, Operation, Type, TypeKind};

/// How deep example values for nested required fields may go.
const MAX_DEPTH: usize = 3;

/// A call of `operation` as a user writes it, with the lines a doctest
/// needs to compile hidden behind `# `.
pub(crate) fn example(api: &Api, operation: &Operation) -> String {
    let module = &api.module;
    let mut args: Vec<String> = Vec::new();
    if api.default_base_url.is_none() {
        args.push("\"https://api.example.com\"".to_owned());
    }
    if !api.auth_schemes.is_empty() {
        let secret = match api.auth_schemes.first().map(|scheme| &scheme.placement) {
            Some(AuthPlacement::Basic) => "generated_client::Credential::basic(\"user\", \"password\")",
            _ => "\"<token>\"",
        };
        args.push(secret.to_owned());
    }
    let mut call: Vec<String> = operation
        .params
        .iter()
        .filter(|param| param.required)
        .map(|param| match &param.ty {
            Type::String => format!("\"{}\"", param.wire_name.replace(['"', '\\'], "")),
            ty => value(api, ty, 0).unwrap_or_else(|| "Default::default()".to_owned()),
        })
        .collect();
    if let Some(body) = &operation.body {
        let body_value = match &body.ty {
            Type::String => "\"text\"".to_owned(),
            Type::Bytes => "Vec::<u8>::new()".to_owned(),
            ty => value(api, ty, 0).unwrap_or_else(|| "Default::default()".to_owned()),
        };
        call.push(body_value);
    }
    // The first optional parameter with a simple value shows the setters.
    let setter = operation.params.iter().filter(|param| !param.required).find_map(|param| {
        let value = match &param.ty {
            Type::String => "\"text\"".to_owned(),
            ty => value(api, ty, 0)?,
        };
        Some(format!(".{}({value})", param.name))
    });
    let binding = if operation.successes.iter().all(|outcome| matches!(outcome.body, crate::ir::ResponseBody::Empty)) && operation.successes.len() <= 1 {
        String::new()
    } else {
        "let response = ".to_owned()
    };
    let used = if binding.is_empty() { "" } else { "# let _ = response;\n" };
    format!(
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {{\n\
         let client = generated_client::{module}::Client::new({})?;\n\
         {binding}client.{}({}){}.await?;\n\
         {used}\
         # Ok(())\n\
         # }}",
        args.join(", "),
        operation.name,
        call.join(", "),
        setter.unwrap_or_default()
    )
}

/// A Rust expression of type `ty`, or `None` when none is simple to write.
fn value(api: &Api, ty: &Type, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return None;
    }
    let module = &api.module;
    Some(match ty {
        Type::String => "String::from(\"text\")".to_owned(),
        Type::Bool => "true".to_owned(),
        Type::I32 | Type::I64 => "1".to_owned(),
        Type::F64 => "1.0".to_owned(),
        Type::DateTime => "chrono::DateTime::UNIX_EPOCH".to_owned(),
        Type::Date => "chrono::NaiveDate::default()".to_owned(),
        Type::Uuid => "uuid::Uuid::nil()".to_owned(),
        Type::Decimal => "\"1.00\".parse::<generated_client::Decimal>()?".to_owned(),
        Type::File => "generated_client::FilePart::new(Vec::new(), \"file.bin\", \"application/octet-stream\")".to_owned(),
        Type::Bytes => "bytes::Bytes::new()".to_owned(),
        Type::Json => "serde_json::Value::Null".to_owned(),
        Type::Vec(_) => "Vec::new()".to_owned(),
        Type::Map(_) => "Default::default()".to_owned(),
        Type::Nullable(_) => "None".to_owned(),
        Type::Boxed(inner) => format!("Box::new({})", value(api, inner, depth + 1)?),
        Type::Named(name) => {
            let def = api.types.iter().find(|def| &def.name == name)?;
            let path = format!("generated_client::{module}::{name}");
            match &def.kind {
                TypeKind::Struct(fields) if fields.iter().all(|field| !field.required) => format!("{path}::default()"),
                TypeKind::Struct(fields) => {
                    let values: Option<Vec<String>> = fields
                        .iter()
                        .filter(|field| field.required)
                        .map(|field| wrapped(api, &field.ty, field.nullable, depth))
                        .collect();
                    format!("{path}::new({})", values?.join(", "))
                }
                TypeKind::Enum { variants, unknown } => {
                    let variant = variants.first().map_or(format!("{unknown}(String::from(\"value\"))"), |variant| variant.name.clone());
                    format!("{path}::{variant}")
                }
                TypeKind::OneOf { variants, .. } => {
                    let first = variants.first()?;
                    format!("{path}::{}({})", first.name, value(api, &first.ty, depth + 1)?)
                }
                TypeKind::Alias(inner) => value(api, inner, depth + 1)?,
                TypeKind::Newtype(inner) => format!("{path}({})", value(api, inner, depth + 1)?),
            }
        }
    })
}

/// A value for a required field: `Some(...)` for a nullable one.
fn wrapped(api: &Api, ty: &Type, nullable: bool, depth: usize) -> Option<String> {
    let inner = value(api, ty, depth + 1)?;
    Some(if nullable { format!("Some({inner})") } else { inner })
}
