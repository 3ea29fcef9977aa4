//! Invisible characters that stand between words, read as spaces.
//!
//! A byte-order mark opens many files saved on Windows, and a text joined
//! from several files carries one at each join; a zero-width space marks a
//! word break in much web text. Neither is whitespace to Unicode, so every
//! stage would take it for a word (a quotation opening after a BOM is not
//! at the start of its paragraph, and is missed). Each is three bytes in
//! UTF-8, as is U+2002 EN SPACE: replacing one with the other keeps every
//! byte offset and every code point offset, so the stages run on the
//! replaced text and their spans index the original.

use std::borrow::Cow;

/// U+FEFF (byte-order mark / zero-width no-break space) and U+200B (zero-width space).
const INVISIBLE: [&str; 2] = ["\u{feff}", "\u{200b}"];

/// What each invisible character is read as: whitespace of the same length.
const SPACE: &str = "\u{2002}";

/// `text` with each invisible character replaced by a space of the same
/// UTF-8 length, borrowed when there is none (the common case).
pub fn as_spaces(text: &str) -> Cow<'_, str> {
    if !has_invisible(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for c in INVISIBLE {
        if out.contains(c) {
            out = out.replace(c, SPACE);
        }
    }
    Cow::Owned(out)
}

/// Does `bytes` hold an invisible character? One vectorised pass for the
/// lead bytes they share with other characters (0xEF, 0xE2: curly quotes
/// and dashes start with 0xE2 too), each hit checked in place. Unlike a
/// substring search, it sets nothing up per call, which matters when the
/// texts are single sentences.
fn has_invisible(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(0xEF, 0xE2, bytes).any(|i| {
        let rest = bytes.get(i..).unwrap_or_default();
        INVISIBLE.iter().any(|c| rest.starts_with(c.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_without_them_is_borrowed() {
        assert!(matches!(as_spaces("“Plain,” she said."), Cow::Borrowed(_)));
        assert!(matches!(as_spaces(""), Cow::Borrowed(_)));
    }

    #[test]
    fn a_byte_order_mark_becomes_a_space() {
        let out = as_spaces("\u{feff}Talks resume.\u{200b}Next.");
        assert_eq!(out, "\u{2002}Talks resume.\u{2002}Next.");
    }

    proptest! {
        #[test]
        fn offsets_are_kept(parts in proptest::collection::vec(
            prop_oneof!["[a-zé “”\"]{0,6}", Just("\u{feff}".to_string()), Just("\u{200b}".to_string())],
            0..12,
        )) {
            let text: String = parts.concat();
            let out = as_spaces(&text);
            prop_assert_eq!(out.len(), text.len());
            prop_assert_eq!(out.chars().count(), text.chars().count());
            for (a, b) in text.char_indices().zip(out.char_indices()) {
                prop_assert_eq!(a.0, b.0);
                if INVISIBLE.iter().any(|c| c.starts_with(a.1)) {
                    prop_assert!(b.1.is_whitespace());
                } else {
                    prop_assert_eq!(a.1, b.1);
                }
            }
        }
    }
}
