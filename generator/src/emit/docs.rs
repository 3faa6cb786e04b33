//! Doc comments. Text from a spec is written for HTML renderers, not
//! rustdoc, so [`prose`] makes what rustdoc would misread inert: code fences
//! that rustdoc would compile become `text` blocks (never doctests),
//! brackets are escaped (never broken intra-doc links), `<` is escaped
//! (never a stray HTML tag) and bare URLs become autolinks. It also spells
//! out what Markdown leaves implicit and clippy's doc lints refuse: tabs
//! become spaces, a line that continues a list item's text starts at that
//! text's column, and one that lazily continues a quote gets its `>`.
//! Text the generator writes itself is used as it is.

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
pub(crate) fn doc_lines(paragraphs: &[Option<&str>]) -> Vec<String> {
    let text = paragraphs
        .iter()
        .flatten()
        .map(|paragraph| paragraph.trim())
        .filter(|paragraph| !paragraph.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    // A lone CR is a line break to Markdown and an error in a doc comment.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect()
}

/// Spec text made safe for rustdoc; see the module docs.
/// Blank text counts as none, so the caller's fallback applies.
pub(crate) fn prose(text: Option<&str>) -> Option<String> {
    text.filter(|text| !text.trim().is_empty()).map(sanitize)
}

fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut fence: Option<Fence> = None;
    let mut lazy = Lazy::Nothing;
    let mut paragraph = Vec::new();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.lines() {
        let line = line.replace('\t', "    ");
        if let Some(open) = &fence {
            if open.closed_by(&line) {
                fence = None;
            }
            out.push(line);
            continue;
        }
        if let Some((open, info)) = Fence::opened_by(&line) {
            out.extend(take_inert(&mut paragraph));
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push(if rustdoc_compiles(info) { format!("{indent}{}text", open.marker()) } else { line.clone() });
            fence = Some(open);
            lazy = Lazy::Nothing;
            continue;
        }
        let line = continue_lazily(&line, &mut lazy);
        if line.trim().is_empty() {
            out.extend(take_inert(&mut paragraph));
            out.push(line);
        } else {
            paragraph.push(line);
        }
    }
    out.extend(take_inert(&mut paragraph));
    out.join("\n")
}

/// The lines of a paragraph, taken from `lines`, with brackets and tags
/// escaped and bare URLs linked. A whole paragraph at a time, because a link's
/// text or a code span may run over several lines.
fn take_inert(lines: &mut Vec<String>) -> Vec<String> {
    if lines.is_empty() {
        return Vec::new();
    }
    let escaped = inert_paragraph(&lines.join("\n"));
    lines.clear();
    escaped.split('\n').map(str::to_owned).collect()
}

/// The block a line without a blank line before it would lazily continue.
#[derive(Clone, Copy)]
enum Lazy {
    Nothing,
    /// A list item whose text starts at this column.
    ListItem(usize),
    Quote,
}

/// `line` with the indentation or `>` that Markdown would infer for it,
/// updating what the next line continues.
fn continue_lazily(line: &str, lazy: &mut Lazy) -> String {
    let body = line.trim_start();
    let indent = line.len() - body.len();
    if body.is_empty() || body.starts_with('#') || body.chars().all(|c| matches!(c, '-' | '=' | '*' | '_' | ' ')) {
        *lazy = Lazy::Nothing;
        return line.to_owned();
    }
    if let Some(column) = list_item_text_column(line) {
        *lazy = Lazy::ListItem(column);
        return line.to_owned();
    }
    if body.starts_with('>') {
        *lazy = Lazy::Quote;
        return line.to_owned();
    }
    match *lazy {
        Lazy::ListItem(column) if indent != column => format!("{}{body}", " ".repeat(column)),
        Lazy::Quote => format!("> {line}"),
        _ => line.to_owned(),
    }
}

/// Where the text of a list item starts, if `line` opens one
/// (`- `, `* `, `+ `, `1. `, `1) `).
fn list_item_text_column(line: &str) -> Option<usize> {
    let body = line.trim_start();
    let digits = body.chars().take_while(char::is_ascii_digit).count();
    let marker = match body.as_bytes().get(digits)? {
        b'-' | b'*' | b'+' if digits == 0 => 1,
        b'.' | b')' if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = &body[marker..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    if spaces == 0 || after.trim().is_empty() {
        return None;
    }
    let spaces = if spaces > 4 { 1 } else { spaces };
    Some(line.len() - body.len() + marker + spaces)
}

/// An open fenced code block: its character and length.
struct Fence {
    marker: char,
    length: usize,
}

impl Fence {
    /// The fence `line` opens and its info string, if it opens one.
    fn opened_by(line: &str) -> Option<(Fence, &str)> {
        let body = line.trim_start();
        let marker = body.chars().next().filter(|&c| c == '`' || c == '~')?;
        let length = body.chars().take_while(|&c| c == marker).count();
        let info = &body[length..];
        (length >= 3 && !(marker == '`' && info.contains('`'))).then(|| (Fence { marker, length }, info.trim()))
    }

    fn closed_by(&self, line: &str) -> bool {
        let body = line.trim();
        body.chars().count() >= self.length && body.chars().all(|c| c == self.marker)
    }

    fn marker(&self) -> String {
        self.marker.to_string().repeat(self.length)
    }
}

/// Whether rustdoc would treat a code block with this info string as Rust
/// and compile it: no language, `rust`, or only rustdoc's own attributes.
fn rustdoc_compiles(info: &str) -> bool {
    info.split([',', ' ']).filter(|token| !token.is_empty()).all(|token| {
        matches!(token, "rust" | "ignore" | "should_panic" | "no_run" | "compile_fail" | "test_harness" | "standalone_crate")
            || token.starts_with("edition")
            || token.starts_with("ignore-")
    })
}

/// Escapes `[`, `]` and `<` in a paragraph, outside code spans, unless they
/// form a Markdown link `[text](url)` or an autolink `<http...>`, and wraps
/// bare `http(s)://` URLs in `<>`.
fn inert_paragraph(paragraph: &str) -> String {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out = String::with_capacity(paragraph.len());
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if c == '`' {
            let end = code_span_end(&chars, index);
            out.extend(&chars[index..end]);
            index = end;
            continue;
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
        } else if c == '<' && !starts_with(&chars[index..], "<http") {
            out.push_str("&lt;");
        } else if starts_with(&chars[index..], "http://") || starts_with(&chars[index..], "https://") {
            let length = chars[index..].iter().position(|&c| c.is_whitespace() || c == ')' || c == '>').unwrap_or(chars.len() - index);
            let url: String = chars[index..index + length].iter().collect();
            let url = url.trim_end_matches(['.', ',', ';', ':']);
            let link_target = out.ends_with("](") && !out.ends_with("\\](");
            if link_target || out.ends_with('<') {
                out.push_str(url);
            } else {
                out.push_str(&format!("<{url}>"));
            }
            index += url.chars().count();
            continue;
        } else {
            out.push(c);
        }
        index += 1;
    }
    out
}

fn starts_with(chars: &[char], prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(index, c)| chars.get(index) == Some(&c))
}

/// Where the code span opened by the backticks at `start` ends: after the
/// next run of as many backticks, or, with none, right after the opening
/// run, which Markdown then reads as plain backticks.
fn code_span_end(chars: &[char], start: usize) -> usize {
    let run = |from: usize| chars[from..].iter().take_while(|&&c| c == '`').count();
    let opening = run(start);
    let mut index = start + opening;
    while index < chars.len() {
        if chars[index] == '`' {
            let length = run(index);
            if length == opening {
                return index + length;
            }
            index += length;
        } else {
            index += 1;
        }
    }
    start + opening
}

#[cfg(test)]
mod tests {
    use super::{doc_lines, sanitize};

    #[test]
    fn carriage_returns_become_line_breaks() {
        assert_eq!(sanitize("one\rtwo\r\nthree"), "one\ntwo\nthree");
        assert_eq!(doc_lines(&[Some("a\rb")]), [" a", " b"]);
    }

    #[test]
    fn fences_without_language_become_text() {
        assert_eq!(sanitize("a\n```\nlet x;\n```"), "a\n```text\nlet x;\n```");
        assert_eq!(sanitize("```json\n{}\n```"), "```json\n{}\n```");
    }

    #[test]
    fn code_blocks_rustdoc_would_compile_become_text() {
        assert_eq!(sanitize("```rust\nfn main() {}\n```"), "```text\nfn main() {}\n```");
        assert_eq!(sanitize("  ~~~~ no_run,edition2021\nx\n~~~~"), "  ~~~~text\nx\n~~~~");
        assert_eq!(sanitize("```shell\ncurl [x]\n```\n[y]"), "```shell\ncurl [x]\n```\n\\[y\\]");
    }

    #[test]
    fn lazy_continuations_are_spelled_out() {
        assert_eq!(sanitize("- one\ntwo\n\nthree"), "- one\n  two\n\nthree");
        assert_eq!(sanitize("1.  first\nmore\n   - nested\n  deeper"), "1.  first\n    more\n   - nested\n     deeper");
        assert_eq!(sanitize("> **Note**\nstill quoted\n\nafter"), "> **Note**\n> still quoted\n\nafter");
        assert_eq!(sanitize("- item\n---\n# Head\ntext"), "- item\n---\n# Head\ntext");
        assert_eq!(sanitize("*emphasis*\nnext"), "*emphasis*\nnext");
        assert_eq!(sanitize("- rows\n\tby a tab"), "- rows\n  by a tab");
    }

    #[test]
    fn tabs_become_spaces() {
        assert_eq!(sanitize("| a\t| b |"), "| a    | b |");
    }

    #[test]
    fn brackets_urls_and_tags_are_made_inert() {
        assert_eq!(sanitize("see [docs](https://x.io) or [other]"), "see [docs](https://x.io) or \\[other\\]");
        assert_eq!(sanitize("at https://api.fastly.com."), "at <https://api.fastly.com>.");
        assert_eq!(sanitize("(see https://x.io)"), "(see <https://x.io>)");
        assert_eq!(sanitize("(https://x.io)"), "(<https://x.io>)");
        assert_eq!(sanitize("`curl https://x.io` <https://y.io>"), "`curl https://x.io` <https://y.io>");
        assert_eq!(sanitize("a <b>bold</b> <https://x.io>"), "a &lt;b>bold&lt;/b> <https://x.io>");
        assert_eq!(sanitize("code `a[0] < b` stays"), "code `a[0] < b` stays");
        assert_eq!(sanitize("see [the\nguide](https://x.io)."), "see [the\nguide](https://x.io).");
        assert_eq!(sanitize("a `code\n[span]` b\n\n`[x]"), "a `code\n[span]` b\n\n`\\[x\\]");
        assert_eq!(sanitize("[a\n\nb](https://x.io)"), "\\[a\n\nb\\](<https://x.io>)");
    }
}
