//! Errors a maintainer can act on: every problem names the spec file, the JSON
//! pointer inside it, the line and column where they are known, and what to do.

use std::fmt;

use crate::load::Locator;

/// A position in a spec file, both 1-based, as editors count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number, starting at 1.
    pub col: usize,
}

/// One problem found in one spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The spec file as the caller named it (e.g. `spec/fastly-customer.yaml`).
    pub file: String,
    /// JSON pointer (RFC 6901) of the offending node; empty for the whole document.
    pub pointer: String,
    /// Where the node starts in the file, when it could be found.
    pub location: Option<LineCol>,
    /// What is wrong and, where it helps, what to do about it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(LineCol { line, col }) = self.location {
            write!(f, ":{line}:{col}")?;
        }
        let pointer = if self.pointer.is_empty() { "(document root)" } else { &self.pointer };
        write!(f, ": at #{pointer}: {}", self.message)
    }
}

/// Every problem a run found. Generation reports all independent problems at
/// once so a maintainer can fix a spec in one pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    problems: Vec<Problem>,
}

impl Error {
    /// Wraps problems; there must be at least one.
    pub fn new(problems: Vec<Problem>) -> Self {
        debug_assert!(!problems.is_empty());
        Self { problems }
    }

    /// The problems, in the order they were found.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl From<Problem> for Error {
    fn from(problem: Problem) -> Self {
        Self::new(vec![problem])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems:", many.len())?;
                for problem in many {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
        }
    }
}

/// Collects problems while a stage keeps going, so one run reports them all.
pub(crate) struct Problems<'a> {
    file: &'a str,
    locator: &'a Locator,
    found: Vec<Problem>,
    warnings: Vec<Problem>,
    notes: Vec<Problem>,
}

impl<'a> Problems<'a> {
    pub(crate) fn new(file: &'a str, locator: &'a Locator) -> Self {
        Self { file, locator, found: Vec::new(), warnings: Vec::new(), notes: Vec::new() }
    }

    /// Records a construct that was degraded to a simpler shape; `message`
    /// says what was done. Generation goes on.
    pub(crate) fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(self.problem(pointer, message));
    }

    /// Records what was inferred, for the maintainer to read.
    pub(crate) fn note(&mut self, pointer: &str, message: impl Into<String>) {
        self.notes.push(self.problem(pointer, message));
    }

    /// The notes recorded so far, leaving none behind.
    pub(crate) fn take_notes(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.notes)
    }

    /// The warnings recorded so far, leaving none behind.
    pub(crate) fn take_warnings(&mut self) -> Vec<Problem> {
        std::mem::take(&mut self.warnings)
    }

    /// Records a problem at `pointer` and carries on.
    pub(crate) fn report(&mut self, pointer: &str, message: impl Into<String>) {
        self.found.push(self.problem(pointer, message));
    }

    /// Builds a problem without recording it, for stages that must stop at once.
    pub(crate) fn problem(&self, pointer: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            location: self.locator.locate(pointer),
            message: message.into(),
        }
    }

    /// `Ok(value)` when nothing was reported, else every problem found.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, Error> {
        if self.found.is_empty() { Ok(value) } else { Err(Error::new(self.found)) }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Reads one escaped reference token of a JSON pointer back
/// (`~1` → `/`, then `~0` → `~`, in that order per RFC 6901).
pub(crate) fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}
