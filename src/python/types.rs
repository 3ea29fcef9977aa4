//! The value classes handed to Python: spans, tokens, statements, evidence
//! and the analysed document. All offsets are Python `str` indices.
//!
//! Conversion from the core's byte spans happens in [`DocParts::convert`],
//! which needs no GIL, so it runs inside `py.detach` with the analysis.

use ndarray::Array2;
use numpy::{PyArray1, PyArray2, PyArrayMethods, PyUntypedArrayMethods};
use pyo3::exceptions::{PyImportError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use pyo3::PyClass;

use super::frames::KINDS;
use crate::span::{self, CharIndex};
use crate::tokenize::Tokenizer;

/// Shortens `s` to at most `max` characters for a `__repr__`.
fn preview(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Python's `repr` of a string, for `__repr__`s (quotes and escapes as
/// Python writes them).
fn py_repr(py: Python<'_>, s: &str) -> String {
    PyString::new(py, s).repr().map_or_else(|_| format!("{s:?}"), |r| r.to_string())
}

/// A list of plain names as Python prints it: `['a', 'b']`.
pub(crate) fn list_repr(names: &[String]) -> String {
    let items: Vec<String> = names.iter().map(|n| format!("'{}'", n.escape_default())).collect();
    format!("[{}]", items.join(", "))
}

/// A piece of the document: `text[start:end] == span.text`.
#[pyclass(module = "stancelens", frozen, eq, hash, skip_from_py_object)]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// Start index (code points) in the document text.
    #[pyo3(get)]
    pub start: usize,
    /// End index (exclusive).
    #[pyo3(get)]
    pub end: usize,
    /// The text under the span.
    #[pyo3(get)]
    pub text: String,
}

impl Span {
    /// The Python view of byte span `s` of `text`.
    pub(crate) fn new(text: &str, ix: &CharIndex, s: span::Span) -> Self {
        let (start, end) = ix.span(s);
        Span { start, end, text: s.slice(text).to_string() }
    }
}

#[pymethods]
impl Span {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!("Span({}, {}, {})", self.start, self.end, py_repr(py, &preview(&self.text, 60)))
    }

    fn __len__(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Rebuilds a pickled span.
    #[staticmethod]
    fn _restore(start: usize, end: usize, text: String) -> PyResult<Self> {
        ordered(start, end)?;
        Ok(Span { start, end, text })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let s = slf.get();
        reduced(slf, (s.start, s.end, s.text.clone()))
    }
}

/// A pickled span's bounds must be in order (`start <= end`).
fn ordered(start: usize, end: usize) -> PyResult<()> {
    if start > end {
        return Err(PyValueError::new_err(format!(
            "a pickled span ends ({end}) before it starts ({start})"
        )));
    }
    Ok(())
}

/// What `__reduce__` returns: the class's `_restore` and its arguments.
type Reduced<'py> = (Bound<'py, PyAny>, Bound<'py, PyTuple>);

/// `__reduce__` for the result types: `type(obj)._restore(*state)`, so
/// that documents and statements pickle (multiprocessing, joblib, caches).
fn reduced<'py, T: PyClass>(
    slf: &Bound<'py, T>,
    state: impl IntoPyObject<'py, Target = PyTuple, Output = Bound<'py, PyTuple>, Error = PyErr>,
) -> PyResult<Reduced<'py>> {
    Ok((slf.as_any().get_type().getattr("_restore")?, state.into_pyobject(slf.py())?))
}

/// A word token: `text[start:end] == token.text`; `norm` is its normalized
/// (lowercased, apostrophe-folded) form.
#[pyclass(module = "stancelens", frozen, eq, hash, skip_from_py_object)]
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    /// The token as written.
    #[pyo3(get)]
    pub text: String,
    /// The normalized form the lexicon matches against.
    #[pyo3(get)]
    pub norm: String,
    /// Start index (code points).
    #[pyo3(get)]
    pub start: usize,
    /// End index (exclusive).
    #[pyo3(get)]
    pub end: usize,
}

#[pymethods]
impl Token {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Token({}, norm={}, start={}, end={})",
            py_repr(py, &self.text),
            py_repr(py, &self.norm),
            self.start,
            self.end
        )
    }

    /// Rebuilds a pickled token.
    #[staticmethod]
    fn _restore(text: String, norm: String, start: usize, end: usize) -> PyResult<Self> {
        ordered(start, end)?;
        Ok(Token { text, norm, start, end })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let t = slf.get();
        reduced(slf, (t.text.clone(), t.norm.clone(), t.start, t.end))
    }
}

/// Converts core tokens of `text` to Python tokens.
fn convert_tokens(text: &str, ix: &CharIndex, tokens: &[crate::Token]) -> Vec<Token> {
    tokens
        .iter()
        .map(|t| {
            let (start, end) = ix.span(t.span);
            Token { text: t.span.slice(text).to_string(), norm: t.norm.to_string(), start, end }
        })
        .collect()
}

/// Tokens of `text` with `tokenizer`, as Python tokens.
pub(crate) fn tokens(tokenizer: &Tokenizer, text: &str) -> crate::Result<Vec<Token>> {
    let toks = tokenizer.tokenize(&crate::invisible::as_spaces(text))?;
    Ok(convert_tokens(text, &CharIndex::new(text), &toks))
}

/// One lexicon match behind a statement's scores.
#[pyclass(module = "stancelens", frozen, eq, skip_from_py_object)]
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// The matched words as written.
    #[pyo3(get)]
    pub text: String,
    /// Start index (code points).
    #[pyo3(get)]
    pub start: usize,
    /// End index (exclusive).
    #[pyo3(get)]
    pub end: usize,
    /// The stance this match counts towards.
    #[pyo3(get)]
    pub stance: String,
    /// The lexicon entry that matched, as written in the lexicon.
    #[pyo3(get)]
    pub entry: String,
    /// Its weight after modifiers (negative when negated).
    #[pyo3(get)]
    pub weight: f32,
    /// Names of the modifiers applied (`negated`, `intensified`...).
    #[pyo3(get)]
    pub modifiers: Vec<String>,
}

#[pymethods]
impl Evidence {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Evidence({}, stance={}, entry={}, weight={}, start={}, end={})",
            py_repr(py, &self.text),
            py_repr(py, &self.stance),
            py_repr(py, &self.entry),
            self.weight,
            self.start,
            self.end
        )
    }

    /// Rebuilds pickled evidence.
    #[staticmethod]
    fn _restore(
        text: String,
        start: usize,
        end: usize,
        stance: String,
        entry: String,
        weight: f32,
        modifiers: Vec<String>,
    ) -> PyResult<Self> {
        ordered(start, end)?;
        Ok(Evidence { text, start, end, stance, entry, weight, modifiers })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let e = slf.get().clone();
        reduced(slf, (e.text, e.start, e.end, e.stance, e.entry, e.weight, e.modifiers))
    }
}

/// Who said what: one statement with its speaker, cue and stance scores.
/// Unknown parts (no speaker mention, no cue) are None.
#[pyclass(module = "stancelens", frozen, eq, skip_from_py_object)]
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// `direct`, `indirect`, `mixed` or `authored`.
    #[pyo3(get)]
    pub kind: &'static str,
    /// The reported words (quotation marks included for direct quotes).
    #[pyo3(get)]
    pub content: String,
    /// Start index of the content (code points).
    #[pyo3(get)]
    pub start: usize,
    /// End index of the content (exclusive).
    #[pyo3(get)]
    pub end: usize,
    /// The words naming or pointing to the speaker here.
    #[pyo3(get)]
    pub speaker_mention: Option<String>,
    /// Start index of the speaker mention.
    #[pyo3(get)]
    pub speaker_start: Option<usize>,
    /// End index of the speaker mention.
    #[pyo3(get)]
    pub speaker_end: Option<usize>,
    /// The canonical speaker, resolved across the document.
    #[pyo3(get)]
    pub speaker: Option<String>,
    /// The reporting verb or phrase.
    #[pyo3(get)]
    pub cue: Option<String>,
    /// Start index of the cue.
    #[pyo3(get)]
    pub cue_start: Option<usize>,
    /// End index of the cue.
    #[pyo3(get)]
    pub cue_end: Option<usize>,
    /// The stance labels of this statement.
    #[pyo3(get)]
    pub stances: Vec<String>,
    /// Stance name → score, in lexicon column order.
    score_row: Vec<(String, f32)>,
    /// The lexicon matches behind the scores.
    #[pyo3(get)]
    pub evidence: Vec<Evidence>,
}

#[pymethods]
impl Statement {
    /// Stance name → score (one entry per lexicon stance).
    #[getter]
    fn scores<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, v) in &self.score_row {
            d.set_item(name, *v)?;
        }
        Ok(d)
    }

    /// The statement as a dict with the CLI's field names (without `doc`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind)?;
        d.set_item("content", &self.content)?;
        d.set_item("content_start", self.start)?;
        d.set_item("content_end", self.end)?;
        d.set_item("speaker_mention", &self.speaker_mention)?;
        d.set_item("speaker_start", self.speaker_start)?;
        d.set_item("speaker_end", self.speaker_end)?;
        d.set_item("speaker", &self.speaker)?;
        d.set_item("cue", &self.cue)?;
        d.set_item("cue_start", self.cue_start)?;
        d.set_item("cue_end", self.cue_end)?;
        d.set_item("stances", &self.stances)?;
        d.set_item("scores", self.scores(py)?)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let speaker = self.speaker.as_deref().map_or_else(|| "None".into(), |s| py_repr(py, s));
        format!(
            "Statement({}, speaker={}, content={}, start={}, end={}, stances={})",
            py_repr(py, self.kind),
            speaker,
            py_repr(py, &preview(&self.content, 60)),
            self.start,
            self.end,
            list_repr(&self.stances)
        )
    }

    /// Rebuilds a pickled statement.
    #[staticmethod]
    fn _restore(
        content: (String, String, usize, usize),
        speaker: (Option<String>, Option<usize>, Option<usize>, Option<String>),
        cue: (Option<String>, Option<usize>, Option<usize>),
        stances: Vec<String>,
        score_row: Vec<(String, f32)>,
        evidence: Vec<Bound<'_, Evidence>>,
    ) -> PyResult<Self> {
        let (kind, content, start, end) = content;
        ordered(start, end)?;
        let Some(kind) = KINDS.iter().find(|k| **k == kind) else {
            return Err(PyValueError::new_err(format!("unknown statement kind {kind:?}")));
        };
        let (speaker_mention, speaker_start, speaker_end, speaker) = speaker;
        let (cue, cue_start, cue_end) = cue;
        Ok(Statement {
            kind,
            content,
            start,
            end,
            speaker_mention,
            speaker_start,
            speaker_end,
            speaker,
            cue,
            cue_start,
            cue_end,
            stances,
            score_row,
            evidence: evidence.iter().map(|e| e.get().clone()).collect(),
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let s = slf.get().clone();
        reduced(
            slf,
            (
                (s.kind, s.content, s.start, s.end),
                (s.speaker_mention, s.speaker_start, s.speaker_end, s.speaker),
                (s.cue, s.cue_start, s.cue_end),
                s.stances,
                s.score_row,
                s.evidence,
            ),
        )
    }
}

/// Everything the analysis produced, converted for Python but still free of
/// Python objects, so it can be built without the GIL.
pub(crate) struct DocParts {
    paragraphs: Vec<Span>,
    sentences: Vec<Span>,
    /// The core tokens and the text they index: most callers never look
    /// at the tokens, so they become Python objects only when asked for.
    text: String,
    tokens: Vec<crate::Token>,
    statements: Vec<Statement>,
    stances: Vec<String>,
    scores: Array2<f32>,
    sentence_scores: Array2<f32>,
}

impl DocParts {
    /// Converts a core document; `labels[i]` are the stance columns of
    /// statement `i` (from [`crate::score::labels`]).
    pub(crate) fn convert(doc: crate::Document, labels: &[Vec<usize>]) -> Self {
        let text = doc.text.as_str();
        let ix = CharIndex::new(text);
        let spans = |v: &[span::Span]| v.iter().map(|&s| Span::new(text, &ix, s)).collect();
        let name = |j: usize| doc.stances.get(j).cloned().unwrap_or_default();
        let opt = |s: Option<span::Span>| {
            s.map(|s| {
                let (a, b) = ix.span(s);
                (s.slice(text).to_string(), a, b)
            })
        };
        let statements = doc
            .statements
            .iter()
            .enumerate()
            .map(|(i, st)| {
                let (start, end) = ix.span(st.content);
                let mention = opt(st.speaker_mention);
                let cue = opt(st.cue);
                let score_row = (0..doc.stances.len())
                    .map(|j| (name(j), doc.scores.get((i, j)).copied().unwrap_or(0.0)))
                    .collect();
                let evidence = doc
                    .evidence
                    .get(i)
                    .map(|ev| {
                        ev.iter()
                            .map(|e| {
                                let (start, end) = ix.span(e.span);
                                Evidence {
                                    text: e.span.slice(text).to_string(),
                                    start,
                                    end,
                                    stance: name(e.stance),
                                    entry: e.entry.clone(),
                                    weight: e.weight,
                                    modifiers: e.modifiers.clone(),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Statement {
                    kind: st.kind.as_str(),
                    content: st.content.slice(text).to_string(),
                    start,
                    end,
                    speaker_start: mention.as_ref().map(|m| m.1),
                    speaker_end: mention.as_ref().map(|m| m.2),
                    speaker_mention: mention.map(|m| m.0),
                    speaker: st.speaker.clone(),
                    cue_start: cue.as_ref().map(|c| c.1),
                    cue_end: cue.as_ref().map(|c| c.2),
                    cue: cue.map(|c| c.0),
                    stances: labels
                        .get(i)
                        .map(|l| l.iter().map(|&j| name(j)).collect())
                        .unwrap_or_default(),
                    score_row,
                    evidence,
                }
            })
            .collect();
        DocParts {
            paragraphs: spans(&doc.paragraphs),
            sentences: spans(&doc.sentences),
            statements,
            stances: doc.stances.clone(),
            scores: doc.scores,
            sentence_scores: doc.sentence_scores,
            tokens: doc.tokens,
            text: doc.text,
        }
    }
}

/// The result of `analyze`: the text, its sentences and tokens, the
/// statements found, and their stance scores.
#[pyclass(module = "stancelens", frozen, skip_from_py_object)]
pub struct Document {
    text: Py<PyString>,
    /// Paragraphs, in order.
    #[pyo3(get)]
    paragraphs: Vec<Span>,
    /// Sentences, in order.
    #[pyo3(get)]
    sentences: Vec<Span>,
    /// The core's tokens (byte spans into `core_text`), converted on access.
    core_text: String,
    core_tokens: Vec<crate::Token>,
    /// Statements, in order of their content.
    #[pyo3(get)]
    statements: Vec<Statement>,
    /// Stance names: the columns of `scores` and `sentence_scores`.
    #[pyo3(get)]
    stances: Vec<String>,
    scores: Py<PyArray2<f32>>,
    sentence_scores: Py<PyArray2<f32>>,
}

impl Document {
    /// Wraps converted parts; the score matrices move into NumPy without a
    /// copy. `text` is the caller's own `str` object.
    pub(crate) fn new(py: Python<'_>, text: Py<PyString>, parts: DocParts) -> Self {
        Document {
            text,
            paragraphs: parts.paragraphs,
            sentences: parts.sentences,
            core_text: parts.text,
            core_tokens: parts.tokens,
            statements: parts.statements,
            stances: parts.stances,
            scores: PyArray2::from_owned_array(py, parts.scores).unbind(),
            sentence_scores: PyArray2::from_owned_array(py, parts.sentence_scores).unbind(),
        }
    }
}

/// A read-only view of `array`, sharing its data: a caller writing into
/// the scores it was handed would otherwise change the document's own,
/// out of step with its statements' `scores` and its HTML view.
fn read_only_view<'py>(array: &Bound<'py, PyArray2<f32>>) -> PyResult<Bound<'py, PyAny>> {
    let view = array.call_method0("view")?;
    let flags = PyDict::new(array.py());
    flags.set_item("write", false)?;
    view.call_method("setflags", (), Some(&flags))?;
    Ok(view)
}

/// A pickled document's core tokens: byte start, byte end, normalized
/// form, negation.
type TokenState = (usize, usize, String, bool);

/// A pickled score matrix, checked to have `rows` × `cols` values.
fn score_state(
    py: Python<'_>,
    array: &Bound<'_, PyAny>,
    rows: usize,
    cols: usize,
) -> PyResult<Py<PyArray2<f32>>> {
    let array = array
        .cast::<PyArray2<f32>>()
        .map_err(|_| PyValueError::new_err("a pickled document's scores must be float32"))?;
    if array.shape() != [rows, cols] {
        return Err(PyValueError::new_err(format!(
            "a pickled document's scores are {:?}, not [{rows}, {cols}]",
            array.shape()
        )));
    }
    Ok(PyArray2::from_owned_array(py, array.to_owned_array()).unbind())
}

#[pymethods]
impl Document {
    /// Rebuilds a pickled document, checking that its parts fit together
    /// (a token outside the text would otherwise surface much later).
    #[staticmethod]
    #[allow(clippy::too_many_arguments)] // the pickled state, one argument per part
    fn _restore(
        py: Python<'_>,
        text: Bound<'_, PyString>,
        paragraphs: Vec<Bound<'_, Span>>,
        sentences: Vec<Bound<'_, Span>>,
        tokens: Vec<TokenState>,
        statements: Vec<Bound<'_, Statement>>,
        stances: Vec<String>,
        scores: Bound<'_, PyAny>,
        sentence_scores: Bound<'_, PyAny>,
    ) -> PyResult<Self> {
        let core_text = super::errors::text_of(&text)?.to_string();
        let core_tokens = tokens
            .into_iter()
            .map(|(start, end, norm, negation)| {
                if start > end || core_text.get(start..end).is_none() {
                    return Err(PyValueError::new_err(format!(
                        "a pickled token ({start}..{end}) is not inside its text"
                    )));
                }
                Ok(crate::Token { span: span::Span::new(start, end), norm: norm.into(), negation })
            })
            .collect::<PyResult<Vec<_>>>()?;
        let spans = |v: Vec<Bound<'_, Span>>| v.iter().map(|s| s.get().clone()).collect();
        let statements: Vec<Statement> = statements.iter().map(|s| s.get().clone()).collect();
        let sentences: Vec<Span> = spans(sentences);
        let paragraphs: Vec<Span> = spans(paragraphs);
        // Every span a document hands out or draws (the HTML view) must lie
        // inside its text.
        let chars = core_text.chars().count();
        let ends = paragraphs.iter().chain(&sentences).map(|s| s.end).chain(
            statements.iter().flat_map(|st| {
                [Some(st.end), st.speaker_end, st.cue_end]
                    .into_iter()
                    .flatten()
                    .chain(st.evidence.iter().map(|e| e.end))
            }),
        );
        if let Some(end) = ends.filter(|&e| e > chars).max() {
            return Err(PyValueError::new_err(format!(
                "a pickled span ends at {end}, past its text ({chars} characters)"
            )));
        }
        if statements.iter().any(|st| {
            st.speaker_start.zip(st.speaker_end).is_some_and(|(a, b)| a > b)
                || st.cue_start.zip(st.cue_end).is_some_and(|(a, b)| a > b)
        }) {
            return Err(PyValueError::new_err("a pickled statement has a span out of order"));
        }
        Ok(Document {
            scores: score_state(py, &scores, statements.len(), stances.len())?,
            sentence_scores: score_state(py, &sentence_scores, sentences.len(), stances.len())?,
            text: text.unbind(),
            paragraphs,
            sentences,
            core_text,
            core_tokens,
            statements,
            stances,
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Reduced<'py>> {
        let py = slf.py();
        let d = slf.get();
        let tokens: Vec<TokenState> = d
            .core_tokens
            .iter()
            .map(|t| (t.span.start, t.span.end, t.norm.to_string(), t.negation))
            .collect();
        reduced(
            slf,
            (
                d.text.clone_ref(py),
                d.paragraphs.clone(),
                d.sentences.clone(),
                tokens,
                d.statements.clone(),
                d.stances.clone(),
                d.scores.clone_ref(py),
                d.sentence_scores.clone_ref(py),
            ),
        )
    }

    /// Word tokens, in order (a new list on each access).
    #[getter]
    fn tokens(&self) -> Vec<Token> {
        convert_tokens(&self.core_text, &CharIndex::new(&self.core_text), &self.core_tokens)
    }

    /// The analysed text (the very `str` passed in).
    #[getter]
    fn text(&self, py: Python<'_>) -> Py<PyString> {
        self.text.clone_ref(py)
    }

    /// Statement stance scores: float32 array, statements × stances
    /// (read-only: `.copy()` it to change it).
    #[getter]
    fn scores<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        read_only_view(self.scores.bind(py))
    }

    /// Sentence stance scores: float32 array, sentences × stances
    /// (read-only: `.copy()` it to change it).
    #[getter]
    fn sentence_scores<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        read_only_view(self.sentence_scores.bind(py))
    }

    /// The statements as a pandas DataFrame, one row per statement, with
    /// the CLI's columns (without `doc`; `stances` holds lists) and one
    /// `score_<stance>` column per stance, typed as in `statements_frame`
    /// (`kind` categorical, strings `string`, offsets `Int64`) whatever the
    /// data. Needs pandas (`pip install 'stancelens[pandas]'`).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pandas = py.import("pandas").map_err(|e| {
            let new = PyImportError::new_err(
                "Document.to_pandas needs pandas: pip install 'stancelens[pandas]'",
            );
            new.set_cause(py, Some(e));
            new
        })?;
        let st = &self.statements;
        let cols = PyDict::new(py);
        // The dtypes of `statements_frame`, whatever the data: a document
        // without statements, or without any cue, gives the same dtypes
        // as any other, so that per-document frames concatenate cleanly.
        let categories = PyDict::new(py);
        categories.set_item("categories", KINDS)?;
        let kinds: Vec<_> = st.iter().map(|s| s.kind).collect();
        cols.set_item("kind", pandas.getattr("Categorical")?.call((kinds,), Some(&categories))?)?;
        let strings = |v: Vec<Option<&str>>| pandas.call_method1("array", (v, "string"));
        cols.set_item("content", strings(st.iter().map(|s| Some(s.content.as_str())).collect())?)?;
        // Offsets: pandas' nullable integers, so that a missing value does
        // not turn the column into floats.
        let nullable = |v: Vec<Option<usize>>| pandas.call_method1("array", (v, "Int64"));
        cols.set_item("content_start", nullable(st.iter().map(|s| Some(s.start)).collect())?)?;
        cols.set_item("content_end", nullable(st.iter().map(|s| Some(s.end)).collect())?)?;
        let mention: Vec<_> = st.iter().map(|s| s.speaker_mention.as_deref()).collect();
        cols.set_item("speaker_mention", strings(mention)?)?;
        cols.set_item("speaker_start", nullable(st.iter().map(|s| s.speaker_start).collect())?)?;
        cols.set_item("speaker_end", nullable(st.iter().map(|s| s.speaker_end).collect())?)?;
        cols.set_item("speaker", strings(st.iter().map(|s| s.speaker.as_deref()).collect())?)?;
        cols.set_item("cue", strings(st.iter().map(|s| s.cue.as_deref()).collect())?)?;
        cols.set_item("cue_start", nullable(st.iter().map(|s| s.cue_start).collect())?)?;
        cols.set_item("cue_end", nullable(st.iter().map(|s| s.cue_end).collect())?)?;
        // A list per row, as an object array: a plain list of lists would
        // make an empty column float64.
        let labels = st
            .iter()
            .map(|s| PyList::new(py, &s.stances).map(|l| l.into_any().unbind()))
            .collect::<PyResult<Vec<_>>>()?;
        cols.set_item("stances", PyArray1::from_vec(py, labels))?;
        for (j, name) in self.stances.iter().enumerate() {
            let column: Vec<f32> =
                st.iter().map(|s| s.score_row.get(j).map_or(0.0, |c| c.1)).collect();
            cols.set_item(format!("score_{name}"), PyArray1::from_vec(py, column))?;
        }
        pandas.call_method1("DataFrame", (cols,))
    }

    /// HTML for notebooks: statements highlighted by stance colour,
    /// speakers and cues marked, scores and evidence in the hover title.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let text = super::errors::text_of(self.text.bind(py))?.to_string();
        let scores = self.scores.bind(py).readonly().as_array().to_owned();
        let stances = self.stances.clone();
        let statements = self.statements.clone();
        Ok(py.detach(move || html_of(&text, &statements, &stances, &scores)))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let chars = self.text.bind(py).len()?;
        let shape = self.scores.bind(py).shape().to_vec();
        Ok(format!(
            "Document(chars={chars}, sentences={}, tokens={}, statements={}, stances={}, \
             scores=float32{shape:?})",
            self.sentences.len(),
            self.core_tokens.len(),
            self.statements.len(),
            list_repr(&self.stances),
        ))
    }
}

/// Byte offset of every code point index of `text` (and of its end), to
/// turn the `str` indices held by Python objects back into core spans.
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect()
}

/// Renders converted statements with [`crate::html::render_parts`].
fn html_of(
    text: &str,
    statements: &[Statement],
    stances: &[String],
    scores: &Array2<f32>,
) -> String {
    let bytes = byte_offsets(text);
    let at = |c: usize| bytes.get(c).copied().unwrap_or(text.len());
    let span = |a: usize, b: usize| span::Span::new(at(a), at(b));
    let opt = |a: Option<usize>, b: Option<usize>| a.zip(b).map(|(a, b)| span(a, b));
    let index = |name: &str| stances.iter().position(|s| s == name);
    let core: Vec<crate::Statement> = statements
        .iter()
        .map(|st| crate::Statement {
            kind: match st.kind {
                "direct" => crate::StatementKind::Direct,
                "mixed" => crate::StatementKind::Mixed,
                "authored" => crate::StatementKind::Authored,
                _ => crate::StatementKind::Indirect,
            },
            content: span(st.start, st.end),
            speaker_mention: opt(st.speaker_start, st.speaker_end),
            speaker: st.speaker.clone(),
            cue: opt(st.cue_start, st.cue_end),
        })
        .collect();
    let evidence: Vec<Vec<crate::score::Evidence>> = statements
        .iter()
        .map(|st| {
            st.evidence
                .iter()
                .map(|e| crate::score::Evidence {
                    span: span(e.start, e.end),
                    stance: index(&e.stance).unwrap_or(usize::MAX),
                    entry: e.entry.clone(),
                    weight: e.weight,
                    modifiers: e.modifiers.clone(),
                })
                .collect()
        })
        .collect();
    let labels: Vec<Vec<usize>> =
        statements.iter().map(|st| st.stances.iter().filter_map(|n| index(n)).collect()).collect();
    crate::html::render_parts(&crate::html::View {
        text,
        statements: &core,
        evidence: &evidence,
        stances,
        scores,
        labels: &labels,
    })
}
