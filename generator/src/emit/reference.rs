//! What a user needs to know about an operation besides its description:
//! parameters, body, result, errors, authentication. Written as Markdown
//! sections, shared by the rustdoc of each method and the API reference.

use crate::ir::{Api, AuthPlacement, Operation, PageCount, ResponseBody, StatusMatch, Type};

use super::docs::prose;

/// `# Parameters`, `# Returns`, `# Errors` and `# Authentication`, as they
/// apply to the operation.
pub(crate) fn sections(api: &Api, operation: &Operation) -> Vec<String> {
    let mut sections = Vec::new();
    let mut params: Vec<String> = operation
        .params
        .iter()
        .map(|param| {
            let name = if param.required { param.name.clone() } else { format!(".{}(…)", param.name) };
            let location = param.location.as_str();
            let need = if param.required { "required" } else { "optional" };
            let docs = prose(param.docs.as_deref()).map(|docs| format!(": {}", first_line(&docs))).unwrap_or_default();
            format!("- `{name}` ({location} `{}`, {need}, `{}`){docs}", param.wire_name, rust_type(&param.ty))
        })
        .collect();
    if let Some(body) = &operation.body {
        params.push(format!("- `body` (`{}`, sent as `{}`)", rust_type(&body.ty), body.content_type));
    }
    if !params.is_empty() {
        let setters = if operation.params.iter().any(|param| !param.required) {
            "\n\nOptional parameters are setters on the returned call: `.name(value)` before `.await`."
        } else {
            ""
        };
        sections.push(format!("# Parameters\n\n{}{setters}", params.join("\n")));
    }
    let mut returned = returns(operation);
    if let Some(name) = &operation.headers_struct {
        let headers: Vec<String> = operation
            .response_headers
            .iter()
            .map(|header| format!("- `{}` → `.{}` (`{}`{})", header.wire_name, header.name, rust_type(&header.ty), if header.required { "" } else { ", optional" }))
            .collect();
        returned.push_str(&format!(
            "\n\nDeclared headers, typed as [`{name}`] by `.with_response()` (then `.declared_headers()`):\n{}",
            headers.join("\n")
        ));
    }
    sections.push(format!("# Returns\n\n{returned}"));
    sections.push(errors(operation));
    if let Some(index) = operation.auth {
        let scheme = &api.auth_schemes[index];
        sections.push(format!("# Authentication\n\n`{}`: {}.", scheme.name, placement(&scheme.placement)));
    }
    sections
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

fn returns(operation: &Operation) -> String {
    if let Some(pagination) = &operation.pagination {
        let total = match &pagination.count {
            PageCount::None => "no total".to_owned(),
            PageCount::Header(header) => format!("the total from header `{header}`"),
            PageCount::Field(pointer) => format!("the total at `{pointer}`"),
        };
        let inferred = match &pagination.convention {
            Some(convention) => format!(" (the spec pages by {convention})"),
            None => String::new(),
        };
        return format!(
            "One page: [`crate::Page`]`<{}>` (items, {total}) on any 2xx. Pages follow {}{inferred}; `.into_pages()` on the \
             call yields every page and `.into_stream()` every item, each page fetched when it is needed.",
            rust_type(&pagination.item),
            pagination.style
        );
    }
    match (&operation.success_enum, operation.successes.as_slice()) {
        (Some(name), outcomes) => {
            let lines: Vec<String> = outcomes
                .iter()
                .map(|outcome| format!("- `{}` → `{name}::{}`{}", status(outcome.status), outcome.variant, payload(&outcome.body)))
                .collect();
            format!("[`{name}`], by status:\n{}", lines.join("\n"))
        }
        (None, [only]) => match &only.body {
            ResponseBody::Empty => "`()` on any 2xx.".to_owned(),
            ResponseBody::Json { ty, .. } => format!("`{}` on any 2xx (declared: `{}`).", rust_type(ty), status(only.status)),
            ResponseBody::Raw { content_type } => format!("The body as `bytes::Bytes` (`{content_type}`) on any 2xx."),
        },
        (None, _) => "The body as `bytes::Bytes` on any 2xx (the spec declares no success response).".to_owned(),
    }
}

fn errors(operation: &Operation) -> String {
    let mut text = String::from("# Errors\n\n");
    if let Some(name) = &operation.error_enum {
        let lines: Vec<String> = operation
            .errors
            .iter()
            .map(|outcome| format!("- `{}` → `{name}::{}`{}", status(outcome.status), outcome.variant, payload(&outcome.body)))
            .collect();
        text.push_str(&format!("Declared error responses arrive as [`crate::Error::Api`] with [`{name}`]:\n{}\n\n", lines.join("\n")));
    }
    text.push_str(
        "Any other non-2xx status is [`crate::Error::Status`]; a body that does not match the spec is \
         [`crate::Error::Decode`]; a failed exchange is [`crate::Error::Transport`].",
    );
    text
}

fn payload(body: &ResponseBody) -> String {
    match body {
        ResponseBody::Empty => String::new(),
        ResponseBody::Json { ty, .. } => format!(" with `{}`", rust_type(ty)),
        ResponseBody::Raw { content_type } => format!(" (`{content_type}`)"),
    }
}

pub(crate) fn status(status: StatusMatch) -> String {
    status.to_string()
}

pub(crate) fn placement(placement: &AuthPlacement) -> String {
    format!("the credential {placement}")
}

/// A type as users write it.
pub(crate) fn rust_type(ty: &Type) -> String {
    ty.to_string()
}
