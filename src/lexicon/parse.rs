//! Reading lexicon files (TOML, JSON, YAML) into a validated [`Model`], with
//! errors that name the file, the 1-based line and the entry.
//!
//! Type errors come from serde with a position (TOML span, JSON line, YAML
//! index); semantic errors (unknown stance, bad weight) come from
//! [`Model::from_file`] with the key path of the entry, which [`locate`]
//! finds in the source text.

use std::path::{Path, PathBuf};

use super::model::{Invalid, LexiconFile, Model};
use crate::error::{Error, Result};

/// 1-based line of byte offset `at` in `src`.
pub fn line_of(src: &str, at: usize) -> usize {
    src.as_bytes().iter().take(at).filter(|&&b| b == b'\n').count() + 1
}

/// The text of 1-based line `line`.
fn line_text(src: &str, line: usize) -> Option<&str> {
    src.lines().nth(line.checked_sub(1)?)
}

/// The key written on a line (`"high price" = 2.0`, `deny: 1`), if any: the
/// entry a serde error on that line is about.
pub fn key_on_line(src: &str, line: usize) -> Option<String> {
    let text = line_text(src, line)?.trim().trim_start_matches("- ");
    let cut = text.find(['=', ':']).unwrap_or(text.len());
    let key = text[..cut].trim().trim_matches(['"', '\'', ',', '[', ']', '{', '}']).trim();
    (!key.is_empty()).then(|| key.to_string())
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Next occurrence of `word` at or after `from` that is not part of a longer
/// word.
fn find_word(src: &str, word: &str, from: usize) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let bytes = src.as_bytes();
    let mut pos = from;
    while let Some(i) = src.get(pos..).and_then(|s| s.find(word)) {
        let at = pos + i;
        let end = at + word.len();
        let before_ok = at == 0 || bytes.get(at - 1).is_none_or(|&b| !is_word_byte(b));
        let after_ok = bytes.get(end).is_none_or(|&b| !is_word_byte(b));
        if before_ok && after_ok {
            return Some(at);
        }
        pos = at + word.chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The 1-based line of the entry at key path `path` in `src`: each key is
/// searched after the previous one (section, then stance, then term), so the
/// same term under two stances is told apart. Works for TOML, JSON and YAML.
pub fn locate(src: &str, path: &[String]) -> Option<usize> {
    let mut pos = 0;
    let mut found = None;
    for key in path {
        match find_word(src, key, pos) {
            Some(at) => {
                pos = at;
                found = Some(at);
            }
            None => {
                // Fall back to the entry alone (e.g. a dotted TOML key).
                found = path.last().and_then(|k| find_word(src, k, 0));
                break;
            }
        }
    }
    found.map(|at| line_of(src, at))
}

/// A lexicon error at a known line.
pub fn error_at(file: Option<&Path>, src: &str, line: Option<usize>, message: String) -> Error {
    Error::Lexicon {
        file: file.map(Path::to_path_buf),
        line,
        entry: line.and_then(|l| key_on_line(src, l)),
        message,
    }
}

/// Turns a validation failure into an error naming file, line and entry.
pub fn invalid_error(file: Option<&Path>, src: Option<&str>, inv: Invalid) -> Error {
    Error::Lexicon {
        file: file.map(Path::to_path_buf),
        line: src.and_then(|s| locate(s, &inv.path)),
        entry: inv.path.last().cloned(),
        message: inv.message,
    }
}

fn validate(file: LexiconFile, src: &str, path: Option<&Path>) -> Result<Model> {
    Model::from_file(file).map_err(|inv| invalid_error(path, Some(src), inv))
}

/// Parses a TOML lexicon.
pub fn toml(src: &str, path: Option<&Path>) -> Result<Model> {
    let file: LexiconFile = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|r| line_of(src, r.start));
        error_at(path, src, line, e.message().trim().to_string())
    })?;
    validate(file, src, path)
}

/// Parses a JSON lexicon.
pub fn json(src: &str, path: Option<&Path>) -> Result<Model> {
    let file: LexiconFile = serde_json::from_str(src).map_err(|e| {
        let line = (e.line() > 0).then(|| e.line());
        error_at(path, src, line, e.to_string())
    })?;
    validate(file, src, path)
}

/// Parses a YAML lexicon in the stancelens layout.
pub fn yaml(src: &str, path: Option<&Path>) -> Result<Model> {
    let file: LexiconFile = serde_norway::from_str(src).map_err(|e| yaml_error(src, path, &e))?;
    validate(file, src, path)
}

/// A YAML error with its line.
pub fn yaml_error(src: &str, path: Option<&Path>, e: &serde_norway::Error) -> Error {
    let line = e.location().map(|l| line_of(src, l.index()));
    error_at(path, src, line, e.to_string())
}

/// An I/O error reading a lexicon file.
pub fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io { path: PathBuf::from(path), source }
}
