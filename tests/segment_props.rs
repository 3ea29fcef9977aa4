//! Properties of `segment::paragraphs` and `segment::sentences` on arbitrary
//! Unicode and on adversarial mixes of quotes, periods, abbreviations, list
//! markers, line breaks, emoji, combining marks and NUL.

use proptest::prelude::*;
use stancelens::segment::{paragraphs, sentences};
use stancelens::Span;

/// Pieces that exercise every rule of the splitter.
const PIECES: &[&str] = &[
    " ",
    " ",
    " ",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "\u{2029}",
    "\u{a0}",
    "\t",
    ".",
    ". ",
    "...",
    "…",
    ". . .",
    ". . . .",
    "?",
    "!",
    "?!",
    "“",
    "”",
    "\"",
    "'",
    "’",
    "‘",
    "''",
    "(",
    ")",
    "[",
    "]",
    ":",
    ",",
    "—",
    "-",
    "Mr.",
    "Dr.",
    "Gen.",
    "U.S.",
    "a.m.",
    "p.m.",
    "Inc.",
    "etc.",
    "e.g.",
    "No.",
    "Jan.",
    "J.",
    "I.",
    "St.",
    "1.",
    "2.",
    "1)",
    "2)",
    "a.",
    "b.",
    "1.)",
    "•",
    "⁃",
    "The",
    "He",
    "she",
    "said",
    "asked",
    "Smith",
    "we",
    "3.14",
    "x@y.com",
    "http://a.b/c.d",
    "😀",
    "👍🏽",
    "e\u{301}",
    "\u{301}",
    "\0",
    "中文",
    "É",
    "ß",
    "İ",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z]{1,6}",
    ]
}

fn mixed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let paras = paragraphs(text);
    let sents = sentences(text);
    let well_formed = |s: &Span| -> Result<(), TestCaseError> {
        prop_assert!(s.start < s.end, "empty span {s:?}");
        prop_assert!(s.end <= text.len());
        prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let t = s.slice(text);
        prop_assert_eq!(t, t.trim(), "untrimmed span {:?}", s);
        Ok(())
    };
    for (i, p) in paras.iter().enumerate() {
        well_formed(p)?;
        let t = p.slice(text);
        prop_assert!(!t.contains(['\n', '\r', '\u{2028}', '\u{2029}']), "line break in {t:?}");
        if let Some(q) = paras.get(i + 1) {
            prop_assert!(p.end < q.start, "paragraphs out of order: {p:?} {q:?}");
        }
    }
    let mut pi = 0;
    for (i, s) in sents.iter().enumerate() {
        well_formed(s)?;
        if let Some(n) = sents.get(i + 1) {
            prop_assert!(s.end <= n.start, "sentences overlap or out of order: {s:?} {n:?}");
        }
        while paras.get(pi).is_some_and(|p| p.end <= s.start) {
            pi += 1;
        }
        let inside = paras.get(pi).is_some_and(|p| p.contains(*s));
        prop_assert!(inside, "sentence {s:?} not inside one paragraph");
    }
    // Nothing is lost: every non-space character lies in some sentence.
    let mut si = 0;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        while sents.get(si).is_some_and(|s| s.end <= at) {
            si += 1;
        }
        prop_assert!(sents.get(si).is_some_and(|s| s.start <= at), "{c:?} at {at} dropped");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spans_are_well_formed_on_arbitrary_unicode(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn spans_are_well_formed_on_adversarial_mixes(text in mixed_text()) {
        check(&text)?;
    }
}

#[test]
fn long_inputs_without_spaces_or_with_only_terminators() {
    for text in [
        "a".repeat(1 << 20),
        ".".repeat(1 << 16),
        "Mr. ".repeat(1 << 14),
        "“".repeat(1 << 14),
        "1. ".repeat(1 << 14),
        ". . ".repeat(1 << 14),
    ] {
        check(&text).expect("well-formed spans");
    }
}
