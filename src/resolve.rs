//! Speaker resolution: every mention to a canonical name per document.
//!
//! - A name maps to the fullest name in the document that ends with the
//!   same word (`Stoltenberg`, `Mr Stoltenberg` → `Jens Stoltenberg`); when
//!   several full names share it, the most frequent wins.
//! - A pronoun maps to the most recent compatible speaker already resolved:
//!   `he`/`she`/`I` to a person, `they`/`we`/`it` to a group or organisation.
//! - A place standing for a government maps through the gazetteer
//!   (`Moscow` → `Russia`).
//! - A description (`the ministers`) maps to the latest fuller phrase with
//!   the same head earlier in the text (`NATO defence ministers`).
//! - The caller's alias table is applied last, to the canonical name or to
//!   the mention's own words.
//!
//! One pass over the tokens builds the name index; each statement then costs
//! a bounded amount of work.

use std::collections::HashMap;

use ahash::{AHashMap, AHashSet};

use crate::attribution::Statement;
use crate::mention::{self, Gazetteer, PronounClass, Reference};
use crate::span::Span;
use crate::tokenize::Token;

/// Longest canonical name in words: longer runs are headlines, not names.
const MAX_NAME_WORDS: usize = 4;
/// Most lowercase words between a capitalised modifier and a role noun
/// (`NATO defence ministers`).
const MAX_MODIFIERS: usize = 2;

/// Fills `speaker` on each statement that has a mention (or keeps the one
/// already set, e.g. an author's); `aliases` are applied last.
pub fn resolve_speakers(
    text: &str,
    tokens: &[Token],
    statements: &mut [Statement],
    aliases: &HashMap<String, String>,
    author: Option<&str>,
) {
    let g = Gazetteer::english();
    let names = NameIndex::build(text, tokens);
    let mut scratch = NameScratch::default();
    let nominals = nominal_phrases(text, tokens, g, &names, &mut scratch);
    // Mentions in text order, so "most recent" means most recent in the text.
    let mut order: Vec<usize> = (0..statements.len()).collect();
    order.sort_by_key(|&i| {
        statements
            .get(i)
            .map_or(usize::MAX, |s| s.speaker_mention.map_or(s.content.start, |m| m.start))
    });
    let mut recent: Vec<(String, Kind, usize)> = Vec::new();
    // Person descriptions with nothing before them: (statement, position).
    let mut pending: Vec<(usize, usize)> = Vec::new();
    for i in order {
        let Some(st) = statements.get_mut(i) else { continue };
        let Some(m) = st.speaker_mention else {
            if let Some(name) = st.speaker.as_ref() {
                st.speaker = Some(aliases.get(name).cloned().unwrap_or_else(|| name.clone()));
            }
            continue;
        };
        // Words joined by single spaces: a mention may run over a line
        // break, or over an invisible separator read as a space.
        let own = single_spaced(m.slice(text));
        let resolved = match mention::reference(text, tokens, m) {
            Some(Reference::Name(span)) => {
                let name = names.canonical(text, tokens, span, &mut scratch);
                let acronym = name.len() >= 2 && name.chars().all(|c| c.is_uppercase() || c == '.');
                let kind = if acronym || g.is_government(&name) {
                    // `NATO`, `FBI`: an organisation.
                    Kind::Group
                } else if name.split_whitespace().count() >= 2
                    || names.has_person_title(tokens, span)
                {
                    Kind::Person
                } else {
                    Kind::Unknown
                };
                recent.push((name.clone(), kind, m.start));
                Some(name)
            }
            Some(Reference::Metonym) => {
                let name = g.metonym(&mention::metonym_key(&own)).map(str::to_string);
                if let Some(n) = &name {
                    recent.push((n.clone(), Kind::Group, m.start));
                }
                name
            }
            // In a text with an author (a communiqué), `we` and `I` are
            // the author.
            Some(Reference::Pronoun(PronounClass::First)) if author.is_some() => {
                author.map(str::to_string)
            }
            Some(Reference::Pronoun(_)) if author.is_some() && own.eq_ignore_ascii_case("we") => {
                author.map(str::to_string)
            }
            Some(Reference::Pronoun(p)) => {
                let want = match p {
                    PronounClass::Male | PronounClass::Female | PronounClass::First => Kind::Person,
                    PronounClass::Plural | PronounClass::Neuter => Kind::Group,
                };
                let found = antecedent(&recent, &names, want, m.start);
                if found.is_none() && want == Kind::Person {
                    // A headline's `He` names its person further on.
                    pending.push((i, m.start));
                }
                found
            }
            Some(Reference::Nominal(head)) => {
                let found = nominals
                    .get(&head_key(text, head))
                    .and_then(|v| {
                        let j = v.partition_point(|(s, _)| s.start < m.start);
                        j.checked_sub(1).and_then(|j| v.get(j))
                    })
                    .map(|(_, name)| name.clone());
                // `the former prime minister`, `NATO's political chief`:
                // a definite description of one person points back.
                let definite = own.to_lowercase().starts_with("the ")
                    || own.contains("'s")
                    || own.contains("’s");
                let person = definite && g.is_title(&head_key(text, head));
                // `the statement said`: a document speaks for whoever
                // issued it, the latest speaker before it.
                let document = definite && g.is_document(&head_key(text, head));
                let back = || {
                    if person {
                        let head = head_key(text, head);
                        antecedent(&recent, &names, Kind::Person, m.start)
                            .filter(|n| names.fits_title(n, &head))
                    } else if document {
                        recent.iter().rev().find(|r| r.2 <= m.start).map(|r| r.0.clone())
                    } else {
                        None
                    }
                };
                // A document's issuer beats an earlier phrase with the same
                // head (`in a joint statement` names no issuer).
                let found = if document { back().or(found) } else { found.or_else(back) };
                match found {
                    Some(name) => {
                        // A resolved description is a speaker that later
                        // pronouns and documents can point back to.
                        let kind = if person { Kind::Person } else { Kind::Group };
                        recent.push((name.clone(), kind, m.start));
                        Some(name)
                    }
                    None => {
                        let name = strip_article(&own);
                        if person {
                            // Nobody before it: a news lead names the
                            // person later (`the bank's chief said … Jane
                            // Doe said`).
                            pending.push((i, m.start));
                        } else {
                            recent.push((name.clone(), Kind::Group, m.start));
                        }
                        Some(name)
                    }
                }
            }
            None => None,
        };
        let name = resolved.unwrap_or(own.clone());
        let name = aliases.get(&name).or_else(|| aliases.get(&own)).cloned().unwrap_or(name);
        st.speaker = Some(name);
    }
    // Cataphora: the first person named after the description, not far on.
    recent.sort_by_key(|r| r.2);
    for (i, pos) in pending {
        let j = recent.partition_point(|r| r.2 <= pos);
        let next = recent
            .get(j..)
            .unwrap_or_default()
            .iter()
            .take_while(|r| r.2 - pos <= CATAPHORA_WINDOW)
            .find(|r| r.1 == Kind::Person);
        if let (Some((name, _, _)), Some(st)) = (next, statements.get_mut(i)) {
            st.speaker = Some(aliases.get(name).cloned().unwrap_or_else(|| name.clone()));
        }
    }
}

/// Titles that are forms of address, not offices.
const HONORIFICS: &[&str] =
    &["mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "former", "then"];

/// How far (bytes) after a description its person may first be named.
const CATAPHORA_WINDOW: usize = 1500;

/// The speaker a pronoun or description at `pos` points back to: the
/// latest compatible speaker already resolved, or a person named as a
/// sentence subject after it in the text (`Jane Doe arrived. She said …`).
fn antecedent(
    recent: &[(String, Kind, usize)],
    names: &NameIndex,
    want: Kind,
    pos: usize,
) -> Option<String> {
    let spoken = recent.iter().rev().take(8).find(|(_, k, _)| *k == want || *k == Kind::Unknown);
    let named = (want == Kind::Person).then(|| names.subject_before(pos)).flatten();
    match (spoken, named) {
        (Some((n, _, p)), Some((q, m))) => Some(if q > *p { m.clone() } else { n.clone() }),
        (Some((n, _, _)), None) => Some(n.clone()),
        (None, Some((_, m))) => Some(m.clone()),
        (None, None) => None,
    }
}

/// How far back (bytes) a pronoun looks for a subject named in the text.
const SUBJECT_LOOKBACK: usize = 2000;

/// What a resolved speaker can be pointed to by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Person,
    Group,
    Unknown,
}

/// The words of `s` joined by single spaces, in one new string.
fn single_spaced(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn strip_article(s: &str) -> String {
    for a in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest.trim_end_matches(',').to_string();
        }
    }
    s.trim_end_matches(',').to_string()
}

fn head_key(text: &str, head: Span) -> String {
    head.slice(text).to_lowercase()
}

/// The document's names by their last word.
struct NameIndex {
    /// Last word (lowercase) → (full name, occurrences), most frequent first.
    by_last: AHashMap<String, Vec<(String, usize)>>,
    /// Person names standing as sentence subjects: (byte offset, canonical).
    subjects: Vec<(usize, String)>,
    /// Last word of a name (lowercase) → the titles it was given in the
    /// text (`Secretary General Jens Stoltenberg` → secretary, general).
    titles: AHashMap<String, AHashSet<String>>,
}

impl NameIndex {
    fn build(text: &str, tokens: &[Token]) -> Self {
        let g = Gazetteer::english();
        let runs = mention::name_runs(text, tokens, 0, tokens.len());
        // This runs over every name of every text: the run's name is made
        // in buffers kept from run to run and its last word lowercased on
        // the stack, and a string is allocated only for a name, word or
        // title not seen before.
        let mut scratch = NameScratch::default();
        let mut by_last: AHashMap<String, Vec<(String, usize)>> = AHashMap::new();
        let mut titles: AHashMap<String, AHashSet<String>> = AHashMap::new();
        for &(a, b) in &runs {
            let Some(name) = scratch.run_name(text, tokens, a, b) else { continue };
            let Some(word) = name.split_whitespace().last() else { continue };
            // The titles right before the name, inside the run or just
            // before it (`Foreign Minister Jane Doe`, `the minister Doe`).
            let mut start = a;
            while start > 0 && tokens.get(start - 1).is_some_and(|t| g.is_title(&t.norm)) {
                start -= 1;
            }
            let given = tokens.get(start..b).unwrap_or_default().iter().map(|t| t.norm.as_str());
            let mut given = given.take_while(|t| g.is_title(t)).peekable();
            with_lowercase(word, |last| {
                // A name given no title needs no entry: `fits_title` reads
                // a missing entry as an empty one.
                if given.peek().is_some() {
                    update(&mut titles, last, |set| {
                        for t in given {
                            if !set.contains(t) {
                                set.insert(t.to_string());
                            }
                        }
                    });
                }
                update(&mut by_last, last, |v| match v.iter_mut().find(|(n, _)| n == name) {
                    Some(e) => e.1 += 1,
                    None => v.push((name.to_string(), 1)),
                });
            });
        }
        let mut index = NameIndex { by_last, subjects: Vec::new(), titles };
        for (a, b) in runs {
            if !opens_sentence(text, tokens, a) {
                continue;
            }
            let (Some(x), Some(y)) = (tokens.get(a), b.checked_sub(1).and_then(|j| tokens.get(j)))
            else {
                continue;
            };
            let span = Span::new(x.span.start, y.span.end);
            // A subject followed by its verb (`Mr Doe addressed …`).
            let verb_next = tokens.get(b).is_some_and(|t| {
                !mention::is_capitalized(text, t)
                    && t.norm.chars().next().is_some_and(char::is_alphabetic)
            });
            if !verb_next {
                continue;
            }
            let own = scratch.run_name(text, tokens, a, b).unwrap_or_else(|| span.slice(text));
            let name = index.fullest(own);
            if name.split_whitespace().count() >= 2 || index.has_person_title(tokens, span) {
                index.subjects.push((x.span.start, name.to_string()));
            }
        }
        index
    }

    /// The latest person named as a subject before `pos`, not too far back.
    fn subject_before(&self, pos: usize) -> Option<(usize, &String)> {
        let i = self.subjects.partition_point(|(p, _)| *p < pos);
        let (p, n) = self.subjects.get(i.checked_sub(1)?)?;
        (pos - p <= SUBJECT_LOOKBACK).then_some((*p, n))
    }

    /// The fullest name for the name run `span` (see [`Self::fullest`]).
    fn canonical(
        &self,
        text: &str,
        tokens: &[Token],
        span: Span,
        scratch: &mut NameScratch,
    ) -> String {
        let (a, b) = mention::token_range(tokens, span);
        let own = scratch.run_name(text, tokens, a, b).unwrap_or_else(|| span.slice(text));
        self.fullest(own).to_string()
    }

    /// The fullest name for the name `own`: the most frequent name of two
    /// words or more that ends with its last word and contains all of its
    /// words; `own` itself when there is none.
    fn fullest<'a>(&'a self, own: &'a str) -> &'a str {
        let words = || own.split_whitespace();
        let Some(last) = words().last() else { return own };
        let Some(cands) = with_lowercase(last, |last| self.by_last.get(last)) else { return own };
        let n = words().count();
        cands
            .iter()
            .filter(|(c, _)| {
                c.split_whitespace().count() >= n
                    && words().all(|w| c.split_whitespace().any(|x| x == w))
            })
            .max_by_key(|(c, k)| (c.split_whitespace().count() >= 2, *k, c.len()))
            .map_or(own, |(c, _)| c.as_str())
    }

    /// Could a description headed by the title `head` (`the foreign
    /// minister`) refer to `name`? Not when the text gave that person other
    /// titles only (`Secretary General Jens Stoltenberg`); yes when it gave
    /// none, or that one. Honorifics (`Mr`) say nothing about the office.
    fn fits_title(&self, name: &str, head: &str) -> bool {
        let Some(last) = name.split_whitespace().last().map(str::to_lowercase) else { return true };
        let offices: Vec<&String> = self
            .titles
            .get(&last)
            .into_iter()
            .flatten()
            .filter(|t| !HONORIFICS.contains(&t.as_str()))
            .collect();
        offices.is_empty() || offices.iter().any(|t| *t == head)
    }

    /// Does a personal title (`Mr.`, `Sen.`) stand right before the name?
    fn has_person_title(&self, tokens: &[Token], span: Span) -> bool {
        let (a, _) = mention::token_range(tokens, span);
        let g = Gazetteer::english();
        (a.saturating_sub(3)..a).any(|i| tokens.get(i).is_some_and(|t| g.is_title(&t.norm)))
    }
}

/// Does the name run starting at token `a` open its sentence (titles and
/// an article may come first)?
fn opens_sentence(text: &str, tokens: &[Token], a: usize) -> bool {
    let g = Gazetteer::english();
    let mut i = a;
    while i > 0
        && tokens.get(i - 1).is_some_and(|t| {
            g.is_title(&t.norm)
                || t.norm == "the"
                || (t.norm == "."
                    && i >= 2
                    && tokens.get(i - 2).is_some_and(|p| g.is_title(&p.norm)))
        })
    {
        i -= 1;
    }
    let Some(first) = tokens.get(i) else { return false };
    let Some(prev) = i.checked_sub(1).and_then(|j| tokens.get(j)) else { return true };
    matches!(prev.norm.as_str(), "." | "!" | "?" | "”" | "\"" | ":" | "'" | ",")
        || text.get(prev.span.end..first.span.start).is_some_and(|gap| gap.contains('\n'))
}

/// The buffers that [`NameScratch::run_name`] builds a name in, kept from
/// one name run to the next.
#[derive(Default)]
struct NameScratch {
    /// The run's words back to back.
    buf: String,
    /// Each word's range in `buf`.
    words: Vec<std::ops::Range<usize>>,
    /// The name: the kept words joined by spaces.
    name: String,
}

impl NameScratch {
    /// The words of the name run `a..b`, without titles in the middle
    /// (`Russian President Vladimir Putin` → `Vladimir Putin`), at most a
    /// few words. A dot joins the word before it (`Jr.`), a hyphen joins
    /// the words around it (`Jean-Claude`); a dangling hyphen is dropped.
    fn run_name(&mut self, text: &str, tokens: &[Token], a: usize, b: usize) -> Option<&str> {
        let g = Gazetteer::english();
        let start = (a..b)
            .rev()
            .find(|&i| tokens.get(i).is_some_and(|t| g.is_title(&t.norm)))
            .map_or(a, |i| i + 1);
        let start = if start < b { start } else { a };
        let run = tokens.get(start..b)?;
        // Only the last word ever grows or goes, so it always ends where
        // `buf` does.
        let (buf, words) = (&mut self.buf, &mut self.words);
        buf.clear();
        words.clear();
        for t in run {
            let w = t.span.slice(text);
            match w {
                "." => {
                    if let Some(last) = words.last_mut() {
                        buf.push('.');
                        last.end = buf.len();
                    }
                }
                "-" | "&" => {
                    words.push(buf.len()..buf.len() + w.len());
                    buf.push_str(w);
                }
                _ => {
                    if words.last().is_some_and(|l| buf.get(l.clone()) == Some("-")) {
                        if let Some(dash) = words.pop() {
                            buf.truncate(dash.start);
                        }
                        if let Some(last) = words.last_mut() {
                            buf.push('-');
                            buf.push_str(w);
                            last.end = buf.len();
                            continue;
                        }
                    }
                    words.push(buf.len()..buf.len() + w.len());
                    buf.push_str(w);
                }
            }
        }
        let kept = words.iter().filter_map(|r| buf.get(r.clone())).filter(|w| *w != "-");
        let name = &mut self.name;
        name.clear();
        let mut n = 0;
        for w in kept {
            if n > 0 {
                name.push(' ');
            }
            name.push_str(w);
            n += 1;
        }
        (n > 0 && n <= MAX_NAME_WORDS).then_some(name.as_str())
    }
}

/// Calls `f` with `word` lowercased (as `str::to_lowercase`): on the stack
/// for a short ASCII word (the last word of a name, indexed for every name
/// and looked up for every name mention), else in a new `String`.
fn with_lowercase<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    let mut buf = [0u8; 32];
    if let Some(dst) = buf.get_mut(..word.len()).filter(|_| word.is_ascii()) {
        dst.copy_from_slice(word.as_bytes());
        dst.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(dst) {
            return f(lower);
        }
    }
    f(&word.to_lowercase())
}

/// Calls `f` on the value under `key` in `map`, inserted empty if
/// missing: the key is copied into a `String` only then.
fn update<V: Default>(map: &mut AHashMap<String, V>, key: &str, f: impl FnOnce(&mut V)) {
    match map.get_mut(key) {
        Some(v) => f(v),
        None => f(map.entry(key.to_string()).or_default()),
    }
}

/// Role nouns with a capitalised modifier in front (`NATO defence
/// ministers`, `Kremlin officials`), by head word, in text order.
fn nominal_phrases(
    text: &str,
    tokens: &[Token],
    g: &Gazetteer,
    names: &NameIndex,
    scratch: &mut NameScratch,
) -> AHashMap<String, Vec<(Span, String)>> {
    let mut out: AHashMap<String, Vec<(Span, String)>> = AHashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        if !g.is_role(&t.norm) {
            continue;
        }
        // `NATO chief Jens Stoltenberg`: a title right before a name
        // describes that person.
        if g.is_title(&t.norm) {
            let mut e = i + 1;
            while e < tokens.len()
                && e - i <= MAX_NAME_WORDS
                && tokens.get(e).is_some_and(|u| {
                    (mention::is_capitalized(text, u) && !g.is_non_name(&u.norm)) || u.norm == "."
                })
            {
                e += 1;
            }
            if let (Some(a), Some(b)) =
                (tokens.get(i + 1), e.checked_sub(1).and_then(|j| tokens.get(j)))
            {
                if e > i + 1 && mention::is_capitalized(text, a) && !g.is_title(&a.norm) {
                    let span = Span::new(a.span.start, b.span.end);
                    let name = names.canonical(text, tokens, span, scratch);
                    if name.split_whitespace().count() >= 2 {
                        update(&mut out, &t.norm, |v| v.push((t.span, name)));
                        continue;
                    }
                }
            }
        }
        // Walk back over a few lowercase modifiers to a capitalised word.
        let mut j = i;
        let mut found = None;
        for _ in 0..=MAX_MODIFIERS {
            let Some(p) = j.checked_sub(1).and_then(|k| tokens.get(k)) else { break };
            let cur = tokens.get(j).map_or(t.span.start, |c| c.span.start);
            let line_break = text.get(p.span.end..cur).is_some_and(|gap| gap.contains('\n'));
            if line_break || !p.span.slice(text).chars().next().is_some_and(char::is_alphanumeric) {
                break;
            }
            j -= 1;
            if mention::is_capitalized(text, p) && !g.is_non_name(&p.norm) {
                found = Some(j);
                // Keep a capitalised run (`European Union foreign ministers`).
                while j > 0
                    && tokens.get(j - 1).is_some_and(|q| {
                        mention::is_capitalized(text, q) && !g.is_non_name(&q.norm)
                    })
                {
                    j -= 1;
                    found = Some(j);
                }
                break;
            }
        }
        if let Some(s) = found {
            let span = Span::new(tokens.get(s).map_or(t.span.start, |x| x.span.start), t.span.end);
            let name = span.slice(text).to_string();
            update(&mut out, &t.norm, |v| v.push((span, name)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::StatementKind;
    use crate::tokenize::Tokenizer;

    fn stmt(text: &str, mention: &str, nth: usize) -> Statement {
        let start = text.match_indices(mention).nth(nth).map(|(i, _)| i).unwrap_or(0);
        Statement {
            kind: StatementKind::Direct,
            content: Span::new(start, start + mention.len()),
            speaker_mention: Some(Span::new(start, start + mention.len())),
            speaker: None,
            cue: None,
        }
    }

    fn resolve(text: &str, mentions: &[(&str, usize)], aliases: &[(&str, &str)]) -> Vec<String> {
        let tokens = Tokenizer::english().tokenize(text).unwrap_or_default();
        let mut st: Vec<Statement> = mentions.iter().map(|(m, n)| stmt(text, m, *n)).collect();
        let aliases = aliases.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        resolve_speakers(text, &tokens, &mut st, &aliases, None);
        st.into_iter().map(|s| s.speaker.unwrap_or_default()).collect()
    }

    #[test]
    fn surname_and_title_map_to_fullest_name() {
        let text = "Mayor Ana Ruiz opened the session. Ruiz said no. Later Ms. Ruiz said yes.";
        assert_eq!(resolve(text, &[("Ruiz", 1), ("Ms. Ruiz", 0)], &[]), ["Ana Ruiz", "Ana Ruiz"]);
    }

    #[test]
    fn pronouns_take_the_latest_compatible_speaker() {
        let text = "Ana Ruiz spoke first. The city council replied. She said it again. It said no.";
        let got =
            resolve(text, &[("Ana Ruiz", 0), ("The city council", 0), ("She", 0), ("It", 0)], &[]);
        assert_eq!(got[2], "Ana Ruiz");
        assert_eq!(got[3], "city council");
    }

    #[test]
    fn metonyms_and_descriptions() {
        let text = "Moscow denied it. EU farm ministers met on Monday. The ministers said no.";
        let got = resolve(text, &[("Moscow", 0), ("The ministers", 0)], &[]);
        assert_eq!(got, ["Russia", "EU farm ministers"]);
    }

    #[test]
    fn we_is_the_author() {
        let text = "We remain ready to talk. We said so.";
        let tokens = Tokenizer::english().tokenize(text).unwrap_or_default();
        let mut st = vec![stmt(text, "We", 1)];
        resolve_speakers(text, &tokens, &mut st, &HashMap::new(), Some("The Council"));
        assert_eq!(st[0].speaker.as_deref(), Some("The Council"));
    }

    #[test]
    fn he_is_the_subject_named_before() {
        let text = "On Monday, Mr Vance Okoro visited the port. He said it was ready.";
        assert_eq!(resolve(text, &[("He", 0)], &[]), ["Vance Okoro"]);
    }

    #[test]
    fn description_before_any_name_points_forward() {
        let text = "The bank's chief warned of losses. Later, Ana Ruiz said rates would rise.";
        let got = resolve(text, &[("The bank's chief", 0), ("Ana Ruiz", 0)], &[]);
        assert_eq!(got, ["Ana Ruiz", "Ana Ruiz"]);
    }

    #[test]
    fn a_document_speaks_for_its_issuer() {
        let text = "The finance ministers said in a joint statement that rates would hold. \
                    According to the statement, growth is slowing.";
        let got = resolve(text, &[("The finance ministers", 0), ("the statement", 0)], &[]);
        assert_eq!(got[1], got[0]);
        assert_ne!(got[1], "statement");
    }

    #[test]
    fn a_description_skips_a_person_with_another_office() {
        let text = "Secretary General Ann Berg spoke first. She said the talks were useful. \
                    The finance minister said reserves were ample. Speaking later, Omar Sadik \
                    said markets were calm.";
        let got = resolve(text, &[("She", 0), ("The finance minister", 0), ("Omar Sadik", 0)], &[]);
        assert_eq!(got[0], "Ann Berg");
        assert_eq!(got[1], "Omar Sadik", "a minister is not the secretary general");
    }

    /// The first version of [`NameScratch::run_name`], a string per word: the reference
    /// that the one-buffer version must agree with.
    fn run_name_reference(text: &str, tokens: &[Token], a: usize, b: usize) -> Option<String> {
        let g = Gazetteer::english();
        let start = (a..b)
            .rev()
            .find(|&i| tokens.get(i).is_some_and(|t| g.is_title(&t.norm)))
            .map_or(a, |i| i + 1);
        let start = if start < b { start } else { a };
        let mut words: Vec<String> = Vec::new();
        for t in tokens.get(start..b)? {
            let w = t.span.slice(text);
            match w {
                "." => {
                    if let Some(last) = words.last_mut() {
                        last.push('.');
                    }
                }
                "-" | "&" => words.push(w.to_string()),
                _ => {
                    if words.last().is_some_and(|l| l == "-") {
                        words.pop();
                        if let Some(last) = words.last_mut() {
                            last.push('-');
                            last.push_str(w);
                            continue;
                        }
                    }
                    words.push(w.to_string());
                }
            }
        }
        let words: Vec<&str> = words.iter().map(String::as_str).filter(|w| *w != "-").collect();
        (!words.is_empty() && words.len() <= MAX_NAME_WORDS).then(|| words.join(" "))
    }

    proptest::proptest! {
        #[test]
        fn run_name_agrees_with_the_reference(
            picks in proptest::collection::vec(0usize..14, 0..12),
            glue in proptest::collection::vec(proptest::bool::ANY, 12),
            cut in (0usize..14, 0usize..14),
        ) {
            const WORDS: [&str; 14] = [
                "Jean", "-", "Claude", ".", "&", "T", "Mr", "President", "Smith", "de",
                "Jr", "Ann", "Élodie", "O'Neil",
            ];
            let mut text = String::new();
            for (i, &p) in picks.iter().enumerate() {
                if i > 0 && !glue[i] {
                    text.push(' ');
                }
                text.push_str(WORDS[p]);
            }
            let tokens = crate::tokenize::Tokenizer::english().tokenize(&text).unwrap_or_default();
            let (a, b) = (cut.0.min(tokens.len()), cut.1.min(tokens.len()));
            // A scratch that read another run first must not remember it.
            let mut scratch = NameScratch::default();
            let _ = scratch.run_name(&text, &tokens, 0, tokens.len());
            proptest::prop_assert_eq!(
                scratch.run_name(&text, &tokens, a, b).map(str::to_string),
                run_name_reference(&text, &tokens, a, b),
                "{:?} tokens {}..{}", text, a, b
            );
        }
    }

    #[test]
    fn aliases_apply_last() {
        let text = "Ana Ruiz spoke. Ruiz said no.";
        let got = resolve(text, &[("Ruiz", 1)], &[("Ana Ruiz", "Mayor of Springfield")]);
        assert_eq!(got, ["Mayor of Springfield"]);
    }
}
