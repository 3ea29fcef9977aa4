//! Runs each pipeline stage once over the benchmark corpus, for profiling:
//! `benches/profile.sh` runs this under callgrind and reports per stage.
//!
//! Each stage is its own `#[inline(never)]` function named `stage_*`, so a
//! profiler's inclusive cost of that function is the cost of the stage, even
//! with LTO inlining everything below it. Stages run in pipeline order, each
//! over all documents, with the earlier stages' outputs as inputs, which is
//! the work `Analyzer::analyze` does (as in benches/stages.rs). The whole
//! `analyze` runs last, on its own, as a check that the stages add up.
//!
//! Documents: the same as benches/stages.rs measures (see
//! benches/support/corpus.rs).

use std::collections::HashMap;
use std::hint::black_box;

use stancelens::quotes::Quote;
use stancelens::{attribution, quotes, resolve, score, segment};
use stancelens::{Analyzer, Span, Statement, Token, Tokenizer};

#[path = "../benches/support/corpus.rs"]
mod corpus;

/// Builds the analyzer and runs it once on a short text, so that lazily
/// built tables (cue lexicon, gazetteer) are initialised here, once, and
/// not charged to whichever stage happens to touch them first.
#[inline(never)]
fn stage_setup() -> Analyzer {
    let analyzer = Analyzer::default();
    let warm =
        "\u{201c}We are ready,\u{201d} Gen. Tom Hale said. He added that talks would resume.";
    black_box(analyzer.analyze(warm, Some("Desk")).expect("analyzing the warm-up text"));
    analyzer
}

#[inline(never)]
fn stage_segment_paragraphs(docs: &[String]) -> Vec<Vec<Span>> {
    docs.iter().map(|d| segment::paragraphs(black_box(d))).collect()
}

#[inline(never)]
fn stage_segment_sentences(docs: &[String]) -> Vec<Vec<Span>> {
    docs.iter().map(|d| segment::sentences(black_box(d))).collect()
}

#[inline(never)]
fn stage_tokenize(tokenizer: &Tokenizer, docs: &[String]) -> Vec<Vec<Token>> {
    docs.iter().map(|d| tokenizer.tokenize(black_box(d)).expect("tokenizing the corpus")).collect()
}

#[inline(never)]
fn stage_quotes(docs: &[String], paragraphs: &[Vec<Span>]) -> Vec<Vec<Quote>> {
    docs.iter().zip(paragraphs).map(|(d, p)| quotes::find_quotes(black_box(d), p)).collect()
}

#[inline(never)]
fn stage_attribution(
    docs: &[String],
    paragraphs: &[Vec<Span>],
    sentences: &[Vec<Span>],
    tokens: &[Vec<Token>],
    quotes: &[Vec<Quote>],
) -> Vec<Vec<Statement>> {
    (0..docs.len())
        .map(|i| {
            attribution::find_statements(
                black_box(&docs[i]),
                &paragraphs[i],
                &sentences[i],
                &tokens[i],
                &quotes[i],
            )
        })
        .collect()
}

#[inline(never)]
fn stage_resolve(docs: &[String], tokens: &[Vec<Token>], statements: &mut [Vec<Statement>]) {
    let aliases = HashMap::new();
    for (i, st) in statements.iter_mut().enumerate() {
        resolve::resolve_speakers(black_box(&docs[i]), &tokens[i], st, &aliases, None);
    }
}

#[inline(never)]
fn stage_score_statements(
    analyzer: &Analyzer,
    tokens: &[Vec<Token>],
    statements: &[Vec<Statement>],
) -> usize {
    let mut evidence = 0;
    for (t, st) in tokens.iter().zip(statements) {
        // As analyze does: the contents and cues are gathered per document.
        let contents: Vec<Span> = st.iter().map(|s| s.content).collect();
        let cues: Vec<Option<Span>> = st.iter().map(|s| s.cue).collect();
        let (scores, ev) = score::score_spans(&analyzer.lexicon, t, &contents, &cues);
        black_box(scores);
        evidence += ev.iter().map(Vec::len).sum::<usize>();
    }
    evidence
}

#[inline(never)]
fn stage_score_sentences(
    analyzer: &Analyzer,
    tokens: &[Vec<Token>],
    sentences: &[Vec<Span>],
) -> usize {
    // As `Analyzer::analyze` scores sentences: scores only, no evidence.
    let mut scored = 0;
    for (t, s) in tokens.iter().zip(sentences) {
        let scores = score::Prepared::new(&analyzer.lexicon, t).scores(s);
        scored += scores.nrows();
        black_box(scores);
    }
    scored
}

#[inline(never)]
fn stage_analyze(analyzer: &Analyzer, docs: &[String]) -> usize {
    docs.iter()
        .map(|d| {
            analyzer.analyze(black_box(d), None).expect("analyzing the corpus").statements.len()
        })
        .sum()
}

/// Items in all documents' outputs of one stage.
fn count<T>(per_doc: &[Vec<T>]) -> usize {
    per_doc.iter().map(Vec::len).sum()
}

fn main() {
    let corpus = corpus::load();
    let docs = &corpus.docs;
    let analyzer = stage_setup();

    let paragraphs = stage_segment_paragraphs(docs);
    let sentences = stage_segment_sentences(docs);
    let tokens = stage_tokenize(&analyzer.tokenizer, docs);
    let quotes = stage_quotes(docs, &paragraphs);
    let mut statements = stage_attribution(docs, &paragraphs, &sentences, &tokens, &quotes);
    stage_resolve(docs, &tokens, &mut statements);
    let ev_statements = stage_score_statements(&analyzer, &tokens, &statements);
    let scored_sentences = stage_score_sentences(&analyzer, &tokens, &sentences);
    let analyzed = stage_analyze(&analyzer, docs);

    println!("corpus: {}", corpus.source);
    println!(
        "{} documents, {} bytes, {} paragraphs, {} sentences, {} tokens, {} quotes, \
         {} statements ({} from analyze), evidence {} (statements), {} sentences scored",
        docs.len(),
        corpus.bytes(),
        count(&paragraphs),
        count(&sentences),
        count(&tokens),
        count(&quotes),
        count(&statements),
        analyzed,
        ev_statements,
        scored_sentences
    );
}
