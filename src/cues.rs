//! Reporting cues: verbs and phrases that introduce speech (`said`,
//! `warned`, `according to`), kept as data in `src/data/cues_en.toml`.
//!
//! PLACEHOLDER: a handful of verbs; the real lexicon replaces it.

use crate::span::Span;
use crate::tokenize::Token;

/// What a cue introduces, which decides how its content is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// `X said (that) …`, `…, X said.`
    Speech,
    /// `X urged Y to …`, `X called on Y to …`
    Directive,
    /// `X denied …ing`, `X rejected …`
    Denial,
    /// `according to X, …`
    According,
}

/// A cue found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    /// Byte span of the cue words (`said`, `called on`, `according to`).
    pub span: Span,
    /// Index of the cue's first token in the token slice it was found in.
    pub token: usize,
    /// Number of tokens the cue spans.
    pub len: usize,
    pub class: CueClass,
}

/// A compiled cue lexicon.
#[derive(Clone, Debug, Default)]
pub struct CueLexicon {}

impl CueLexicon {
    /// The built-in English cue lexicon.
    pub fn english() -> Self {
        CueLexicon {}
    }

    /// Cues among `tokens`, in order.
    pub fn find(&self, tokens: &[Token]) -> Vec<Cue> {
        const SPEECH: &[&str] = &["said", "says", "say", "told", "added", "warned", "stressed"];
        tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| SPEECH.contains(&t.norm.as_str()))
            .map(|(i, t)| Cue { span: t.span, token: i, len: 1, class: CueClass::Speech })
            .collect()
    }
}
