//! Scoring real news text (the shared seeds, when present beside the
//! checkout): the default lexicon's evidence stays inside its sentences and
//! every score is in [0, 1). Skips cleanly when the data is absent.

use std::path::PathBuf;

use stancelens::{score, segment, Lexicon, Tokenizer};

fn seeds_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("STANCELENS_SHARED").map(PathBuf::from),
        Some(PathBuf::from("../shared")),
        Some(PathBuf::from("/work/shared")),
    ];
    candidates.into_iter().flatten().map(|p| p.join("seeds")).find(|p| p.is_dir())
}

#[test]
fn default_lexicon_evidence_stays_in_sentences() {
    let Some(dir) = seeds_dir() else {
        eprintln!("shared seeds absent: skipped");
        return;
    };
    let lexicon = Lexicon::default_english();
    let tokenizer = Tokenizer::english();
    let mut matched = 0;
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        let tokens = tokenizer.tokenize(&text).unwrap();
        let sentences = segment::sentences(&text);
        let (scores, evidence) = score::score_spans(&lexicon, &tokens, &sentences, &[]);
        assert!(scores.iter().all(|&v| (0.0..1.0).contains(&v)));
        for (sent, ev) in sentences.iter().zip(&evidence) {
            for e in ev {
                assert!(sent.contains(e.span), "{e:?} outside {sent:?}");
                assert!(!e.span.slice(&text).is_empty());
                matched += 1;
            }
        }
    }
    assert!(matched > 0, "the default lexicon matched nothing in the seeds");
}
