//! Items written directly as text, already in the layout `prettyplease`
//! gives them, so the next stage need not parse and print them again.
//!
//! Types and operations are all of a module but its client, and their
//! shapes are few and regular, so they are written this way; formatting
//! them through `syn` and `prettyplease` took most of the generation time
//! on real documents. [`Text`] writes one line per field, attribute or
//! statement, and follows prettyplease where a line would pass its margin
//! for the shapes that often do: signatures, calls of one argument, match
//! arms, `impl` headers, serde attributes and struct literals (which it
//! breaks past [`STRUCT_LITERAL_MAX`] columns). Doc comments never wrap.
//! Any other line past the margin marks its item as not laid out
//! ([`Item::fits`]), and the next stage hands it to prettyplease; the tests
//! check that prettyplease leaves every other item unchanged.

/// prettyplease's margin: a line this long or shorter is never broken.
pub const MARGIN: usize = 89;

/// The widest struct literal prettyplease keeps on one line.
pub(crate) const STRUCT_LITERAL_MAX: usize = 34;

/// One top-level item written as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The item, ending in a newline.
    pub text: String,
    /// Whether it is in prettyplease's layout: no line the writer could
    /// not lay out passes the margin.
    pub fits: bool,
}

/// Lines of one item, indented four spaces per level.
#[derive(Debug, Default)]
pub(crate) struct Text {
    out: String,
    depth: usize,
    too_wide: bool,
}

impl Text {
    /// One line at the current depth.
    pub(crate) fn line(&mut self, line: &str) -> &mut Self {
        if self.depth * 4 + line.len() > MARGIN {
            self.too_wide = true;
        }
        self.unbreakable(line)
    }

    /// A line prettyplease prints as it is at any width (it has no place to
    /// break: `type Value = Name;`, `path: "…",`, a unit variant).
    pub(crate) fn unbreakable(&mut self, line: &str) -> &mut Self {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
        self.out.push_str(line);
        self.out.push('\n');
        self
    }

    /// Whether `line` fits at the current depth.
    pub(crate) fn fits(&self, line: &str) -> bool {
        self.depth * 4 + line.len() <= MARGIN
    }

    /// A line that opens a block (`… {`); what follows is one level deeper.
    pub(crate) fn open(&mut self, line: &str) -> &mut Self {
        self.line(line);
        self.depth += 1;
        self
    }

    /// One level deeper without a line: the body of a function whose
    /// signature broke over lines opens on the signature's last line.
    pub(crate) fn indent(&mut self) -> &mut Self {
        self.depth += 1;
        self
    }

    /// One level up without a line: the end of a method chain broken over
    /// lines.
    pub(crate) fn dedent(&mut self) -> &mut Self {
        self.depth = self.depth.saturating_sub(1);
        self
    }

    /// Opens `impl … for name {`, with `for name {` on a line of its own when
    /// the header is wider than the margin, as prettyplease breaks it.
    pub(crate) fn open_impl(&mut self, head: &str, name: &str) -> &mut Self {
        let flat = format!("{head} for {name} {{");
        if self.fits(&flat) {
            return self.open(&flat);
        }
        // `for Name {` has no place to break, however long the name.
        self.line(head).open_unbreakable(&format!("for {name} {{"))
    }

    /// A block opened by a line with no place to break (`pub struct Name {`,
    /// `impl Name {`).
    pub(crate) fn open_unbreakable(&mut self, line: &str) -> &mut Self {
        self.unbreakable(line);
        self.depth += 1;
        self
    }

    /// Opens a function: on one line when it fits, else one parameter per
    /// line, as prettyplease breaks a signature.
    pub(crate) fn open_fn(&mut self, head: &str, params: &[String], tail: &str) -> &mut Self {
        let flat = format!("{head}({}){tail}", params.join(", "));
        if self.fits(&flat) || params.is_empty() {
            return self.open(&flat);
        }
        self.open(&format!("{head}("));
        for param in params {
            self.line(&format!("{param},"));
        }
        self.close(&format!("){tail}")).indent()
    }

    /// `{head}{ty}{end}` (a field, `pub name: Type,`): past the margin,
    /// prettyplease breaks the type's generic arguments, one per line; a
    /// type without them has no place to break.
    pub(crate) fn typed(&mut self, head: &str, ty: &str, end: &str) -> &mut Self {
        let flat = format!("{head}{ty}{end}");
        if self.fits(&flat) {
            return self.unbreakable(&flat);
        }
        let Some((outer, arguments)) = ty.strip_suffix('>').and_then(|ty| ty.split_once('<')) else {
            return self.unbreakable(&flat);
        };
        self.open(&format!("{head}{outer}<"));
        for argument in top_level_arguments(arguments) {
            self.line(&format!("{argument},"));
        }
        self.close(&format!(">{end}"))
    }

    /// Closes a block with `line` (`}`, `},`, `})`…) one level up.
    pub(crate) fn close(&mut self, line: &str) -> &mut Self {
        self.depth = self.depth.saturating_sub(1);
        self.line(line)
    }

    /// `///` lines, as prettyplease prints `#[doc]` attributes of one line
    /// each: trailing spaces trimmed, never wrapped.
    pub(crate) fn docs(&mut self, lines: &[String]) -> &mut Self {
        for line in lines {
            let mut comment = String::with_capacity(line.len() + 3);
            comment.push_str("///");
            comment.push_str(line.trim_end_matches(' '));
            self.unbreakable(&comment);
        }
        self
    }

    /// `pattern => body,`, or past the margin the body in a block of its own.
    /// The arm's comma does not count against the margin (prettyplease
    /// prints it after measuring).
    pub(crate) fn arm(&mut self, pattern: &str, body: &str) -> &mut Self {
        let flat = format!("{pattern} => {body}");
        if self.fits(&flat) {
            return self.unbreakable(&format!("{flat},"));
        }
        self.open(&format!("{pattern} => {{")).line(body).close("}")
    }

    /// `head(argument)end`, or past the margin the argument on a line of
    /// its own with a trailing comma.
    pub(crate) fn call(&mut self, head: &str, argument: &str, end: &str) -> &mut Self {
        let flat = format!("{head}({argument}){end}");
        if self.fits(&flat) {
            return self.line(&flat);
        }
        self.open(&format!("{head}("));
        if is_string_literal(argument) {
            self.unbreakable(&format!("{argument},"));
        } else {
            self.line(&format!("{argument},"));
        }
        self.close(&format!("){end}"))
    }

    /// `{head}(a, b, c){end}`: on one line when it fits, else one argument
    /// per line; arguments are paths and literals, which do not break.
    pub(crate) fn call_arguments(&mut self, head: &str, arguments: &[String], end: &str) -> &mut Self {
        let flat = format!("{head}({}){end}", arguments.join(", "));
        if self.fits(&flat) {
            return self.unbreakable(&flat);
        }
        self.open(&format!("{head}("));
        for argument in arguments {
            self.unbreakable(&format!("{argument},"));
        }
        self.close(&format!("){end}"))
    }

    /// An item macro of one argument, `{path}!({argument});`: past the
    /// margin prettyplease puts the argument on a line of its own, without
    /// a trailing comma.
    pub(crate) fn macro_call(&mut self, path: &str, argument: &str) -> &mut Self {
        let flat = format!("{path}!({argument});");
        if self.fits(&flat) {
            return self.unbreakable(&flat);
        }
        self.open(&format!("{path}!(")).unbreakable(argument).close(");")
    }

    /// A match arm whose body is one call wrapped in another
    /// (`Err(answer.declared(Error::NotFound))`), broken as prettyplease
    /// breaks it: the outer call's argument on its own line; if that is
    /// still too wide, the method call on a line below its receiver; then
    /// its argument on a line of its own. The innermost argument is a path,
    /// which has no place to break.
    pub(crate) fn arm_nested_call(&mut self, pattern: &str, outer: &str, receiver: &str, method: &str, argument: &str) -> &mut Self {
        let inner = format!("{receiver}.{method}({argument})");
        let body = format!("{outer}({inner})");
        let flat = format!("{pattern} => {body}");
        if self.fits(&flat) {
            return self.unbreakable(&format!("{flat},"));
        }
        self.open(&format!("{pattern} => {{"));
        if self.fits(&body) {
            self.unbreakable(&body);
        } else {
            self.open(&format!("{outer}("));
            // The trailing comma does not count against the margin.
            if self.fits(&inner) {
                self.unbreakable(&format!("{inner},"));
            } else {
                self.unbreakable(receiver).indent();
                let call = format!(".{method}({argument})");
                if self.fits(&call) {
                    self.unbreakable(&format!("{call},"));
                } else {
                    self.open(&format!(".{method}(")).unbreakable(&format!("{argument},")).close("),");
                }
                self.dedent();
            }
            self.close(")");
        }
        self.close("}")
    }

    /// `#[serde(a, b)]`, or past the margin one argument per line (an
    /// attribute's arguments take no trailing comma).
    pub(crate) fn serde(&mut self, arguments: &[String]) -> &mut Self {
        let flat = format!("#[serde({})]", arguments.join(", "));
        if self.fits(&flat) {
            return self.line(&flat);
        }
        self.open("#[serde(");
        for (index, argument) in arguments.iter().enumerate() {
            if index + 1 < arguments.len() {
                self.line(&format!("{argument},"));
            } else {
                self.line(argument);
            }
        }
        self.close(")]")
    }

    /// `Name { a: x, b }` flat when prettyplease would keep it on one line,
    /// else opened here with one field per line; `end` follows the brace.
    pub(crate) fn struct_literal(&mut self, head: &str, name: &str, fields: &[String], end: &str) -> &mut Self {
        if let Some(flat) = flat_struct_literal(name, fields) {
            return self.line(&format!("{head}{flat}{end}"));
        }
        self.open(&format!("{head}{name} {{"));
        for field in fields {
            self.line(&format!("{field},"));
        }
        self.close(&format!("}}{end}"))
    }

    /// The finished item.
    pub(crate) fn finish(self) -> Item {
        Item { fits: !self.too_wide, text: self.out }
    }
}

/// `Name { a: x, b }` on one line, if prettyplease keeps it there: it
/// measures a literal with fields up to its closing brace, an empty one
/// with it (found by trying widths).
pub(crate) fn flat_struct_literal(name: &str, fields: &[String]) -> Option<String> {
    let flat = if fields.is_empty() { format!("{name} {{}}") } else { format!("{name} {{ {} }}", fields.join(", ")) };
    let width = if fields.is_empty() { flat.len() } else { flat.len() - 1 };
    (width <= STRUCT_LITERAL_MAX).then_some(flat)
}

/// A Rust string literal for `text`, escaped exactly as `quote` would.
/// Generic arguments split at top-level commas (`String, Vec<A>`).
fn top_level_arguments(arguments: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0usize, 0, Vec::new());
    for (at, c) in arguments.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(arguments[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    out.push(arguments[start..].trim());
    out
}

/// Whether `text` is one string literal, as [`string_literal`] writes it.
fn is_string_literal(text: &str) -> bool {
    text.len() >= 2 && text.starts_with('"') && text.ends_with('"') && !text[1..text.len() - 1].replace("\\\\", "").replace("\\\"", "").contains('"')
}

pub(crate) fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// prettyplease's layout of `item`.
    fn layout(item: &str) -> String {
        prettyplease::unparse(&syn::parse_file(item).expect("parses"))
    }

    #[test]
    fn struct_literals_break_where_prettyplease_breaks_them() {
        // Around the widths where prettyplease starts to break them, with
        // and without fields.
        for width in 30..40 {
            for fields in [vec!["a: x".to_owned()], vec![]] {
                let base = if fields.is_empty() { "N {}".len() } else { "N { a: x }".len() };
                let name = format!("N{}", "X".repeat(width - base));
                let mut text = Text::default();
                text.open("fn f() {").struct_literal("g(", &name, &fields, ");").close("}");
                let item = text.finish();
                assert!(item.fits);
                assert_eq!(layout(&item.text), item.text, "width {width}, {} fields", fields.len());
            }
        }
    }

    #[test]
    fn an_impl_header_wider_than_the_margin_puts_its_type_on_the_next_line() {
        for name in ["Short", "AVeryLongTypeNameThatKeepsGoingAndGoingAndGoingForeverAndEver"] {
            let mut text = Text::default();
            text.open_impl("impl ::std::fmt::Display", name).open("fn f() {").line("g();").close("}").close("}");
            let item = text.finish();
            assert!(item.fits);
            assert_eq!(layout(&item.text), item.text);
        }
    }

    #[test]
    fn long_names_fields_and_nested_calls_break_where_prettyplease_breaks_them() {
        let mut laid_out = 0;
        for width in 1..100 {
            let name = format!("N{}", "x".repeat(width));
            let mut text = Text::default();
            text.open_unbreakable(&format!("pub struct {name} {{"))
                .typed("pub a: ", &name, ",")
                .typed("pub b: ", &format!("Option<{name}>"), ",")
                .typed("pub c: ", &format!("::std::collections::BTreeMap<String, Vec<{name}>>"), ",")
                .close("}");
            let mut second = Text::default();
            second
                .open_unbreakable(&format!("impl {name} {{"))
                .open_fn("fn f", &[format!("a: {name}"), "b: u8".to_owned()], " -> u8 {")
                .open("match a.b() {")
                .arm_nested_call("404", "Err", "answer", "declared", &format!("{name}::NotFound"))
                .arm_nested_call("_", "Err", "answer", "declared_empty", &format!("{name}::Other"))
                .close("}")
                .close("}")
                .open_fn("fn g", &[], " {")
                .call("f.write_str", &string_literal(&format!("a {name} object")), ";")
                .close("}")
                .close("}");
            let mut third = Text::default();
            third.macro_call("__rt::model", &name);
            for item in [text.finish(), second.finish(), third.finish()] {
                // An item the writer cannot lay out is left to prettyplease.
                if item.fits {
                    laid_out += 1;
                    assert_eq!(layout(&item.text), item.text, "width {width}");
                }
            }
        }
        assert!(laid_out >= 240, "{laid_out} of 297 items laid out");
    }

    #[test]
    fn only_code_lines_count_against_the_margin() {
        let mut text = Text::default();
        text.docs(&[format!(" {}", "x".repeat(200))]).line("struct A;");
        assert!(text.finish().fits);
        let mut text = Text::default();
        text.line(&format!("const A: &str = \"{}\";", "x".repeat(MARGIN - 19)));
        assert!(text.finish().fits);
        let mut text = Text::default();
        text.line(&format!("const A: &str = \"{}\";", "x".repeat(MARGIN - 18)));
        assert!(!text.finish().fits);
    }

    #[test]
    fn arms_calls_and_serde_attributes_break_where_prettyplease_breaks_them() {
        // Short enough for one line, long enough to break, and an arm whose
        // comma alone passes the margin.
        for (arm, call) in [(10, 10), (70, 75), (68, 10)] {
            let (arm, long) = ("x".repeat(arm), "x".repeat(call));
            let mut text = Text::default();
            text.open("fn f() {")
                .call("let a = g", &format!("\"{long}\""), ";")
                .open("match a {")
                .arm(&format!("\"{arm}\""), "Self::A")
                .arm("_", "Err(h())")
                .close("}")
                .close("}");
            let item = text.finish();
            assert!(item.fits);
            assert_eq!(layout(&item.text), item.text);
            let mut text = Text::default();
            text.open("struct S {").serde(&[format!("rename = \"{long}\""), "default".to_owned()]).line("a: A,").close("}");
            let item = text.finish();
            assert_eq!(layout(&item.text), item.text);
        }
    }
}
