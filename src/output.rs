//! Statement rows for JSONL/CSV: the CLI contract in one place, with
//! offsets as Python `str` (code point) indices.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::analyzer::Document;
use crate::span::{CharIndex, Span};

/// One statement as the CLI prints it. Unknown spans are `None` (→ `null`).
#[derive(Clone, Debug, Serialize)]
pub struct StatementRow<'a> {
    pub doc: &'a str,
    pub kind: &'static str,
    pub content: &'a str,
    pub content_start: usize,
    pub content_end: usize,
    pub speaker_mention: Option<&'a str>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub speaker: Option<&'a str>,
    pub cue: Option<&'a str>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    pub stances: Vec<&'a str>,
    pub scores: Scores<'a>,
}

/// Stance → score, serialised as a map in the lexicon's stance order (the
/// order of the CSV's score columns and of `Statement.scores`), where a
/// JSON map type would sort the stances by name.
#[derive(Clone, Debug, PartialEq)]
pub struct Scores<'a>(pub Vec<(&'a str, f64)>);

impl Serialize for Scores<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// The rows of one document, in statement order. `labels[i]` holds the
/// stance column indices that statement `i` is labelled with.
pub fn statement_rows<'a>(
    doc_name: &'a str,
    doc: &'a Document,
    labels: &[Vec<usize>],
) -> Vec<StatementRow<'a>> {
    let ix = CharIndex::new(&doc.text);
    let text = doc.text.as_str();
    let opt = |s: Option<Span>| s.map(|s| (s.slice(text), ix.char_at(s.start), ix.char_at(s.end)));
    doc.statements
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let speaker = opt(st.speaker_mention);
            let cue = opt(st.cue);
            let scores = Scores(
                doc.stances
                    .iter()
                    .enumerate()
                    .map(|(j, name)| {
                        let v = doc.scores.get((i, j)).copied().unwrap_or(0.0);
                        // Round to keep the JSON short; f32 noise is not information.
                        (name.as_str(), (f64::from(v) * 1e4).round() / 1e4)
                    })
                    .collect(),
            );
            StatementRow {
                doc: doc_name,
                kind: st.kind.as_str(),
                content: st.content.slice(text),
                content_start: ix.char_at(st.content.start),
                content_end: ix.char_at(st.content.end),
                speaker_mention: speaker.map(|s| s.0),
                speaker_start: speaker.map(|s| s.1),
                speaker_end: speaker.map(|s| s.2),
                speaker: st.speaker.as_deref(),
                cue: cue.map(|s| s.0),
                cue_start: cue.map(|s| s.1),
                cue_end: cue.map(|s| s.2),
                stances: labels
                    .get(i)
                    .map(|l| {
                        l.iter().filter_map(|&j| doc.stances.get(j).map(String::as_str)).collect()
                    })
                    .unwrap_or_default(),
                scores,
            }
        })
        .collect()
}
