//! Crate errors and panics as Python exceptions, and text extraction that
//! explains why a `str` cannot be analysed.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::{PyOSError, PyRuntimeError, PyUnicodeEncodeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::PyString;

use crate::error::Error;

pyo3::create_exception!(
    stancelens,
    LexiconError,
    PyValueError,
    "A lexicon file or mapping is invalid. Carries `file`, `line` (1-based) and \
     `entry` attributes, each None when unknown."
);

/// Why Rust work failed, carried across `py.detach` (which cannot build
/// Python objects) and turned into a Python exception afterwards.
#[derive(Debug)]
pub(crate) enum Failure {
    /// An error value from the core: bad input, lexicon, tokenizer, I/O.
    Core(Error),
    /// A panic in the core. A bug, but it must not abort the interpreter.
    Panic(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

/// Runs `f`, turning a panic into [`Failure::Panic`] so that a bug in the
/// core raises `RuntimeError` instead of `pyo3`'s `PanicException` (which is
/// a `BaseException` and escapes `except Exception`).
pub(crate) fn guard<T>(f: impl FnOnce() -> crate::Result<T>) -> Result<T, Failure> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r.map_err(Failure::Core),
        Err(payload) => {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(Failure::Panic(msg))
        }
    }
}

impl From<Failure> for PyErr {
    fn from(f: Failure) -> PyErr {
        match f {
            Failure::Core(e) => core_error(e),
            Failure::Panic(msg) => PyRuntimeError::new_err(format!(
                "internal error in stancelens (please report it with the input): {msg}"
            )),
        }
    }
}

/// The Python exception for a core error: `LexiconError` (a `ValueError`)
/// with `file`/`line`/`entry`, `OSError` with errno and filename (so Python
/// picks `FileNotFoundError` etc.), `ValueError` otherwise.
pub(crate) fn core_error(e: Error) -> PyErr {
    let message = e.to_string();
    match e {
        Error::Lexicon { file, line, entry, message: _ } => Python::attach(|py| {
            let err = LexiconError::new_err(message);
            let value = err.value(py);
            let file = file.map(|f| f.display().to_string());
            // Setting attributes on a fresh exception instance cannot fail
            // short of memory exhaustion; if it does, the error still raises.
            let _ = value.setattr("file", file);
            let _ = value.setattr("line", line);
            let _ = value.setattr("entry", entry);
            err
        }),
        Error::Io { path, source } => match source.raw_os_error() {
            Some(errno) => {
                // Rust appends " (os error N)"; Python shows the errno itself.
                let text = source.to_string();
                let strerror = text.split(" (os error").next().unwrap_or(&text).to_string();
                PyOSError::new_err((errno, strerror, path.display().to_string()))
            }
            None if source.kind() == std::io::ErrorKind::InvalidData => {
                PyValueError::new_err(message)
            }
            None => PyOSError::new_err(message),
        },
        Error::Tokenizer(_) | Error::InvalidInput(_) => PyValueError::new_err(message),
    }
}

/// The UTF-8 text of a Python `str`, without a copy where the Python build
/// allows it. A `str` with lone surrogates has no UTF-8 form: that becomes a
/// `ValueError` naming the index of the first one, instead of a bare
/// encoding error from deep inside the extraction.
pub(crate) fn text_of(s: &Bound<'_, PyString>) -> PyResult<PyBackedStr> {
    match s.extract::<PyBackedStr>() {
        Ok(t) => Ok(t),
        Err(err) => {
            let py = s.py();
            if !err.is_instance_of::<PyUnicodeEncodeError>(py) {
                return Err(err);
            }
            let index = err
                .value(py)
                .getattr("start")
                .and_then(|v| v.extract::<usize>())
                .map_or_else(|_| String::from("?"), |i| i.to_string());
            let new = PyValueError::new_err(format!(
                "text contains a lone surrogate at index {index}, which is not valid \
                 Unicode text; clean it first, e.g. \
                 text.encode('utf-8', 'replace').decode('utf-8')"
            ));
            new.set_cause(py, Some(err));
            Err(new)
        }
    }
}

/// The texts of a batch as Rust strings; a bad one is a `ValueError` that
/// says which (`text 3: …`) and carries its position as `position`, so
/// that the Python side can name the row it came from.
pub(crate) fn texts_of(texts: &[Bound<'_, PyString>]) -> PyResult<Vec<PyBackedStr>> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            text_of(t).map_err(|err| {
                let py = t.py();
                let named = named(py, &format!("text {i}"), err);
                // Only a new exception object is touched: this cannot fail.
                let _ = named.value(py).setattr("position", i);
                named
            })
        })
        .collect()
}

/// `err` as a `ValueError` whose message starts with `what` (`text 3: …`,
/// `item 3: …`), with `err` as its cause.
pub(crate) fn named(py: Python<'_>, what: &str, err: PyErr) -> PyErr {
    let named = PyValueError::new_err(format!("{what}: {}", err.value(py)));
    named.set_cause(py, Some(err));
    named
}

/// A count from Python that must be at least 1 (a thread count, a batch
/// size), `None` passing through. A negative or zero count (the `n_jobs=-1`
/// habit) is a `ValueError` here, not an `OverflowError` from conversion.
pub(crate) fn at_least_one(value: Option<i64>, name: &str) -> PyResult<Option<usize>> {
    let Some(n) = value else { return Ok(None) };
    if n < 1 {
        let hint = if name == "threads" { ", or None for all cores" } else { "" };
        return Err(PyValueError::new_err(format!("{name} must be at least 1{hint} (got {n})")));
    }
    usize::try_from(n)
        .map(Some)
        .map_err(|_| PyValueError::new_err(format!("{name} is too large (got {n})")))
}
