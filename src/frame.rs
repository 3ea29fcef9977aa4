//! Columnar tables of statements and sentences over many documents, built
//! in Rust so that a DataFrame is assembled from whole arrays rather than
//! from a Python loop over objects.
//!
//! Offsets are Python `str` indices; a missing span is `-1` in its offset
//! columns (the bindings turn that into a nullable mask).

use ndarray::{concatenate, Array2, Axis};

use crate::analyzer::Document;
use crate::span::{CharIndex, Span};

/// One row per statement, across documents.
#[derive(Clone, Debug, Default)]
pub struct StatementColumns {
    /// Index of the input row the statement came from.
    pub row: Vec<u64>,
    /// `StatementKind::as_str()` of each statement.
    pub kind: Vec<&'static str>,
    pub content: Vec<String>,
    pub content_start: Vec<i64>,
    pub content_end: Vec<i64>,
    pub speaker_mention: Vec<Option<String>>,
    pub speaker_start: Vec<i64>,
    pub speaker_end: Vec<i64>,
    pub speaker: Vec<Option<String>>,
    pub cue: Vec<Option<String>>,
    pub cue_start: Vec<i64>,
    pub cue_end: Vec<i64>,
    /// One row per statement, one column per stance.
    pub scores: Vec<Array2<f32>>,
    /// Whether each stance is a label of the statement (same shape as scores).
    pub labels: Vec<Array2<bool>>,
}

/// One row per sentence, across documents.
#[derive(Clone, Debug, Default)]
pub struct SentenceColumns {
    pub row: Vec<u64>,
    pub text: Vec<String>,
    pub start: Vec<i64>,
    pub end: Vec<i64>,
    pub scores: Vec<Array2<f32>>,
}

fn offsets(ix: &CharIndex, span: Option<Span>) -> (i64, i64) {
    match span {
        Some(s) => (ix.char_at(s.start) as i64, ix.char_at(s.end) as i64),
        None => (-1, -1),
    }
}

fn owned(text: &str, span: Option<Span>) -> Option<String> {
    span.map(|s| s.slice(text).to_string())
}

/// Stacks per-document blocks into one matrix with `width` columns.
pub fn stack<T: Clone + Default>(blocks: &[Array2<T>], width: usize) -> Array2<T> {
    let views: Vec<_> = blocks.iter().map(|b| b.view()).collect();
    if views.is_empty() {
        return Array2::default((0, width));
    }
    // Every block has `width` columns by construction, so this cannot fail;
    // an empty matrix is still a correct (if unexpected) answer.
    concatenate(Axis(0), &views).unwrap_or_else(|_| Array2::default((0, width)))
}

impl StatementColumns {
    /// Appends the statements of `doc` (input row `row`); `labels[i]` are the
    /// stance columns statement `i` is labelled with.
    pub fn push(&mut self, row: u64, doc: &Document, labels: &[Vec<usize>]) {
        let ix = CharIndex::new(&doc.text);
        let text = doc.text.as_str();
        for st in &doc.statements {
            self.row.push(row);
            self.kind.push(st.kind.as_str());
            self.content.push(st.content.slice(text).to_string());
            let (a, b) = offsets(&ix, Some(st.content));
            self.content_start.push(a);
            self.content_end.push(b);
            self.speaker_mention.push(owned(text, st.speaker_mention));
            let (a, b) = offsets(&ix, st.speaker_mention);
            self.speaker_start.push(a);
            self.speaker_end.push(b);
            self.speaker.push(st.speaker.clone());
            self.cue.push(owned(text, st.cue));
            let (a, b) = offsets(&ix, st.cue);
            self.cue_start.push(a);
            self.cue_end.push(b);
        }
        let k = doc.stances.len();
        let mut lab = Array2::from_elem((doc.statements.len(), k), false);
        for (i, l) in labels.iter().enumerate().take(doc.statements.len()) {
            for &j in l.iter().filter(|&&j| j < k) {
                lab[(i, j)] = true;
            }
        }
        self.scores.push(doc.scores.clone());
        self.labels.push(lab);
    }

    /// Moves the rows of `other` to the end of `self`.
    pub fn append(&mut self, mut other: Self) {
        self.row.append(&mut other.row);
        self.kind.append(&mut other.kind);
        self.content.append(&mut other.content);
        self.content_start.append(&mut other.content_start);
        self.content_end.append(&mut other.content_end);
        self.speaker_mention.append(&mut other.speaker_mention);
        self.speaker_start.append(&mut other.speaker_start);
        self.speaker_end.append(&mut other.speaker_end);
        self.speaker.append(&mut other.speaker);
        self.cue.append(&mut other.cue);
        self.cue_start.append(&mut other.cue_start);
        self.cue_end.append(&mut other.cue_end);
        self.scores.append(&mut other.scores);
        self.labels.append(&mut other.labels);
    }

    /// Number of statements.
    pub fn len(&self) -> usize {
        self.row.len()
    }

    /// Whether there are no statements.
    pub fn is_empty(&self) -> bool {
        self.row.is_empty()
    }

    /// All scores as one (n_statements, n_stances) matrix.
    pub fn score_matrix(&self, n_stances: usize) -> Array2<f32> {
        stack(&self.scores, n_stances)
    }

    /// All labels as one (n_statements, n_stances) matrix.
    pub fn label_matrix(&self, n_stances: usize) -> Array2<bool> {
        stack(&self.labels, n_stances)
    }
}

impl SentenceColumns {
    /// Appends the sentences of `doc` (input row `row`).
    pub fn push(&mut self, row: u64, doc: &Document) {
        let ix = CharIndex::new(&doc.text);
        for s in &doc.sentences {
            self.row.push(row);
            self.text.push(s.slice(&doc.text).to_string());
            let (a, b) = offsets(&ix, Some(*s));
            self.start.push(a);
            self.end.push(b);
        }
        self.scores.push(doc.sentence_scores.clone());
    }

    /// Moves the rows of `other` to the end of `self`.
    pub fn append(&mut self, mut other: Self) {
        self.row.append(&mut other.row);
        self.text.append(&mut other.text);
        self.start.append(&mut other.start);
        self.end.append(&mut other.end);
        self.scores.append(&mut other.scores);
    }

    /// All sentence scores as one (n_sentences, n_stances) matrix.
    pub fn score_matrix(&self, n_stances: usize) -> Array2<f32> {
        stack(&self.scores, n_stances)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;

    #[test]
    fn columns_line_up_with_documents() {
        let analyzer = Analyzer::default();
        let texts = ["Première phrase. “Déjà vu,” dit-il.", "", "One. Two. Three."];
        let mut sents = SentenceColumns::default();
        for (row, text) in texts.iter().enumerate() {
            let doc = analyzer.analyze(text, None).unwrap();
            sents.push(row as u64, &doc);
        }
        let n: usize =
            texts.iter().map(|t| analyzer.analyze(t, None).unwrap().sentences.len()).sum();
        assert_eq!(sents.row.len(), n);
        assert_eq!(sents.score_matrix(3).nrows(), n);
        for i in 0..n {
            let text: Vec<char> = texts[sents.row[i] as usize].chars().collect();
            let (a, b) = (sents.start[i] as usize, sents.end[i] as usize);
            assert_eq!(text[a..b].iter().collect::<String>(), sents.text[i]);
        }
    }

    #[test]
    fn authored_statements_fill_every_column() {
        let analyzer = Analyzer::default();
        let doc = analyzer.analyze("We stand ready. Talks continue.", Some("The council")).unwrap();
        let mut cols = StatementColumns::default();
        cols.push(7, &doc, &vec![Vec::new(); doc.statements.len()]);
        assert_eq!(cols.len(), doc.statements.len());
        assert!(cols.row.iter().all(|&r| r == 7));
        assert!(cols.speaker_start.iter().all(|&s| s == -1), "authored statements have no mention");
        assert_eq!(cols.label_matrix(doc.stances.len()).dim(), (cols.len(), doc.stances.len()));
    }
}
