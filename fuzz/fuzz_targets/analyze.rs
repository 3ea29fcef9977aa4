//! Any bytes that are UTF-8 go through the whole pipeline without a panic,
//! and every span it returns lies on character boundaries inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn analyzer() -> &'static stancelens::Analyzer {
    static A: OnceLock<stancelens::Analyzer> = OnceLock::new();
    A.get_or_init(stancelens::Analyzer::default)
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // The first byte picks an author, so authored statements are fuzzed too.
    let author = data.first().filter(|b| **b % 2 == 0).map(|_| "An author");
    let Ok(doc) = analyzer().analyze(text, author) else { return };
    let ok = |s: stancelens::Span| {
        s.start <= s.end && text.get(s.start..s.end).is_some()
    };
    for s in doc.sentences.iter().chain(doc.paragraphs.iter()) {
        assert!(ok(*s), "bad sentence span {s:?}");
    }
    for t in &doc.tokens {
        assert!(ok(t.span), "bad token span {:?}", t.span);
    }
    for (i, st) in doc.statements.iter().enumerate() {
        assert!(ok(st.content), "bad content span {:?}", st.content);
        for s in [st.speaker_mention, st.cue].into_iter().flatten() {
            assert!(ok(s), "bad span {s:?}");
        }
        for ev in doc.evidence.get(i).into_iter().flatten() {
            assert!(ok(ev.span), "bad evidence span {:?}", ev.span);
        }
    }
    assert_eq!(doc.scores.nrows(), doc.statements.len());
    assert!(doc.scores.iter().all(|v| v.is_finite()));
});
