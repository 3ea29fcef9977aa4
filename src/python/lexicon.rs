//! The `Lexicon` class: load, build from a dict, inspect and save the
//! stance lexicon that scores statements.

use std::path::{Path, PathBuf};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use super::errors::guard;
use crate::error::{Error, Result};

/// The core lexicon API the bindings rely on, in one place.
///
/// PROVISIONAL: the stance stage is adding `Lexicon::from_path`,
/// `from_json_str`, `to_toml_string`, `to_json_string` and `len`; until
/// those land on this branch these adapters answer with an error (or the
/// stance count), and each marked line becomes a one-line call afterwards.
mod core_api {
    use super::*;

    /// Reads a lexicon file (`.toml`, `.json`, `.yaml`/`.yml`).
    pub(super) fn from_path(path: &Path) -> Result<crate::Lexicon> {
        // PROVISIONAL: crate::Lexicon::from_path(path)
        Err(Error::Lexicon {
            file: Some(path.to_path_buf()),
            line: None,
            entry: None,
            message: "loading lexicon files is not available in this build yet".into(),
        })
    }

    /// Parses a lexicon from its JSON form (what `from_dict` serialises to).
    pub(super) fn from_json(json: &str) -> Result<crate::Lexicon> {
        // PROVISIONAL: crate::Lexicon::from_json_str(json, None)
        let _ = json;
        Err(Error::Lexicon {
            file: None,
            line: None,
            entry: None,
            message: "building a lexicon from a dict is not available in this build yet".into(),
        })
    }

    /// Serialises `lexicon` in the format named by `path`'s extension.
    pub(super) fn to_string(lexicon: &crate::Lexicon, path: &Path) -> Result<String> {
        // PROVISIONAL: lexicon.to_toml_string() / lexicon.to_json_string()
        let _ = lexicon;
        Err(Error::InvalidInput(format!(
            "{}: saving lexicons is not available in this build yet",
            path.display()
        )))
    }

    /// The JSON form of `lexicon` (for `to_dict`).
    pub(super) fn to_json(lexicon: &crate::Lexicon) -> Result<String> {
        // PROVISIONAL: lexicon.to_json_string()
        let _ = lexicon;
        Err(Error::InvalidInput("exporting lexicons is not available in this build yet".into()))
    }

    /// Number of entries.
    pub(super) fn len(lexicon: &crate::Lexicon) -> usize {
        // PROVISIONAL: lexicon.len()
        let _ = lexicon;
        0
    }
}

/// A stance lexicon: stance names and weighted entries, with the rules'
/// settings. Immutable; build a new one to change it.
#[pyclass(module = "stancelens", frozen, skip_from_py_object)]
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub(crate) inner: crate::Lexicon,
}

impl Lexicon {
    /// Loads `path`, releasing the GIL while parsing.
    pub(crate) fn load_path(py: Python<'_>, path: &Path) -> PyResult<Self> {
        let inner = py.detach(|| guard(|| core_api::from_path(path)))?;
        Ok(Lexicon { inner })
    }

    /// Builds from a Python mapping (same schema as the JSON file format).
    pub(crate) fn from_mapping(d: &Bound<'_, PyAny>) -> PyResult<Self> {
        let py = d.py();
        let json: String = py
            .import("json")?
            .call_method1("dumps", (d,))
            .map_err(|e| {
                let new = PyValueError::new_err(
                    "lexicon dict must hold only JSON values (str, numbers, lists, dicts)",
                );
                new.set_cause(py, Some(e));
                new
            })?
            .extract()?;
        let inner = py.detach(|| guard(|| core_api::from_json(&json)))?;
        Ok(Lexicon { inner })
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

    /// Loads a lexicon file (`.toml`, `.json`, `.yaml`). Raises
    /// `LexiconError` (with `file`, `line`, `entry`) if it is invalid and
    /// `OSError` if it cannot be read.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        Self::load_path(py, &path)
    }

    /// Builds a lexicon from a dict with the same schema as the files.
    #[staticmethod]
    fn from_dict(d: &Bound<'_, PyDict>) -> PyResult<Self> {
        Self::from_mapping(d.as_any())
    }

    /// The lexicon as a dict (the JSON file format).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let json = py.detach(|| guard(|| core_api::to_json(&self.inner)))?;
        py.import("json")?.call_method1("loads", (json,))
    }

    /// Writes the lexicon to `path`, as TOML or JSON after its extension.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        py.detach(|| {
            guard(|| {
                let s = core_api::to_string(&self.inner, &path)?;
                std::fs::write(&path, s).map_err(|source| Error::Io { path: path.clone(), source })
            })
        })?;
        Ok(())
    }

    /// Stance names, in column order.
    #[getter]
    fn stances<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, &self.inner.stances)
    }

    fn __len__(&self) -> usize {
        core_api::len(&self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Lexicon(stances={}, entries={})",
            super::types::list_repr(&self.inner.stances),
            core_api::len(&self.inner)
        )
    }
}
