//! Speaker noun phrases: the words that name or point to a speaker next to
//! a reporting cue (`Stoltenberg said`, `said NATO's political chief`,
//! `The Secretary General of NATO, Jens Stoltenberg, said`), and the name
//! inside such a phrase.
//!
//! No tagger: a phrase is a bounded run of tokens that are not clause links,
//! prepositions (other than `of`) or auxiliaries, with comma-separated
//! appositives allowed around it. Word lists live in
//! `src/data/speakers_en.toml`. Every walk is bounded, so the cost per cue is
//! constant.

use ahash::{AHashMap as HashMap, AHashSet as HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::span::Span;
use crate::tokenize::Token;

/// What a pronoun can stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PronounClass {
    /// `he`
    Male,
    /// `she`
    Female,
    /// `they`, `we`: a group or an organisation.
    Plural,
    /// `it`: an organisation, a government, a document.
    Neuter,
    /// `I`
    First,
}

/// The speaker gazetteer (titles, role nouns, stop words, pronouns,
/// metonyms), from `src/data/speakers_en.toml`.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    titles: WordSet,
    roles: WordSet,
    non_names: WordSet,
    stops: WordSet,
    between: WordSet,
    documents: WordSet,
    pronouns: HashMap<String, PronounClass>,
    metonyms: HashMap<String, String>,
}

#[derive(Deserialize)]
struct GazetteerToml {
    titles: Vec<String>,
    roles: Vec<String>,
    non_names: Vec<String>,
    stops: Vec<String>,
    between: Vec<String>,
    documents: Vec<String>,
    pronouns: HashMap<String, Vec<String>>,
    metonyms: HashMap<String, String>,
}

const ENGLISH_TOML: &str = include_str!("data/speakers_en.toml");

/// A 1024-bit filter of words, keyed on a word's length and first and last
/// bytes: most words that were never inserted are turned away with a
/// multiply and a bit test, where a hash set would hash them. No false
/// negatives: "maybe" must still be checked against the real set.
#[derive(Clone, Debug, Default)]
pub struct WordFilter([u64; 16]);

impl WordFilter {
    /// The filter bit of `word`.
    fn slot(word: &str) -> usize {
        let b = word.as_bytes();
        let (first, last) = (b.first().copied().unwrap_or(0), b.last().copied().unwrap_or(0));
        let len = u32::try_from(b.len()).unwrap_or(u32::MAX);
        let key = len ^ (u32::from(first) << 8) ^ (u32::from(last) << 16);
        // The top 10 bits of a multiplicative hash.
        (key.wrapping_mul(0x9E37_79B1) >> 22) as usize
    }

    /// Lets `word` through from now on.
    pub fn insert(&mut self, word: &str) {
        let s = Self::slot(word);
        if let Some(bits) = self.0.get_mut(s >> 6) {
            *bits |= 1 << (s & 63);
        }
    }

    /// Might `word` have been inserted? (`false` is certain.)
    pub fn may_contain(&self, word: &str) -> bool {
        let s = Self::slot(word);
        self.0.get(s >> 6).is_some_and(|bits| bits & (1 << (s & 63)) != 0)
    }
}

/// A set of words behind a [`WordFilter`]. The speaker stages ask of
/// nearly every token whether it is a title, a role noun..., and nearly
/// every answer is no. Answers are those of the set alone.
#[derive(Clone, Debug, Default)]
pub struct WordSet {
    filter: WordFilter,
    words: HashSet<String>,
}

impl WordSet {
    /// Is `word` in the set?
    pub fn contains(&self, word: &str) -> bool {
        self.filter.may_contain(word) && self.words.contains(word)
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let mut set = WordSet::default();
        for word in iter {
            set.filter.insert(&word);
            set.words.insert(word);
        }
        set
    }
}

impl Gazetteer {
    /// Parses a gazetteer in the format of `speakers_en.toml`.
    pub fn from_toml(source: &str) -> Result<Self, String> {
        let raw: GazetteerToml = toml::from_str(source).map_err(|e| e.to_string())?;
        let set = |v: Vec<String>| v.into_iter().map(|w| w.to_lowercase()).collect::<WordSet>();
        let mut pronouns = HashMap::new();
        for (class, words) in raw.pronouns {
            let class = match class.as_str() {
                "male" => PronounClass::Male,
                "female" => PronounClass::Female,
                "plural" => PronounClass::Plural,
                "neuter" => PronounClass::Neuter,
                "first" => PronounClass::First,
                other => return Err(format!("unknown pronoun class {other:?}")),
            };
            for w in words {
                pronouns.insert(w.to_lowercase(), class);
            }
        }
        Ok(Gazetteer {
            titles: set(raw.titles),
            roles: set(raw.roles),
            non_names: set(raw.non_names),
            stops: set(raw.stops),
            between: set(raw.between),
            documents: set(raw.documents),
            pronouns,
            metonyms: raw.metonyms.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect(),
        })
    }

    /// The built-in English gazetteer (parsed once).
    pub fn english() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        // The built-in file is checked by a unit test; an empty gazetteer is
        // a safe degradation should it ever fail to parse.
        G.get_or_init(|| Gazetteer::from_toml(ENGLISH_TOML).unwrap_or_default())
    }

    /// Is `norm` a title or honorific (`sen`, `secretary`, `mr`)?
    pub fn is_title(&self, norm: &str) -> bool {
        self.titles.contains(norm)
    }

    /// Is `norm` a role noun that can head a speaker phrase (`official`)?
    pub fn is_role(&self, norm: &str) -> bool {
        self.roles.contains(norm)
    }

    /// The pronoun class of `norm`, if it is a speaker pronoun.
    pub fn pronoun(&self, norm: &str) -> Option<PronounClass> {
        self.pronouns.get(norm).copied()
    }

    /// The government a place or building stands for (`moscow` → Russia).
    pub fn metonym(&self, lower: &str) -> Option<&str> {
        self.metonyms.get(lower).map(String::as_str)
    }

    /// Is `name` a government the metonym table points to (`Russia`)?
    pub fn is_government(&self, name: &str) -> bool {
        self.metonyms.values().any(|v| v == name)
    }

    /// Is `norm` a word that may stand between a speaker and its cue?
    pub fn is_between(&self, norm: &str) -> bool {
        self.between.contains(norm)
    }

    /// Is `norm` a noun for a text that speaks for its issuer (`statement`)?
    pub fn is_document(&self, norm: &str) -> bool {
        self.documents.contains(norm)
    }

    /// Is `norm` a capitalised word that is not a name (`Monday`, `The`)?
    pub fn is_non_name(&self, norm: &str) -> bool {
        self.non_names.contains(norm)
    }
}

/// Longest run of tokens in one chunk of a speaker phrase.
const MAX_NP: usize = 10;
/// Longest appositive chunk (`a lawyer at a firm that …`).
const MAX_CHUNK: usize = 28;
/// Most comma-separated chunks in one speaker phrase.
const MAX_CHUNKS: usize = 3;

fn first_char(text: &str, t: &Token) -> Option<char> {
    t.span.slice(text).chars().next()
}

/// The token's first byte when it is ASCII (then it is the whole first
/// character): most tokens are, and need no decoding.
fn ascii_first(text: &str, t: &Token) -> Option<u8> {
    t.span.slice(text).as_bytes().first().copied().filter(u8::is_ascii)
}

/// Does the token start with an uppercase letter?
pub fn is_capitalized(text: &str, t: &Token) -> bool {
    match ascii_first(text, t) {
        Some(b) => b.is_ascii_uppercase(),
        None => first_char(text, t).is_some_and(char::is_uppercase),
    }
}

fn is_word(text: &str, t: &Token) -> bool {
    match ascii_first(text, t) {
        Some(b) => b.is_ascii_alphanumeric(),
        None => first_char(text, t).is_some_and(char::is_alphanumeric),
    }
}

/// Punctuation that ends a chunk of a speaker phrase.
fn is_boundary(norm: &str) -> bool {
    matches!(
        norm,
        "," | ";"
            | ":"
            | "\""
            | "“"
            | "”"
            | "‘"
            | "’"
            | "«"
            | "»"
            | "„"
            | "["
            | "]"
            | "—"
            | "–"
            | "―"
            | "!"
            | "?"
            | "'"
            | "…"
            | "`"
    )
}

/// May token `i` belong to a strict speaker phrase?
fn np_token(text: &str, tokens: &[Token], i: usize, g: &Gazetteer) -> bool {
    let Some(t) = tokens.get(i) else { return false };
    if inside_short_parens(tokens, i) {
        return true;
    }
    match t.norm.as_str() {
        "'s" | "&" | "-" | "/" => return true,
        // `Rep. Jane Doe (D-Ohio)`: a short parenthetical after a name.
        "(" | ")" => return in_short_parens(tokens, i),
        "." => {
            // `Sen.`, `J.`, `U.S.`: an abbreviation dot, not a full stop.
            return i
                .checked_sub(1)
                .and_then(|j| tokens.get(j))
                .is_some_and(|p| is_capitalized(text, p) && p.span.len() <= 4 && is_word(text, p));
        }
        _ => {}
    }
    is_word(text, t) && !g.stops.contains(t.norm.as_str()) && !is_adverb(text, t)
}

/// A lowercase `-ly` word of some length: an adverb (`bluntly`), not part
/// of a speaker phrase. Nouns in `-ly` rarely head one.
fn is_adverb(text: &str, t: &Token) -> bool {
    t.norm.len() >= 6
        && t.norm.ends_with("ly")
        && !is_capitalized(text, t)
        && !matches!(t.norm.as_str(), "family" | "assembly" | "monopoly")
}

/// Is token `i` inside a parenthetical of at most four tokens (`(R-Fla.)`)?
fn inside_short_parens(tokens: &[Token], i: usize) -> bool {
    let norm = |j: usize| tokens.get(j).map(|t| t.norm.as_str());
    let open = (i.saturating_sub(5)..i).rev().find(|&j| matches!(norm(j), Some("(" | ")")));
    let close = (i + 1..i + 6).find(|&j| matches!(norm(j), Some("(" | ")")));
    matches!((open.and_then(norm), close.and_then(norm)), (Some("("), Some(")")))
}

/// Is token `i` a bracket of a parenthetical of at most four tokens?
fn in_short_parens(tokens: &[Token], i: usize) -> bool {
    let norm = |j: usize| tokens.get(j).map(|t| t.norm.as_str());
    match norm(i) {
        Some("(") => (i + 1..i + 6).any(|j| norm(j) == Some(")")),
        Some(")") => (i.saturating_sub(5)..i).any(|j| norm(j) == Some("(")),
        _ => false,
    }
}

/// Start of the strict phrase ending just before `end` (exclusive), not
/// before `lo`; `None` when there is none.
fn strict_back(
    text: &str,
    tokens: &[Token],
    end: usize,
    lo: usize,
    g: &Gazetteer,
) -> Option<usize> {
    // A pronoun is a whole phrase (`after the vote he said`).
    if end > lo && tokens.get(end - 1).is_some_and(|t| g.pronoun(&t.norm).is_some()) {
        return Some(end - 1);
    }
    let mut s = end;
    while s > lo && end - s < MAX_NP && np_token(text, tokens, s - 1, g) {
        s -= 1;
    }
    // A phrase does not start with a joiner.
    while s < end
        && matches!(
            tokens.get(s).map(|t| t.norm.as_str()),
            Some("of" | "'s" | "." | "-" | "&" | "and" | "/")
        )
    {
        s += 1;
    }
    (s < end).then_some(s)
}

/// End (exclusive) of the strict phrase starting at `start`, before `hi`.
fn strict_forward(
    text: &str,
    tokens: &[Token],
    start: usize,
    hi: usize,
    g: &Gazetteer,
) -> Option<usize> {
    let mut e = start;
    while e < hi && e - start < MAX_NP && np_token(text, tokens, e, g) {
        // `and` joins two names, not a name and a clause.
        if tokens.get(e).is_some_and(|t| t.norm == "and")
            && !tokens.get(e + 1).is_some_and(|t| is_capitalized(text, t))
        {
            break;
        }
        e += 1;
    }
    while e > start
        && matches!(
            tokens.get(e - 1).map(|t| t.norm.as_str()),
            Some("of" | "'s" | "-" | "&" | "and" | "/")
        )
    {
        e -= 1;
    }
    (e > start).then_some(e)
}

/// Start of the chunk ending before `end`: back to punctuation or `lo`.
fn chunk_back(tokens: &[Token], end: usize, lo: usize) -> Option<usize> {
    let mut s = end;
    while s > lo && end - s < MAX_CHUNK && !tokens.get(s - 1).is_some_and(|t| is_boundary(&t.norm))
    {
        s -= 1;
    }
    (s < end).then_some(s)
}

fn span_of(tokens: &[Token], start: usize, end: usize) -> Option<Span> {
    let a = tokens.get(start)?;
    let b = tokens.get(end.checked_sub(1)?)?;
    Some(Span::new(a.span.start, b.span.end))
}

/// The speaker phrase that ends just before the cue at token `cue`
/// (`Smith said`, `Smith, the mayor, said`, `the ministers also said`),
/// looking no further back than token `lo`.
pub fn subject_before(text: &str, tokens: &[Token], cue: usize, lo: usize) -> Option<Span> {
    let g = Gazetteer::english();
    let mut e = cue.min(tokens.len());
    while e > lo && tokens.get(e - 1).is_some_and(|t| g.is_between(&t.norm) || is_adverb(text, t)) {
        e -= 1;
    }
    if e <= lo {
        return None;
    }
    if tokens.get(e - 1).is_some_and(|t| t.norm == ",") {
        // `X, an appositive, said`: take comma-separated chunks back from
        // the cue while they read as noun phrases.
        let app_end = e - 1;
        let mut best: Option<usize> = None;
        let mut end = app_end;
        for _ in 0..MAX_CHUNKS {
            let Some(s) = chunk_back(tokens, end, lo) else { break };
            let strict = strict_back(text, tokens, end, s, g) == Some(s);
            let appositive = tokens.get(s).is_some_and(|t| {
                matches!(t.norm.as_str(), "a" | "an" | "the" | "who" | "whose" | "which")
                    || t.norm.chars().next().is_some_and(|c| c.is_ascii_digit())
            });
            if strict {
                best = Some(s);
            } else if !(best.is_none() && (appositive || end == app_end)) {
                // Only the chunk next to the cue may be a free appositive
                // (`X, director of a centre and a professor, said`).
                break;
            }
            if s == 0 || s <= lo || tokens.get(s - 1).is_none_or(|t| t.norm != ",") {
                break;
            }
            end = s - 1;
        }
        let s = best.or_else(|| strict_back(text, tokens, app_end, lo, g))?;
        return span_of(tokens, s, app_end);
    }
    let s = strict_back(text, tokens, e, lo, g)?;
    span_of(tokens, s, e)
}

/// The speaker phrase that starts at token `start`, after an inverted cue
/// (`said Smith`, `said Smith, a lawyer for the family`), before `hi`.
pub fn subject_after(text: &str, tokens: &[Token], start: usize, hi: usize) -> Option<Span> {
    let g = Gazetteer::english();
    let hi = hi.min(tokens.len());
    let e = strict_forward(text, tokens, start, hi, g)?;
    let mut end = e;
    if tokens.get(e).is_some_and(|t| t.norm == ",") {
        // An appositive up to the next comma or the end of the clause.
        let a = e + 1;
        let starts_np = tokens.get(a).is_some_and(|t| {
            matches!(t.norm.as_str(), "a" | "an" | "the")
                || g.is_title(&t.norm)
                || g.is_role(&t.norm)
                || t.norm.chars().next().is_some_and(|c| c.is_ascii_digit())
                || is_capitalized(text, t)
        });
        if starts_np {
            let mut j = a;
            while j < hi
                && j - a < MAX_CHUNK
                && !tokens.get(j).is_some_and(|t| is_boundary(&t.norm) || t.norm == ".")
            {
                j += 1;
            }
            if j > a {
                end = j;
            }
        }
    }
    span_of(tokens, start, end)
}

/// How a speaker phrase refers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// A pronoun (`he`, `they`).
    Pronoun(PronounClass),
    /// A phrase with a name in it: the name's span.
    Name(Span),
    /// A place or building standing for a government (`Moscow`).
    Metonym,
    /// A description without a name (`the ministers`, `a senior official`):
    /// the span of its head noun.
    Nominal(Span),
}

/// Token range `[a, b)` of the tokens inside `span`.
pub fn token_range(tokens: &[Token], span: Span) -> (usize, usize) {
    let a = tokens.partition_point(|t| t.span.start < span.start);
    let b = tokens.partition_point(|t| t.span.end <= span.end);
    (a, b.max(a))
}

/// Capitalised name runs among `tokens[a..b]`, titles stripped, as token
/// ranges. `Sen. Jane Doe` → `Jane Doe`; `Secretary General` → nothing.
pub fn name_runs(text: &str, tokens: &[Token], a: usize, b: usize) -> Vec<(usize, usize)> {
    let g = Gazetteer::english();
    let mut runs = Vec::new();
    let mut i = a;
    while i < b {
        let Some(t) = tokens.get(i) else { break };
        if !(is_capitalized(text, t) && is_word(text, t)) || g.is_non_name(&t.norm) {
            i += 1;
            continue;
        }
        let s = i;
        let mut e = i + 1;
        while e < b {
            let Some(u) = tokens.get(e) else { break };
            // A name never runs over a line break (`Europe\n\nNATO`).
            let prev_end = tokens.get(e - 1).map_or(u.span.start, |p| p.span.end);
            if text.get(prev_end..u.span.start).is_some_and(|gap| gap.contains('\n')) {
                break;
            }
            let joins = match u.norm.as_str() {
                "." | "-" | "&" => tokens.get(e + 1).is_some_and(|n| is_capitalized(text, n)),
                _ => is_capitalized(text, u) && is_word(text, u) && !g.is_non_name(&u.norm),
            };
            if !joins {
                break;
            }
            e += 1;
        }
        // Strip titles (and their dots) in front of the name.
        let mut ns = s;
        while ns < e && tokens.get(ns).is_some_and(|t| g.is_title(&t.norm) || t.norm == ".") {
            ns += 1;
        }
        if ns < e {
            runs.push((ns, e));
        }
        i = e;
    }
    runs
}

/// The key a phrase is looked up under in the metonym table: lowercase,
/// without a leading article, typographic apostrophes folded.
pub fn metonym_key(phrase: &str) -> String {
    // Changed in place (a second string only for a typographic
    // apostrophe): this runs for every speaker mention.
    let mut key = phrase.trim().trim_end_matches(',').to_lowercase();
    if key.contains('’') {
        key = key.replace('’', "'");
    }
    if key.starts_with("the ") {
        key.drain(..4);
    }
    key
}

/// The strict phrase (no appositive) starting at token `start`, before `hi`.
pub fn phrase_after(text: &str, tokens: &[Token], start: usize, hi: usize) -> Option<Span> {
    let e = strict_forward(text, tokens, start, hi.min(tokens.len()), Gazetteer::english())?;
    span_of(tokens, start, e)
}

/// How the speaker phrase `span` refers to its speaker.
pub fn reference(text: &str, tokens: &[Token], span: Span) -> Option<Reference> {
    let g = Gazetteer::english();
    let (a, b) = token_range(tokens, span);
    if b == a + 1 {
        if let Some(p) = tokens.get(a).and_then(|t| g.pronoun(&t.norm)) {
            return Some(Reference::Pronoun(p));
        }
    }
    if g.metonym(&metonym_key(span.slice(text))).is_some() {
        return Some(Reference::Metonym);
    }
    // `NATO's political chief` names a role holder, not NATO.
    let runs: Vec<(usize, usize)> = name_runs(text, tokens, a, b)
        .into_iter()
        .filter(|&(s, e)| {
            let possessive = tokens.get(e).is_some_and(|t| t.norm == "'s")
                && tokens.get(e + 1).is_some_and(|t| e + 1 < b && !is_capitalized(text, t));
            // `Norwegian prime minister`: one capitalised word before a
            // lowercase one is a modifier; `US Secretary` ends in a title.
            let modifier = e == s + 1
                && e < b
                && tokens.get(e).is_some_and(|t| is_word(text, t) && !is_capitalized(text, t));
            let title_end = tokens.get(e - 1).is_some_and(|t| g.is_title(&t.norm));
            !(possessive || modifier || title_end)
        })
        .collect();
    // A full name (two words or more) wins over a lone word, which may be
    // an organisation in a title phrase (`the Secretary General of NATO`).
    let best = runs.iter().find(|(s, e)| e - s >= 2).or_else(|| runs.first());
    if let Some(&(s, e)) = best {
        return span_of(tokens, s, e).map(Reference::Name);
    }
    // A description: its head is the last word before any comma.
    let mut h = b;
    for i in a..b {
        if tokens.get(i).is_some_and(|t| t.norm == ",") {
            h = i;
            break;
        }
    }
    let head = (a..h).rev().find(|&i| tokens.get(i).is_some_and(|t| is_word(text, t)))?;
    tokens.get(head).map(|t| Reference::Nominal(t.span))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Tokenizer;
    use proptest::prelude::*;

    proptest! {
        /// The filter never turns a member away: a word set answers as
        /// its plain hash set does.
        #[test]
        fn word_set_answers_as_a_hash_set(
            words in proptest::collection::vec("[a-zé.’-]{0,9}", 0..60),
            probes in proptest::collection::vec("[a-zé.’-]{0,9}", 0..60),
        ) {
            let set: WordSet = words.iter().cloned().collect();
            let plain: HashSet<String> = words.iter().cloned().collect();
            for w in words.iter().chain(&probes) {
                prop_assert_eq!(set.contains(w), plain.contains(w.as_str()), "{}", w);
            }
        }
    }

    #[test]
    fn the_english_lists_are_found_through_the_filter() {
        let raw: GazetteerToml = toml::from_str(ENGLISH_TOML).unwrap_or_else(|e| panic!("{e}"));
        let g = Gazetteer::english();
        for w in &raw.titles {
            assert!(g.is_title(&w.to_lowercase()), "{w}");
        }
        for w in &raw.roles {
            assert!(g.is_role(&w.to_lowercase()), "{w}");
        }
        for w in &raw.non_names {
            assert!(g.is_non_name(&w.to_lowercase()), "{w}");
        }
        assert!(!g.is_title("said") && !g.is_role(",") && !g.is_non_name(""));
    }

    fn toks(text: &str) -> Vec<Token> {
        Tokenizer::english().tokenize(text).unwrap_or_default()
    }

    fn idx(tokens: &[Token], norm: &str) -> usize {
        tokens.iter().position(|t| t.norm == norm).unwrap_or(usize::MAX)
    }

    fn before(text: &str, cue: &str) -> Option<String> {
        let t = toks(text);
        subject_before(text, &t, idx(&t, cue), 0).map(|s| s.slice(text).to_string())
    }

    #[test]
    fn gazetteer_parses() {
        let g = Gazetteer::from_toml(ENGLISH_TOML).unwrap();
        assert!(g.is_title("sen") && g.is_role("spokeswoman"));
        assert_eq!(g.metonym("moscow"), Some("Russia"));
        assert_eq!(g.pronoun("she"), Some(PronounClass::Female));
    }

    #[test]
    fn plain_subject_before_cue() {
        assert_eq!(
            before("In an interview, Mayor Ann Lowe said the plan works.", "said").as_deref(),
            Some("Mayor Ann Lowe")
        );
        assert_eq!(
            before("The finance ministers also said they agreed.", "said").as_deref(),
            Some("The finance ministers")
        );
        assert_eq!(
            before("After the vote he told reporters it was over.", "told").as_deref(),
            Some("he")
        );
    }

    #[test]
    fn appositive_subject() {
        let t = "The Chair of the Board, Maria Osei, said the firm would grow.";
        assert_eq!(before(t, "said").as_deref(), Some("The Chair of the Board, Maria Osei"));
        let t = "On Friday, Tom Reed, a lawyer for the union, said talks had failed.";
        assert_eq!(before(t, "said").as_deref(), Some("Tom Reed, a lawyer for the union"));
    }

    #[test]
    fn inverted_subject_after_cue() {
        let text = "“We are done,” said Carla Diaz, the council’s budget chief.";
        let t = toks(text);
        let s = subject_after(text, &t, idx(&t, "said") + 1, t.len()).unwrap();
        assert_eq!(s.slice(text), "Carla Diaz, the council’s budget chief");
        let text = "“Fine,” said the city's top lawyer in a memo.";
        let t = toks(text);
        let s = subject_after(text, &t, idx(&t, "said") + 1, t.len()).unwrap();
        assert_eq!(s.slice(text), "the city's top lawyer");
    }

    #[test]
    fn references() {
        let text = "Sen. Jane Doe spoke. He left. Moscow replied. The finance ministers met.";
        let t = toks(text);
        let r = |a: usize, b: usize| reference(text, &t, Span::new(a, b));
        assert_eq!(r(0, 13), Some(Reference::Name(Span::new(5, 13))));
        assert_eq!(r(21, 23), Some(Reference::Pronoun(PronounClass::Male)));
        assert_eq!(r(30, 36), Some(Reference::Metonym));
        let Some(Reference::Nominal(h)) = r(46, 67) else { panic!("nominal expected") };
        assert_eq!(h.slice(text), "ministers");
    }
}
