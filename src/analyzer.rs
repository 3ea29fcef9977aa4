//! The pipeline: text → spans → statements → scores, in one place.

use std::collections::HashMap;

use ndarray::Array2;

use crate::attribution::{self, Statement};
use crate::error::Result;
use crate::invisible;
use crate::lexicon::Lexicon;
use crate::quotes;
use crate::resolve;
use crate::score::{self, Evidence};
use crate::segment;
use crate::span::Span;
use crate::tokenize::{Token, Tokenizer};

/// The configuration of an analysis: tokenizer, lexicon and speaker aliases.
/// Immutable once built, so one `Analyzer` serves many threads.
#[derive(Clone, Debug, Default)]
pub struct Analyzer {
    pub tokenizer: Tokenizer,
    pub lexicon: Lexicon,
    /// Mention or name → canonical speaker, applied after resolution.
    pub aliases: HashMap<String, String>,
}

impl Default for Lexicon {
    fn default() -> Self {
        Lexicon::default_english()
    }
}

/// Everything stancelens found in one text. Spans are byte offsets into
/// `text`; bindings convert them with [`crate::CharIndex`].
#[derive(Clone, Debug)]
pub struct Document {
    pub text: String,
    pub paragraphs: Vec<Span>,
    pub sentences: Vec<Span>,
    pub tokens: Vec<Token>,
    pub statements: Vec<Statement>,
    /// Stance names: the columns of `scores` and `sentence_scores`.
    pub stances: Vec<String>,
    /// One row per statement.
    pub scores: Array2<f32>,
    /// Per statement, the lexicon matches behind its scores.
    pub evidence: Vec<Vec<Evidence>>,
    /// One row per sentence.
    pub sentence_scores: Array2<f32>,
}

impl Analyzer {
    /// Runs the whole pipeline on `text`. `author`, when given, owns the
    /// sentences that no other statement covers.
    pub fn analyze(&self, original: &str, author: Option<&str>) -> Result<Document> {
        // The stages read invisible word separators as spaces; the spans
        // they return index `original` all the same.
        let spaced = invisible::as_spaces(original);
        let text: &str = &spaced;
        let paragraphs = segment::paragraphs(text);
        let sentences = segment::sentences(text);
        let tokens = self.tokenizer.tokenize(text)?;
        let quotes = quotes::find_quotes(text, &paragraphs);
        let mut statements =
            attribution::find_statements(text, &paragraphs, &sentences, &tokens, &quotes);
        if let Some(author) = author {
            attribution::add_authored(text, &sentences, &mut statements, author);
        }
        resolve::resolve_speakers(text, &tokens, &mut statements, &self.aliases, author);
        let contents: Vec<Span> = statements.iter().map(|s| s.content).collect();
        let cues: Vec<Option<Span>> = statements.iter().map(|s| s.cue).collect();
        let prepared = score::Prepared::new(&self.lexicon, &tokens);
        let (scores, evidence) = prepared.score_spans(&contents, &cues);
        let sentence_scores = prepared.scores(&sentences);
        Ok(Document {
            text: original.to_string(),
            paragraphs,
            sentences,
            tokens,
            statements,
            stances: self.lexicon.stances().to_vec(),
            scores,
            evidence,
            sentence_scores,
        })
    }
}
