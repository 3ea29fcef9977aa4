//! Column tables for `stancelens.statements_frame` / `sentences_frame`:
//! one batch analysed in parallel with the GIL released, returned as whole
//! numpy arrays and lists so that pandas builds the frame column by column.

use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyDict, PyList, PyString};

use super::analyzer::Analyzer;
use super::errors::{guard, text_of};
use crate::batch::{fold_batch, Input};
use crate::error::Error;
use crate::frame::{SentenceColumns, StatementColumns};

/// The texts as Rust strings (a lone surrogate is a `ValueError` here).
fn texts_of(texts: &[Bound<'_, PyString>]) -> PyResult<Vec<PyBackedStr>> {
    texts.iter().map(text_of).collect()
}

/// Analyses every text and folds each document into columns with `push`
/// on its worker thread (the document is dropped right after); the
/// workers' columns are joined in input order. The first failing text is
/// reported with its row.
fn columns<C: Default + Send>(
    analyzer: &crate::Analyzer,
    texts: &[PyBackedStr],
    authors: Option<&[Option<String>]>,
    threads: Option<usize>,
    push: impl Fn(&mut C, u64, &crate::Document) + Sync + Send,
    append: impl Fn(&mut C, C) + Sync + Send,
) -> crate::Result<C> {
    if authors.is_some_and(|a| a.len() != texts.len()) {
        return Err(Error::InvalidInput("authors must have one entry per text".into()));
    }
    let inputs: Vec<Input> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Input {
            text: t,
            author: authors.and_then(|a| a.get(i)).and_then(|a| a.as_deref()),
        })
        .collect();
    let folded = fold_batch(
        analyzer,
        &inputs,
        threads,
        |cols: &mut C, row, doc| push(cols, row as u64, doc),
        append,
    )?;
    folded.map_err(|(i, e)| Error::InvalidInput(format!("text {i}: {e}")))
}

fn i64s<'py>(py: Python<'py>, v: Vec<i64>) -> Bound<'py, PyArray1<i64>> {
    v.into_pyarray(py)
}

/// The statement kinds in the order of `stancelens.frames.KINDS`: the
/// `kind` column goes to Python as codes into this list.
const KINDS: [&str; 4] = ["direct", "indirect", "mixed", "authored"];

/// A column of optional strings as a Python list, making each distinct
/// string once: speakers and cues repeat a lot, and this conversion runs
/// under the GIL, so it is the serial part of a parallel batch.
fn interned<'py>(py: Python<'py>, values: &[Option<String>]) -> PyResult<Bound<'py, PyList>> {
    let mut made: ahash::AHashMap<&str, Bound<'py, PyString>> = ahash::AHashMap::new();
    let items = values.iter().map(|v| match v {
        None => py.None().into_bound(py),
        Some(s) => {
            made.entry(s.as_str()).or_insert_with(|| PyString::new(py, s)).clone().into_any()
        }
    });
    PyList::new(py, items)
}

/// Statement columns of a batch: `row`, `kind` (int8 codes into
/// `stancelens.frames.KINDS`), `content`, offsets (int64,
/// -1 when absent), `speaker_mention`, `speaker`, `cue`, `scores`
/// (float32, n × stances), `labels` (bool, n × stances) and `stances`.
#[pyfunction]
#[pyo3(signature = (analyzer, texts, authors=None, threads=None))]
pub(crate) fn _statement_columns<'py>(
    py: Python<'py>,
    analyzer: &Bound<'py, Analyzer>,
    texts: Vec<Bound<'py, PyString>>,
    authors: Option<Vec<Option<String>>>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let owned = texts_of(&texts)?;
    let core = &analyzer.get().inner;
    let stances = core.lexicon.stances().to_vec();
    let cols = py.detach(|| {
        guard(|| {
            columns(
                core,
                &owned,
                authors.as_deref(),
                threads,
                |cols: &mut StatementColumns, row, doc| {
                    cols.push(row, doc, &crate::score::labels(doc, &core.lexicon));
                },
                StatementColumns::append,
            )
        })
    })?;
    let k = stances.len();
    let out = PyDict::new(py);
    out.set_item("scores", cols.score_matrix(k).into_pyarray(py))?;
    out.set_item("labels", cols.label_matrix(k).into_pyarray(py))?;
    out.set_item("row", cols.row.into_pyarray(py))?;
    let kind: Vec<i8> = cols
        .kind
        .iter()
        .map(|k| KINDS.iter().position(|n| n == k).map_or(-1, |i| i as i8))
        .collect();
    out.set_item("kind", kind.into_pyarray(py))?;
    out.set_item("content", &cols.content)?;
    out.set_item("content_start", i64s(py, cols.content_start))?;
    out.set_item("content_end", i64s(py, cols.content_end))?;
    out.set_item("speaker_mention", interned(py, &cols.speaker_mention)?)?;
    out.set_item("speaker_start", i64s(py, cols.speaker_start))?;
    out.set_item("speaker_end", i64s(py, cols.speaker_end))?;
    out.set_item("speaker", interned(py, &cols.speaker)?)?;
    out.set_item("cue", interned(py, &cols.cue)?)?;
    out.set_item("cue_start", i64s(py, cols.cue_start))?;
    out.set_item("cue_end", i64s(py, cols.cue_end))?;
    out.set_item("stances", stances)?;
    let rows = cols.content.len();
    drop_elsewhere(rows, (cols.content, cols.speaker_mention, cols.speaker, cols.cue));
    Ok(out)
}

/// Drops `value` on a thread of its own: freeing a batch's tens of
/// thousands of Rust strings after they were copied into Python objects
/// takes milliseconds that the caller (holding the GIL, with the workers
/// idle) would otherwise spend before pandas can start.
fn drop_elsewhere<T: Send + 'static>(rows: usize, value: T) {
    // A small batch frees faster than a thread starts.
    if rows < 4096 {
        return;
    }
    // Detached. If no thread can be started, `spawn` drops the closure, and
    // `value` with it, right here: nothing is lost either way.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Sentence columns of a batch: `row`, `text`, `start`, `end`, `scores`
/// (float32, n × stances) and `stances`.
#[pyfunction]
#[pyo3(signature = (analyzer, texts, threads=None))]
pub(crate) fn _sentence_columns<'py>(
    py: Python<'py>,
    analyzer: &Bound<'py, Analyzer>,
    texts: Vec<Bound<'py, PyString>>,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    let owned = texts_of(&texts)?;
    let core = &analyzer.get().inner;
    let stances = core.lexicon.stances().to_vec();
    let cols = py.detach(|| {
        guard(|| {
            columns(
                core,
                &owned,
                None,
                threads,
                |cols: &mut SentenceColumns, row, doc| cols.push(row, doc),
                SentenceColumns::append,
            )
        })
    })?;
    let out = PyDict::new(py);
    out.set_item("scores", cols.score_matrix(stances.len()).into_pyarray(py))?;
    out.set_item("row", cols.row.into_pyarray(py))?;
    out.set_item("text", &cols.text)?;
    out.set_item("start", i64s(py, cols.start))?;
    out.set_item("end", i64s(py, cols.end))?;
    out.set_item("stances", stances)?;
    drop_elsewhere(cols.text.len(), cols.text);
    Ok(out)
}
