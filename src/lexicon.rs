//! Stance lexicons: data, not code.
//!
//! PLACEHOLDER: an empty lexicon with the default stance names.

/// A stance lexicon: stance names and weighted entries.
#[derive(Clone, Debug)]
pub struct Lexicon {
    pub stances: Vec<String>,
}

impl Lexicon {
    /// The built-in English lexicon.
    pub fn default_english() -> Self {
        Lexicon { stances: vec!["deterrence".into(), "dialogue".into(), "denial".into()] }
    }
}
