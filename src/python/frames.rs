//! Column tables for `stancelens.statements_frame` / `sentences_frame`.
//!
//! A batch is analysed slice by slice ([`crate::batch::fold_slices`]): the
//! other threads analyse the next slices, with the GIL released, while this
//! thread turns the last one into Python objects, and between those turns
//! this thread analyses slices too, also with the GIL released. The result is one dict of whole
//! numpy arrays (object arrays for the strings), so that pandas builds the
//! frame column by column.

use ndarray::Array2;
use numpy::{IntoPyArray, PyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyString};

use super::analyzer::Analyzer;
use super::errors::{at_least_one, core_error, guard, texts_of};
use crate::batch::{fold_slices, Input, SliceError, Wait};
use crate::error::Error;
use crate::frame::{stack, SentenceColumns, StatementColumns, Strings};

/// Analyses and waits with the GIL released, so that other Python threads
/// run meanwhile.
struct ReleaseGil<'py>(Python<'py>);

impl Wait for ReleaseGil<'_> {
    fn wait<T: Send>(&self, f: impl FnOnce() -> T + Send) -> T {
        self.0.detach(f)
    }
}

/// The batch's inputs: each text with its author, if any.
fn inputs_of<'a>(
    texts: &'a [PyBackedStr],
    authors: Option<&'a [Option<String>]>,
) -> PyResult<Vec<Input<'a>>> {
    if authors.is_some_and(|a| a.len() != texts.len()) {
        return Err(PyValueError::new_err("authors must have one entry per text"));
    }
    Ok(texts
        .iter()
        .enumerate()
        .map(|(i, t)| Input {
            text: t,
            author: authors.and_then(|a| a.get(i)).and_then(|a| a.as_deref()),
        })
        .collect())
}

/// One batch to analyse: its inputs, the thread count and the progress
/// callback, if any.
struct Job<'a, 'py> {
    py: Python<'py>,
    analyzer: &'a crate::Analyzer,
    inputs: &'a [Input<'a>],
    threads: Option<usize>,
    progress: Option<&'a Bound<'py, PyAny>>,
}

impl Job<'_, '_> {
    /// Analyses the inputs slice by slice, folding each document into
    /// columns with `push` on its worker thread, and hands each slice's
    /// columns to `absorb` on this thread (holding the GIL). After each
    /// slice, `progress` is called with the number of texts done, and
    /// Ctrl-C is honoured. The first failing text is reported by index.
    fn run<C: Default + Send>(
        self,
        push: impl Fn(&mut C, usize, &crate::Document) + Sync + Send,
        append: impl Fn(&mut C, C) + Sync + Send,
        mut absorb: impl FnMut(C) -> PyResult<()>,
    ) -> PyResult<()> {
        let Job { py, analyzer, inputs, threads, progress } = self;
        let consume = |range: std::ops::Range<usize>, cols: C| -> PyResult<()> {
            absorb(cols)?;
            if let Some(report) = progress {
                report.call1((range.len(),))?;
            }
            py.check_signals()
        };
        let wait = ReleaseGil(py);
        let out =
            guard(|| Ok(fold_slices(analyzer, inputs, threads, &wait, push, append, consume)))?;
        out.map_err(|e| match e {
            SliceError::Input { index, error } => {
                core_error(Error::InvalidInput(format!("text {index}: {error}")))
            }
            SliceError::Pool(error) => core_error(error),
            SliceError::Consume(err) => err,
        })
    }
}

fn i64s<'py>(py: Python<'py>, v: Vec<i64>) -> Bound<'py, PyArray1<i64>> {
    v.into_pyarray(py)
}

/// The statement kinds in the order of `stancelens.frames.KINDS`: the
/// `kind` column goes to Python as codes into this list.
pub(crate) const KINDS: [&str; 4] = ["direct", "indirect", "mixed", "authored"];

/// A column of optional strings as Python objects, making each distinct
/// string once: speakers and cues repeat a lot, and making Python objects
/// is work that only the thread holding the GIL can do.
#[derive(Default)]
struct Interned<'py> {
    items: Vec<Py<PyAny>>,
    made: ahash::AHashMap<String, Bound<'py, PyString>>,
}

impl<'py> Interned<'py> {
    /// Appends `values`, with `missing` standing for each missing value.
    fn extend(&mut self, py: Python<'py>, values: &Strings, missing: &Bound<'py, PyAny>) {
        self.items.reserve(values.len());
        for v in values.iter() {
            let item = match v {
                None => missing.clone(),
                Some(s) => match self.made.get(s) {
                    Some(o) => o.clone().into_any(),
                    None => {
                        let o = PyString::new(py, s);
                        self.made.insert(s.to_owned(), o.clone());
                        o.into_any()
                    }
                },
            };
            self.items.push(item.unbind());
        }
    }
}

/// Appends `values` to `out` as Python `str`s, `missing` for missing ones.
fn strings<'py>(
    py: Python<'py>,
    out: &mut Vec<Py<PyAny>>,
    values: &Strings,
    missing: &Bound<'py, PyAny>,
) {
    out.reserve(values.len());
    out.extend(values.iter().map(|v| match v {
        Some(s) => PyString::new(py, s).into_any().unbind(),
        None => missing.clone().unbind(),
    }));
}

/// A column of Python objects as a numpy object array, without a copy: an
/// array (unlike a list) is what pandas' string arrays are made from, so it
/// only checks the values instead of converting them.
fn objects(py: Python<'_>, items: Vec<Py<PyAny>>) -> Bound<'_, PyArray1<Py<PyAny>>> {
    PyArray1::from_vec(py, items)
}

/// The statement columns of a whole batch, made Python-side slice by slice.
#[derive(Default)]
struct StatementTable<'py> {
    row: Vec<u64>,
    kind: Vec<i8>,
    content: Vec<Py<PyAny>>,
    content_start: Vec<i64>,
    content_end: Vec<i64>,
    speaker_mention: Interned<'py>,
    speaker_start: Vec<i64>,
    speaker_end: Vec<i64>,
    speaker: Interned<'py>,
    cue: Interned<'py>,
    cue_start: Vec<i64>,
    cue_end: Vec<i64>,
    /// One block per document, stacked once at the end.
    scores: Vec<Array2<f32>>,
    labels: Vec<Array2<bool>>,
}

impl<'py> StatementTable<'py> {
    fn absorb(&mut self, py: Python<'py>, mut cols: StatementColumns, missing: &Bound<'py, PyAny>) {
        self.row.append(&mut cols.row);
        self.kind.extend(
            cols.kind.iter().map(|k| KINDS.iter().position(|n| n == k).map_or(-1, |i| i as i8)),
        );
        strings(py, &mut self.content, &cols.content, missing);
        self.content_start.append(&mut cols.content_start);
        self.content_end.append(&mut cols.content_end);
        self.speaker_mention.extend(py, &cols.speaker_mention, missing);
        self.speaker_start.append(&mut cols.speaker_start);
        self.speaker_end.append(&mut cols.speaker_end);
        self.speaker.extend(py, &cols.speaker, missing);
        self.cue.extend(py, &cols.cue, missing);
        self.cue_start.append(&mut cols.cue_start);
        self.cue_end.append(&mut cols.cue_end);
        self.scores.append(&mut cols.scores);
        self.labels.append(&mut cols.labels);
    }

    fn into_dict(self, py: Python<'py>, stances: Vec<String>) -> PyResult<Bound<'py, PyDict>> {
        let k = stances.len();
        let out = PyDict::new(py);
        out.set_item("scores", stack(&self.scores, k).into_pyarray(py))?;
        out.set_item("labels", stack(&self.labels, k).into_pyarray(py))?;
        out.set_item("row", self.row.into_pyarray(py))?;
        out.set_item("kind", self.kind.into_pyarray(py))?;
        out.set_item("content", objects(py, self.content))?;
        out.set_item("content_start", i64s(py, self.content_start))?;
        out.set_item("content_end", i64s(py, self.content_end))?;
        out.set_item("speaker_mention", objects(py, self.speaker_mention.items))?;
        out.set_item("speaker_start", i64s(py, self.speaker_start))?;
        out.set_item("speaker_end", i64s(py, self.speaker_end))?;
        out.set_item("speaker", objects(py, self.speaker.items))?;
        out.set_item("cue", objects(py, self.cue.items))?;
        out.set_item("cue_start", i64s(py, self.cue_start))?;
        out.set_item("cue_end", i64s(py, self.cue_end))?;
        out.set_item("stances", stances)?;
        Ok(out)
    }
}

/// Statement columns of a batch: `row`, `kind` (int8 codes into
/// `stancelens.frames.KINDS`), `content`, offsets (int64,
/// -1 when absent), `speaker_mention`, `speaker`, `cue` (object arrays of
/// `str`, `missing` where there is none), `scores` (float32, n × stances),
/// `labels` (bool, n × stances) and `stances`. `progress`, if given, is
/// called with the number of texts done after each slice of the batch.
#[pyfunction]
#[pyo3(signature = (analyzer, texts, authors=None, threads=None, progress=None, missing=None))]
pub(crate) fn _statement_columns<'py>(
    py: Python<'py>,
    analyzer: &Bound<'py, Analyzer>,
    texts: Vec<Bound<'py, PyString>>,
    authors: Option<Vec<Option<String>>>,
    threads: Option<i64>,
    progress: Option<Bound<'py, PyAny>>,
    missing: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let threads = at_least_one(threads, "threads")?;
    let missing = missing.unwrap_or_else(|| py.None().into_bound(py));
    let owned = texts_of(&texts)?;
    let inputs = inputs_of(&owned, authors.as_deref())?;
    let core = &analyzer.get().inner;
    let mut table = StatementTable::default();
    let job = Job { py, analyzer: core, inputs: &inputs, threads, progress: progress.as_ref() };
    job.run(
        |cols: &mut StatementColumns, row, doc| {
            cols.push(row as u64, doc, &crate::score::labels(doc, &core.lexicon));
        },
        StatementColumns::append,
        |cols| {
            table.absorb(py, cols, &missing);
            Ok(())
        },
    )?;
    table.into_dict(py, core.lexicon.stances().to_vec())
}

/// The sentence columns of a whole batch, made Python-side slice by slice.
#[derive(Default)]
struct SentenceTable {
    row: Vec<u64>,
    text: Vec<Py<PyAny>>,
    start: Vec<i64>,
    end: Vec<i64>,
    scores: Vec<Array2<f32>>,
}

/// Sentence columns of a batch: `row`, `text` (object array), `start`, `end`, `scores`
/// (float32, n × stances) and `stances`. `progress` and `missing` are as
/// for `_statement_columns` (a sentence always has text, so `missing` is
/// only what would stand for a missing one).
#[pyfunction]
#[pyo3(signature = (analyzer, texts, threads=None, progress=None, missing=None))]
pub(crate) fn _sentence_columns<'py>(
    py: Python<'py>,
    analyzer: &Bound<'py, Analyzer>,
    texts: Vec<Bound<'py, PyString>>,
    threads: Option<i64>,
    progress: Option<Bound<'py, PyAny>>,
    missing: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let threads = at_least_one(threads, "threads")?;
    let owned = texts_of(&texts)?;
    let inputs = inputs_of(&owned, None)?;
    let core = &analyzer.get().inner;
    let mut table = SentenceTable::default();
    let missing = missing.unwrap_or_else(|| py.None().into_bound(py));
    let job = Job { py, analyzer: core, inputs: &inputs, threads, progress: progress.as_ref() };
    job.run(
        |cols: &mut SentenceColumns, row, doc| cols.push(row as u64, doc),
        SentenceColumns::append,
        |mut cols| {
            table.row.append(&mut cols.row);
            strings(py, &mut table.text, &cols.text, &missing);
            table.start.append(&mut cols.start);
            table.end.append(&mut cols.end);
            table.scores.append(&mut cols.scores);
            Ok(())
        },
    )?;
    let stances = core.lexicon.stances().to_vec();
    let out = PyDict::new(py);
    out.set_item("scores", stack(&table.scores, stances.len()).into_pyarray(py))?;
    out.set_item("row", table.row.into_pyarray(py))?;
    out.set_item("text", objects(py, table.text))?;
    out.set_item("start", i64s(py, table.start))?;
    out.set_item("end", i64s(py, table.end))?;
    out.set_item("stances", stances)?;
    Ok(out)
}
