//! Statements: direct, mixed and indirect quotations with their speaker
//! mentions and cues.
//!
//! PLACEHOLDER: finds nothing yet.

use serde::{Deserialize, Serialize};

use crate::quotes::Quote;
use crate::span::Span;
use crate::tokenize::Token;

/// How a statement is reported (see the annotation guidelines).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatementKind {
    /// The words are inside quotation marks.
    Direct,
    /// Reported speech without quotation marks.
    Indirect,
    /// Reported speech that quotes only a phrase.
    Mixed,
    /// A sentence in the document author's own voice (`author=`).
    Authored,
}

impl StatementKind {
    /// The lowercase name used in JSONL and Python.
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Direct => "direct",
            StatementKind::Indirect => "indirect",
            StatementKind::Mixed => "mixed",
            StatementKind::Authored => "authored",
        }
    }
}

/// Who said what: a statement found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub kind: StatementKind,
    /// The reported words (quotation marks included for direct quotes).
    pub content: Span,
    /// The words naming or pointing to the speaker here, if any.
    pub speaker_mention: Option<Span>,
    /// The canonical speaker name, resolved across the document.
    pub speaker: Option<String>,
    /// The reporting verb or phrase, if any.
    pub cue: Option<Span>,
}

/// Finds the statements of a document, in order of their content.
pub fn find_statements(
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
    quotes: &[Quote],
) -> Vec<Statement> {
    // Measuring hook for the reported-speech stage only; the statements
    // helper owns the final composition with direct quotes.
    let cues = crate::cues::CueLexicon::english().find(tokens);
    crate::reported::find_reported(text, sentences, tokens, quotes, &cues)
}

/// With an author, every sentence that no statement overlaps becomes an
/// `authored` statement of that author (a communiqué speaks in its own voice).
pub fn add_authored(
    _text: &str,
    sentences: &[Span],
    statements: &mut Vec<Statement>,
    author: &str,
) {
    let mut covered = statements.iter().map(|s| s.content).collect::<Vec<_>>();
    covered.sort();
    let mut j = 0;
    for &sent in sentences {
        while j < covered.len() && covered[j].end <= sent.start {
            j += 1;
        }
        if covered.get(j).is_some_and(|c| c.overlaps(sent)) {
            continue;
        }
        statements.push(Statement {
            kind: StatementKind::Authored,
            content: sent,
            speaker_mention: None,
            speaker: Some(author.to_string()),
            cue: None,
        });
    }
    statements.sort_by_key(|s| (s.content.start, s.content.end));
}
