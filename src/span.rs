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
    table: Table,
    len: usize,
}

/// The code-point index at each byte: 32-bit entries while they fit (half
/// the memory of 64-bit ones), 64-bit for a text of 4 GiB or more.
#[derive(Clone, Debug)]
enum Table {
    /// The text is ASCII: byte offsets are already indices.
    Ascii,
    Narrow(Vec<u32>),
    Wide(Vec<usize>),
}

impl CharIndex {
    /// Builds the index for `text`.
    pub fn new(text: &str) -> Self {
        Self::with_narrow_limit(text, u32::MAX as usize)
    }

    /// [`CharIndex::new`], with 32-bit entries only for texts shorter than
    /// `limit` bytes (a parameter so that tests reach the wide table).
    fn with_narrow_limit(text: &str, limit: usize) -> Self {
        let table = if text.is_ascii() {
            Table::Ascii
        } else if text.len() < limit {
            // Fewer bytes than u32::MAX, so every count fits.
            Table::Narrow(counts(text, |c| u32::try_from(c).unwrap_or(u32::MAX)))
        } else {
            Table::Wide(counts(text, |c| c))
        };
        CharIndex { table, len: text.len() }
    }

    /// The code-point index of byte offset `byte` (clamped to the text).
    pub fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.len);
        match &self.table {
            Table::Ascii => byte,
            Table::Narrow(t) => t.get(byte).map_or(byte, |&c| c as usize),
            Table::Wide(t) => t.get(byte).copied().unwrap_or(byte),
        }
    }

    /// A byte span as a `(start, end)` pair of code-point indices.
    pub fn span(&self, span: Span) -> (usize, usize) {
        (self.char_at(span.start), self.char_at(span.end))
    }
}

/// The code-point index at each byte of `text` and at its end, as `T`s. A
/// byte inside a character maps to the next character boundary.
fn counts<T>(text: &str, of: impl Fn(usize) -> T) -> Vec<T> {
    let mut table = Vec::with_capacity(text.len() + 1);
    let mut chars = 0usize;
    for b in text.bytes() {
        table.push(of(chars));
        // A byte that is not a UTF-8 continuation byte starts a new char.
        if (b & 0xC0) != 0x80 {
            chars += 1;
        }
    }
    table.push(of(chars));
    table
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
    fn narrow_and_wide_tables_agree() {
        let text = "Zoë said “ça va” 😀\u{feff}.";
        let narrow = CharIndex::new(text);
        let wide = CharIndex::with_narrow_limit(text, 0);
        assert!(matches!(narrow.table, Table::Narrow(_)) && matches!(wide.table, Table::Wide(_)));
        for byte in 0..=text.len() + 2 {
            assert_eq!(narrow.char_at(byte), wide.char_at(byte), "at byte {byte}");
        }
        // A byte inside a character maps to the next boundary.
        let inside = text.find('ë').map(|i| i + 1).unwrap_or_default();
        assert_eq!(narrow.char_at(inside), 3);
    }

    #[test]
    fn trim_drops_surrounding_whitespace() {
        let text = "  hello \n";
        assert_eq!(Span::new(0, text.len()).trim(text).slice(text), "hello");
        assert!(Span::new(0, 2).trim(text).is_empty());
    }
}
