//! Items written directly as text, already in the layout `prettyplease`
//! gives them, so the next stage need not parse and print them again.
//!
//! Types are most of a module and their shapes are few and regular, so they
//! are written this way; formatting them through `syn` and `prettyplease`
//! took most of the generation time on real documents. The text is written
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
        // prettyplease measures the literal up to its closing brace.
        if flat.len() - 1 <= STRUCT_LITERAL_MAX {
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
