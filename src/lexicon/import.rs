//! Importers for dictionaries made for other tools.
//!
//! - LIWC-style `.dic`: a header block between two `%` lines maps category ids
//!   to names (`1<TAB>deterrence`), then each line is a term followed by the
//!   ids of its categories (`deter*<TAB>1`). Categories become stances in
//!   header order; every term weighs 1.
//! - quanteda-style YAML: a mapping whose leaves are lists of terms
//!   (`deterrence: [deploy, "deter*"]`), possibly nested under group keys
//!   (`security: {deterrence: [...]}`). The key holding a list names the stance
//!   (lists under the same key in different groups merge); every term weighs 1.
//!
//! Imported lexicons get the built-in English modifiers ([`english_modifiers`])
//! and no negation mapping (a negated match is cancelled), since neither
//! format can express them.

use std::collections::BTreeMap;
use std::path::Path;

use super::model::{LexiconFile, Model, ModifiersFile};
use super::parse::{error_at, invalid_error, yaml_error};
use crate::error::Result;

/// The rule words of English used for imported dictionaries.
pub fn english_modifiers() -> ModifiersFile {
    let list = |ws: &[&str]| ws.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    let table = |ws: &[(&str, f64)]| ws.iter().map(|&(w, f)| (w.to_string(), f)).collect();
    ModifiersFile {
        negators: list(&[
            "not", "n't", "no", "never", "without", "hardly", "neither", "nor", "nobody",
            "nothing", "none", "cannot",
        ]),
        intensifiers: table(&[
            ("very", 1.3),
            ("absolutely", 1.3),
            ("strongly", 1.3),
            ("fully", 1.2),
            ("strongest possible", 1.5),
        ]),
        hedges: table(&[("may", 0.6), ("might", 0.6), ("could", 0.7), ("possibly", 0.6)]),
        contrast: list(&["but", "however", "yet", "nevertheless", "although"]),
        denial_cues: list(&["deny", "reject", "refute", "dismiss"]),
    }
}

fn meta(format: &str, path: Option<&Path>) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Some(name) = path.and_then(Path::file_stem) {
        m.insert("name".to_string(), name.to_string_lossy().into_owned());
    }
    m.insert("source_format".to_string(), format.to_string());
    m
}

/// Imports a LIWC-style `.dic` dictionary.
pub fn dic(src: &str, path: Option<&Path>) -> Result<Model> {
    let err = |line: usize, msg: String| error_at(path, src, Some(line), msg);
    let mut lines = src.lines().enumerate().map(|(i, l)| (i + 1, l.trim_start_matches('\u{feff}')));
    // Header: optional blank lines, then `%`.
    let mut opened = false;
    for (n, l) in lines.by_ref() {
        match l.trim() {
            "" => continue,
            "%" => {
                opened = true;
                break;
            }
            _ => return Err(err(n, "a .dic file starts with a `%` line".into())),
        }
    }
    if !opened {
        return Err(error_at(path, src, None, "no `%` category header".into()));
    }
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut stances: Vec<String> = Vec::new();
    let mut closed = false;
    for (n, l) in lines.by_ref() {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if l == "%" {
            closed = true;
            break;
        }
        let mut fields = l.split_whitespace();
        let (Some(id), Some(name)) = (fields.next(), fields.next()) else {
            return Err(err(n, "a category line is `id<TAB>name`".into()));
        };
        if !id.chars().all(|c| c.is_ascii_digit()) {
            return Err(err(n, format!("category id {id:?} is not a number")));
        }
        if stances.iter().any(|s| s == name) || ids.contains_key(id) {
            return Err(err(n, format!("category {id} {name:?} defined twice")));
        }
        ids.insert(id.to_string(), name.to_string());
        stances.push(name.to_string());
    }
    if !closed {
        return Err(error_at(path, src, None, "the `%` category header is not closed".into()));
    }
    let mut terms: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for (n, l) in lines {
        let fields: Vec<&str> = l.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        // Trailing numeric fields are category ids; the rest is the term (a
        // phrase may contain spaces).
        let k = fields.iter().rposition(|f| !f.chars().all(|c| c.is_ascii_digit()));
        let Some(k) = k else {
            return Err(err(n, "entry has no term before its category ids".into()));
        };
        let term = fields[..=k].join(" ");
        let cats = &fields[k + 1..];
        if cats.is_empty() {
            return Err(error_at(
                path,
                src,
                Some(n),
                format!("entry {term:?} has no category id (or an unsupported LIWC2007 form)"),
            ));
        }
        for id in cats {
            let Some(stance) = ids.get(*id) else {
                return Err(err(n, format!("unknown category id {id} for {term:?}")));
            };
            terms.entry(stance.clone()).or_default().insert(term.clone(), 1.0);
        }
    }
    let file = LexiconFile {
        stances,
        meta: meta("liwc-dic", path),
        terms,
        modifiers: english_modifiers(),
        ..Default::default()
    };
    Model::from_file(file).map_err(|inv| invalid_error(path, Some(src), inv))
}

/// Collects `key → list of terms` leaves of a quanteda YAML tree.
fn collect(
    v: &serde_norway::Value,
    key: Option<&str>,
    stances: &mut Vec<String>,
    terms: &mut BTreeMap<String, BTreeMap<String, f64>>,
) -> std::result::Result<(), String> {
    use serde_norway::Value;
    match v {
        Value::Mapping(m) => {
            for (k, child) in m {
                let Some(k) = k.as_str() else {
                    return Err(format!("key {k:?} is not a string"));
                };
                collect(child, Some(k), stances, terms)?;
            }
            Ok(())
        }
        Value::Sequence(items) => {
            let Some(stance) = key else { return Err("a top-level list has no stance key".into()) };
            if !stances.iter().any(|s| s == stance) {
                stances.push(stance.to_string());
            }
            let table = terms.entry(stance.to_string()).or_default();
            for item in items {
                match item {
                    Value::String(t) => {
                        table.insert(t.clone(), 1.0);
                    }
                    Value::Number(n) => {
                        table.insert(n.to_string(), 1.0);
                    }
                    other => {
                        return Err(format!("term {other:?} under {stance:?} is not a string"))
                    }
                }
            }
            Ok(())
        }
        Value::String(t) => {
            // A single term written as a scalar.
            let Some(stance) = key else { return Err("a bare term has no stance key".into()) };
            if !stances.iter().any(|s| s == stance) {
                stances.push(stance.to_string());
            }
            terms.entry(stance.to_string()).or_default().insert(t.clone(), 1.0);
            Ok(())
        }
        Value::Tagged(t) => collect(&t.value, key, stances, terms),
        other => Err(format!("unexpected {other:?} under {key:?}")),
    }
}

/// Imports a quanteda-style YAML dictionary from its parsed tree.
pub fn quanteda(v: &serde_norway::Value, src: &str, path: Option<&Path>) -> Result<Model> {
    let mut stances = Vec::new();
    let mut terms = BTreeMap::new();
    collect(v, None, &mut stances, &mut terms).map_err(|m| error_at(path, src, None, m))?;
    let file = LexiconFile {
        stances,
        meta: meta("quanteda-yaml", path),
        terms,
        modifiers: english_modifiers(),
        ..Default::default()
    };
    Model::from_file(file).map_err(|inv| invalid_error(path, Some(src), inv))
}

/// Parses YAML and imports it as a quanteda dictionary.
pub fn quanteda_str(src: &str, path: Option<&Path>) -> Result<Model> {
    let v: serde_norway::Value =
        serde_norway::from_str(src).map_err(|e| yaml_error(src, path, &e))?;
    quanteda(&v, src, path)
}
