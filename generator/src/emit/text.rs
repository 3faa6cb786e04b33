//! Items written directly as text, already in the layout `prettyplease`
//! gives them, so the next stage need not parse and print them again.
//!
//! Types and operations are all of a module but its client, and their
//! shapes are few and regular, so they are written this way; formatting
//! them through `syn` and `prettyplease` took most of the generation time
//! on real documents. The text is written
//! flat: one line per field, attribute, statement. That is prettyplease's
//! layout exactly when every line fits its margin, with two rules followed
//! here: struct literals wider than [`STRUCT_LITERAL_MAX`] break one field
//! per line, and doc comments never wrap. An item with a longer line is
//! handed back to prettyplease ([`Piece::fits`](super::Piece)); the tests
//! check that prettyplease leaves every other item unchanged.

/// prettyplease's margin: a line this long or shorter is never broken.
pub const MARGIN: usize = 89;

/// The widest struct literal prettyplease keeps on one line.
pub(crate) const STRUCT_LITERAL_MAX: usize = 34;

/// Lines of one item, indented four spaces per level.
#[derive(Debug, Default)]
pub(crate) struct Text {
    out: String,
    depth: usize,
}

impl Text {
    /// One line at the current depth.
    pub(crate) fn line(&mut self, line: &str) -> &mut Self {
        for _ in 0..self.depth {
            self.out.push_str("    ");
        }
        self.out.push_str(line);
        self.out.push('\n');
        self
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

    /// Opens `impl … for name {`, with `for name {` on a line of its own when
    /// the header is wider than the margin, as prettyplease breaks it.
    pub(crate) fn open_impl(&mut self, head: &str, name: &str) -> &mut Self {
        let flat = format!("{head} for {name} {{");
        if self.depth * 4 + flat.len() <= MARGIN {
            return self.open(&flat);
        }
        self.line(head).open(&format!("for {name} {{"))
    }

    /// One level up without a line: the end of a method chain broken over
    /// lines.
    pub(crate) fn dedent(&mut self) -> &mut Self {
        self.depth = self.depth.saturating_sub(1);
        self
    }

    /// Closes a block with `line` (`}`, `},`, `})`…) one level up.
    pub(crate) fn close(&mut self, line: &str) -> &mut Self {
        self.depth = self.depth.saturating_sub(1);
        self.line(line)
    }

    /// `///` lines, as prettyplease prints `#[doc]` attributes of one line
    /// each: trailing spaces trimmed.
    pub(crate) fn docs(&mut self, lines: &[String]) -> &mut Self {
        for line in lines {
            let mut comment = String::with_capacity(line.len() + 3);
            comment.push_str("///");
            comment.push_str(line.trim_end_matches(' '));
            self.line(&comment);
        }
        self
    }

    /// `Name { a: x, b }` flat when prettyplease would keep it on one line,
    /// else opened here with one field per line; `end` follows the brace.
    pub(crate) fn struct_literal(&mut self, head: &str, name: &str, fields: &[String], end: &str) -> &mut Self {
        let flat = if fields.is_empty() { format!("{name} {{}}") } else { format!("{name} {{ {} }}", fields.join(", ")) };
        // prettyplease measures a literal with fields up to its closing
        // brace, an empty one with it (found by trying widths).
        let width = if fields.is_empty() { flat.len() } else { flat.len() - 1 };
        if width <= STRUCT_LITERAL_MAX {
            return self.line(&format!("{head}{flat}{end}"));
        }
        self.open(&format!("{head}{name} {{"));
        for field in fields {
            self.line(&format!("{field},"));
        }
        self.close(&format!("}}{end}"))
    }

    /// The finished item.
    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// A Rust string literal for `text`, escaped exactly as `quote` would.
pub(crate) fn string_literal(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// Whether every line that is not a doc comment fits [`MARGIN`], so that
/// prettyplease would print the item as it is.
pub(crate) fn fits(item: &str) -> bool {
    item.lines().all(|line| line.len() <= MARGIN || line.trim_start().starts_with("///"))
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
                assert_eq!(layout(&item), item, "width {width}, {} fields", fields.len());
            }
        }
    }

    #[test]
    fn an_impl_header_wider_than_the_margin_puts_its_type_on_the_next_line() {
        for name in ["Short", "AVeryLongTypeNameThatKeepsGoingAndGoingAndGoingForeverAndEver"] {
            let mut text = Text::default();
            text.open_impl("impl ::std::fmt::Display", name).open("fn f() {").line("g();").close("}").close("}");
            let item = text.finish();
            assert_eq!(layout(&item), item);
        }
    }

    #[test]
    fn only_code_lines_count_against_the_margin() {
        let doc = format!("/// {}\nstruct A;\n", "x".repeat(200));
        assert!(fits(&doc));
        assert!(fits(&format!("const A: &str = \"{}\";\n", "x".repeat(MARGIN - 19))));
        assert!(!fits(&format!("const A: &str = \"{}\";\n", "x".repeat(MARGIN - 18))));
    }
}
