//! The benchmark corpus, shared by `benches/stages.rs` and
//! `examples/profile_stages.rs` (included with `#[path]`), so that the
//! Criterion timings and the callgrind profile measure the same documents.
//!
//! Source, in order of preference:
//! 1. `STANCELENS_BENCH_CORPUS`: a directory (its `*.txt` files, one
//!    document each) or a single file (one document);
//! 2. the PolNeAR train texts at `../shared/data/polnear/train/text`
//!    relative to the crate root, when present;
//! 3. a generated English news-like corpus (deterministic), so the benches
//!    run on a checkout without the shared data.
//!
//! `STANCELENS_BENCH_DOCS` overrides how many documents are used (`0` = all).
//! Documents stay separate: the library is called once per article in real
//! use, and per-document costs (setup, lookups) would vanish in one string.
//!
//! This file lives in a subdirectory so Cargo does not take it for a bench
//! target of its own.

use std::path::{Path, PathBuf};

/// Documents to measure, and where they came from (printed with results).
pub struct Corpus {
    pub source: String,
    pub docs: Vec<String>,
}

impl Corpus {
    /// Total size in bytes: the unit of every throughput figure.
    pub fn bytes(&self) -> u64 {
        self.docs.iter().map(|d| d.len() as u64).sum()
    }
}

/// Documents used by default: about 400 KB of PolNeAR text, all seven
/// outlets, small enough for `cargo bench --bench stages` to take about two
/// minutes and for one callgrind run to take well under one.
pub const DEFAULT_DOCS: usize = 100;

/// Loads the corpus and keeps [`DEFAULT_DOCS`] documents (or the
/// `STANCELENS_BENCH_DOCS` override), spread evenly over the sorted files.
/// Evenly spaced rather than the first N because the PolNeAR files are
/// sorted by outlet, and the first hundred would all be from one of them.
pub fn load() -> Corpus {
    let want = match std::env::var("STANCELENS_BENCH_DOCS") {
        Ok(v) => v.trim().parse().expect("STANCELENS_BENCH_DOCS must be a whole number"),
        Err(_) => DEFAULT_DOCS,
    };
    let (source, files) = match std::env::var_os("STANCELENS_BENCH_CORPUS") {
        // An explicit corpus that cannot be read is an error, not a fallback:
        // silently measuring other text would mislead.
        Some(p) => {
            let p = PathBuf::from(p);
            let files = list(&p);
            assert!(!files.is_empty(), "STANCELENS_BENCH_CORPUS={}: no .txt files", p.display());
            (p.display().to_string(), files)
        }
        None => {
            let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/polnear/train/text");
            (p.display().to_string(), list(&p))
        }
    };
    if files.is_empty() {
        let n = if want == 0 { 100 } else { want };
        return Corpus { source: format!("generated ({n} documents)"), docs: generate(n) };
    }
    let picked: Vec<&PathBuf> = if want == 0 || want >= files.len() {
        files.iter().collect()
    } else {
        (0..want).filter_map(|i| files.get(i * files.len() / want)).collect()
    };
    let docs = picked
        .iter()
        .map(|f| {
            std::fs::read_to_string(f).unwrap_or_else(|e| panic!("reading {}: {e}", f.display()))
        })
        .collect::<Vec<_>>();
    Corpus { source: format!("{source} ({} of {} files)", docs.len(), files.len()), docs }
}

/// The `.txt` files under `path` in name order, or `path` itself if a file.
fn list(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

/// A small deterministic generator (xorshift64*), so that the generated
/// corpus is the same on every run and machine without a `rand` dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

const SPEAKERS: &[(&str, &str, &str)] = &[
    // (full name with title, later reference, pronoun)
    ("Defense Minister Elena Vasquez", "Vasquez", "she"),
    ("Gen. Robert Okonkwo", "Okonkwo", "he"),
    ("Sen. Margaret Lindqvist", "Lindqvist", "she"),
    ("Dr. Samuel Achterberg", "Achterberg", "he"),
    ("Foreign Secretary Priya Raman", "Raman", "she"),
    ("Mr. Tomasz Wierzbicki", "Wierzbicki", "he"),
];

const GROUPS: &[&str] = &[
    "the ministry",
    "a senior U.S. official",
    "NATO diplomats",
    "the opposition leader",
    "the White House",
    "officials in Brussels",
];

const SPEECH: &[&str] =
    &["said", "told reporters", "warned", "added", "insisted", "argued", "noted"];

const CLAIMS: &[&str] = &[
    "the talks would resume in Geneva next week",
    "additional troops would be deployed to the border by Jan. 15",
    "the government had no plans to expand the sanctions",
    "the alliance must bolster its deterrence posture in the east",
    "the ceasefire was holding despite sporadic shelling",
    "negotiations were the only credible path to a settlement",
    "the budget would rise by 3.5 percent to $1,200 million",
    "the exercise was routine and posed no threat to anyone",
    "both sides were ready for dialogue without preconditions",
    "the missile tests were a provocation that could not go unanswered",
];

const QUOTES: &[&str] = &[
    "We will not be intimidated, and we will defend every inch of our territory",
    "There is no military solution here; there is only diplomacy",
    "I don't think anyone in this room wants a wider war",
    "Our door remains open, but our patience is not unlimited",
    "This is a serious escalation and it demands a serious response",
    "We never said the troops would stay. That was never the plan",
    "Frankly, the numbers speak for themselves",
    "We welcome the proposal and we're ready to talk tomorrow",
];

const FILLER: &[&str] = &[
    "The meeting, held behind closed doors, lasted more than four hours.",
    "Markets in Europe fell 1.2 percent on Tuesday before recovering in the afternoon.",
    "Analysts at the institute cautioned that the figures were preliminary.",
    "The region has seen repeated clashes since the 2014 agreement collapsed.",
    "Neither side released a transcript of the call.",
    "Some 40,000 people live within 10 km of the disputed crossing.",
    "The proposal will go to a vote in the assembly on Feb. 3.",
];

/// `n` news-like documents of about 5 KB, written for this benchmark: they
/// exercise every stage (quotations in straight and curly marks, reporting
/// verbs before and after, pronoun and surname references, abbreviations,
/// numbers, stance terms, negation), not any particular outlet's style.
pub fn generate(n: usize) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..n).map(|_| generate_one(&mut rng)).collect()
}

fn generate_one(rng: &mut Rng) -> String {
    let mut doc = String::new();
    doc.push_str(&format!("Officials weigh response as {}\n\n", rng.pick(CLAIMS)));
    while doc.len() < 5000 {
        let (full, short, pronoun) = SPEAKERS[(rng.next() % SPEAKERS.len() as u64) as usize];
        let verb = rng.pick(SPEECH);
        let claim = rng.pick(CLAIMS);
        let quote = rng.pick(QUOTES);
        let para = match rng.next() % 7 {
            0 => format!("\u{201c}{quote},\u{201d} {full} {verb} on Monday. {}", rng.pick(FILLER)),
            1 => format!(
                "{full} {verb} that {claim}. \"{quote},\" {pronoun} said, adding that \
                 the decision was not final."
            ),
            2 => format!(
                "According to {}, {claim}. {short} did not respond to a request for comment.",
                rng.pick(GROUPS)
            ),
            3 => format!(
                "{short} denied preparing an offensive and urged {} to return to the table. {}",
                rng.pick(GROUPS),
                rng.pick(FILLER)
            ),
            4 => format!(
                "\u{201c}{quote}.\u{201d}\n\nThat was how {full} put it at a news conference in \
                 Vienna, where {pronoun} {verb} that {claim}."
            ),
            5 => format!(
                "{} {verb} the plan could not work. {} {}",
                capitalize(rng.pick(GROUPS)),
                rng.pick(FILLER),
                rng.pick(FILLER)
            ),
            _ => format!("{} {}", rng.pick(FILLER), rng.pick(FILLER)),
        };
        doc.push_str(&para);
        doc.push_str("\n\n");
    }
    doc
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
