//! The byte scanner behind `Tokenizer::english()` gives exactly the tokens
//! of the `tokenizers` pipeline it stands in for (`english_reference()`):
//! same spans, same normalized forms, same negation flags (and the same
//! spans and forms in a `TokenBuf`, the scoring path's buffer) — on adversarial
//! mixes of the pattern's literals, on arbitrary Unicode, and on the shared
//! news corpora when they are present beside the checkout.

use std::path::PathBuf;

use proptest::prelude::*;
use stancelens::{TokenBuf, Tokenizer};

/// Pieces that hit every alternative of the default pattern and its edges:
/// contractions, `cannot`, clitics, numbers with separators, hyphens, the
/// marks the scanner covers and characters it must hand to the pipeline
/// (accents, combining marks, compatibility forms, Unicode spaces, a
/// lowercase that grows: `İ`).
const PIECES: &[&str] = &[
    " ", " ", "\n", "\t", "\x0b", "\x0c", "\r", "\x1c", "\0", "\u{a0}", "\u{2009}", "\u{3000}",
    "\u{85}", "\u{1680}", "\u{2028}", "\u{202f}", "\u{180e}", "\u{200b}", "n't", "N'T", "n’t",
    "don", "do", "can", "Can", "not", "NOT", "cannot", "cann", "n", "t", "'", "’", "s", "re", "ve",
    "ll", "d", "m", "'s", "’S", "'re", "x", "_", "3", "1", "000", ".", ",", ":", ";", "-", "--",
    "build", "up", "“", "”", "‘", "—", "–", "«", "»", "•", "…", "é", "É", "e\u{301}", "\u{301}",
    "ﬁ", "Ｆ", "İ", "Σ", "ß", "無理", "😀", "½", "²", "Ⅻ", "\u{200d}", "(", ")", "?", "!", "\"",
    "$", "%",
];

fn same_tokens(text: &str) -> Result<(), TestCaseError> {
    let fast = Tokenizer::english().tokenize(text).map_err(|e| TestCaseError::fail(e.to_string()));
    let slow = Tokenizer::english_reference().tokenize(text).map_err(|e| e.to_string());
    let slow = slow.map_err(TestCaseError::fail)?;
    prop_assert_eq!(fast?, slow.clone(), "text: {:?}", text);
    // The token buffer used for scoring holds the same tokens.
    let mut buf = TokenBuf::default();
    Tokenizer::english()
        .tokenize_buf(text, &mut buf)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let from_buf: Vec<_> = (0..buf.len()).map(|k| (buf.span(k), buf.norm(k))).collect();
    let from_tokens: Vec<_> = slow.iter().map(|t| (Some(t.span), Some(t.norm.as_str()))).collect();
    prop_assert_eq!(from_buf, from_tokens, "buffer, text: {:?}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn scanner_equals_pipeline_on_pattern_pieces(
        pieces in prop::collection::vec(prop::sample::select(PIECES), 0..24)
    ) {
        same_tokens(&pieces.concat())?;
    }

    /// ASCII-only texts take the scanner's one-pass path (no chunking).
    #[test]
    fn scanner_equals_pipeline_on_ascii_pieces(
        pieces in prop::collection::vec(
            prop::sample::select(PIECES.iter().copied().filter(|p| p.is_ascii()).collect::<Vec<_>>()),
            0..24,
        )
    ) {
        same_tokens(&pieces.concat())?;
    }

    #[test]
    fn scanner_equals_pipeline_on_any_text(text in "\\PC{0,40}|[ -~’“”]{0,60}") {
        same_tokens(&text)?;
    }
}

#[test]
fn scanner_equals_pipeline_on_news_sentences() {
    let texts = [
        "“We don’t want war,” Mr. O’Neil said, “but we cannot accept a 3.5% cut.”",
        "NATO's build-up — 1,000 troops at 10:30 — isn't new; they'd said so.",
        "She’ll ‘consider’ it: «non» — the ministry’s statement didn't deny it.",
        "Café owners in Zürich can't say; naïve, they'd say “ﬁne”… Hasn't it?",
    ];
    for text in texts {
        same_tokens(text).unwrap();
    }
}

fn shared_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("STANCELENS_SHARED").map(PathBuf::from),
        Some(PathBuf::from("../shared")),
        Some(PathBuf::from("/work/shared")),
    ];
    candidates.into_iter().flatten().find(|p| p.join("data").is_dir())
}

/// Every PolNeAR and seed text, token for token.
#[test]
fn scanner_equals_pipeline_on_shared_news() {
    let Some(shared) = shared_dir() else {
        eprintln!("../shared absent: skipped");
        return;
    };
    let dirs = ["data/polnear/train/text", "data/polnear/dev/text", "seeds"];
    let (fast, slow) = (Tokenizer::english(), Tokenizer::english_reference());
    let mut files = 0;
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(shared.join(dir)) else { continue };
        for entry in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
            let (a, b) = (fast.tokenize(&text).unwrap(), slow.tokenize(&text).unwrap());
            assert!(a == b, "{} differs", entry.path().display());
            files += 1;
        }
    }
    assert!(files > 0, "no shared texts read");
}
