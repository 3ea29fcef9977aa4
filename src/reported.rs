//! Reported speech without (or with partial) quotation marks: indirect and
//! mixed statements introduced by a cue.
//!
//! PLACEHOLDER: finds nothing yet.

use crate::attribution::Statement;
use crate::cues::Cue;
use crate::quotes::Quote;
use crate::span::Span;
use crate::tokenize::Token;

/// Indirect and mixed statements of a document, in order.
pub fn find_reported(
    _text: &str,
    _sentences: &[Span],
    _tokens: &[Token],
    _quotes: &[Quote],
    _cues: &[Cue],
) -> Vec<Statement> {
    Vec::new()
}
