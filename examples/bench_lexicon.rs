//! Lexicon benchmark: `cargo run --release --example bench_lexicon [-- N_ENTRIES] [PATH...]`
//!
//! Builds a synthetic lexicon of the default English entries plus N (default
//! 20,000) generated ones (single words, 2–3 word phrases, wildcards), then
//! prints (1) its TOML load time (parse + validate + compile) and (2) the
//! analysis time of a corpus with the default lexicon and with the big one.
//! The corpus is the `.txt` files under PATH (default: the shared seeds and
//! PolNeAR dev texts if present, else generated text).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use stancelens::lexicon::model::LexiconFile;
use stancelens::{Analyzer, Lexicon};

/// A small deterministic generator (no dependency, same lexicon every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
}

const SYLLABLES: &[&str] = &[
    "ar", "be", "con", "de", "en", "fa", "ger", "hi", "in", "jo", "ka", "lo", "men", "no", "or",
    "pre", "qua", "re", "sta", "ter", "un", "ver", "wa", "xe", "yo", "zu", "tion", "ment", "al",
    "ist", "ance", "ly",
];

fn word(rng: &mut Lcg) -> String {
    let n = 2 + (rng.next() % 3) as usize;
    (0..n).map(|_| rng.pick(SYLLABLES)).collect()
}

/// The default lexicon's TOML with `n` generated entries added, spread over
/// its stances.
fn big_lexicon_toml(n: usize) -> String {
    let base = Lexicon::default_english();
    let src = base.to_toml_string().unwrap_or_default();
    let Ok(mut file) = toml::from_str::<LexiconFile>(&src) else { return src };
    let mut rng = Lcg(42);
    let stances = base.stances().to_vec();
    let mut made = 0;
    while made < n {
        let term = match rng.next() % 10 {
            0 => format!("{}*", word(&mut rng)),
            1 | 2 => format!("{} {}", word(&mut rng), word(&mut rng)),
            3 => format!("{} {} {}", word(&mut rng), word(&mut rng), word(&mut rng)),
            _ => word(&mut rng),
        };
        let stance = stances[made % stances.len()].clone();
        let table = file.terms.entry(stance).or_default();
        if table.contains_key(&term) {
            continue;
        }
        table.insert(term, 0.5 + (rng.next() % 25) as f64 / 10.0);
        made += 1;
    }
    toml::to_string(&file).unwrap_or(src)
}

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> =
            std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else if path.extension().is_some_and(|e| e == "txt") {
        out.push(path.to_path_buf());
    }
}

fn corpus(paths: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let defaults = ["seeds", "data/polnear/dev/text"];
    if paths.is_empty() {
        for root in ["../shared", "/work/shared"] {
            for d in defaults {
                files(&Path::new(root).join(d), &mut found);
            }
            if !found.is_empty() {
                break;
            }
        }
    } else {
        for p in paths {
            files(Path::new(p), &mut found);
        }
    }
    let texts: Vec<String> = found.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    if !texts.is_empty() {
        return texts;
    }
    let mut rng = Lcg(7);
    let words = ["we", "will", "deploy", "talks", "not", "the", "troops", "said", "but", "ready"];
    (0..200)
        .map(|_| {
            let mut t = String::new();
            for i in 0..400 {
                t.push_str(rng.pick(&words));
                t.push_str(if i % 15 == 14 { ". " } else { " " });
            }
            t
        })
        .collect()
}

fn time_analysis(analyzer: &Analyzer, texts: &[String]) -> Duration {
    let t = Instant::now();
    let mut n = 0usize;
    for text in texts {
        if let Ok(doc) = analyzer.analyze(text, Some("Author")) {
            n += doc.evidence.iter().map(Vec::len).sum::<usize>();
        }
    }
    std::hint::black_box(n);
    t.elapsed()
}

/// Scoring alone (sentences of pre-tokenized texts), to show the share of
/// the analysis that depends on the lexicon.
fn time_scoring(
    lexicon: &Lexicon,
    docs: &[(Vec<stancelens::Token>, Vec<stancelens::Span>)],
) -> Duration {
    let t = Instant::now();
    let mut n = 0usize;
    for (tokens, sentences) in docs {
        let (_, ev) = stancelens::score::score_spans(lexicon, tokens, sentences, &[]);
        n += ev.iter().map(Vec::len).sum::<usize>();
    }
    std::hint::black_box(n);
    t.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let n = match args.first().and_then(|a| a.parse::<usize>().ok()) {
        Some(n) => {
            args.remove(0);
            n
        }
        None => 20_000,
    };
    let toml = big_lexicon_toml(n);
    let mut loads = Vec::new();
    let mut big = None;
    for _ in 0..7 {
        let t = Instant::now();
        let lex = Lexicon::from_toml_str(&toml, None);
        loads.push(t.elapsed());
        big = Some(lex);
    }
    let big = match big {
        Some(Ok(l)) => l,
        Some(Err(e)) => {
            eprintln!("generated lexicon is invalid: {e}");
            std::process::exit(1);
        }
        None => return,
    };
    loads.sort();
    // Breakdown: serde parse alone (the rest is validation + compilation).
    let mut parse = Duration::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        let file = toml::from_str::<LexiconFile>(&toml);
        parse = parse.min(t.elapsed());
        std::hint::black_box(file.is_ok());
    }
    let default = Lexicon::default_english();
    println!(
        "lexicon: {} entries ({} default + generated), {} KiB TOML, {} trie nodes",
        big.len(),
        default.len(),
        toml.len() / 1024,
        big.matcher().node_count()
    );
    println!(
        "load (parse+validate+compile): min {:.1} ms, median {:.1} ms  [bar < 50 ms]; TOML parse alone min {:.1} ms",
        ms(loads[0]),
        ms(loads[loads.len() / 2]),
        ms(parse)
    );

    let texts = corpus(&args);
    let bytes: usize = texts.iter().map(String::len).sum();
    let a_default = Analyzer { lexicon: default, ..Default::default() };
    let a_big = Analyzer { lexicon: big, ..Default::default() };
    // Warm up, then alternate runs and keep the best of each.
    time_analysis(&a_default, &texts);
    time_analysis(&a_big, &texts);
    let (mut best_d, mut best_b) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        best_d = best_d.min(time_analysis(&a_default, &texts));
        best_b = best_b.min(time_analysis(&a_big, &texts));
    }
    println!("corpus: {} texts, {} KiB", texts.len(), bytes / 1024);
    println!("analysis with default lexicon: {:.1} ms (best of 5)", ms(best_d));
    println!(
        "analysis with {}-entry lexicon: {:.1} ms (best of 5)",
        a_big.lexicon.len(),
        ms(best_b)
    );
    println!(
        "slowdown: {:+.1}%  [bar < 15%]",
        (best_b.as_secs_f64() / best_d.as_secs_f64().max(1e-9) - 1.0) * 100.0
    );
    let tokenizer = stancelens::Tokenizer::english();
    let docs: Vec<_> = texts
        .iter()
        .filter_map(|t| Some((tokenizer.tokenize(t).ok()?, stancelens::segment::sentences(t))))
        .collect();
    let (mut sd, mut sb) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        sd = sd.min(time_scoring(&a_default.lexicon, &docs));
        sb = sb.min(time_scoring(&a_big.lexicon, &docs));
    }
    let tokens: usize = docs.iter().map(|d| d.0.len()).sum();
    println!(
        "scoring alone ({tokens} tokens, all sentences): default {:.2} ms, big {:.2} ms ({:+.1}%)",
        ms(sd),
        ms(sb),
        (sb.as_secs_f64() / sd.as_secs_f64().max(1e-9) - 1.0) * 100.0
    );
}
