//! Properties of the whole pipeline on arbitrary and hostile text: no panic,
//! every span on character boundaries inside the text and in order, the
//! same answer on every run and thread count.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use stancelens::batch::{analyze_batch, Input};
use stancelens::{Analyzer, Document, Span};

/// Pieces that exercise the interesting paths, mixed with arbitrary chars.
const PIECES: &[&str] = &[
    "“",
    "”",
    "\"",
    "'",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "‚",
    "‹",
    "›",
    "「",
    "」",
    "''",
    " said ",
    " told reporters ",
    ", according to ",
    " denied ",
    " urged ",
    " he said.",
    "Mr. ",
    "Dr. ",
    "U.S. ",
    "the Kremlin",
    "Jens Stoltenberg",
    " not ",
    "n't",
    " no ",
    "deploy",
    "talks",
    "baseless",
    "high price",
    ".",
    "?",
    "!",
    ":",
    ",",
    "\n",
    "\n\n",
    " ",
    "\u{0}",
    "\u{200d}",
    "\u{200f}",
    "\u{202e}",
    "e\u{301}",
    "👩\u{200d}🚀",
    "日本語",
    "\r\n",
    "\t",
    "…",
    "—",
];

fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => prop::sample::select(PIECES).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[A-Za-z]{1,8}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

fn valid(text: &str, s: Span) -> bool {
    s.start <= s.end && text.get(s.start..s.end).is_some()
}

fn check(text: &str, doc: &Document) {
    assert_eq!(doc.text, text);
    for w in doc.sentences.windows(2) {
        assert!(w[0].end <= w[1].start, "sentences overlap: {w:?}");
    }
    for w in doc.tokens.windows(2) {
        assert!(w[0].span.end <= w[1].span.start, "tokens overlap");
    }
    for s in doc.sentences.iter().chain(&doc.paragraphs) {
        assert!(valid(text, *s) && !s.is_empty(), "bad span {s:?}");
    }
    for t in &doc.tokens {
        assert!(valid(text, t.span) && !t.span.is_empty(), "bad token {t:?}");
    }
    assert_eq!(doc.scores.dim(), (doc.statements.len(), doc.stances.len()));
    assert_eq!(doc.sentence_scores.dim(), (doc.sentences.len(), doc.stances.len()));
    assert!(doc.scores.iter().chain(doc.sentence_scores.iter()).all(|v| v.is_finite()));
    for (i, st) in doc.statements.iter().enumerate() {
        assert!(valid(text, st.content) && !st.content.is_empty(), "bad content {st:?}");
        for s in [st.speaker_mention, st.cue].into_iter().flatten() {
            assert!(valid(text, s) && !s.is_empty(), "bad span in {st:?}");
        }
        for ev in doc.evidence.get(i).into_iter().flatten() {
            let inside =
                st.content.contains(ev.span) || st.cue.is_some_and(|c| c.contains(ev.span));
            assert!(inside, "evidence {ev:?} outside statement {st:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gives_valid_spans(text in text_strategy(), authored in any::<bool>()) {
        let analyzer = Analyzer::default();
        let author = authored.then_some("An author");
        let doc = analyzer.analyze(&text, author).unwrap();
        check(&text, &doc);
        let again = analyzer.analyze(&text, author).unwrap();
        prop_assert_eq!(&doc.statements, &again.statements);
        prop_assert_eq!(&doc.scores, &again.scores);
    }

    /// A byte-order mark in front changes nothing but the offsets, which
    /// move by its three bytes.
    #[test]
    fn a_leading_byte_order_mark_only_shifts_offsets(text in text_strategy()) {
        let analyzer = Analyzer::default();
        let plain = analyzer.analyze(&text, None).unwrap();
        let marked_text = format!("\u{feff}{text}");
        let marked = analyzer.analyze(&marked_text, None).unwrap();
        check(&marked_text, &marked);
        let shift = |s: Span| (s.start + 3, s.end + 3);
        let spans = |d: &Document, f: &dyn Fn(Span) -> (usize, usize)| -> Vec<_> {
            d.statements
                .iter()
                .map(|st| (st.kind, f(st.content), st.speaker_mention.map(f), st.cue.map(f)))
                .collect()
        };
        prop_assert_eq!(spans(&plain, &shift), spans(&marked, &|s| (s.start, s.end)));
        prop_assert_eq!(&plain.scores, &marked.scores);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let doc = Analyzer::default().analyze(&text, None).unwrap();
        check(&text, &doc);
    }
}

#[test]
fn thread_count_does_not_change_results() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let texts: Vec<String> =
        (0..40).map(|_| text_strategy().new_tree(&mut runner).unwrap().current()).collect();
    let inputs: Vec<Input> = texts.iter().map(|t| Input { text: t, author: None }).collect();
    let analyzer = Analyzer::default();
    let one = analyze_batch(&analyzer, &inputs, Some(1)).unwrap();
    let two = analyze_batch(&analyzer, &inputs, Some(2)).unwrap();
    for (a, b) in one.iter().zip(&two) {
        let (a, b) = (a.as_ref().unwrap(), b.as_ref().unwrap());
        assert_eq!(a.statements, b.statements);
        assert_eq!(a.scores, b.scores);
        assert_eq!(a.sentences, b.sentences);
    }
}

/// Inputs that break naive scanners: each must finish (linear time) and
/// give valid spans. Not timed: a quadratic path would make the suite hang.
#[test]
fn hostile_inputs() {
    let analyzer = Analyzer::default();
    let cases: Vec<(&str, String)> = vec![
        ("1 MB token", "x".repeat(1 << 20)),
        ("100k quotation marks", "“".repeat(50_000) + &"\"".repeat(50_000)),
        ("no whitespace", "said.“a”b,c'd".repeat(40_000)),
        ("only newlines", "\n".repeat(200_000)),
        ("NUL and controls", "\u{0}\u{1}\u{7f}\u{85}".repeat(20_000)),
        ("combining marks", "e".to_string() + &"\u{301}".repeat(100_000)),
        ("unbalanced reported speech", "“He said that, ".repeat(20_000)),
        ("periods", ".".repeat(200_000)),
    ];
    for (name, text) in cases {
        let doc =
            analyzer.analyze(&text, Some("An author")).unwrap_or_else(|e| panic!("{name}: {e}"));
        check(&text, &doc);
    }
}

#[test]
fn byte_order_marks_are_read_as_spaces() {
    let analyzer = Analyzer::default();
    let quote = "“We will not back down,” the minister said.";
    let plain = analyzer.analyze(quote, None).unwrap();
    assert_eq!(plain.statements.len(), 1);
    // A file saved with a BOM, and two such files joined.
    for text in [format!("\u{feff}{quote}"), format!("{quote}\n\u{feff}{quote}")] {
        let doc = analyzer.analyze(&text, None).unwrap();
        check(&text, &doc);
        let contents: Vec<&str> = doc.statements.iter().map(|s| s.content.slice(&text)).collect();
        assert!(!contents.is_empty() && contents.iter().all(|c| *c == "“We will not back down,”"));
        assert_eq!(contents.len(), text.matches('“').count(), "{contents:?}");
        assert!(doc.tokens.iter().all(|t| !t.span.slice(&text).contains('\u{feff}')));
        assert!(doc.sentences.iter().all(|s| !s.slice(&text).starts_with('\u{feff}')));
    }
}
