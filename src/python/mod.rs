//! Python bindings: the compiled module `stancelens._core`.
//!
//! The pure-Python package `stancelens` re-exports these names. Rules kept
//! here for every binding:
//! - Rust work runs with the GIL released (`py.detach`), so threads calling
//!   stancelens run in parallel.
//! - Every offset handed to Python is a `str` index (code points), made with
//!   [`crate::CharIndex`] from the core's byte spans.
//! - No panic crosses the boundary: crate errors map to `ValueError`,
//!   `LexiconError` or `OSError`, and a panic in the core (a bug) is caught
//!   and raised as `RuntimeError`.

mod analyzer;
mod errors;
mod frames;
mod lexicon;
mod types;

use std::sync::OnceLock;

use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::span::CharIndex;
use crate::tokenize::Tokenizer;

pub(crate) use errors::{guard, text_of};

/// The default English analyzer, built once on first use (building the
/// lexicon automaton is not free) and shared by the module-level functions.
fn default_analyzer() -> &'static crate::Analyzer {
    static DEFAULT: OnceLock<crate::Analyzer> = OnceLock::new();
    DEFAULT.get_or_init(crate::Analyzer::default)
}

/// The default tokenizer, built once (compiling its regex is not free).
fn default_tokenizer() -> &'static Tokenizer {
    &default_analyzer().tokenizer
}

/// The sentence spans of `text`, invisible separators read as spaces (as
/// `Analyzer::analyze` reads them).
fn sentences_of(text: &str) -> Vec<crate::Span> {
    crate::segment::sentences(&crate::invisible::as_spaces(text))
}

/// Sentences of `text`, as strings, in order.
#[pyfunction]
fn split_sentences(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<String>> {
    let text = text_of(text)?;
    Ok(py.detach(|| {
        guard(|| {
            let t: &str = &text;
            Ok(sentences_of(t).iter().map(|s| s.slice(t).to_string()).collect())
        })
    })?)
}

/// Sentences of `text` as `Span`s (start, end, text) with `str` indices.
#[pyfunction]
fn sentence_spans(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<types::Span>> {
    let text = text_of(text)?;
    Ok(py.detach(|| {
        guard(|| {
            let t: &str = &text;
            let ix = CharIndex::new(t);
            Ok(sentences_of(t).iter().map(|&s| types::Span::new(t, &ix, s)).collect())
        })
    })?)
}

/// Word tokens of `text` with the default English tokenizer.
#[pyfunction]
fn tokenize(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<types::Token>> {
    let text = text_of(text)?;
    Ok(py.detach(|| guard(|| types::tokens(default_tokenizer(), &text)))?)
}

/// Runs the whole pipeline with the default English analyzer.
#[pyfunction]
#[pyo3(signature = (text, *, author=None))]
fn analyze(
    py: Python<'_>,
    text: &Bound<'_, PyString>,
    author: Option<String>,
) -> PyResult<types::Document> {
    analyzer::analyze_with(py, default_analyzer(), text, author.as_deref())
}

/// The compiled core of the `stancelens` package.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("LexiconError", m.py().get_type::<errors::LexiconError>())?;
    m.add_class::<types::Span>()?;
    m.add_class::<types::Token>()?;
    m.add_class::<types::Evidence>()?;
    m.add_class::<types::Statement>()?;
    m.add_class::<types::Document>()?;
    m.add_class::<lexicon::Lexicon>()?;
    m.add_class::<analyzer::Analyzer>()?;
    m.add_class::<analyzer::AnalyzeIter>()?;
    m.add_function(wrap_pyfunction!(split_sentences, m)?)?;
    m.add_function(wrap_pyfunction!(sentence_spans, m)?)?;
    m.add_function(wrap_pyfunction!(tokenize, m)?)?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(frames::_statement_columns, m)?)?;
    m.add_function(wrap_pyfunction!(frames::_sentence_columns, m)?)?;
    Ok(())
}
