//! The `Lexicon` class: load, build from a dict, inspect, save and pickle
//! the stance lexicon that scores statements.

use std::path::{Path, PathBuf};

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyMapping, PyTuple, PyType};

use super::errors::guard;
use super::types::list_repr;
use crate::error::{Error, Result};

/// The file formats `save` writes, chosen by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Toml,
    Json,
    Yaml,
}

impl Format {
    fn of(path: &Path) -> Result<Self> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("toml") => Ok(Format::Toml),
            Some("json") => Ok(Format::Json),
            Some("yaml" | "yml") => Ok(Format::Yaml),
            _ => Err(Error::InvalidInput(format!(
                "{}: cannot tell the lexicon format; use .toml, .json, .yaml or .yml",
                path.display()
            ))),
        }
    }
}

/// `lexicon` in `format`. JSON and YAML are written from the same structure
/// as the TOML file (the core's JSON, re-serialised), so all three load back
/// to an equal lexicon.
fn serialise(lexicon: &crate::Lexicon, format: Format) -> Result<String> {
    if format == Format::Toml {
        return lexicon.to_toml_string();
    }
    let value: serde_json::Value = serde_json::from_str(&lexicon.to_json_string()?)
        .map_err(|e| Error::InvalidInput(format!("lexicon JSON: {e}")))?;
    match format {
        Format::Yaml => serde_norway::to_string(&value)
            .map_err(|e| Error::InvalidInput(format!("cannot write YAML: {e}"))),
        _ => serde_json::to_string_pretty(&value)
            .map(|mut s| {
                s.push('\n');
                s
            })
            .map_err(|e| Error::InvalidInput(format!("cannot write JSON: {e}"))),
    }
}

/// A stance lexicon: stance names, weighted terms and cues, modifiers and
/// thresholds. Immutable; build a new one to change it. Lexicons compare
/// equal when their data are equal, and pickle.
#[pyclass(module = "stancelens", frozen, eq, skip_from_py_object)]
#[derive(Clone, Debug, PartialEq)]
pub struct Lexicon {
    pub(crate) inner: crate::Lexicon,
}

impl Lexicon {
    /// Loads `path`, releasing the GIL while parsing.
    pub(crate) fn load_path(py: Python<'_>, path: &Path) -> PyResult<Self> {
        let inner = py.detach(|| guard(|| crate::Lexicon::from_path(path)))?;
        Ok(Lexicon { inner })
    }

    /// Builds from a Python mapping (same structure as the file formats).
    /// It goes through JSON: one entry per line (so that an error names the
    /// entry it is in), no NaN or infinity. Those lines are not the user's,
    /// so errors name the entry and not the line.
    pub(crate) fn from_mapping(d: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = d.py();
        let kwargs = PyDict::new(py);
        kwargs.set_item("indent", 1)?;
        kwargs.set_item("allow_nan", false)?;
        // A nested mapping that is not a dict (a MappingProxyType, a pandas
        // Series of weights) is read as one.
        kwargs.set_item("default", py.get_type::<PyDict>())?;
        let dumped = py.import("json")?.call_method("dumps", (plain_dict(d)?,), Some(&kwargs));
        let dumped = dumped.map_err(|e| {
            let new = PyValueError::new_err(format!(
                "a lexicon dict must hold only JSON values (str, finite numbers, lists, \
                 dicts): {}",
                e.value(py)
            ));
            new.set_cause(py, Some(e));
            new
        })?;
        let json: String = dumped.extract()?;
        let inner = py.detach(|| {
            guard(|| {
                crate::Lexicon::from_json_str(&json).map_err(|e| match e {
                    Error::Lexicon { file, entry, message, .. } => {
                        Error::Lexicon { file, line: None, entry, message: without_place(message) }
                    }
                    other => other,
                })
            })
        })?;
        Ok(Lexicon { inner })
    }
}

/// `d` as a `dict`: any other `collections.abc.Mapping` (a
/// `MappingProxyType`...) is copied into one first.
pub(crate) fn plain_dict<'py>(d: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if d.is_instance_of::<PyDict>() {
        return Ok(d.clone());
    }
    if d.cast::<PyMapping>().is_ok() {
        return Ok(d.py().get_type::<PyDict>().call1((d,))?.into_any());
    }
    Err(PyTypeError::new_err(format!("expected a dict, got {}", d.get_type().name()?)))
}

/// A JSON parser's message without its trailing `at line L column C`,
/// which would point into text the user never wrote. (Only that suffix: a
/// message may quote the user's own words.)
fn without_place(message: String) -> String {
    let Some(i) = message.rfind(" at line ") else { return message };
    let place = &message[i + " at line ".len()..];
    let well_formed = place.split_once(" column ").is_some_and(|(line, column)| {
        [line, column].iter().all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    if well_formed {
        message[..i].to_string()
    } else {
        message
    }
}

#[pymethods]
impl Lexicon {
    /// The built-in English lexicon.
    #[staticmethod]
    fn default(py: Python<'_>) -> PyResult<Self> {
        let inner = py.detach(|| guard(|| Ok(crate::Lexicon::default_english())))?;
        Ok(Lexicon { inner })
    }

    /// Loads a lexicon file: `.toml`, `.json`, `.yaml`/`.yml` (stancelens
    /// format, or a quanteda dictionary), `.dic` (LIWC). Raises
    /// `LexiconError` (with `file`, `line`, `entry`) if it is invalid and
    /// `OSError` if it cannot be read.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        Self::load_path(py, &path)
    }

    /// Builds a lexicon from a dict (or any mapping) with the same
    /// structure as the files, e.g.
    /// `{"stances": [...], "terms": {"dialogue": {"talks": 1.0}}}`.
    #[staticmethod]
    fn from_dict(d: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::from_mapping(d)
    }

    /// The lexicon as a dict (the structure of the file formats).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = py.detach(|| guard(|| self.inner.to_json_string()))?;
        py.import("json")?.call_method1("loads", (json,))
    }

    /// Writes the lexicon to `path` as TOML, JSON or YAML, after the
    /// extension; `Lexicon.load(path)` gives an equal lexicon back.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| {
            guard(|| {
                let s = serialise(&self.inner, Format::of(&path)?)?;
                std::fs::write(&path, s).map_err(|source| Error::Io { path: path.clone(), source })
            })
        })?;
        Ok(())
    }

    /// Stance names, in score column order.
    #[getter]
    fn stances<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.inner.stances())
    }

    /// Number of weighted entries (terms and cues).
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// Rebuilds a pickled lexicon (its JSON form).
    #[staticmethod]
    fn _from_json(py: Python<'_>, json: &str) -> PyResult<Self> {
        let inner = py.detach(|| guard(|| crate::Lexicon::from_json_str(json)))?;
        Ok(Lexicon { inner })
    }

    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let py = slf.py();
        let inner = &slf.get().inner;
        let json = py.detach(|| guard(|| inner.to_json_string()))?;
        let cls: Bound<'py, PyType> = slf.get_type();
        Ok((cls.getattr("_from_json")?, PyTuple::new(py, [json])?))
    }

    fn __repr__(&self) -> String {
        format!(
            "Lexicon(stances={}, entries={})",
            list_repr(self.inner.stances()),
            self.inner.len()
        )
    }
}
