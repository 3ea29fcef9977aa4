//! The lexicon as data: the serde shape of a lexicon file ([`LexiconFile`])
//! and its validated form ([`Model`]).
//!
//! A file is first deserialized as written (so serde reports type errors
//! with a position), then [`Model::from_file`] checks what serde cannot:
//! stance names, weights, thresholds, negation targets. The model turns back
//! into a file with [`Model::to_file`], so load → save → load is exact.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Free-form descriptive metadata (`[meta]`): name, version, language,
/// license, description, and any other string key.
pub type Meta = BTreeMap<String, String>;

/// The threshold of a stance without its own entry in `[thresholds]` when the
/// file gives no `default` either.
pub const DEFAULT_THRESHOLD: f64 = 0.35;

/// The reserved negation target that cancels a match.
pub const NONE: &str = "none";

/// A lexicon file exactly as written (TOML, JSON or YAML share this shape).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    /// Stance names, in score-column order.
    pub stances: Vec<String>,
    /// Descriptive metadata.
    #[serde(default)]
    pub meta: Meta,
    /// `default` and per-stance label thresholds.
    #[serde(default)]
    pub thresholds: BTreeMap<String, f64>,
    /// Stance → term → weight, matched in statement content.
    #[serde(default)]
    pub terms: BTreeMap<String, BTreeMap<String, f64>>,
    /// Stance → term → weight, matched in the statement's cue only.
    #[serde(default)]
    pub cues: BTreeMap<String, BTreeMap<String, f64>>,
    /// Rule word lists.
    #[serde(default)]
    pub modifiers: ModifiersFile,
    /// Stance → what a negated match of it counts as (a stance or `none`).
    #[serde(default)]
    pub negation: BTreeMap<String, String>,
}

/// `[modifiers]` as written.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModifiersFile {
    /// Words that open a negation scope.
    #[serde(default)]
    pub negators: Vec<String>,
    /// Phrase → factor (> 1) applied to the next match in the clause.
    #[serde(default)]
    pub intensifiers: BTreeMap<String, f64>,
    /// Phrase → factor (< 1) applied to the next match in the clause.
    #[serde(default)]
    pub hedges: BTreeMap<String, f64>,
    /// Contrast markers (`but`, `however`).
    #[serde(default)]
    pub contrast: Vec<String>,
    /// Verbs whose object act is being denied.
    #[serde(default)]
    pub denial_cues: Vec<String>,
}

/// One weighted term of a stance.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The term as written in the lexicon (`"deter*"`, `"high price"`).
    pub term: String,
    /// Stance column index.
    pub stance: usize,
    /// Positive, finite weight.
    pub weight: f64,
}

/// What a negated match of a stance counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NegationTarget {
    /// The match is cancelled.
    Cancel,
    /// The match counts for this stance column instead.
    Stance(usize),
}

/// A validated lexicon (everything but the compiled matcher).
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Stance names, in score-column order; unique and non-empty.
    pub stances: Vec<String>,
    /// Descriptive metadata.
    pub meta: Meta,
    /// Threshold of stances without their own.
    pub default_threshold: f64,
    /// Per-stance threshold, if given.
    pub thresholds: Vec<Option<f64>>,
    /// Content terms, sorted by (stance, term).
    pub terms: Vec<Entry>,
    /// Cue terms, sorted by (stance, term).
    pub cues: Vec<Entry>,
    /// Rule word lists (validated copy of the file's).
    pub modifiers: ModifiersFile,
    /// Per stance: the target of a negated match.
    pub negation: Vec<NegationTarget>,
}

/// A validation failure before the file position is looked up: the path of
/// keys to the offending entry (e.g. `["terms", "denial", "deny"]`) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    /// Keys from the top of the file down to the entry.
    pub path: Vec<String>,
    /// What is wrong with it.
    pub message: String,
}

fn invalid(path: &[&str], message: impl Into<String>) -> Invalid {
    Invalid { path: path.iter().map(|s| s.to_string()).collect(), message: message.into() }
}

/// Checks a weight or factor: finite and strictly positive.
fn check_weight(path: &[&str], w: f64) -> Result<(), Invalid> {
    if w.is_nan() {
        Err(invalid(path, "weight is NaN; use a positive number"))
    } else if w.is_infinite() {
        Err(invalid(path, "weight is infinite; use a finite positive number"))
    } else if w <= 0.0 {
        Err(invalid(path, format!("weight {w} is not positive; weights must be > 0")))
    } else {
        Ok(())
    }
}

/// Checks a term or modifier phrase: non-empty, `*` only as its last char.
fn check_term(path: &[&str], term: &str) -> Result<(), Invalid> {
    let t = term.trim();
    if t.is_empty() || t == "*" {
        return Err(invalid(path, "empty term"));
    }
    if t.trim_end_matches('*').contains('*') || t.ends_with("**") {
        return Err(invalid(path, "a wildcard `*` may only end a term (\"deter*\")"));
    }
    if t.ends_with('*') && t[..t.len() - 1].ends_with(char::is_whitespace) {
        return Err(invalid(path, "a wildcard `*` must follow a word (\"deter*\")"));
    }
    Ok(())
}

fn entries(
    section: &str,
    table: &BTreeMap<String, BTreeMap<String, f64>>,
    index: &BTreeMap<&str, usize>,
) -> Result<Vec<Entry>, Invalid> {
    let mut out = Vec::new();
    for (stance, terms) in table {
        let Some(&s) = index.get(stance.as_str()) else {
            return Err(invalid(
                &[section, stance],
                format!("unknown stance {stance:?} in [{section}] (not listed in `stances`)"),
            ));
        };
        for (term, &w) in terms {
            let path = [section, stance.as_str(), term.as_str()];
            check_term(&path, term)?;
            check_weight(&path, w)?;
            out.push(Entry { term: term.clone(), stance: s, weight: w });
        }
    }
    out.sort_by(|a, b| (a.stance, &a.term).cmp(&(b.stance, &b.term)));
    Ok(out)
}

fn check_modifiers(m: &ModifiersFile) -> Result<(), Invalid> {
    for (name, list) in
        [("negators", &m.negators), ("contrast", &m.contrast), ("denial_cues", &m.denial_cues)]
    {
        for w in list {
            check_term(&["modifiers", name, w], w)?;
            if w.contains('*') {
                return Err(invalid(&["modifiers", name, w], "modifiers take no wildcard"));
            }
        }
    }
    for (name, table) in [("intensifiers", &m.intensifiers), ("hedges", &m.hedges)] {
        for (w, &f) in table {
            let path = ["modifiers", name, w.as_str()];
            check_term(&path, w)?;
            if w.contains('*') {
                return Err(invalid(&path, "modifiers take no wildcard"));
            }
            check_weight(&path, f)?;
        }
    }
    Ok(())
}

impl Model {
    /// Validates a file as written.
    pub fn from_file(file: LexiconFile) -> Result<Model, Invalid> {
        if file.stances.is_empty() {
            return Err(invalid(&["stances"], "`stances` lists no stance"));
        }
        let mut index = BTreeMap::new();
        for (i, s) in file.stances.iter().enumerate() {
            if s.trim().is_empty() || s.trim() != s {
                return Err(invalid(&["stances", s], "stance names must be non-empty and trimmed"));
            }
            if s == NONE {
                return Err(invalid(&["stances", s], "`none` is reserved for [negation]"));
            }
            if index.insert(s.as_str(), i).is_some() {
                return Err(invalid(&["stances", s], "stance listed twice"));
            }
        }
        let mut default_threshold = DEFAULT_THRESHOLD;
        let mut thresholds = vec![None; file.stances.len()];
        for (k, &v) in &file.thresholds {
            let path = ["thresholds", k.as_str()];
            if !v.is_finite() || !(0.0..=1.0).contains(&v) {
                return Err(invalid(&path, format!("threshold {v} is not in [0, 1]")));
            }
            if k == "default" {
                default_threshold = v;
            } else if let Some(&i) = index.get(k.as_str()) {
                thresholds[i] = Some(v);
            } else {
                return Err(invalid(&path, format!("unknown stance {k:?} in [thresholds]")));
            }
        }
        let terms = entries("terms", &file.terms, &index)?;
        let cues = entries("cues", &file.cues, &index)?;
        check_modifiers(&file.modifiers)?;
        let mut negation = vec![NegationTarget::Cancel; file.stances.len()];
        for (k, v) in &file.negation {
            let path = ["negation", k.as_str()];
            let Some(&i) = index.get(k.as_str()) else {
                return Err(invalid(&path, format!("unknown stance {k:?} in [negation]")));
            };
            negation[i] = if v == NONE {
                NegationTarget::Cancel
            } else if let Some(&j) = index.get(v.as_str()) {
                NegationTarget::Stance(j)
            } else {
                return Err(invalid(
                    &path,
                    format!("negation target {v:?} is neither a stance nor \"none\""),
                ));
            };
        }
        Ok(Model {
            stances: file.stances,
            meta: file.meta,
            default_threshold,
            thresholds,
            terms,
            cues,
            modifiers: file.modifiers,
            negation,
        })
    }

    /// The file form of the model (what `to_toml_string` writes).
    pub fn to_file(&self) -> LexiconFile {
        let table = |entries: &[Entry]| {
            let mut t: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
            for e in entries {
                if let Some(name) = self.stances.get(e.stance) {
                    t.entry(name.clone()).or_default().insert(e.term.clone(), e.weight);
                }
            }
            t
        };
        let mut thresholds = BTreeMap::new();
        thresholds.insert("default".to_string(), self.default_threshold);
        for (name, t) in self.stances.iter().zip(&self.thresholds) {
            if let Some(t) = t {
                thresholds.insert(name.clone(), *t);
            }
        }
        let negation = self
            .stances
            .iter()
            .zip(&self.negation)
            .map(|(name, n)| {
                let target = match n {
                    NegationTarget::Cancel => NONE.to_string(),
                    NegationTarget::Stance(j) => {
                        self.stances.get(*j).cloned().unwrap_or_else(|| NONE.to_string())
                    }
                };
                (name.clone(), target)
            })
            .collect();
        LexiconFile {
            stances: self.stances.clone(),
            meta: self.meta.clone(),
            thresholds,
            terms: table(&self.terms),
            cues: table(&self.cues),
            modifiers: self.modifiers.clone(),
            negation,
        }
    }

    /// The label threshold of stance column `j`.
    pub fn threshold(&self, j: usize) -> f64 {
        self.thresholds.get(j).copied().flatten().unwrap_or(self.default_threshold)
    }
}
