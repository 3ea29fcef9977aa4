//! Linear-time check for quotations and statements:
//! `cargo run --release --example bench_linear` prints seconds per MB of the
//! whole pipeline on a 1 MB and a 20 MB generated input full of unbalanced
//! quotation marks, apostrophes and reporting verbs, and their ratio (which
//! should stay under 1.3: time per MB must not grow with the input).

use std::time::Instant;

/// Sentences mixing every kind of mark, several of them left open, with
/// reporting verbs and speaker phrases around them.
const PIECES: &[&str] = &[
    "“We will not back down,” the minister said on Monday. ",
    "He said: “The talks are over. ",
    "'Nobody knows,' said a senior official, who declined to be named. ",
    "The allies' plan, drawn up in the '90s, \"was never tested. ",
    "According to the statement, the group remains ‘concerned’ about it. ",
    "« Nous verrons », a-t-il dit, „vielleicht“ ",
    "She told reporters the offer was “serious, ",
    "''It is done,'' Mr. Doe added. ",
    "They warned that Moscow’s troops don’t leave ” ",
    "— Jane Roe\n\n“And the next paragraph opens again\n\n",
    "「引用」と彼は言った。 ",
];

fn generate(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 256);
    let mut i = 0usize;
    while s.len() < bytes {
        let piece = PIECES.get(i % PIECES.len()).copied().unwrap_or("");
        s.push_str(piece);
        // A paragraph break now and then, at a varying rhythm.
        if i % 7 == 3 {
            s.push_str("\n\n");
        }
        i += 1;
    }
    s
}

fn seconds_per_mb(analyzer: &stancelens::Analyzer, text: &str) -> f64 {
    let start = Instant::now();
    let doc = analyzer.analyze(text, None);
    let secs = start.elapsed().as_secs_f64();
    match doc {
        Ok(d) => eprintln!("  {} bytes: {} statements", text.len(), d.statements.len()),
        Err(e) => eprintln!("  {} bytes: error {e}", text.len()),
    }
    secs / (text.len() as f64 / 1_000_000.0)
}

fn main() {
    let analyzer = stancelens::Analyzer::default();
    // Warm up lazily built tables so they are not timed.
    let _ = analyzer.analyze(&generate(10_000), None);
    let small = generate(1_000_000);
    let large = generate(20_000_000);
    let a = seconds_per_mb(&analyzer, &small);
    let b = seconds_per_mb(&analyzer, &large);
    println!("1 MB: {a:.4} s/MB");
    println!("20 MB: {b:.4} s/MB");
    println!("ratio 20 MB / 1 MB: {:.3}", b / a);
}
