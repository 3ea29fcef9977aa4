//! Per-stage throughput of the pipeline: `cargo bench --bench stages`.
//!
//! One Criterion group per stage of [`stancelens::Analyzer::analyze`], each
//! timed over the same documents (see `support/corpus.rs`) one at a time, as
//! a caller would. A stage's inputs (the earlier stages' outputs) are
//! computed once, before timing, so each figure is that stage alone.
//! Throughput is in bytes of document text, so the stages compare directly
//! with each other and with the whole pipeline.
//!
//! Options: `STANCELENS_BENCH_CORPUS`, `STANCELENS_BENCH_DOCS` (see the
//! corpus module), and Criterion's own arguments after `--`, e.g.
//! `cargo bench --bench stages -- tokenize`.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use stancelens::quotes::Quote;
use stancelens::{attribution, quotes, resolve, score, segment};
use stancelens::{Analyzer, Span, Statement, Token, Tokenizer};

#[path = "support/corpus.rs"]
mod corpus;

/// Every stage's output for every document, computed once as `analyze` does.
struct Prepared {
    docs: Vec<String>,
    paragraphs: Vec<Vec<Span>>,
    sentences: Vec<Vec<Span>>,
    tokens: Vec<Vec<Token>>,
    quotes: Vec<Vec<Quote>>,
    /// As `find_statements` returns them, before resolution.
    statements: Vec<Vec<Statement>>,
    contents: Vec<Vec<Span>>,
    cues: Vec<Vec<Option<Span>>>,
}

impl Prepared {
    fn new(docs: Vec<String>, tokenizer: &Tokenizer) -> Self {
        let paragraphs: Vec<_> = docs.iter().map(|d| segment::paragraphs(d)).collect();
        let sentences: Vec<_> = docs.iter().map(|d| segment::sentences(d)).collect();
        let tokens: Vec<_> =
            docs.iter().map(|d| tokenizer.tokenize(d).expect("tokenizing the corpus")).collect();
        let quotes: Vec<_> =
            docs.iter().zip(&paragraphs).map(|(d, p)| quotes::find_quotes(d, p)).collect();
        let statements: Vec<_> = (0..docs.len())
            .map(|i| {
                attribution::find_statements(
                    &docs[i],
                    &paragraphs[i],
                    &sentences[i],
                    &tokens[i],
                    &quotes[i],
                )
            })
            .collect();
        let contents = statements.iter().map(|s| s.iter().map(|s| s.content).collect()).collect();
        let cues = statements.iter().map(|s| s.iter().map(|s| s.cue).collect()).collect();
        Prepared { docs, paragraphs, sentences, tokens, quotes, statements, contents, cues }
    }
}

/// A group for one stage. Few samples suffice because each iteration
/// is a pass over every document, so even 10 samples average thousands of
/// per-document calls; 8 s windows smooth out other jobs on a shared
/// machine, and the whole run stays within about two minutes.
fn group<'a>(c: &'a mut Criterion, bytes: u64, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .throughput(Throughput::Bytes(bytes));
    g
}

fn stages(c: &mut Criterion) {
    let corpus = corpus::load();
    let bytes = corpus.bytes();
    eprintln!("corpus: {}, {:.0} KB", corpus.source, bytes as f64 / 1e3);
    let analyzer = Analyzer::default();
    let tokenizer = Tokenizer::english();
    let p = Prepared::new(corpus.docs, &tokenizer);
    let aliases = HashMap::new();
    let n = p.docs.len();

    let mut g = group(c, bytes, "segment");
    g.bench_function("sentences", |b| {
        b.iter(|| p.docs.iter().map(|d| segment::sentences(black_box(d)).len()).sum::<usize>())
    });
    g.bench_function("paragraphs", |b| {
        b.iter(|| p.docs.iter().map(|d| segment::paragraphs(black_box(d)).len()).sum::<usize>())
    });
    g.finish();

    let mut g = group(c, bytes, "tokenize");
    // A pass takes about 0.1 s here: Criterion's default linear sampling
    // (1, 2, ... 10 passes per sample) would need 55 passes; flat sampling
    // takes the same few passes per sample and fits the time window.
    g.sampling_mode(SamplingMode::Flat);
    g.bench_function("english", |b| {
        b.iter(|| {
            p.docs
                .iter()
                .map(|d| tokenizer.tokenize(black_box(d)).map_or(0, |t| t.len()))
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = group(c, bytes, "quotes");
    g.bench_function("find_quotes", |b| {
        b.iter(|| {
            (0..n)
                .map(|i| quotes::find_quotes(black_box(&p.docs[i]), &p.paragraphs[i]).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = group(c, bytes, "attribution");
    g.bench_function("find_statements", |b| {
        b.iter(|| {
            (0..n)
                .map(|i| {
                    attribution::find_statements(
                        black_box(&p.docs[i]),
                        &p.paragraphs[i],
                        &p.sentences[i],
                        &p.tokens[i],
                        &p.quotes[i],
                    )
                    .len()
                })
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = group(c, bytes, "resolve");
    // resolve_speakers fills in the statements it is given, so every
    // iteration gets a fresh copy; the copy is made outside the timing.
    g.bench_function("resolve_speakers", |b| {
        b.iter_batched(
            || p.statements.clone(),
            |mut statements| {
                for (i, st) in statements.iter_mut().enumerate() {
                    resolve::resolve_speakers(
                        black_box(&p.docs[i]),
                        &p.tokens[i],
                        st,
                        &aliases,
                        None,
                    );
                }
                statements
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();

    let mut g = group(c, bytes, "score");
    let lexicon = &analyzer.lexicon;
    g.bench_function("statements", |b| {
        b.iter(|| {
            (0..n)
                .map(|i| {
                    score::score_spans(lexicon, &p.tokens[i], &p.contents[i], &p.cues[i]).1.len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("sentences", |b| {
        b.iter(|| {
            (0..n)
                // As `Analyzer::analyze` scores sentences: no evidence.
                .map(|i| score::Prepared::new(lexicon, &p.tokens[i]).scores(&p.sentences[i]).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = group(c, bytes, "analyze");
    g.sampling_mode(SamplingMode::Flat); // as for tokenize: long passes
    g.bench_function("analyze", |b| {
        b.iter(|| {
            p.docs
                .iter()
                .map(|d| analyzer.analyze(black_box(d), None).map_or(0, |doc| doc.statements.len()))
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
