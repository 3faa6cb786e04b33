//! Maps JSON pointers to line and column in the YAML text, so a problem found
//! deep inside a parsed document can still be shown where it was written.

use std::collections::HashMap;
use std::sync::OnceLock;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::error::{LineCol, escape_pointer_token};

/// Where each node of a YAML document starts, by JSON pointer. The index
/// is built on the first look-up: a spec without problems never needs it,
/// and indexing a large document costs more than parsing it. A JSON
/// document is walked to the node instead, remembering the members and
/// items of every object and array it passes, so however many look-ups
/// there are, no part of the text is scanned twice (GitHub's 8 MB
/// description, with a warning for each of its invalid examples, spent a
/// third of its generation time in the index before).
#[derive(Debug, Default)]
pub struct Locator {
    text: String,
    starts: OnceLock<HashMap<String, LineCol>>,
    /// What the walks of a JSON text found so far.
    walked: json::Walked,
}

impl Locator {
    /// A locator for `text`.
    pub fn new(text: &str) -> Self {
        Self { text: text.to_owned(), starts: OnceLock::new(), walked: json::Walked::default() }
    }

    /// The position of `pointer`, or of its nearest ancestor that was found
    /// (a pointer into a flow-style or generated node still gets a useful
    /// line). A document the YAML scanner rejects has no positions: its
    /// parse error is reported on its own, with its own position.
    pub fn locate(&self, pointer: &str) -> Option<LineCol> {
        if self.text.trim_start().starts_with('{')
            && self.starts.get().is_none()
            && let Some(found) = self.walked.locate(&self.text, pointer)
        {
            return Some(found);
        }
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

/// Look-ups in JSON text by walking it, with the index's answers: a member
/// is found at its key, an array item at its start (an object item at its
/// first key), and a pointer that leads nowhere at its nearest ancestor.
mod json {
    use std::collections::HashMap;
    use std::collections::hash_map::Entry;
    use std::sync::{Mutex, OnceLock};

    use crate::error::{LineCol, unescape_pointer_token};

    /// Where a child is shown (`None`: an empty object, shown at its
    /// parent) and where its value starts.
    type Child = (Option<usize>, usize);

    /// The children of one object or array, read once.
    #[derive(Debug)]
    enum Container {
        /// Members by key; the first of a repeated key.
        Object(HashMap<String, Child>),
        Array(Vec<Child>),
    }

    /// The containers walked so far, by the offset where each opens, and
    /// where each line starts.
    #[derive(Debug, Default)]
    pub(super) struct Walked {
        containers: Mutex<HashMap<usize, Container>>,
        lines: OnceLock<Vec<usize>>,
    }

    impl Walked {
        /// The position of `pointer` in `text`, or `None` if the text is
        /// not JSON the walk can follow (the index then answers).
        pub(super) fn locate(&self, text: &str, pointer: &str) -> Option<LineCol> {
            let bytes = text.as_bytes();
            let mut at = skip_space(bytes, 0);
            let mut found = None;
            // The root is shown at its first key, like any object.
            if bytes.get(at) == Some(&b'{') {
                found = Some(skip_space(bytes, at + 1)).filter(|&key| bytes.get(key) == Some(&b'"'));
            }
            let mut containers = self.containers.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            for token in pointer.split('/').skip(1).map(unescape_pointer_token) {
                let container = match containers.entry(at) {
                    Entry::Occupied(known) => known.into_mut(),
                    Entry::Vacant(new) => new.insert(match bytes.get(at)? {
                        b'{' => Container::Object(members(text, at)?),
                        b'[' => Container::Array(items(bytes, at)?),
                        _ => break,
                    }),
                };
                let child = match container {
                    Container::Object(members) => members.get(&*token).copied(),
                    Container::Array(items) => token.parse().ok().and_then(|index: usize| items.get(index).copied()),
                };
                let Some((Some(shown), value)) = child else { break };
                found = Some(shown);
                at = value;
            }
            drop(containers);
            let lines = self.lines.get_or_init(|| {
                std::iter::once(0).chain(text.bytes().enumerate().filter(|(_, byte)| *byte == b'\n').map(|(at, _)| at + 1)).collect()
            });
            found.map(|offset| line_col(text, lines, offset))
        }
    }

    /// The members of the object at `at`: each shown at its key.
    fn members(text: &str, at: usize) -> Option<HashMap<String, Child>> {
        let bytes = text.as_bytes();
        let mut members = HashMap::new();
        let mut at = skip_space(bytes, at + 1);
        loop {
            match bytes.get(at)? {
                b'}' => return Some(members),
                b'"' => {}
                _ => return None,
            }
            let key_start = at;
            let key_end = string_end(bytes, at)?;
            let raw = &text[key_start + 1..key_end - 1];
            let key = if raw.contains('\\') { serde_json::from_str::<String>(&text[key_start..key_end]).ok()? } else { raw.to_owned() };
            at = skip_space(bytes, key_end);
            if bytes.get(at)? != &b':' {
                return None;
            }
            let value = skip_space(bytes, at + 1);
            members.entry(key).or_insert((Some(key_start), value));
            at = skip_space(bytes, value_end(bytes, value)?);
            match bytes.get(at)? {
                b',' => at = skip_space(bytes, at + 1),
                b'}' => return Some(members),
                _ => return None,
            }
        }
    }

    /// The items of the array at `at`: each shown at its start, an object
    /// at its first key.
    fn items(bytes: &[u8], at: usize) -> Option<Vec<Child>> {
        let mut items = Vec::new();
        let mut at = skip_space(bytes, at + 1);
        if bytes.get(at)? == &b']' {
            return Some(items);
        }
        loop {
            let shown = match bytes.get(at)? {
                b'{' => Some(skip_space(bytes, at + 1)).filter(|&key| bytes.get(key) == Some(&b'"')),
                _ => Some(at),
            };
            items.push((shown, at));
            at = skip_space(bytes, value_end(bytes, at)?);
            match bytes.get(at)? {
                b',' => at = skip_space(bytes, at + 1),
                b']' => return Some(items),
                _ => return None,
            }
        }
    }

    fn skip_space(bytes: &[u8], mut at: usize) -> usize {
        while bytes.get(at).is_some_and(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r')) {
            at += 1;
        }
        at
    }

    /// Just past the string that opens at `at`.
    fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
        let mut at = at + 1;
        loop {
            match bytes.get(at)? {
                b'"' => return Some(at + 1),
                b'\\' => at += 2,
                _ => at += 1,
            }
        }
    }

    /// Just past the value that starts at `at`.
    fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
        match bytes.get(at)? {
            b'"' => string_end(bytes, at),
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut at = at;
                loop {
                    match bytes.get(at)? {
                        b'"' => {
                            at = string_end(bytes, at)?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(at + 1);
                            }
                        }
                        _ => {}
                    }
                    at += 1;
                }
            }
            _ => {
                let mut at = at;
                while bytes.get(at).is_some_and(|byte| !matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                    at += 1;
                }
                Some(at)
            }
        }
    }

    /// Line from 1 and column from 1, in characters, as the index counts;
    /// `lines` holds where each line starts.
    fn line_col(text: &str, lines: &[usize], offset: usize) -> LineCol {
        let line = lines.partition_point(|&start| start <= offset);
        let line_start = lines[line - 1];
        LineCol { line, col: text[line_start..offset].chars().count() + 1 }
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

    /// The same answers from the walk as from the index, on JSON.
    #[test]
    fn json_is_walked_to_the_same_positions_the_index_gives() {
        let doc = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\"/a/{id}\": {\"get\": {\"parameters\": [\n    {\"name\": \"id\"},\n    {\"$ref\": \"#/x\"}, [1, 2], \"é\"]}}},\n  \"t\\u00e9\": {\"a\": [{}, {\"b\": true}]}\n}\n";
        let index = Locator::new(doc);
        // Build the index, so it answers.
        index.starts.get_or_init(|| {
            let mut walker = Walker::default();
            Parser::new_from_str(doc).load(&mut walker, false).expect("YAML");
            walker.starts
        });
        let walked = json::Walked::default();
        for pointer in [
            "",
            "/openapi",
            "/paths/~1a~1{id}/get",
            "/paths/~1a~1{id}/get/parameters/1/$ref",
            "/paths/~1a~1{id}/get/parameters/1",
            "/paths/~1a~1{id}/get/parameters/2/1",
            "/paths/~1a~1{id}/get/parameters/3",
            "/paths/~1a~1{id}/get/responses/200",
            "/té/a/1/b",
            "/té/a/0",
        ] {
            // Twice: once walking the text, once from what the walk kept.
            for _ in 0..2 {
                let found = walked.locate(doc, pointer);
                assert!(found.is_some(), "{pointer}");
                assert_eq!(found, index.locate(pointer), "{pointer}");
            }
        }
    }

    #[test]
    fn falls_back_to_the_nearest_known_ancestor() {
        let locator = Locator::new(DOC);
        assert_eq!(locator.locate("/paths/~1a~1{id}/get/responses/200"), at(4, 5));
        assert_eq!(Locator::new("a: [").locate("/a"), None);
    }
}
