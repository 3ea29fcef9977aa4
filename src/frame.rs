//! Columnar tables of statements and sentences over many documents, built
//! in Rust so that a DataFrame is assembled from whole arrays rather than
//! from a Python loop over objects.
//!
//! Offsets are Python `str` indices; a missing span is `-1` in its offset
//! columns (the bindings turn that into a nullable mask).

use ndarray::{concatenate, Array2, Axis};

use crate::analyzer::Document;
use crate::span::{CharIndex, Span};

/// A column of optional strings kept in one buffer.
///
/// Columns are built on worker threads, then read and freed on the thread
/// that makes Python objects of them. A `String` per value cost an
/// allocation per statement on the worker and a free per statement on the
/// reader, a free that (in glibc's allocator) locks the worker's memory
/// arena while the worker is allocating from it. One buffer is a few
/// allocations per slice of the batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Strings {
    bytes: String,
    /// Each value's byte range in `bytes`; `None` for a missing value.
    spans: Vec<Option<(usize, usize)>>,
}

impl Strings {
    /// Appends `value` (`None`: a missing value).
    pub fn push(&mut self, value: Option<&str>) {
        self.spans.push(value.map(|v| {
            let start = self.bytes.len();
            self.bytes.push_str(v);
            (start, self.bytes.len())
        }));
    }

    /// Number of values, missing ones included.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The `i`th value: `None` past the end, `Some(None)` if missing.
    pub fn get(&self, i: usize) -> Option<Option<&str>> {
        self.spans.get(i).map(|span| self.value(*span))
    }

    /// The values in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        self.spans.iter().map(|span| self.value(*span))
    }

    /// Moves the values of `other` to the end of `self`.
    pub fn append(&mut self, other: Self) {
        // rayon's fold starts each share from an empty column: take the
        // other's buffer instead of copying it.
        if self.spans.is_empty() {
            *self = other;
            return;
        }
        let shift = self.bytes.len();
        self.bytes.push_str(&other.bytes);
        self.spans.extend(other.spans.into_iter().map(|s| s.map(|(a, b)| (a + shift, b + shift))));
    }

    fn value(&self, span: Option<(usize, usize)>) -> Option<&str> {
        // Every span was made by `push` or `append` on a char boundary, so
        // `get` cannot fail; it is used rather than indexing all the same.
        span.and_then(|(a, b)| self.bytes.get(a..b))
    }
}

/// One row per statement, across documents.
#[derive(Clone, Debug, Default)]
pub struct StatementColumns {
    /// Index of the input row the statement came from.
    pub row: Vec<u64>,
    /// `StatementKind::as_str()` of each statement.
    pub kind: Vec<&'static str>,
    pub content: Strings,
    pub content_start: Vec<i64>,
    pub content_end: Vec<i64>,
    pub speaker_mention: Strings,
    pub speaker_start: Vec<i64>,
    pub speaker_end: Vec<i64>,
    pub speaker: Strings,
    pub cue: Strings,
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
    pub text: Strings,
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

fn part(text: &str, span: Option<Span>) -> Option<&str> {
    span.map(|s| s.slice(text))
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
            self.content.push(Some(st.content.slice(text)));
            let (a, b) = offsets(&ix, Some(st.content));
            self.content_start.push(a);
            self.content_end.push(b);
            self.speaker_mention.push(part(text, st.speaker_mention));
            let (a, b) = offsets(&ix, st.speaker_mention);
            self.speaker_start.push(a);
            self.speaker_end.push(b);
            self.speaker.push(st.speaker.as_deref());
            self.cue.push(part(text, st.cue));
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
        self.content.append(other.content);
        self.content_start.append(&mut other.content_start);
        self.content_end.append(&mut other.content_end);
        self.speaker_mention.append(other.speaker_mention);
        self.speaker_start.append(&mut other.speaker_start);
        self.speaker_end.append(&mut other.speaker_end);
        self.speaker.append(other.speaker);
        self.cue.append(other.cue);
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
            self.text.push(Some(s.slice(&doc.text)));
            let (a, b) = offsets(&ix, Some(*s));
            self.start.push(a);
            self.end.push(b);
        }
        self.scores.push(doc.sentence_scores.clone());
    }

    /// Moves the rows of `other` to the end of `self`.
    pub fn append(&mut self, mut other: Self) {
        self.row.append(&mut other.row);
        self.text.append(other.text);
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
            let want: String = text[a..b].iter().collect();
            assert_eq!(sents.text.get(i), Some(Some(want.as_str())));
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

    proptest::proptest! {
        #[test]
        fn strings_hold_what_was_pushed_and_appended(
            left in proptest::collection::vec(proptest::option::of("\\PC{0,6}"), 0..8),
            right in proptest::collection::vec(proptest::option::of("\\PC{0,6}"), 0..8),
        ) {
            let column = |values: &[Option<String>]| {
                let mut c = Strings::default();
                values.iter().for_each(|v| c.push(v.as_deref()));
                c
            };
            let mut joined = column(&left);
            joined.append(column(&right));
            let all: Vec<Option<String>> = left.iter().chain(&right).cloned().collect();
            proptest::prop_assert_eq!(&joined, &column(&all));
            proptest::prop_assert_eq!(joined.len(), all.len());
            let got: Vec<Option<String>> = joined.iter().map(|v| v.map(str::to_owned)).collect();
            proptest::prop_assert_eq!(&got, &all);
            for (i, want) in all.iter().enumerate() {
                proptest::prop_assert_eq!(joined.get(i), Some(want.as_deref()));
            }
            proptest::prop_assert_eq!(joined.get(all.len()), None);
        }
    }
}
