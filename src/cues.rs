//! Reporting cues: verbs and phrases that introduce speech (`said`,
//! `warned`, `according to`), kept as data in `src/data/cues_en.toml`.
//!
//! The lexicon is compiled into a token trie: matching walks at most
//! `max phrase length` trie nodes from each token, so [`CueLexicon::find`]
//! is linear in the number of tokens and independent of the lexicon size.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::mention::WordFilter;
use crate::span::Span;
use crate::tokenize::Token;

/// What a cue introduces, which decides how its content is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueClass {
    /// `X said (that) …`, `…, X said.`
    Speech,
    /// `X urged Y to …`, `X called on Y to …`
    Directive,
    /// `X denied …ing`, `X rejected …`
    Denial,
    /// `according to X, …`
    According,
    /// A mental state attributed to a source: `X believes (that) …`.
    Belief,
    /// Taking a side: `X endorsed Y`, `X opposes Y` (PolNeAR attributes
    /// such positions to their holder).
    Stance,
    /// The writer's reading of a subject: `X seemed to …`, `X is expected
    /// to …`; the content is the subject with its complement.
    Appearance,
    /// A document or poll as source: `the survey found (that) …`.
    Evidence,
    /// A nominal report: `X's claim that …`, `the statement that …`.
    Noun,
}

impl CueClass {
    /// The class named `name` in the TOML file.
    fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "speech" => CueClass::Speech,
            "directive" => CueClass::Directive,
            "denial" => CueClass::Denial,
            "according" => CueClass::According,
            "belief" => CueClass::Belief,
            "evidence" => CueClass::Evidence,
            "stance" => CueClass::Stance,
            "intent" => CueClass::Belief,
            "appearance" => CueClass::Appearance,
            "noun" => CueClass::Noun,
            _ => return None,
        })
    }
}

/// The grammatical form of a matched cue, which decides which frames it
/// can head (`saying` opens a participle clause, `said` closes a quote).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CueForm {
    /// `say`, `call on` (also imperative / after an auxiliary).
    Base,
    /// Third person singular present: `says`.
    Present,
    /// Simple past (and past participle when they coincide): `said`.
    Past,
    /// Past participle distinct from the past: `written`, `known`.
    Participle,
    /// `-ing` form: `saying`, `adding`.
    Gerund,
    /// A fixed expression (`according to`, `in a statement`).
    Phrase,
    /// A noun (`statement`, `claims`).
    Noun,
}

/// A cue found in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cue {
    /// Byte span of the cue words (`said`, `called on`, `according to`).
    pub span: Span,
    /// Index of the cue's first token in the token slice it was found in.
    pub token: usize,
    /// Number of tokens the cue spans.
    pub len: usize,
    /// The frame the cue introduces.
    pub class: CueClass,
    /// The form the cue was matched in.
    pub form: CueForm,
    /// True when the same words also read as a reporting noun
    /// (`claims`, `promises`, `warning`): context decides.
    pub noun_reading: bool,
    /// True for entries marked `~` in the lexicon: the cue reports only
    /// with a clause after it (`pledged to …`, `wants to …`), not with a
    /// bare object (`pledged delegates`, `wants a recount`).
    pub strict: bool,
}

impl Cue {
    /// Index one past the cue's last token.
    pub fn end_token(&self) -> usize {
        self.token + self.len
    }
}

/// What a phrase in the lexicon means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    class: CueClass,
    form: CueForm,
    noun_reading: bool,
    strict: bool,
}

/// One trie node: children by normalized token, and the entry that ends here.
#[derive(Clone, Debug, Default)]
struct Node {
    children: ahash::AHashMap<String, usize>,
    entry: Option<Entry>,
}

/// A compiled cue lexicon.
#[derive(Clone, Debug)]
pub struct CueLexicon {
    /// Node 0 is the root.
    nodes: Vec<Node>,
    /// The first words of all phrases: the lookup at the root happens for
    /// every token, and this turns most of them away unhashed.
    first_words: WordFilter,
}

impl Default for CueLexicon {
    fn default() -> Self {
        Self::english().clone()
    }
}

/// One class table of the TOML file.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ClassTable {
    #[serde(default)]
    verbs: Vec<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    nouns: Vec<String>,
}

/// The built-in lexicon source.
const ENGLISH_TOML: &str = include_str!("data/cues_en.toml");

/// Order in which classes claim a phrase listed under several: a verb
/// reading of speech beats a mental-state reading, nouns come last.
const CLASS_ORDER: &[&str] = &[
    "speech",
    "directive",
    "denial",
    "according",
    "belief",
    "intent",
    "stance",
    "appearance",
    "evidence",
    "noun",
];

impl CueLexicon {
    /// The built-in English cue lexicon (parsed once per process, shared).
    pub fn english() -> &'static Self {
        static ENGLISH: OnceLock<CueLexicon> = OnceLock::new();
        ENGLISH.get_or_init(|| {
            // The built-in file is checked by the unit tests; an error
            // here is a build defect, so fall back to an empty lexicon
            // rather than panic in a library.
            Self::from_toml(ENGLISH_TOML).unwrap_or_else(|_| CueLexicon::empty())
        })
    }

    /// A lexicon with no cues.
    pub fn empty() -> Self {
        CueLexicon { nodes: vec![Node::default()], first_words: WordFilter::default() }
    }

    /// A lexicon from a TOML document in the format of `src/data/cues_en.toml`.
    pub fn from_toml(source: &str) -> Result<Self, String> {
        let tables: HashMap<String, ClassTable> =
            toml::from_str(source).map_err(|e| e.to_string())?;
        if let Some(bad) = tables.keys().find(|k| CueClass::from_name(k).is_none()) {
            return Err(format!("unknown cue class [{bad}]"));
        }
        let mut lex = CueLexicon::empty();
        for name in CLASS_ORDER {
            let (Some(table), Some(class)) = (tables.get(*name), CueClass::from_name(name)) else {
                continue;
            };
            for verb in &table.verbs {
                let (strict, verb) = match verb.strip_prefix('~') {
                    Some(rest) => (true, rest),
                    None => (false, verb.as_str()),
                };
                let forms: Vec<&str> = verb.split('|').map(str::trim).collect();
                if !(4..=5).contains(&forms.len()) {
                    return Err(format!("verb entry needs 4 or 5 forms: {verb:?}"));
                }
                let kinds = [
                    CueForm::Base,
                    CueForm::Present,
                    CueForm::Past,
                    CueForm::Gerund,
                    CueForm::Participle,
                ];
                for (form, kind) in forms.iter().zip(kinds) {
                    if *form == "-" {
                        continue; // this form is not a cue (`state`, `states`)
                    }
                    lex.insert(form, Entry { class, form: kind, noun_reading: false, strict });
                }
            }
            for phrase in &table.phrases {
                for alt in phrase.split('|') {
                    lex.insert(
                        alt,
                        Entry { class, form: CueForm::Phrase, noun_reading: false, strict: false },
                    );
                }
            }
            for noun in &table.nouns {
                for alt in noun.split('|') {
                    lex.insert(
                        alt,
                        Entry { class, form: CueForm::Noun, noun_reading: true, strict: false },
                    );
                }
            }
        }
        Ok(lex)
    }

    /// Adds `phrase` (whitespace-separated normalized tokens). The first
    /// entry for a phrase wins; a later noun entry only marks it ambiguous.
    fn insert(&mut self, phrase: &str, entry: Entry) {
        let mut node = 0;
        let mut any = false;
        for word in phrase.split_whitespace() {
            any = true;
            let word = word.to_lowercase();
            if node == 0 {
                self.first_words.insert(&word);
            }
            node = match self.nodes.get(node).and_then(|n| n.children.get(&word)) {
                Some(&next) => next,
                None => {
                    let next = self.nodes.len();
                    self.nodes.push(Node::default());
                    if let Some(n) = self.nodes.get_mut(node) {
                        n.children.insert(word, next);
                    }
                    next
                }
            };
        }
        let Some(n) = self.nodes.get_mut(node).filter(|_| any) else { return };
        match &mut n.entry {
            None => n.entry = Some(entry),
            Some(old) => {
                if entry.form == CueForm::Noun {
                    old.noun_reading = true;
                }
            }
        }
    }

    /// The longest lexicon phrase starting at `tokens[start]`, with its length.
    fn longest_at(&self, tokens: &[Token], start: usize) -> Option<(usize, Entry)> {
        if !self.first_words.may_contain(tokens.get(start)?.norm.as_str()) {
            return None;
        }
        let mut node = 0;
        let mut best = None;
        for (k, tok) in tokens.iter().enumerate().skip(start) {
            let Some(&next) = self.nodes.get(node).and_then(|n| n.children.get(tok.norm.as_str()))
            else {
                break;
            };
            node = next;
            if let Some(e) = self.nodes.get(node).and_then(|n| n.entry) {
                best = Some((k + 1 - start, e));
            }
        }
        best
    }

    /// Cues among `tokens`, in order, non-overlapping (longest match first).
    pub fn find(&self, tokens: &[Token]) -> Vec<Cue> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(tokens, i) {
                Some((len, e)) => {
                    let span = match (tokens.get(i), tokens.get(i + len - 1)) {
                        (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
                        _ => break,
                    };
                    out.push(Cue {
                        span,
                        token: i,
                        len,
                        class: e.class,
                        form: e.form,
                        noun_reading: e.noun_reading,
                        strict: e.strict,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Number of distinct phrases in the lexicon.
    pub fn len(&self) -> usize {
        self.nodes.iter().filter(|n| n.entry.is_some()).count()
    }

    /// Whether the lexicon has no phrase.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Tokenizer;

    #[test]
    fn the_root_filter_lets_every_first_word_through() {
        let lex = CueLexicon::english();
        let root = lex.nodes.first().map(|n| n.children.keys().collect::<Vec<_>>());
        let root = root.unwrap_or_default();
        assert!(root.len() > 50, "the English cue lexicon has many first words");
        for word in root {
            assert!(lex.first_words.may_contain(word), "{word}");
        }
    }

    fn cues(text: &str) -> Vec<(String, CueClass, CueForm)> {
        let toks = Tokenizer::english().tokenize(text).unwrap();
        CueLexicon::english()
            .find(&toks)
            .into_iter()
            .map(|c| (c.span.slice(text).to_string(), c.class, c.form))
            .collect()
    }

    #[test]
    fn builtin_lexicon_parses_and_is_large() {
        let lex = CueLexicon::from_toml(ENGLISH_TOML).unwrap();
        assert!(lex.len() > 600, "only {} phrases", lex.len());
    }

    #[test]
    fn bad_toml_is_an_error() {
        assert!(CueLexicon::from_toml("[speech]\nverbs = [\"say|says\"]").is_err());
        assert!(CueLexicon::from_toml("[shouting]\nverbs = []").is_err());
        assert!(CueLexicon::from_toml("not toml = = =").is_err());
    }

    #[test]
    fn finds_classes_and_forms() {
        let got =
            cues("The mayor warned on Monday that rates would rise, adding that taxes would not.");
        assert_eq!(
            got,
            [
                ("warned".to_string(), CueClass::Speech, CueForm::Past),
                ("adding".to_string(), CueClass::Speech, CueForm::Gerund),
            ]
        );
        let got = cues("According to the union, the talks called on both sides to stop.");
        assert_eq!(got[0], ("According to".to_string(), CueClass::According, CueForm::Phrase));
        assert_eq!(got[1], ("called on".to_string(), CueClass::Directive, CueForm::Past));
    }

    #[test]
    fn longest_match_wins_and_case_is_ignored() {
        let got = cues("She POINTED OUT the flaw. He went on to say nothing.");
        assert_eq!(got[0].0, "POINTED OUT");
        assert_eq!(got[1].0, "went on to say");
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn ambiguous_noun_forms_are_marked() {
        let toks = Tokenizer::english().tokenize("Her claims were denied.").unwrap();
        let found = CueLexicon::english().find(&toks);
        assert_eq!(found[0].class, CueClass::Speech);
        assert!(found[0].noun_reading);
        assert_eq!(found[1].class, CueClass::Denial);
        assert!(!found[1].noun_reading);
    }

    #[test]
    fn no_cues_in_unrelated_or_odd_text() {
        assert!(cues("").is_empty());
        assert!(cues("😀 \u{0} 東京 café").is_empty());
        assert!(cues("The committee met at noon in the hall.").is_empty());
    }
}
