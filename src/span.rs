//! Byte spans into a document and their conversion to Python `str` indices.
//!
//! The core works in UTF-8 byte offsets (what `&str` slicing needs); every
//! offset that leaves the crate for Python goes through [`CharIndex`], which
//! turns a byte offset into a code-point index in time linear in the text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's text.
///
/// Invariant: `start <= end`, and both lie on UTF-8 character boundaries of
/// the text the span was made from. Constructors in this crate only build
/// spans from boundaries they found while scanning that text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; an inverted pair is clamped to empty
    /// rather than trusted, so a bug upstream cannot produce a negative length.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end: end.max(start) }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no text.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The text under the span, or `""` if it does not fit `text` (never panics).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether `other` lies entirely inside this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span with leading and trailing whitespace of `text` removed.
    pub fn trim(&self, text: &str) -> Span {
        let s = self.slice(text);
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        Span::new(self.start + lead, self.start + lead + trimmed.len())
    }
}

/// Maps byte offsets of one text to Python `str` (code point) indices.
///
/// ASCII text maps to itself; otherwise a table of the code-point index at
/// each byte is built once (linear in the text), so each lookup is O(1).
#[derive(Clone, Debug)]
pub struct CharIndex {
    /// `None` when the text is ASCII and byte offsets are already indices.
    table: Option<Vec<u32>>,
    len: usize,
}

impl CharIndex {
    /// Builds the index for `text`.
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex { table: None, len: text.len() };
        }
        let mut table = vec![0u32; text.len() + 1];
        let mut chars = 0u32;
        for (i, b) in text.bytes().enumerate() {
            // A byte that is not a UTF-8 continuation byte starts a new char.
            if (b & 0xC0) != 0x80 {
                table[i] = chars;
                chars += 1;
            } else {
                table[i] = chars; // inside a char: maps to the next boundary
            }
        }
        table[text.len()] = chars;
        CharIndex { table: Some(table), len: text.len() }
    }

    /// The code-point index of byte offset `byte` (clamped to the text).
    pub fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        match &self.table {
            None => byte,
            Some(t) => t[byte] as usize,
        }
    }

    /// A byte span as a `(start, end)` pair of code-point indices.
    pub fn span(&self, span: Span) -> (usize, usize) {
        (self.char_at(span.start), self.char_at(span.end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_counts_code_points() {
        let text = "a“é”😀b";
        let ix = CharIndex::new(text);
        for (ci, (bi, ch)) in text.char_indices().enumerate() {
            assert_eq!(ix.char_at(bi), ci, "at {ch}");
        }
        assert_eq!(ix.char_at(text.len()), text.chars().count());
    }

    #[test]
    fn trim_drops_surrounding_whitespace() {
        let text = "  hello \n";
        assert_eq!(Span::new(0, text.len()).trim(text).slice(text), "hello");
        assert!(Span::new(0, 2).trim(text).is_empty());
    }
}
