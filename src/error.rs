//! Errors are values: every failure the caller can cause is one of these.

use std::path::PathBuf;

/// Everything that can go wrong in stancelens because of its input.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A lexicon file or mapping is invalid. `line` is 1-based when known.
    #[error("{}", lexicon_message(.file, .line, .entry, .message))]
    Lexicon { file: Option<PathBuf>, line: Option<usize>, entry: Option<String>, message: String },
    /// A `tokenizer.json` could not be loaded or used.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// Input that is not usable as given (bad option, bad alias table...).
    #[error("{0}")]
    InvalidInput(String),
    /// Reading a file failed.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn lexicon_message(
    file: &Option<PathBuf>,
    line: &Option<usize>,
    entry: &Option<String>,
    message: &str,
) -> String {
    let mut out = String::new();
    match file {
        Some(f) => out.push_str(&f.display().to_string()),
        None => out.push_str("<lexicon>"),
    }
    if let Some(l) = line {
        out.push_str(&format!(":{l}"));
    }
    if let Some(e) = entry {
        out.push_str(&format!(": entry {e:?}"));
    }
    out.push_str(": ");
    out.push_str(message);
    out
}

/// Result with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
