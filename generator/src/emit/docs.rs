//! Doc comments. Text from a spec is written for HTML renderers, not
//! rustdoc, so [`prose`] makes what rustdoc would misread inert: code fences
//! become `text` blocks (never doctests), brackets are escaped (never broken
//! intra-doc links), `<` is escaped (never a stray HTML tag) and bare URLs
//! become autolinks. Text the generator writes itself is used as it is.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line; nothing for no text.
pub(crate) fn doc_attrs(paragraphs: &[Option<&str>]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "..."]` attributes, for the top of a module file.
pub(crate) fn inner_doc_attrs(paragraphs: &[Option<&str>]) -> TokenStream {
    let lines = doc_lines(paragraphs);
    quote! { #( #![doc = #lines] )* }
}

/// The sanitised paragraphs, one string per line, each after a space as
/// `///` comments have it.
fn doc_lines(paragraphs: &[Option<&str>]) -> Vec<String> {
    let text = paragraphs
        .iter()
        .flatten()
        .map(|paragraph| paragraph.trim())
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect()
}

/// Spec text made safe for rustdoc; see the module docs.
/// Blank text counts as none, so the caller's fallback applies.
pub(crate) fn prose(text: Option<&str>) -> Option<String> {
    text.filter(|text| !text.trim().is_empty()).map(sanitize)
}

fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            out.push(if in_fence || !info.trim().is_empty() {
                line.to_owned()
            } else {
                format!("{line}text")
            });
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.to_owned());
        } else {
            out.push(autolink(&escape_brackets(line)));
        }
    }
    out.join("\n")
}

/// Escapes `[`, `]` and `<` outside inline code, unless they form a
/// Markdown link `[text](url)` or an autolink `<http...>`.
fn escape_brackets(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut index = 0;
    let mut in_code = false;
    while index < chars.len() {
        let c = chars[index];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
        } else if in_code {
            out.push(c);
        } else if c == '[' {
            let close = chars[index..].iter().position(|&c| c == ']').map(|offset| index + offset);
            if let Some(close) = close.filter(|&close| chars.get(close + 1) == Some(&'(')) {
                out.extend(&chars[index..=close]);
                index = close + 1;
                continue;
            }
            out.push_str("\\[");
        } else if c == ']' {
            out.push_str("\\]");
        } else if c == '<' && chars[index..].iter().take(5).collect::<String>() != "<http" {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
        index += 1;
    }
    out
}

/// Wraps bare `http(s)://` URLs in `<>`, leaving those already in a link alone.
fn autolink(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find("http://").into_iter().chain(rest.find("https://")).min() {
        let before = &rest[..start];
        out.push_str(before);
        let end = rest[start..].find(|c: char| c.is_whitespace() || c == ')' || c == '>').map_or(rest.len(), |end| start + end);
        let url = rest[start..end].trim_end_matches(['.', ',', ';', ':']);
        let already_linked = before.ends_with('(') || before.ends_with('<') || before.ends_with('`');
        if already_linked {
            out.push_str(url);
        } else {
            out.push_str(&format!("<{url}>"));
        }
        rest = &rest[start + url.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn fences_without_language_become_text() {
        assert_eq!(sanitize("a\n```\nlet x;\n```"), "a\n```text\nlet x;\n```");
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```");
    }

    #[test]
    fn brackets_urls_and_tags_are_made_inert() {
        assert_eq!(sanitize("see [docs](https://x.io) or [other]"), "see [docs](https://x.io) or \\[other\\]");
        assert_eq!(sanitize("at https://api.fastly.com."), "at <https://api.fastly.com>.");
        assert_eq!(sanitize("a <b>bold</b> <https://x.io>"), "a &lt;b>bold&lt;/b> <https://x.io>");
        assert_eq!(sanitize("code `a[0] < b` stays"), "code `a[0] < b` stays");
    }
}
