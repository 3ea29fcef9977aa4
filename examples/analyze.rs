//! Development driver: `cargo run --release --example analyze -- [--author NAME] PATH...`
//! prints the CLI's JSONL rows, so the Rust core can be scored without Python.

use std::path::{Path, PathBuf};

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> =
            std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            files(&e, out);
        }
    } else if path.extension().is_some_and(|e| e == "txt") || path.is_file() && out.is_empty() {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut author = None;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--author" {
            author = args.next();
        } else {
            files(Path::new(&a), &mut paths);
        }
    }
    let analyzer = stancelens::Analyzer::default();
    for p in paths {
        let Ok(text) = std::fs::read_to_string(&p) else {
            eprintln!("{}: unreadable", p.display());
            continue;
        };
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match analyzer.analyze(&text, author.as_deref()) {
            Ok(doc) => {
                let labels = stancelens::score::labels(&doc, &analyzer.lexicon);
                for row in stancelens::output::statement_rows(&name, &doc, &labels) {
                    println!("{}", serde_json::to_string(&row).unwrap_or_default());
                }
            }
            Err(e) => eprintln!("{}: {e}", p.display()),
        }
    }
}
