//! The default English rules as a byte scanner: the same tokens as the
//! `tokenizers` pipeline of [`super::Tokenizer::english`] (NFKC, `’` → `'`,
//! lowercase, then `DEFAULT_PATTERN` split), without its per-byte alignment
//! tables, per-character normalizer passes and backtracking regex.
//!
//! The scanner only handles what it can prove equal to that pipeline:
//! whitespace-delimited chunks made of ASCII and a few punctuation marks that
//! NFKC and lowercasing leave alone. Any other chunk is handed back to the
//! `tokenizers` pipeline. Splitting at ASCII whitespace is exact because no
//! token contains whitespace, every assertion of the pattern (`\b`, the
//! `n't` / `not` lookaheads) sees whitespace and the end of input alike, and
//! no normalization step composes or reorders across an ASCII space.
//!
//! The pattern's alternatives, tried in order at each position (leftmost
//! first, as the regex engine does):
//! 1. `\w+(?=n't\b)`  2. `n't\b`  3. `\bcan(?=not\b)`
//! 4. `'(?:s|re|ve|ll|d|m)\b`  5. `\d+(?:[.,:]\d+)+`  6. `\w+(?:[-]\w+)*`
//! 7. `[^\w\s]`

use std::ops::Range;

use super::Sink;

/// Stands in for a non-ASCII punctuation mark in the normalized bytes: a
/// non-word, non-space byte that matches no literal of the pattern.
const OTHER_MARK: u8 = 0x80;

/// Non-ASCII characters the scanner covers, with their normalized byte:
/// NFKC and lowercasing leave each unchanged (checked against the
/// `tokenizers` pipeline by the tests), and the pattern only sees them as
/// `[^\w\s]`, except `’`, which the normalizer folds to `'`.
pub(super) const MARKS: &[(char, u8)] = &[
    ('’', b'\''),
    ('‘', OTHER_MARK),
    ('“', OTHER_MARK),
    ('”', OTHER_MARK),
    ('„', OTHER_MARK),
    ('‟', OTHER_MARK),
    ('—', OTHER_MARK),
    ('–', OTHER_MARK),
    ('‐', OTHER_MARK),
    ('‒', OTHER_MARK),
    ('―', OTHER_MARK),
    ('−', OTHER_MARK),
    ('«', OTHER_MARK),
    ('»', OTHER_MARK),
    ('‹', OTHER_MARK),
    ('›', OTHER_MARK),
    ('•', OTHER_MARK),
];

/// The pattern's `\s` among ASCII bytes (Unicode White_Space; note that
/// `u8::is_ascii_whitespace` leaves out the vertical tab).
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// The byte length of the character at `i` and whether it delimits chunks.
///
/// Every Unicode White_Space character does: NFKC maps each to a space or
/// leaves it be, so the pattern sees `\s` there, and none composes with its
/// neighbours (no canonical composition starts or ends with a space).
pub(super) fn char_at(text: &str, i: usize) -> (usize, bool) {
    match text.as_bytes().get(i) {
        None => (1, false),
        Some(&b) if b < 0x80 => (1, is_space(b)),
        Some(_) => match text.get(i..).and_then(|rest| rest.chars().next()) {
            Some(c) => (c.len_utf8(), c.is_whitespace()),
            // Not a char boundary: step byte by byte to the next one.
            None => (1, false),
        },
    }
}

/// `\w` among bytes: ASCII letters, digits and `_` (the scanner sees no
/// other word character). A table: this runs once per byte of text.
const WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

fn is_word(b: u8) -> bool {
    WORD[usize::from(b)]
}

fn normalized_mark(c: char) -> Option<u8> {
    MARKS.iter().find(|&&(m, _)| m == c).map(|&(_, b)| b)
}

/// A chunk with non-ASCII characters in normalized form: one byte per
/// original character and each character's original byte offset. (ASCII
/// chunks are scanned in place by [`ascii_tokens`].)
#[derive(Default)]
pub(super) struct Chunk {
    /// One byte per character: ASCII lowercased, marks as their normalized
    /// byte or [`OTHER_MARK`].
    bytes: Vec<u8>,
    /// Scratch for the normalized form of a token with marks.
    norm: String,
    /// Original offset of each byte, plus the chunk's end.
    starts: Vec<usize>,
    base: usize,
}

impl Chunk {
    /// Normalizes `text[range]` (no whitespace inside), or returns false if
    /// it holds a character the scanner does not cover.
    pub(super) fn load(&mut self, text: &str, range: Range<usize>) -> bool {
        self.bytes.clear();
        self.starts.clear();
        self.base = range.start;
        let Some(chunk) = text.get(range.clone()) else { return false };
        for (i, c) in chunk.char_indices() {
            let b = if c.is_ascii() {
                (c as u8).to_ascii_lowercase()
            } else if let Some(b) = normalized_mark(c) {
                b
            } else {
                return false;
            };
            self.bytes.push(b);
            self.starts.push(range.start + i);
        }
        self.starts.push(range.end);
        true
    }

    /// Puts the chunk's tokens into `out`.
    pub(super) fn tokens(&mut self, text: &str, out: &mut impl Sink) {
        let n = self.bytes.as_slice();
        let norm = &mut self.norm;
        let mut i = 0;
        while i < n.len() {
            let end = match_at(n, i).clamp(i + 1, n.len());
            let piece = n.get(i..end).unwrap_or_default();
            norm.clear();
            for (k, &b) in (i..end).zip(piece) {
                if b == OTHER_MARK {
                    // The mark itself: the normalizer leaves it unchanged.
                    let (s, e) = (
                        start_of(&self.starts, self.base, k),
                        start_of(&self.starts, self.base, k + 1),
                    );
                    norm.push_str(text.get(s..e).unwrap_or_default());
                } else {
                    norm.push(char::from(b));
                }
            }
            out.push_norm(
                start_of(&self.starts, self.base, i)..start_of(&self.starts, self.base, end),
                norm,
            );
            i = end;
        }
    }
}

/// Puts the tokens of `text[range]`, ASCII bytes scanned in place, into
/// `out`: each token's normalized form is its bytes lowercased.
#[inline]
pub(super) fn ascii_tokens(text: &str, range: Range<usize>, out: &mut impl Sink) {
    let base = range.start;
    let Some(chunk) = text.get(range) else { return };
    ascii_scan(chunk.as_bytes(), |i, end| {
        out.push_ascii(base + i..base + end, chunk.get(i..end).unwrap_or_default());
    });
}

/// Calls `emit(start, end)` for each token of the ASCII bytes `n`.
/// Whitespace is skipped where it stands, so a whole ASCII text can be
/// scanned in one go: no token contains whitespace, and every assertion of
/// the pattern (`\b`, the lookaheads) sees whitespace as it sees a chunk's
/// ends.
#[inline]
pub(super) fn ascii_scan(n: &[u8], mut emit: impl FnMut(usize, usize)) {
    let mut i = 0;
    while let Some(&b) = n.get(i) {
        if is_space(b) {
            i += 1;
            continue;
        }
        let end = match_at(n, i).clamp(i + 1, n.len());
        emit(i, end);
        i = end;
    }
}

/// Original offset of normalized byte `k` of a chunk with marks.
fn start_of(starts: &[usize], base: usize, k: usize) -> usize {
    starts.get(k).or(starts.last()).copied().unwrap_or(base)
}

fn at(n: &[u8], i: usize) -> Option<u8> {
    n.get(i).copied()
}

/// `\b` after position `i - 1`, given that `n[i - 1]` is a word byte.
fn word_ends(n: &[u8], i: usize) -> bool {
    !at(n, i).is_some_and(is_word)
}

/// End of the run of bytes satisfying `f` from `i`.
fn run_end(n: &[u8], mut i: usize, f: impl Fn(u8) -> bool) -> usize {
    while at(n, i).is_some_and(&f) {
        i += 1;
    }
    i
}

/// Whether `n[i..]` starts with the lowercase literal `lit`, ignoring ASCII
/// case (the pattern is `(?i)`, and runs after lowercasing anyway).
fn starts_with_at(n: &[u8], i: usize, lit: &[u8]) -> bool {
    n.get(i..i + lit.len()).is_some_and(|rest| rest.eq_ignore_ascii_case(lit))
}

/// End of the pattern's match starting at `i` (a match always starts at a
/// non-space byte, since alternative 7 takes any non-word byte).
#[inline]
fn match_at(n: &[u8], i: usize) -> usize {
    let Some(c) = at(n, i) else { return i };
    // ASCII chunks are scanned unfolded: compare letters case-blind.
    let word = is_word(c);
    let word_end = if word { run_end(n, i, is_word) } else { i };
    // The common cases first. A word run followed by none of `'`, `-` and
    // `.,:` is alternative 6 unless it is `cannot` (alternative 3): 1 and 2
    // need a `'` after the run, 5 one of `.,:`, 6's continuation a `-`.
    // A mark other than `'` can only be alternative 7.
    if word {
        let plain = !matches!(at(n, word_end), Some(b'\'' | b'-' | b'.' | b',' | b':'));
        if plain && word_end - i != 6 {
            return word_end;
        }
    } else if c != b'\'' {
        return i + 1;
    }
    // 1. `\w+(?=n't\b)`: only the run's last byte can be the `n`, since the
    //    `'` after it ends the run.
    if word_end >= i + 2
        && at(n, word_end - 1).is_some_and(|b| b.eq_ignore_ascii_case(&b'n'))
        && starts_with_at(n, word_end, b"'t")
        && word_ends(n, word_end + 2)
    {
        return word_end - 1;
    }
    // 2. `n't\b`
    if starts_with_at(n, i, b"n't") && word_ends(n, i + 3) {
        return i + 3;
    }
    // 3. `\bcan(?=not\b)`
    let boundary_before = i == 0 || !at(n, i - 1).is_some_and(is_word);
    if boundary_before && starts_with_at(n, i, b"cannot") && word_ends(n, i + 6) {
        return i + 3;
    }
    // 4. `'(?:s|re|ve|ll|d|m)\b`
    if c == b'\'' {
        for suffix in [&b"s"[..], b"re", b"ve", b"ll", b"d", b"m"] {
            let end = i + 1 + suffix.len();
            if starts_with_at(n, i + 1, suffix) && word_ends(n, end) {
                return end;
            }
        }
    }
    // 5. `\d+(?:[.,:]\d+)+`
    if c.is_ascii_digit() {
        let mut end = run_end(n, i, |b| b.is_ascii_digit());
        let mut groups = 0;
        while matches!(at(n, end), Some(b'.' | b',' | b':'))
            && at(n, end + 1).is_some_and(|b| b.is_ascii_digit())
        {
            end = run_end(n, end + 1, |b| b.is_ascii_digit());
            groups += 1;
        }
        if groups > 0 {
            return end;
        }
    }
    // 6. `\w+(?:[-]\w+)*`
    if word {
        let mut end = word_end;
        while at(n, end) == Some(b'-') && at(n, end + 1).is_some_and(is_word) {
            end = run_end(n, end + 1, is_word);
        }
        return end;
    }
    // 7. `[^\w\s]`
    i + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Tokenizer;

    /// Each covered mark is what the `tokenizers` pipeline makes of it: one
    /// token, its normalized form unchanged (or `'` for `’`), alone or
    /// against a word.
    #[test]
    fn covered_marks_match_the_pipeline() {
        let reference = Tokenizer::english_reference();
        for &(mark, byte) in MARKS {
            let expected = if byte == OTHER_MARK { mark.to_string() } else { "'".to_string() };
            let alone = reference.tokenize(&mark.to_string()).unwrap_or_default();
            assert_eq!(alone.len(), 1, "{mark}");
            assert_eq!(alone.first().map(|t| t.norm.as_str()), Some(expected.as_str()), "{mark}");
            for text in [format!("a{mark}b"), format!("{mark}x{mark}"), format!("can{mark}t")] {
                let fast = Tokenizer::english().tokenize(&text).unwrap_or_default();
                assert_eq!(fast, reference.tokenize(&text).unwrap_or_default(), "{text}");
            }
        }
    }

    #[test]
    fn every_unicode_space_delimits() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32).filter(|c| c.is_whitespace()) {
            let text = format!("don't{c}cannot{c}’s");
            let fast = Tokenizer::english().tokenize(&text).unwrap_or_default();
            let slow = Tokenizer::english_reference().tokenize(&text).unwrap_or_default();
            assert_eq!(fast, slow, "U+{:04X}", u32::from(c));
        }
    }
}
