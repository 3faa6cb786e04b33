//! Maps JSON pointers to line and column in the YAML text, so a problem found
//! deep inside a parsed document can still be shown where it was written.

use std::collections::HashMap;
use std::sync::OnceLock;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{LineCol, escape_pointer_token};

/// Where each node of a YAML document starts, by JSON pointer. The index
/// is built on the first look-up: a spec without problems never needs it,
/// and indexing a large document costs more than parsing it.
#[derive(Debug, Default)]
pub struct Locator {
    text: String,
    starts: OnceLock<HashMap<String, LineCol>>,
}

impl Locator {
    /// A locator for `text`.
    pub fn new(text: &str) -> Self {
        Self { text: text.to_owned(), starts: OnceLock::new() }
    }

    /// The position of `pointer`, or of its nearest ancestor that was found
    /// (a pointer into a flow-style or generated node still gets a useful
    /// line). A document the YAML scanner rejects has no positions: its
    /// parse error is reported on its own, with its own position.
    pub fn locate(&self, pointer: &str) -> Option<LineCol> {
        let starts = self.starts.get_or_init(|| {
            let mut walker = Walker::default();
            match Parser::new_from_str(&self.text).load(&mut walker, false) {
                Ok(()) => walker.starts,
                Err(_) => HashMap::new(),
            }
        });
        let mut pointer = pointer;
        loop {
            if let Some(found) = starts.get(pointer) {
                return Some(*found);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

enum Frame {
    /// `located`: whether the mapping's own position is known yet. The
    /// scanner only recognises a block mapping at its first `:`, so its
    /// start mark points there; the first key's mark is the true start.
    Mapping { pointer: String, key: Option<String>, located: bool },
    Sequence { pointer: String, next: usize },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    starts: HashMap<String, LineCol>,
}

impl Walker {
    /// The pointer of the node that starts now, and moves the parent past it.
    fn next_child(&mut self) -> String {
        match self.stack.last_mut() {
            None => String::new(),
            Some(Frame::Mapping { pointer, key, .. }) => {
                let key = key.take().unwrap_or_default();
                format!("{pointer}/{}", escape_pointer_token(&key))
            }
            Some(Frame::Sequence { pointer, next }) => {
                *next += 1;
                format!("{pointer}/{}", *next - 1)
            }
        }
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        // The scanner counts lines from 1 but columns from 0.
        self.starts
            .entry(pointer.to_owned())
            .or_insert(LineCol { line: mark.line(), col: mark.col() + 1 });
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => {
                if let Some(Frame::Mapping { pointer, key: key @ None, located }) = self.stack.last_mut() {
                    // A mapping key: the value it introduces is shown at the key.
                    let own = (!*located).then(|| pointer.clone());
                    *located = true;
                    let child = format!("{pointer}/{}", escape_pointer_token(&value));
                    *key = Some(value);
                    if let Some(own) = own {
                        self.record(&own, mark);
                    }
                    self.record(&child, mark);
                } else {
                    let child = self.next_child();
                    self.record(&child, mark);
                }
            }
            Event::Alias(_) => {
                let child = self.next_child();
                self.record(&child, mark);
            }
            Event::MappingStart(..) => {
                let pointer = self.next_child();
                self.stack.push(Frame::Mapping { pointer, key: None, located: false });
            }
            Event::SequenceStart(..) => {
                let pointer = self.next_child();
                self.record(&pointer, mark);
                self.stack.push(Frame::Sequence { pointer, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "\
openapi: 3.0.3
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
        - $ref: '#/components/parameters/x'
tags: [one, two]
";

    fn at(line: usize, col: usize) -> Option<LineCol> {
        Some(LineCol { line, col })
    }

    #[test]
    fn finds_keys_sequence_items_and_escaped_tokens() {
        let locator = Locator::new(DOC);
        assert_eq!(locator.locate("/openapi"), at(1, 1));
        assert_eq!(locator.locate("/paths/~1a~1{id}/get"), at(4, 5));
        assert_eq!(locator.locate("/paths/~1a~1{id}/get/parameters/1/$ref"), at(7, 11));
        assert_eq!(locator.locate("/paths/~1a~1{id}/get/parameters/1"), at(7, 11));
        assert_eq!(locator.locate("/tags/1"), at(8, 13));
    }

    #[test]
    fn falls_back_to_the_nearest_known_ancestor() {
        let locator = Locator::new(DOC);
        assert_eq!(locator.locate("/paths/~1a~1{id}/get/responses/200"), at(4, 5));
        assert_eq!(Locator::new("a: [").locate("/a"), None);
    }
}
