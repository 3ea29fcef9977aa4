//! Stance lexicons: data, not code.
//!
//! A [`Lexicon`] is read from a file in the stancelens format (TOML primary,
//! JSON and YAML with the same structure; see `docs/lexicon.md`), or imported
//! from a LIWC-style `.dic` or a quanteda-style YAML dictionary. Loading
//! validates everything and compiles the matcher once; scoring then reuses
//! it for every document.
//!
//! Submodules: [`model`] (file shape and validated model), [`parse`] (reading
//! with error positions), [`import`] (other formats), [`matcher`] (the hash
//! trie), [`words`] (term splitting and inflection).

pub mod import;
pub mod matcher;
pub mod model;
pub mod parse;
pub mod words;

use std::path::Path;
use std::sync::Arc;

pub use model::{Entry, Meta, NegationTarget};
use model::{Model, ModifiersFile};

use crate::error::{Error, Result};
use matcher::Matcher;

/// The default English lexicon, in the stancelens TOML format.
const DEFAULT_ENGLISH: &str = include_str!("../data/lexicon_en.toml");

/// A validated stance lexicon with its compiled matcher.
///
/// Immutable once built; cloning shares the compiled matcher.
#[derive(Clone, Debug)]
pub struct Lexicon {
    model: Model,
    matcher: Arc<Matcher>,
}

impl PartialEq for Lexicon {
    /// Two lexicons are equal when their data are (the matcher follows).
    fn eq(&self, other: &Self) -> bool {
        self.model == other.model
    }
}

impl Lexicon {
    fn from_model(model: Model) -> Self {
        let matcher = Arc::new(Matcher::new(&model));
        Lexicon { model, matcher }
    }

    /// The built-in English lexicon (`src/data/lexicon_en.toml`).
    pub fn default_english() -> Self {
        match Self::from_toml_str(DEFAULT_ENGLISH, Some(Path::new("src/data/lexicon_en.toml"))) {
            Ok(l) => l,
            // The file is compiled in and checked by the test suite; a broken
            // build-time file must not take the caller down, so fall back to
            // a lexicon that knows the stances but matches nothing.
            Err(_) => Self::empty(&["deterrence", "dialogue", "denial"]),
        }
    }

    /// A lexicon with these stances and no entries or rules.
    pub fn empty(stances: &[&str]) -> Self {
        Self::from_model(Model {
            stances: stances.iter().map(|s| s.to_string()).collect(),
            meta: Meta::new(),
            default_threshold: model::DEFAULT_THRESHOLD,
            thresholds: vec![None; stances.len()],
            terms: Vec::new(),
            cues: Vec::new(),
            modifiers: ModifiersFile::default(),
            negation: vec![NegationTarget::Cancel; stances.len()],
        })
    }

    /// Reads a lexicon file, choosing the format by extension: `.toml`,
    /// `.json`, `.yaml`/`.yml` (stancelens layout if the top level has a
    /// `stances` key, else a quanteda dictionary), `.dic` (LIWC).
    pub fn from_path(path: &Path) -> Result<Self> {
        let src = std::fs::read_to_string(path).map_err(|e| parse::io_error(path, e))?;
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        let file = Some(path);
        match ext.as_deref() {
            Some("toml") => Self::from_toml_str(&src, file),
            Some("json") => Self::from_json_str_at(&src, file),
            Some("yaml" | "yml") => Self::from_any_yaml(&src, file),
            Some("dic") => Self::from_dic_str(&src, file),
            _ => Err(Error::Lexicon {
                file: Some(path.to_path_buf()),
                line: None,
                entry: None,
                message: "unknown lexicon extension (use .toml, .json, .yaml, .yml or .dic)".into(),
            }),
        }
    }

    fn from_any_yaml(src: &str, file: Option<&Path>) -> Result<Self> {
        let v: serde_norway::Value =
            serde_norway::from_str(src).map_err(|e| parse::yaml_error(src, file, &e))?;
        if v.get("stances").is_some() {
            Self::from_yaml_str_at(src, file)
        } else {
            import::quanteda(&v, src, file).map(Self::from_model)
        }
    }

    /// Parses a lexicon in TOML; `file` only names the source in errors.
    pub fn from_toml_str(s: &str, file: Option<&Path>) -> Result<Self> {
        parse::toml(s, file).map(Self::from_model)
    }

    /// Parses a lexicon in JSON (same structure as the TOML format).
    pub fn from_json_str(s: &str) -> Result<Self> {
        Self::from_json_str_at(s, None)
    }

    /// [`Lexicon::from_json_str`] naming the source file in errors.
    pub fn from_json_str_at(s: &str, file: Option<&Path>) -> Result<Self> {
        parse::json(s, file).map(Self::from_model)
    }

    /// Parses a lexicon in YAML (same structure as the TOML format).
    pub fn from_yaml_str(s: &str) -> Result<Self> {
        Self::from_yaml_str_at(s, None)
    }

    /// [`Lexicon::from_yaml_str`] naming the source file in errors.
    pub fn from_yaml_str_at(s: &str, file: Option<&Path>) -> Result<Self> {
        parse::yaml(s, file).map(Self::from_model)
    }

    /// Imports a LIWC-style `.dic` dictionary (see [`import`]).
    pub fn from_dic_str(s: &str, file: Option<&Path>) -> Result<Self> {
        import::dic(s, file).map(Self::from_model)
    }

    /// Imports a quanteda-style YAML dictionary (see [`import`]).
    pub fn from_quanteda_yaml_str(s: &str, file: Option<&Path>) -> Result<Self> {
        import::quanteda_str(s, file).map(Self::from_model)
    }

    /// The lexicon in the TOML format (loads back to an equal lexicon).
    pub fn to_toml_string(&self) -> Result<String> {
        toml::to_string(&self.model.to_file()).map_err(|e| Error::Lexicon {
            file: None,
            line: None,
            entry: None,
            message: format!("cannot write TOML: {e}"),
        })
    }

    /// The lexicon in JSON (compact; used for pickling).
    pub fn to_json_string(&self) -> Result<String> {
        serde_json::to_string(&self.model.to_file()).map_err(|e| Error::Lexicon {
            file: None,
            line: None,
            entry: None,
            message: format!("cannot write JSON: {e}"),
        })
    }

    /// Stance names: the columns of the score matrices.
    pub fn stances(&self) -> &[String] {
        &self.model.stances
    }

    /// Descriptive metadata (`[meta]`).
    pub fn meta(&self) -> &Meta {
        &self.model.meta
    }

    /// Number of weighted entries (content terms plus cue terms).
    pub fn len(&self) -> usize {
        self.model.terms.len() + self.model.cues.len()
    }

    /// Whether the lexicon has no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Content terms, sorted by stance then term.
    pub fn terms(&self) -> &[Entry] {
        &self.model.terms
    }

    /// Cue terms, sorted by stance then term.
    pub fn cue_terms(&self) -> &[Entry] {
        &self.model.cues
    }

    /// The label threshold of stance column `j`.
    pub fn threshold(&self, j: usize) -> f32 {
        self.model.threshold(j) as f32
    }

    /// What a negated match of stance column `j` counts as.
    pub fn negation(&self, j: usize) -> NegationTarget {
        self.model.negation.get(j).copied().unwrap_or(NegationTarget::Cancel)
    }

    /// Column of the stance named `name`.
    pub fn stance_index(&self, name: &str) -> Option<usize> {
        self.model.stances.iter().position(|s| s == name)
    }

    /// The compiled matcher.
    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }
}
