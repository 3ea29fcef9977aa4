//! Stance scores from lexicon matches and rules.
//!
//! PLACEHOLDER: scores everything 0.

use ndarray::Array2;

use crate::lexicon::Lexicon;
use crate::span::Span;
use crate::tokenize::Token;

/// One lexicon match and what the rules did to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Byte span of the matched words.
    pub span: Span,
    /// Stance column index in the lexicon.
    pub stance: usize,
    /// The lexicon entry that matched (as written in the lexicon).
    pub entry: String,
    /// The weight after modifiers.
    pub weight: f32,
    /// Names of the modifiers applied (`negated`, `intensified`...).
    pub modifiers: Vec<String>,
}

/// Scores each span (statement content or sentence) over the lexicon's stances.
pub fn score_spans(
    lexicon: &Lexicon,
    _tokens: &[Token],
    spans: &[Span],
) -> (Array2<f32>, Vec<Vec<Evidence>>) {
    (Array2::zeros((spans.len(), lexicon.stances.len())), vec![Vec::new(); spans.len()])
}

/// Stance labels of each statement: column indices whose score passes the
/// lexicon's threshold.
pub fn labels(doc: &crate::analyzer::Document, _lexicon: &Lexicon) -> Vec<Vec<usize>> {
    doc.scores
        .rows()
        .into_iter()
        .map(|row| row.iter().enumerate().filter(|(_, &v)| v > 0.0).map(|(j, _)| j).collect())
        .collect()
}
