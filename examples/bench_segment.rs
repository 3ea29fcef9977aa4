//! Sentence splitter throughput:
//! `cargo run --release --example bench_segment -- PATH... [--runs N] [--print]`
//!
//! Reads the files (directories recursively, in name order), joins them with
//! a blank line, times `segment::sentences` over several runs and prints
//! MB/s (best and median). `--print` writes every sentence instead, one a
//! line with a blank line between paragraphs, for inspection.

use std::path::{Path, PathBuf};
use std::time::Instant;

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> =
            std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if path.is_file() {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut runs = 10usize;
    let mut print = false;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs).max(1),
            "--print" => print = true,
            _ => collect(Path::new(&a), &mut files),
        }
    }
    if files.is_empty() {
        eprintln!("usage: bench_segment PATH... [--runs N] [--print]");
        std::process::exit(2);
    }
    let mut text = String::new();
    for f in &files {
        match std::fs::read_to_string(f) {
            Ok(t) => {
                text.push_str(&t);
                text.push_str("\n\n");
            }
            Err(e) => eprintln!("skipping {}: {e}", f.display()),
        }
    }
    if print {
        // One sentence a line, a blank line between paragraphs.
        let paragraphs = stancelens::segment::paragraphs(&text);
        let mut para = paragraphs.iter().peekable();
        for s in stancelens::segment::sentences(&text) {
            while para.peek().is_some_and(|p| p.end <= s.start) {
                para.next();
                println!();
            }
            println!("{}", s.slice(&text));
        }
        return;
    }
    let mb = text.len() as f64 / 1e6;
    let mut count = 0;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let s = stancelens::segment::sentences(std::hint::black_box(&text));
        times.push(t.elapsed().as_secs_f64());
        count = std::hint::black_box(s).len();
    }
    times.sort_by(f64::total_cmp);
    let best = times[0];
    let median = times[times.len() / 2];
    println!(
        "{} files, {:.2} MB, {count} sentences; best {:.2} ms = {:.1} MB/s, median {:.2} ms = {:.1} MB/s ({runs} runs)",
        files.len(),
        mb,
        best * 1e3,
        mb / best,
        median * 1e3,
        mb / median
    );
}
