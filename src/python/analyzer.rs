//! The `Analyzer` class: a configured pipeline (lexicon, tokenizer, speaker
//! aliases) that analyses texts, one at a time or many in parallel.

use std::collections::HashMap;
use std::path::PathBuf;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyMapping, PyString};
use rayon::prelude::*;

use super::errors::{at_least_one, guard, named, text_of, texts_of};
use super::lexicon::{plain_dict, Lexicon};
use super::types::{self, DocParts, Document};
use crate::batch::in_pool;
use crate::error::{Error, Result};

/// Analyses `text` with `analyzer`, the GIL released during the work.
pub(crate) fn analyze_with(
    py: Python<'_>,
    analyzer: &crate::Analyzer,
    text: &Bound<'_, PyString>,
    author: Option<&str>,
) -> PyResult<Document> {
    let t = text_of(text)?;
    let parts = py.detach(|| guard(|| analyze_parts(analyzer, &t, author)))?;
    Ok(Document::new(py, text.clone().unbind(), parts))
}

/// The pipeline plus conversion to Python offsets: all the work, no GIL.
fn analyze_parts(analyzer: &crate::Analyzer, text: &str, author: Option<&str>) -> Result<DocParts> {
    let doc = analyzer.analyze(text, author)?;
    let labels = crate::score::labels(&doc, &analyzer.lexicon);
    Ok(DocParts::convert(doc, &labels))
}

/// The CLI's JSONL rows of one document: one JSON object per line, each
/// line ending in `\n` (empty when no statement was found).
fn jsonl(
    analyzer: &crate::Analyzer,
    name: &str,
    text: &str,
    author: Option<&str>,
) -> Result<String> {
    let doc = analyzer.analyze(text, author)?;
    let labels = crate::score::labels(&doc, &analyzer.lexicon);
    let mut out = String::new();
    for row in crate::output::statement_rows(name, &doc, &labels) {
        let line = serde_json::to_string(&row).map_err(|e| Error::InvalidInput(e.to_string()))?;
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// Reads a JSON object of mention → canonical speaker from `path`.
fn aliases_from_file(path: &std::path::Path) -> Result<HashMap<String, String>> {
    let s = std::fs::read_to_string(path)
        .map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
    serde_json::from_str(&s).map_err(|e| {
        Error::InvalidInput(format!(
            "{}: aliases must be a JSON object of name → canonical speaker: {e}",
            path.display()
        ))
    })
}

/// What `Analyzer.__reduce__` hands to `_restore`: lexicon,
/// `tokenizer.json` text (None for the default tokenizer) and aliases.
type PickleState = (Lexicon, Option<String>, HashMap<String, String>);

/// A configured pipeline: lexicon, tokenizer and speaker aliases.
///
/// `Analyzer(lexicon=None, tokenizer=None, aliases=None)`: `lexicon` is None
/// (built-in English), a `Lexicon`, a dict, or a path to a lexicon file;
/// `tokenizer` is None or a path to a Hugging Face `tokenizer.json` (its
/// normalizer and pre-tokenizer split the words); `aliases` is None, a dict
/// of mention → canonical speaker, or a path to a JSON file holding one.
///
/// Building one loads and compiles its resources once: reuse it for many
/// texts. It is immutable and safe to share between threads.
#[pyclass(module = "stancelens", frozen, skip_from_py_object)]
pub struct Analyzer {
    pub(crate) inner: crate::Analyzer,
    /// The `tokenizer.json` text when the tokenizer is not the default one:
    /// the core tokenizer cannot be written back, and pickling needs it.
    tokenizer_json: Option<String>,
}

/// Reads a `tokenizer.json`, naming the file in errors.
fn read_tokenizer(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_path_buf(), source })
}

/// The tokenizer for an optional `tokenizer.json` text from `source`.
fn build_tokenizer(json: Option<&str>, source: &str) -> Result<crate::Tokenizer> {
    match json {
        None => Ok(crate::Tokenizer::english()),
        Some(j) => crate::Tokenizer::from_json(j)
            .map_err(|e| Error::Tokenizer(format!("{source}: {}", strip_prefix(&e)))),
    }
}

/// The message of a tokenizer error without its `tokenizer: ` prefix, which
/// the re-wrapped error adds again.
fn strip_prefix(e: &Error) -> String {
    match e {
        Error::Tokenizer(m) => m.clone(),
        other => other.to_string(),
    }
}

#[pymethods]
impl Analyzer {
    /// See the class documentation for the arguments.
    #[new]
    #[pyo3(signature = (lexicon=None, tokenizer=None, aliases=None))]
    fn new(
        py: Python<'_>,
        lexicon: Option<&Bound<'_, PyAny>>,
        tokenizer: Option<PathBuf>,
        aliases: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let lexicon = match lexicon {
            None => None,
            Some(l) => Some(if let Ok(lex) = l.cast::<Lexicon>() {
                lex.get().clone()
            } else if l.cast::<PyMapping>().is_ok() {
                Lexicon::from_mapping(l)?
            } else if let Ok(path) = l.extract::<PathBuf>() {
                Lexicon::load_path(py, &path)?
            } else {
                return Err(PyTypeError::new_err(
                    "lexicon must be None, a Lexicon, a dict or a path to a lexicon file",
                ));
            }),
        };
        let aliases: HashMap<String, String> = match aliases {
            None => HashMap::new(),
            Some(a) if a.cast::<PyMapping>().is_ok() => plain_dict(a)?.extract().map_err(|_| {
                PyValueError::new_err("aliases must map str mentions to str speaker names")
            })?,
            Some(a) => match a.extract::<PathBuf>() {
                Ok(path) => py.detach(|| guard(|| aliases_from_file(&path)))?,
                Err(_) => {
                    return Err(PyTypeError::new_err(
                        "aliases must be None, a dict or a path to a JSON file",
                    ))
                }
            },
        };
        let (inner, tokenizer_json) = py.detach(|| {
            guard(|| {
                let json = tokenizer.as_deref().map(read_tokenizer).transpose()?;
                let source =
                    tokenizer.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
                let analyzer = crate::Analyzer {
                    tokenizer: build_tokenizer(json.as_deref(), &source)?,
                    lexicon: match lexicon {
                        Some(l) => l.inner,
                        None => crate::Lexicon::default_english(),
                    },
                    aliases,
                };
                Ok((analyzer, json))
            })
        })?;
        Ok(Analyzer { inner, tokenizer_json })
    }

    /// Rebuilds a pickled analyzer.
    #[staticmethod]
    fn _restore(
        py: Python<'_>,
        lexicon: &Bound<'_, Lexicon>,
        tokenizer_json: Option<String>,
        aliases: HashMap<String, String>,
    ) -> PyResult<Self> {
        let lexicon = lexicon.get().inner.clone();
        let tokenizer =
            py.detach(|| guard(|| build_tokenizer(tokenizer_json.as_deref(), "tokenizer.json")))?;
        Ok(Analyzer { inner: crate::Analyzer { tokenizer, lexicon, aliases }, tokenizer_json })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, PickleState)> {
        let me = slf.get();
        let state = (
            Lexicon { inner: me.inner.lexicon.clone() },
            me.tokenizer_json.clone(),
            me.inner.aliases.clone(),
        );
        Ok((slf.get_type().getattr("_restore")?, state))
    }

    /// Runs the pipeline on `text`. With `author`, sentences no other
    /// statement covers become `authored` statements of that speaker.
    #[pyo3(signature = (text, *, author=None))]
    fn analyze(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        author: Option<String>,
    ) -> PyResult<Document> {
        analyze_with(py, &self.inner, text, author.as_deref())
    }

    /// Analyses many texts (any iterable of `str`) in parallel on all
    /// cores, GIL released; same results as calling `analyze` on each.
    #[pyo3(signature = (texts, *, author=None))]
    fn analyze_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        author: Option<String>,
    ) -> PyResult<Vec<Document>> {
        batch_documents(py, &self.inner, strings(texts)?, None, author.as_deref())
    }

    /// Analyses `texts` (any iterable of `str`) on `threads` Rust threads
    /// (None: one per core), GIL released. The documents come back in input
    /// order and equal what `analyze` gives for each text, whatever the
    /// thread count.
    #[pyo3(signature = (texts, *, threads=None, author=None))]
    fn analyze_batch(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        threads: Option<i64>,
        author: Option<String>,
    ) -> PyResult<Vec<Document>> {
        let threads = at_least_one(threads, "threads")?;
        let texts = strings(texts)?;
        batch_documents(py, &self.inner, texts, threads, author.as_deref())
    }

    /// Streams the documents of `texts` (any iterable of `str`, read lazily
    /// `batch_size` at a time, each batch analysed in parallel): for corpora
    /// that do not fit in memory.
    #[pyo3(signature = (texts, *, batch_size=256, threads=None, author=None))]
    fn analyze_iter(
        slf: &Bound<'_, Self>,
        texts: &Bound<'_, PyAny>,
        batch_size: i64,
        threads: Option<i64>,
        author: Option<String>,
    ) -> PyResult<AnalyzeIter> {
        let threads = at_least_one(threads, "threads")?;
        let batch_size = at_least_one(Some(batch_size), "batch_size")?.unwrap_or(1);
        Ok(AnalyzeIter {
            analyzer: slf.clone().unbind(),
            source: texts.try_iter()?.unbind(),
            batch_size,
            threads,
            author,
            ready: std::collections::VecDeque::new(),
            seen: 0,
            failed: None,
        })
    }

    /// Stance scores of each text taken as one span (no statement finding):
    /// a float32 array, texts × stances, in the documented range [0, 1).
    #[pyo3(signature = (texts, *, threads=None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<i64>,
    ) -> PyResult<Bound<'py, numpy::PyArray2<f32>>> {
        let threads = at_least_one(threads, "threads")?;
        let texts = strings(texts)?;
        let owned: Vec<PyBackedStr> = texts_of(&texts)?;
        let inner = &self.inner;
        let k = inner.lexicon.stances().len();
        let mut flat = vec![0.0f32; owned.len() * k];
        if k > 0 {
            py.detach(|| {
                guard(|| {
                    // One scorer (its buffers) per worker thread, reused
                    // sentence after sentence.
                    let one = |scorer: &mut crate::score::TextScorer,
                               (row, t): (&mut [f32], &PyBackedStr)|
                     -> Result<()> {
                        scorer.score_into(&inner.tokenizer, &inner.lexicon, t, row)
                    };
                    if threads == Some(1) {
                        // One thread: a plain loop on this one, without
                        // handing the work to a pool and splitting it.
                        let mut scorer = crate::score::TextScorer::default();
                        return flat
                            .chunks_mut(k)
                            .zip(&owned)
                            .try_for_each(|pair| one(&mut scorer, pair));
                    }
                    // Sentences are short: a piece of a few costs more to
                    // split off than to score. Up to 64 a piece, fewer for
                    // small batches (of documents, say) so that they still
                    // spread over the threads.
                    let min_len = (owned.len() / 64).clamp(1, 64);
                    in_pool(threads, || {
                        flat.par_chunks_mut(k)
                            .zip(owned.par_iter())
                            .with_min_len(min_len)
                            .try_for_each_init(crate::score::TextScorer::default, one)
                    })?
                })
            })?;
        }
        let array = ndarray::Array2::from_shape_vec((owned.len(), k), flat)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(numpy::PyArray2::from_owned_array(py, array))
    }

    /// The CLI's JSONL rows for one document named `doc`: one JSON object
    /// per statement and line (fields: doc, kind, content, content_start,
    /// content_end, speaker_mention, speaker_start, speaker_end, speaker,
    /// cue, cue_start, cue_end, stances, scores).
    #[pyo3(signature = (text, doc="", *, author=None))]
    fn analyze_jsonl(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyString>,
        doc: &str,
        author: Option<String>,
    ) -> PyResult<String> {
        let t = text_of(text)?;
        Ok(py.detach(|| guard(|| jsonl(&self.inner, doc, &t, author.as_deref())))?)
    }

    /// `analyze_jsonl` over `(doc, text)` pairs in parallel; one string of
    /// JSONL rows per pair, in order.
    #[pyo3(signature = (docs, *, author=None))]
    fn analyze_jsonl_many(
        &self,
        py: Python<'_>,
        docs: Vec<(String, Bound<'_, PyString>)>,
        author: Option<String>,
    ) -> PyResult<Vec<String>> {
        let owned: Vec<(String, PyBackedStr)> =
            docs.iter().map(|(n, t)| Ok((n.clone(), text_of(t)?))).collect::<PyResult<_>>()?;
        let author = author.as_deref();
        Ok(py.detach(|| {
            guard(|| {
                owned
                    .par_iter()
                    .map(|(n, t)| jsonl(&self.inner, n, t, author))
                    .collect::<Result<Vec<_>>>()
            })
        })?)
    }

    /// Word tokens of `text` with this analyzer's tokenizer.
    fn tokenize(&self, py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<Vec<types::Token>> {
        let t = text_of(text)?;
        Ok(py.detach(|| guard(|| types::tokens(&self.inner.tokenizer, &t)))?)
    }

    /// Stance names, in score column order.
    #[getter]
    fn stances(&self) -> Vec<String> {
        self.inner.lexicon.stances().to_vec()
    }

    /// The lexicon in use.
    #[getter]
    fn lexicon(&self) -> Lexicon {
        Lexicon { inner: self.inner.lexicon.clone() }
    }

    /// The speaker aliases in use (mention → canonical speaker).
    #[getter]
    fn aliases(&self) -> HashMap<String, String> {
        self.inner.aliases.clone()
    }

    fn __repr__(&self) -> String {
        format!(
            "Analyzer(stances={}, aliases={}, tokenizer={})",
            types::list_repr(self.inner.lexicon.stances()),
            self.inner.aliases.len(),
            if self.tokenizer_json.is_some() { "'tokenizer.json'" } else { "'english'" }
        )
    }
}

/// The items of an iterable, each required to be a `str`.
fn strings<'py>(texts: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyString>>> {
    texts
        .try_iter()?
        .enumerate()
        .map(|(i, t)| {
            let t = t?;
            t.cast_into::<PyString>().map_err(|e| {
                PyTypeError::new_err(format!(
                    "item {i} is {}, not str",
                    e.into_inner().get_type().name().map(|n| n.to_string()).unwrap_or_default()
                ))
            })
        })
        .collect()
}

/// Analyses a batch with the GIL released; documents in input order.
fn batch_documents(
    py: Python<'_>,
    analyzer: &crate::Analyzer,
    texts: Vec<Bound<'_, PyString>>,
    threads: Option<usize>,
    author: Option<&str>,
) -> PyResult<Vec<Document>> {
    let owned: Vec<PyBackedStr> = texts_of(&texts)?;
    let parts: Vec<DocParts> = py.detach(|| {
        guard(|| {
            in_pool(threads, || {
                owned
                    .par_iter()
                    .map(|t| analyze_parts(analyzer, t, author))
                    .collect::<Result<Vec<_>>>()
            })?
        })
    })?;
    Ok(texts.into_iter().zip(parts).map(|(t, p)| Document::new(py, t.unbind(), p)).collect())
}

/// The iterator returned by `Analyzer.analyze_iter`.
#[pyclass(module = "stancelens")]
pub struct AnalyzeIter {
    analyzer: Py<Analyzer>,
    source: Py<pyo3::types::PyIterator>,
    batch_size: usize,
    threads: Option<usize>,
    author: Option<String>,
    ready: std::collections::VecDeque<Document>,
    /// Items read so far, to name a bad item by its position.
    seen: usize,
    /// The error of a bad item, raised once the documents read before it
    /// have been yielded.
    failed: Option<PyErr>,
}

impl AnalyzeIter {
    /// Reads up to `batch_size` texts, stopping at the first item that
    /// fails (the iterable raised, or it is not a `str`, or it holds a lone
    /// surrogate): returns the texts before it and that item's error.
    fn read_batch<'py>(&mut self, py: Python<'py>) -> (Vec<Bound<'py, PyString>>, Option<PyErr>) {
        let mut batch = Vec::with_capacity(self.batch_size);
        for item in self.source.bind(py).clone().take(self.batch_size) {
            let n = self.seen;
            // An exception from the iterable itself is not an item.
            if item.is_ok() {
                self.seen += 1;
            }
            let text = item.and_then(|item| {
                let text = item
                    .cast_into::<PyString>()
                    .map_err(|_| PyTypeError::new_err(format!("item {n} is not str")))?;
                text_of(&text).map_err(|e| named(py, &format!("item {n}"), e))?;
                Ok(text)
            });
            match text {
                Ok(text) => batch.push(text),
                Err(err) => return (batch, Some(err)),
            }
        }
        (batch, None)
    }
}

#[pymethods]
impl AnalyzeIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Document>> {
        if self.ready.is_empty() {
            if let Some(err) = self.failed.take() {
                return Err(err);
            }
            let (batch, failed) = self.read_batch(py);
            if !batch.is_empty() {
                let analyzer = self.analyzer.bind(py).get();
                let docs = batch_documents(
                    py,
                    &analyzer.inner,
                    batch,
                    self.threads,
                    self.author.as_deref(),
                );
                match docs {
                    Ok(docs) => self.ready.extend(docs),
                    Err(err) => {
                        // The batch failed as a whole; the bad item after it
                        // is still reported, next.
                        self.failed = failed;
                        return Err(err);
                    }
                }
            }
            // The documents read before a bad item come first; its error
            // is raised when they are used up, where the item stood.
            match failed {
                Some(err) if self.ready.is_empty() => return Err(err),
                failed => self.failed = failed,
            }
        }
        Ok(self.ready.pop_front())
    }
}
