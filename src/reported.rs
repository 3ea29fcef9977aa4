//! Reported speech without (or with partial) quotation marks: indirect and
//! mixed statements introduced by a cue.
//!
//! Frames, each decided from the cue and a bounded window of tokens around
//! it inside one sentence (so the whole pass is linear in the document):
//! - forward: `X said (that) …`, `X urged Y to …`, `X denied …ing`;
//! - postposed: `…, X said.` / `…, said X.` and the parenthetical
//!   `A, X said, B` (two statements sharing speaker and cue, which the
//!   PolNeAR scorer merges into one two-fragment attribution);
//! - `according to X, …` / `…, according to X.`;
//! - participle clauses `…, saying …` / `…, adding …` (speaker of the
//!   main clause);
//! - nominal reports `X's claim that …`, `the statement by X that …`.
//!
//! Content spans follow the PolNeAR conventions: a complementizer `that` is
//! part of the content, the final period is not. A cue inside a quotation
//! is skipped (nested attributions are not annotated), and a content that is
//! exactly one quotation is left to the direct-quote stage.

use crate::attribution::{Statement, StatementKind};
use crate::cues::{Cue, CueClass, CueForm};
use crate::mention;
use crate::quotes::Quote;
use crate::span::Span;
use crate::tokenize::Token;

/// Longest subject noun phrase looked for left of a cue, in tokens.
const MAX_SUBJECT: usize = 40;
/// Longest stretch of adjuncts allowed after a postposed `X said`.
const MAX_TAIL: usize = 6;
/// Look-ahead for a `that` after the cue (`told reporters on Monday that`).
const MAX_THAT_GAP: usize = 8;

/// Words between a subject and its verb: auxiliaries, adverbs, negation.
const VERB_PREFIX: &[&str] = &[
    "has",
    "have",
    "had",
    "also",
    "would",
    "will",
    "did",
    "does",
    "do",
    "not",
    "n't",
    "never",
    "previously",
    "repeatedly",
    "later",
    "then",
    "again",
    "once",
    "recently",
    "privately",
    "publicly",
    "reportedly",
    "often",
    "frequently",
    "first",
    "initially",
    "further",
    "even",
    "still",
    "already",
    "long",
    "could",
    "might",
    "may",
    "should",
    "can",
    "must",
    "simply",
    "just",
    "flatly",
    "openly",
    "explicitly",
    "strongly",
    "firmly",
    "quickly",
    "immediately",
    "only",
    "always",
    "both",
    "all",
    "herself",
    "himself",
    "themselves",
    "itself",
    "'s",
    "'ve",
    "'d",
    "'ll",
    "subsequently",
    "ultimately",
    "finally",
    "now",
    "since",
    "earlier",
    "too",
    "officially",
    "formally",
    "personally",
    "specifically",
    "vehemently",
    "adamantly",
    "consistently",
    "loudly",
    "angrily",
    "separately",
    "similarly",
];

/// Forms of `be` and `get`: before a past participle they make a passive
/// (`was told`, `is expected`), which does not report the subject's words.
const PASSIVE: &[&str] = &["is", "was", "were", "are", "be", "been", "being", "am", "get", "got"];

/// Single-word subjects.
const PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you", "who", "this"];

/// Words that open an adjunct after a postposed `X said`.
const TAIL_WORDS: &[&str] = &[
    "in",
    "on",
    "at",
    "during",
    "after",
    "before",
    "last",
    "this",
    "yesterday",
    "today",
    "tonight",
    "earlier",
    "later",
    "recently",
    "of",
    "to",
    "about",
    "when",
    "while",
    "as",
    "via",
    "by",
    "reporters",
    "told",
    "again",
    "also",
    "then",
    "with",
    "recently",
    "afterward",
    "afterwards",
    "separately",
    "privately",
    "publicly",
    "repeatedly",
    "previously",
];

/// Day names, which may follow a postposed cue (`…, she said Monday.`).
const DAYS: &[&str] =
    &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// What may follow a strict cue (`pledged to`, `knows that`, `thinks he`).
const STRICT_OPENERS: &[&str] = &[
    "that", "to", "whether", "if", "why", "how", "what", "when", "where", "who", "he", "she",
    "they", "we", "i", "you", "it", "there", "this",
];

/// What follows `seemed` / `is expected` when it reads a subject's state
/// (`seemed to waver`, `appeared ready to …`), not a place (`appeared at`).
const APPEARANCE_COMPLEMENTS: &[&str] = &[
    "to",
    "likely",
    "unlikely",
    "ready",
    "poised",
    "set",
    "certain",
    "sure",
    "willing",
    "eager",
    "reluctant",
    "open",
    "intent",
    "determined",
    "closer",
    "headed",
    "convinced",
    "confident",
    "unaware",
    "aware",
    "unable",
    "able",
    "unwilling",
    "uncertain",
    "unsure",
    "prepared",
];

/// Common irregular past tenses (a coordinated act: `and took`).
const PAST_IRREGULAR: &[&str] = &[
    "took", "made", "went", "gave", "got", "came", "left", "met", "sent", "held", "kept", "spent",
    "won", "lost", "ran", "began", "brought", "saw", "sat", "stood", "became", "fought", "led",
    "paid", "put", "set", "struck", "threw", "drew", "flew", "rode", "shook", "broke", "chose",
];

/// Prepositions that cannot open reported content.
const LEADING_PREPOSITIONS: &[&str] = &[
    "before",
    "after",
    "during",
    "since",
    "under",
    "through",
    "near",
    "outside",
    "inside",
    "throughout",
    "by",
];

/// Openers of a complement clause that are not `that`.
const CLAUSE_OPENERS: &[&str] = &[
    "whether", "if", "why", "how", "what", "when", "where", "who", "which", "he", "she", "they",
    "it", "we", "i", "you", "there", "the", "this", "these", "those", "his", "her", "their", "its",
    "our", "my", "no", "none", "nothing", "everyone", "nobody", "a", "an", "some", "all", "both",
];

/// Verbs whose object is the addressee before the content (`told reporters
/// that …`): recognised by the look-ahead for `that`, listed for clarity.
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "our", "my"];

/// Indirect and mixed statements of a document, in order.
pub fn find_reported(
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
    quotes: &[Quote],
    cues: &[Cue],
) -> Vec<Statement> {
    let in_quote = quote_marks(tokens, quotes);
    let mut out = Vec::new();
    let mut t0 = 0;
    let mut c0 = 0;
    for &sent in sentences {
        while t0 < tokens.len() && tokens[t0].span.start < sent.start {
            t0 += 1;
        }
        let mut t1 = t0;
        while t1 < tokens.len() && tokens[t1].span.end <= sent.end {
            t1 += 1;
        }
        while c0 < cues.len() && cues[c0].token < t0 {
            c0 += 1;
        }
        let mut c1 = c0;
        while c1 < cues.len() && cues[c1].end_token() <= t1 {
            c1 += 1;
        }
        if t1 > t0 {
            let s = Sentence {
                text,
                toks: tokens.get(t0..t1).unwrap_or(&[]),
                quoted: in_quote.get(t0..t1).unwrap_or(&[]),
                quotes,
                base: t0,
            };
            s.statements(cues.get(c0..c1).unwrap_or(&[]), &mut out);
        }
        t0 = t1;
        c0 = c1;
    }
    out.sort_by_key(|s| (s.content.start, s.content.end));
    out
}

/// For each token, whether it lies inside a quotation (marks included).
fn quote_marks(tokens: &[Token], quotes: &[Quote]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    let mut q = 0;
    for (i, t) in tokens.iter().enumerate() {
        while quotes.get(q).is_some_and(|qu| qu.outer.end <= t.span.start) {
            q += 1;
        }
        if let (Some(slot), Some(qu)) = (out.get_mut(i), quotes.get(q)) {
            *slot = qu.outer.contains(t.span);
        }
    }
    out
}

/// One sentence's tokens and what the frames need to look at them.
struct Sentence<'a> {
    text: &'a str,
    toks: &'a [Token],
    quoted: &'a [bool],
    quotes: &'a [Quote],
    /// Index of `toks[0]` in the document's token list.
    base: usize,
}

/// A statement under construction, in sentence-local token indices.
struct Found {
    /// Content token ranges (one or two fragments).
    content: Vec<(usize, usize)>,
    speaker: Option<(usize, usize)>,
    cue: (usize, usize),
}

fn is_punct(t: &Token) -> bool {
    !t.norm.chars().any(char::is_alphanumeric)
}

fn is_quote_mark(t: &Token) -> bool {
    t.norm.chars().all(|c| "\"'`“”‘’„‚«»‹›".contains(c))
}

impl Sentence<'_> {
    fn norm(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.norm.as_str())
    }

    fn raw(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.span.slice(self.text))
    }

    fn is_cap(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn punct(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(is_punct)
    }

    /// Index of the last token that is not closing punctuation.
    fn content_end(&self, end: usize) -> usize {
        let mut e = end;
        while e > 0
            && matches!(self.norm(e - 1), "." | "," | ";" | ":" | "!" | "?" | "-" | "—" | "–")
        {
            e -= 1;
        }
        e
    }

    /// The statements of this sentence.
    fn statements(&self, cues: &[Cue], out: &mut Vec<Statement>) {
        let n = self.toks.len();
        // Tokens up to `covered` belong to an earlier statement's content:
        // cues there are nested attributions and are not reported again.
        let mut covered: Option<(usize, usize)> = None;
        let mut last_speaker: Option<(usize, usize)> = None;
        let local: Vec<Cue> = cues
            .iter()
            .map(|c| Cue { token: c.token.saturating_sub(self.base), ..*c })
            .filter(|c| c.token < n)
            .collect();
        if let Some(found) = self.name_colon() {
            covered = found.content.first().copied();
            last_speaker = found.speaker;
            self.emit(&found, out);
        }
        // `X said A, according to Y`: the outer `according to` owns the whole
        // clause, so it is placed first and the inner cue is then nested.
        let according = |c: &Cue| c.class == CueClass::According;
        let order = (0..local.len())
            .filter(|&k| local.get(k).is_some_and(according))
            .chain((0..local.len()).filter(|&k| local.get(k).is_some_and(|c| !according(c))));
        for k in order {
            let Some(cue) = local.get(k) else { continue };
            if self.quoted.get(cue.token).copied().unwrap_or(false) {
                continue;
            }
            if covered.is_some_and(|(a, b)| cue.token >= a && cue.token < b)
                && !self.opens_participle(cue)
            {
                continue;
            }
            let next_cue = local.get(k + 1..).unwrap_or(&[]);
            let Some(found) = self.frame(cue, next_cue, last_speaker) else { continue };
            if found.speaker.is_some() {
                last_speaker = found.speaker;
            }
            for &(a, b) in &found.content {
                covered = Some(match covered {
                    Some((ca, cb)) => (ca.min(a), cb.max(b)),
                    None => (a, b),
                });
            }
            self.emit(&found, out);
        }
    }

    /// `Name: words` (a headline or a transcript line): the capitalised
    /// phrase before the colon speaks the rest of the sentence.
    fn name_colon(&self) -> Option<Found> {
        let colon = (1..self.toks.len().min(8)).find(|&i| self.norm(i) == ":")?;
        let name_like = (0..colon).all(|i| {
            !self.quoted.get(i).copied().unwrap_or(true)
                && (self.is_cap(i) || matches!(self.norm(i), "'s" | "." | "-" | "&" | "'"))
        });
        // `Q:` / `A:` label an interview's turns; the asker is unnamed.
        let lone_label = colon == 1 && self.raw(0).chars().count() < 3;
        if !name_like || lone_label {
            return None;
        }
        let end = self.content_end(self.toks.len());
        if (colon + 1..end).filter(|&i| !self.punct(i)).count() < 3 {
            return None;
        }
        Some(Found {
            content: vec![(colon + 1, end)],
            speaker: Some((0, colon)),
            cue: (colon, colon + 1),
        })
    }

    /// `Asked about X, …` / `When asked whether …, …`: the question is
    /// reported, its asker left unnamed.
    fn asked(&self, cue: &Cue) -> Option<Found> {
        let lead = match cue.token {
            0 => true,
            1 => matches!(self.norm(0), "when" | "after" | "if" | "once" | "while"),
            _ => false,
        };
        if !lead || self.norm(cue.token) != "asked" {
            return None;
        }
        let start = cue.end_token();
        let comma = (start..self.toks.len().min(start + 40)).find(|&i| self.norm(i) == ",")?;
        (comma > start + 1).then(|| Found {
            content: vec![(start, comma)],
            speaker: None,
            cue: (cue.token, cue.end_token()),
        })
    }

    /// `X seemed to …`, `X is expected to …`: one content from the subject
    /// through the complement, with no named source.
    fn appearance(&self, cue: &Cue, next: &[Cue]) -> Option<Found> {
        let after = cue.end_token();
        if !APPEARANCE_COMPLEMENTS.contains(&self.norm(after)) {
            return None;
        }
        let before = self.skip_verb_prefix(cue.token);
        let (a, _) = self.subject_left(before)?;
        let end = self.clause_end(after, next);
        (end > after).then(|| Found {
            content: vec![(a, end)],
            speaker: None,
            cue: (cue.token, after),
        })
    }

    /// Converts a found frame to statements (one per content fragment).
    fn emit(&self, f: &Found, out: &mut Vec<Statement>) {
        let span_of = |(a, b): (usize, usize)| -> Option<Span> {
            if b <= a {
                return None;
            }
            let first = self.toks.get(a)?;
            let last = self.toks.get(b - 1)?;
            Some(Span::new(first.span.start, last.span.end))
        };
        let speaker = f.speaker.and_then(span_of);
        let cue = span_of(f.cue);
        for &frag in &f.content {
            let Some(content) = span_of(frag) else { continue };
            let Some(kind) = self.kind_of(content) else { continue };
            out.push(Statement { kind, content, speaker_mention: speaker, speaker: None, cue });
        }
    }

    /// Mixed when the content holds a quotation, indirect when it holds
    /// none, `None` when it is one quotation (the direct-quote stage's).
    fn kind_of(&self, content: Span) -> Option<StatementKind> {
        let start = self.quotes.partition_point(|q| q.outer.end <= content.start);
        let mut any = false;
        for q in self.quotes.get(start..).unwrap_or(&[]) {
            if q.outer.start >= content.end {
                break;
            }
            if q.outer.overlaps(content) {
                any = true;
                let rest_before = Span::new(content.start, q.outer.start).slice(self.text);
                let rest_after = Span::new(q.outer.end, content.end).slice(self.text);
                let bare = |s: &str| s.chars().all(|c| !c.is_alphanumeric());
                if bare(rest_before) && bare(rest_after) {
                    return None;
                }
            }
        }
        Some(if any { StatementKind::Mixed } else { StatementKind::Indirect })
    }

    /// Whether `cue` opens a participle clause: `…, saying …`.
    fn opens_participle(&self, cue: &Cue) -> bool {
        // `…, adding`, `…,” adding`: a comma, possibly inside a closing quote.
        let after_comma = |k: usize| {
            matches!(self.norm(k), "," | "and" | "—" | "–" | "-")
                || (k > 0 && is_quote_mark(&self.toks[k]) && self.norm(k - 1) == ",")
        };
        cue.form == CueForm::Gerund
            && cue.token > 0
            && after_comma(cue.token - 1)
            && matches!(cue.class, CueClass::Speech | CueClass::Directive | CueClass::Denial)
    }

    /// The frame `cue` heads, if any.
    fn frame(
        &self,
        cue: &Cue,
        next: &[Cue],
        last_speaker: Option<(usize, usize)>,
    ) -> Option<Found> {
        match (cue.class, cue.form) {
            (CueClass::According, _) => self.according(cue),
            (CueClass::Appearance, _) => self.appearance(cue, next),
            _ if cue.token <= 1 && self.norm(cue.token) == "asked" => self.asked(cue),
            (CueClass::Speech, CueForm::Phrase) => None, // `in a statement`: an adjunct
            (CueClass::Noun, _) => self.nominal(cue, next),
            // `the governor's claim that …`: a verb form read as a noun.
            _ if cue.noun_reading
                && cue.token > 0
                && matches!(
                    self.norm(cue.token - 1),
                    "'s" | "'"
                        | "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "our"
                        | "my"
                        | "your"
                        | "this"
                        | "that"
                        | "these"
                        | "those"
                ) =>
            {
                self.nominal(cue, next)
            }
            (_, CueForm::Noun) => None,
            _ if self.opens_participle(cue) => self.participle(cue, next, last_speaker),
            (_, CueForm::Gerund) => {
                self.forward(cue, next, last_speaker).or_else(|| self.noun_participle(cue, next))
            }
            _ => self.postposed(cue).or_else(|| self.forward(cue, next, last_speaker)),
        }
    }

    /// Where a content that starts after `from` ends: the sentence end, a
    /// semicolon, or the comma before the next participle cue.
    fn clause_end(&self, from: usize, next: &[Cue]) -> usize {
        let mut end = self.toks.len();
        // Bounded: a sentence with thousands of cues stays linear.
        for c in next.iter().filter(|c| c.token > from).take(8) {
            if self.quoted.get(c.token).copied().unwrap_or(false) {
                continue;
            }
            // `…, at the forum she said …`: a later report with a subject
            // of its own, after a comma, ends this content at that comma.
            if matches!(c.form, CueForm::Past | CueForm::Present)
                && !matches!(c.class, CueClass::Noun | CueClass::According)
            {
                let subject = self.subject_left(self.skip_verb_prefix(c.token));
                if let Some((a, _)) = subject.filter(|&(a, _)| a > from) {
                    if let Some(comma) = (from + 1..a).rev().find(|&k| {
                        self.norm(k) == "," && !self.quoted.get(k).copied().unwrap_or(false)
                    }) {
                        end = end.min(comma);
                        break;
                    }
                }
            }
            if self.opens_participle(c) {
                end = end.min(c.token.saturating_sub(1));
                break;
            }
            // `… and has stressed that …`: a coordinated report of the
            // same subject starts a statement of its own.
            if let Some(b) = self.coordinated(c).filter(|&b| b > from) {
                end = end.min(b);
                break;
            }
        }
        let not_quoted = |i: usize| !self.quoted.get(i).copied().unwrap_or(false);
        // `… and tried to …`, `…, but took …`: the subject's next act, not
        // part of what it said.
        if let Some(i) = (from + 1..end).find(|&i| {
            matches!(self.norm(i), "and" | "but")
                && not_quoted(i)
                && self.toks.get(i + 1).is_some_and(|t| {
                    !self.is_cap(i + 1)
                        && (t.norm.ends_with("ed") || PAST_IRREGULAR.contains(&t.norm.as_str()))
                })
                // A verb with its object (`and took a seat`), not an
                // adjective before a noun (`and unsettled weather`).
                && matches!(
                    self.norm(i + 2),
                    "the" | "a" | "an" | "to" | "his" | "her" | "their" | "its" | "him" | "them"
                        | "it" | "on" | "for" | "with" | "in" | "about" | "up" | "out" | "back"
                )
        }) {
            end = end.min(if self.norm(i - 1) == "," { i - 1 } else { i });
        }
        if let Some(i) = (from..end).find(|&i| self.norm(i) == ";" && not_quoted(i)) {
            end = i;
        }
        // `…, which …`, `…, who …`: a relative clause on the last noun is
        // not part of what was said; nor is a contrast the writer adds
        // (`…, but …`, `…, while …`).
        if let Some(i) = (from + 1..end).find(|&i| {
            self.norm(i) == ","
                && not_quoted(i)
                && matches!(
                    self.norm(i + 1),
                    "which" | "who" | "whom" | "whose" | "where" | "when" | "but" | "while"
                )
        }) {
            end = i;
        }
        self.content_end(end)
    }

    /// For a verb cue coordinated with an earlier one (`and has stressed`,
    /// `, and denied`, `but insisted`), the index of its conjunction.
    fn coordinated(&self, c: &Cue) -> Option<usize> {
        if !matches!(c.form, CueForm::Past | CueForm::Present) || c.class == CueClass::Noun {
            return None;
        }
        let b = self.skip_verb_prefix(c.token);
        let conj = b.checked_sub(1)?;
        if !matches!(self.norm(conj), "and" | "but") {
            return None;
        }
        Some(if conj > 0 && self.norm(conj - 1) == "," { conj - 1 } else { conj })
    }

    /// `X said (that) …`, `X urged Y to …`, `X denied …`.
    fn forward(
        &self,
        cue: &Cue,
        next: &[Cue],
        last_speaker: Option<(usize, usize)>,
    ) -> Option<Found> {
        let mut before = self.skip_verb_prefix(cue.token);
        if cue.form == CueForm::Gerund {
            // `has been warning`, `is saying`: progressive, not a participle.
            if before == 0 || !PASSIVE.contains(&self.norm(before - 1)) {
                return None;
            }
            before = self.skip_verb_prefix(before - 1);
        } else if before > 0 {
            // `to say`, `was told`, `is expected`: not the subject's report.
            let w = self.norm(before - 1);
            if w == "to" || PASSIVE.contains(&w) {
                return None;
            }
        }
        let speaker = match self.coordinated(cue) {
            Some(_) => last_speaker.or_else(|| self.sentence_subject(before)),
            None => self.subject_left(before),
        };
        speaker?;
        let after = cue.end_token();
        let start = self.content_start(cue, after, next)?;
        let end = self.clause_end(start, next);
        if end <= start {
            return None;
        }
        Some(Found { content: vec![(start, end)], speaker, cue: (cue.token, cue.end_token()) })
    }

    /// First content token after a forward cue, or `None` when what follows
    /// does not look like reported content for this class of cue.
    fn content_start(&self, cue: &Cue, after: usize, next: &[Cue]) -> Option<usize> {
        let n = self.toks.len();
        // `told reporters on Monday that …`: the content starts at `that`,
        // unless a reporting noun owns it (`doubted the claim that …`).
        let mut gap_end = (after + MAX_THAT_GAP).min(n);
        if let Some(c) = next.iter().find(|c| c.token >= after && c.token < gap_end) {
            gap_end = c.token;
        }
        for i in after..gap_end {
            let w = self.norm(i);
            if w == "that" {
                return Some(i);
            }
            if self.punct(i)
                || self.quoted.get(i).copied().unwrap_or(false)
                || matches!(
                    w,
                    "and" | "but" | "or" | "is" | "was" | "are" | "were" | "will" | "would"
                )
            {
                break;
            }
        }
        let mut i = after;
        if self.norm(i) == ":" {
            return (i + 1 < n).then_some(i + 1);
        }
        // `said Tuesday`, `said in an interview` before a bare clause.
        while i < n
            && matches!(
                self.norm(i),
                "monday"
                    | "tuesday"
                    | "wednesday"
                    | "thursday"
                    | "friday"
                    | "saturday"
                    | "sunday"
                    | "yesterday"
                    | "today"
                    | "again"
                    | "also"
                    | "repeatedly"
                    | "publicly"
                    | "privately"
                    | "earlier"
                    | "later"
                    | "recently"
            )
        {
            i += 1;
        }
        let w = self.norm(i);
        if i >= n || self.punct(i) && !is_quote_mark(&self.toks[i]) {
            return None;
        }
        // `assured before the meeting`, `replied to the letter`: an adjunct
        // or a prepositional object, not reported content.
        if LEADING_PREPOSITIONS.contains(&w) {
            return None;
        }
        if cue.strict && !(STRICT_OPENERS.contains(&w) || is_quote_mark(&self.toks[i])) {
            return None;
        }
        match cue.class {
            CueClass::Speech | CueClass::Denial | CueClass::Stance => Some(i),
            // `urged Russia to …`: an addressee and an infinitive, except
            // for `call for` / `push for`, whose object is the demand.
            CueClass::Directive => {
                let takes_object = self.norm(cue.end_token() - 1) == "for";
                let has_to = (i..(i + 10).min(n)).any(|k| self.norm(k) == "to");
                (takes_object || has_to).then_some(i)
            }
            CueClass::Belief | CueClass::Evidence => {
                (w == "to" || CLAUSE_OPENERS.contains(&w) || self.is_cap(i)).then_some(i)
            }
            _ => None,
        }
    }

    /// Index of the first token of the words between subject and verb.
    fn skip_verb_prefix(&self, cue_token: usize) -> usize {
        let mut i = cue_token;
        while i > 0 && VERB_PREFIX.contains(&self.norm(i - 1)) {
            i -= 1;
        }
        i
    }

    /// The subject noun phrase ending just before token `end`, with
    /// appositives between commas (`Jane Doe, a lawyer for the city,`).
    fn subject_left(&self, end: usize) -> Option<(usize, usize)> {
        let lo = end.saturating_sub(MAX_SUBJECT);
        let Some(span) = mention::subject_before(self.text, self.toks, end, lo) else {
            // `…, who said …`: a relative pronoun stands for its antecedent.
            let k = end.checked_sub(1)?;
            return matches!(self.norm(k), "who" | "which").then_some((k, end));
        };
        let (a, b) = mention::token_range(self.toks, span);
        if b <= a || self.quoted.get(a..b).is_some_and(|q| q.iter().any(|&x| x)) {
            return None;
        }
        Some((a, b))
    }

    /// First token of the possessor ending before `end` (the `'s`):
    /// a run of capitalised words (`Mr. Ruiz`), or a noun with its
    /// determiner (`the governor`).
    fn possessor(&self, end: usize) -> Option<usize> {
        let last = end.checked_sub(1)?;
        if self.punct(last) {
            return None;
        }
        let mut i = last;
        if self.is_cap(last) {
            while i > 0 && (self.is_cap(i - 1) || self.norm(i - 1) == ".") && last - i < 6 {
                i -= 1;
            }
            while self.punct(i) && i < last {
                i += 1;
            }
        } else if i > 0 && DETERMINERS.contains(&self.norm(i - 1)) {
            i -= 1;
        }
        Some(i)
    }

    /// A noun phrase starting at `start` and running to a comma, the
    /// sentence end or closing punctuation (`according to X, …`, `said X.`).
    fn np_right(&self, start: usize, max: usize) -> Option<(usize, usize)> {
        let n = self.toks.len();
        let mut i = start;
        while i < n && i < start + max {
            let w = self.norm(i);
            if matches!(w, "," | ";" | ":" | "." | "?" | "!" | "(" | ")")
                && !(w == "."
                    && i + 1 < n
                    && !self.punct(i + 1)
                    && i > start
                    && self.raw(i - 1).chars().count() <= 3)
            {
                break;
            }
            if is_quote_mark(&self.toks[i]) || w == "that" {
                break;
            }
            i += 1;
        }
        (i > start).then_some((start, i))
    }

    /// `…, X said.`, `…, said X.`, `A, X said, B`.
    fn postposed(&self, cue: &Cue) -> Option<Found> {
        let n = self.toks.len();
        let cue_range = (cue.token, cue.end_token());
        let before = self.skip_verb_prefix(cue.token);
        if before == 0 || cue.form == CueForm::Gerund {
            return None;
        }
        let (speaker, boundary, tail_start, inverted) = if let Some(sp) =
            self.subject_left(before).filter(|&(a, _)| a > 0 && is_boundary(self.norm(a - 1)))
        {
            // `…, the mayor said`: the subject runs back to a boundary.
            (sp, sp.0 - 1, cue.end_token(), false)
        } else if is_boundary(self.norm(before - 1)) && before == cue.token {
            // Inverted: `…, said the mayor.` The speaker is a name or a
            // description, never a pronoun, and runs to the sentence end.
            let first = cue.end_token();
            if PRONOUNS.contains(&self.norm(first))
                || !(self.is_cap(first) || DETERMINERS.contains(&self.norm(first)))
            {
                return None;
            }
            let span = mention::subject_after(self.text, self.toks, first, n)?;
            let sp = mention::token_range(self.toks, span);
            (sp, before - 1, sp.1, true)
        } else {
            return None;
        };
        // A content of a few words at least must precede the boundary.
        let content_end =
            self.content_end(boundary + usize::from(is_quote_mark(&self.toks[boundary])));
        // (A short `A` is fine in `A, X said, B`: checked once B is known.)
        let a_words = (0..content_end).filter(|&i| !self.punct(i)).count();
        if a_words == 0 {
            return None;
        }
        // What follows: end of sentence, an adjunct, or `, B`.
        let mut i = tail_start;
        let tail_floor = (i + MAX_TAIL).min(n);
        while i < tail_floor && !matches!(self.norm(i), "," | "." | "?" | "!" | ";" | ":") {
            if self.norm(i) == "that" || is_quote_mark(&self.toks[i]) {
                return None;
            }
            // `said Tuesday`, `told CNN`, `said in a statement`; a capital
            // after any other cue opens its object clause (`said Ms. Chen …`).
            let addressee = self.is_cap(i) && matches!(self.norm(cue.token), "told" | "tells");
            if i == tail_start
                && !TAIL_WORDS.contains(&self.norm(i))
                && !DAYS.contains(&self.norm(i))
                && !addressee
            {
                return None;
            }
            i += 1;
        }
        // A final stop must end the sentence (not an abbreviation's dot).
        if matches!(self.norm(i), "." | "?" | "!") && ((i + 1)..n).any(|k| !self.punct(k)) {
            return None;
        }
        // `A; B, she said`: the report is B.
        let content_start = (1..content_end)
            .rev()
            .find(|&k| !self.quoted.get(k).copied().unwrap_or(false) && self.norm(k - 1) == ";")
            .unwrap_or(0);
        let mut content = vec![(content_start, content_end)];
        match self.norm(i) {
            "." | "?" | "!" | "" => {}
            "," => {
                // `A, X said, B` unless B is a participle clause of its own.
                let b_start = i + 1;
                let b_end = self.content_end(n);
                // After an inverted `said X,` the comma opens X's appositive.
                if !inverted
                    && b_end > b_start
                    && !self.toks.get(b_start).is_some_and(|t| t.norm.ends_with("ing"))
                {
                    content.push((b_start, b_end));
                }
            }
            _ if i >= n => {}
            _ => return None,
        }
        if content.len() == 1 && a_words < 3 {
            return None; // `On Monday, she said.` is not a report of `On Monday`
        }
        Some(Found { content, speaker: Some(speaker), cue: cue_range })
    }

    /// `…, saying …`: the speaker is the main clause's.
    fn participle(
        &self,
        cue: &Cue,
        next: &[Cue],
        last_speaker: Option<(usize, usize)>,
    ) -> Option<Found> {
        let start = self.content_start(cue, cue.end_token(), next)?;
        let end = self.clause_end(start, next);
        if end <= start {
            return None;
        }
        let speaker = last_speaker.or_else(|| self.sentence_subject(cue.token));
        Some(Found { content: vec![(start, end)], speaker, cue: (cue.token, cue.end_token()) })
    }

    /// `a petition calling on him to resign`, `a letter urging …`: the
    /// noun before the participle is the source.
    fn noun_participle(&self, cue: &Cue, next: &[Cue]) -> Option<Found> {
        let prev = cue.token.checked_sub(1)?;
        if self.punct(prev)
            || PASSIVE.contains(&self.norm(prev))
            || VERB_PREFIX.contains(&self.norm(prev))
        {
            return None;
        }
        if !matches!(cue.class, CueClass::Speech | CueClass::Directive | CueClass::Denial) {
            return None;
        }
        let mut speaker = self.subject_left(cue.token)?;
        // `X released a statement noting …`: a document speaks for whoever
        // issued it, the subject of the sentence.
        let head = speaker.1.checked_sub(1).map(|h| self.norm(h));
        if head.is_some_and(|h| mention::Gazetteer::english().is_document(h)) {
            if let Some(subject) = self.sentence_subject(speaker.0).filter(|s| s.1 <= speaker.0) {
                speaker = subject;
            }
        }
        let start = self.content_start(cue, cue.end_token(), next)?;
        let end = self.clause_end(start, next);
        (end > start).then(|| Found {
            content: vec![(start, end)],
            speaker: Some(speaker),
            cue: (cue.token, cue.end_token()),
        })
    }

    /// The noun phrase opening the sentence, up to its first verb-like word.
    fn sentence_subject(&self, limit: usize) -> Option<(usize, usize)> {
        let mut i = 0;
        // Skip a fronted adjunct: `On Tuesday, …`.
        if let Some(c) = (0..limit.min(6)).find(|&k| self.norm(k) == ",") {
            i = c + 1;
        }
        let span = mention::subject_after(self.text, self.toks, i, limit)?;
        let (a, b) = mention::token_range(self.toks, span);
        (b > a).then_some((a, b))
    }

    /// `according to X, …`, `…, according to X.`, `A, according to X, B`.
    fn according(&self, cue: &Cue) -> Option<Found> {
        let n = self.toks.len();
        let sp = self.np_right(cue.end_token(), 25)?;
        let cue_range = (cue.token, cue.end_token());
        let after = sp.1;
        let mut content = Vec::new();
        if cue.token > 0 {
            let mut b = cue.token;
            while b > 0 && matches!(self.norm(b - 1), "," | "—" | "–" | "(") {
                b -= 1;
            }
            let a_end = self.content_end(b);
            if a_end > 0 {
                content.push((0, a_end));
            }
        }
        if self.norm(after) == "," {
            let e = self.content_end(n);
            if e > after + 1 {
                content.push((after + 1, e));
            }
        }
        (!content.is_empty()).then_some(Found { content, speaker: Some(sp), cue: cue_range })
    }

    /// `X's claim that …`, `the statement by X that …`, `his warning that …`.
    fn nominal(&self, cue: &Cue, next: &[Cue]) -> Option<Found> {
        let mut i = cue.end_token();
        let mut speaker = None;
        if matches!(self.norm(i), "by" | "from") {
            let np = self.np_right(i + 1, 8)?;
            speaker = Some(np);
            i = np.1;
        }
        if self.norm(i) != "that" {
            return None;
        }
        if speaker.is_none() && cue.token > 0 {
            let p = cue.token - 1;
            let w = self.norm(p);
            if w == "'s" || w == "'" {
                speaker = self.possessor(p).map(|a| (a, p + 1));
            } else if matches!(w, "his" | "her" | "their" | "its" | "our" | "my" | "your") {
                speaker = Some((p, p + 1));
            }
        }
        let end = self.clause_end(i, next);
        (end > i).then(|| Found {
            content: vec![(i, end)],
            speaker,
            cue: (cue.token, cue.end_token()),
        })
    }
}

/// Tokens that end a content before a postposed `X said`.
fn is_boundary(w: &str) -> bool {
    matches!(w, "," | "—" | "–" | "”" | "\"" | "''" | "'" | "’")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cues::CueLexicon;
    use crate::quotes::find_quotes;
    use crate::segment;
    use crate::tokenize::Tokenizer;

    /// (kind, content, speaker, cue) of each reported statement of `text`.
    fn run(text: &str) -> Vec<(StatementKind, String, Option<String>, Option<String>)> {
        let sentences = segment::sentences(text);
        let paragraphs = segment::paragraphs(text);
        let tokens = Tokenizer::english().tokenize(text).unwrap();
        let quotes = find_quotes(text, &paragraphs);
        let cues = CueLexicon::english().find(&tokens);
        find_reported(text, &sentences, &tokens, &quotes, &cues)
            .into_iter()
            .map(|s| {
                (
                    s.kind,
                    s.content.slice(text).to_string(),
                    s.speaker_mention.map(|m| m.slice(text).to_string()),
                    s.cue.map(|c| c.slice(text).to_string()),
                )
            })
            .collect()
    }

    fn one(text: &str) -> (StatementKind, String, Option<String>, Option<String>) {
        let got = run(text);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        got.into_iter().next().unwrap()
    }

    #[test]
    fn forward_speech_keeps_that_and_drops_the_period() {
        let (kind, content, speaker, cue) =
            one("The harbour master said that the ferries would resume on Friday.");
        assert_eq!(kind, StatementKind::Indirect);
        assert_eq!(content, "that the ferries would resume on Friday");
        assert_eq!(speaker.as_deref(), Some("The harbour master"));
        assert_eq!(cue.as_deref(), Some("said"));
    }

    #[test]
    fn addressee_and_time_before_that_are_skipped() {
        let (_, content, speaker, cue) =
            one("Ms. Okafor told reporters on Monday that the budget was balanced.");
        assert_eq!(content, "that the budget was balanced");
        assert_eq!(speaker.as_deref(), Some("Ms. Okafor"));
        assert_eq!(cue.as_deref(), Some("told"));
    }

    #[test]
    fn appositive_subject_is_the_whole_noun_phrase() {
        let (_, content, speaker, _) =
            one("The head of the port authority, Maria Lind, warned the strike could last weeks.");
        assert_eq!(content, "the strike could last weeks");
        let speaker = speaker.unwrap();
        assert!(speaker.contains("Maria Lind"), "{speaker}");
    }

    #[test]
    fn postposed_and_inverted_reports() {
        let (_, content, speaker, _) = one("The bridge will reopen next spring, the council said.");
        assert_eq!(content, "The bridge will reopen next spring");
        assert_eq!(speaker.as_deref(), Some("the council"));
        let (_, content, speaker, _) =
            one("Fares will rise by five percent, said Tom Berger, the transit chief.");
        assert_eq!(content, "Fares will rise by five percent");
        assert!(speaker.unwrap().starts_with("Tom Berger"));
    }

    #[test]
    fn parenthetical_report_gives_two_fragments_with_one_speaker_and_cue() {
        let got = run("The new line, the engineers said, would halve travel times.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1, "The new line");
        assert_eq!(got[1].1, "would halve travel times");
        assert_eq!(got[0].2, got[1].2);
        assert_eq!(got[0].3, got[1].3);
    }

    #[test]
    fn directive_content_includes_the_addressee() {
        let (_, content, speaker, cue) = one("The union urged the company to reopen the talks.");
        assert_eq!(content, "the company to reopen the talks");
        assert_eq!(speaker.as_deref(), Some("The union"));
        assert_eq!(cue.as_deref(), Some("urged"));
        // Without an infinitive, `pressed` is not a directive report.
        assert!(run("The senator pressed the button twice.").is_empty());
    }

    #[test]
    fn denial_content_is_the_object() {
        let (_, content, _, cue) = one("The ministry denied sending troops across the river.");
        assert_eq!(content, "sending troops across the river");
        assert_eq!(cue.as_deref(), Some("denied"));
    }

    #[test]
    fn according_to_before_and_after() {
        let (_, content, speaker, cue) =
            one("According to the weather service, the storm will weaken overnight.");
        assert_eq!(content, "the storm will weaken overnight");
        assert_eq!(speaker.as_deref(), Some("the weather service"));
        assert_eq!(cue.as_deref(), Some("According to"));
        let (_, content, speaker, _) =
            one("Ticket sales doubled last year, according to the festival organisers.");
        assert_eq!(content, "Ticket sales doubled last year");
        assert_eq!(speaker.as_deref(), Some("the festival organisers"));
    }

    #[test]
    fn according_to_owns_an_inner_report() {
        let (_, content, speaker, _) =
            one("The mayor said the road would close, according to two aides.");
        assert_eq!(content, "The mayor said the road would close");
        assert_eq!(speaker.as_deref(), Some("two aides"));
    }

    #[test]
    fn a_document_noun_before_a_participle_gives_the_issuer() {
        let text = "The central bank has issued a statement warning that inflation may rise.";
        let (_, content, speaker, cue) = one(text);
        assert_eq!(speaker.as_deref(), Some("The central bank"));
        assert_eq!(cue.as_deref(), Some("warning"));
        assert!(content.contains("inflation may rise"), "{content}");
    }

    #[test]
    fn participle_clause_shares_the_main_speaker() {
        let got = run("The minister rejected the report, saying it ignored the new data.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1, "the report");
        assert_eq!(got[1].1, "it ignored the new data");
        assert_eq!(got[1].2.as_deref(), Some("The minister"));
        assert_eq!(got[1].3.as_deref(), Some("saying"));
    }

    #[test]
    fn coordinated_reports_split_with_the_same_speaker() {
        let got = run("The coach said the team was tired and insisted that nobody would rest.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1, "the team was tired");
        assert_eq!(got[1].1, "that nobody would rest");
        assert_eq!(got[1].2.as_deref(), Some("The coach"));
    }

    #[test]
    fn nominal_report_with_possessive_source() {
        let (_, content, speaker, cue) =
            one("Residents mocked the governor's claim that taxes would fall.");
        assert_eq!(content, "that taxes would fall");
        assert_eq!(speaker.as_deref(), Some("the governor's"));
        assert_eq!(cue.as_deref(), Some("claim"));
    }

    #[test]
    fn mixed_when_the_clause_quotes_a_phrase() {
        let (kind, content, _, _) =
            one("The agency said the leak posed \"no danger at all\" to residents.");
        assert_eq!(kind, StatementKind::Mixed);
        assert_eq!(content, "the leak posed \"no danger at all\" to residents");
    }

    #[test]
    fn a_whole_quotation_is_left_to_the_direct_stage() {
        assert!(run("\"We will not back down,\" the mayor said.").is_empty());
        assert!(run("The mayor said: \"We will not back down.\"").is_empty());
    }

    #[test]
    fn cues_inside_quotations_are_not_reported() {
        let got = run("\"My neighbour said the water was safe,\" Ana Ruiz recalled.");
        assert!(got.iter().all(|s| s.1 != "the water was safe"), "{got:?}");
    }

    #[test]
    fn non_reporting_uses_are_ignored() {
        for text in [
            "The United States sent aid to the region.",
            "She was told to wait outside.",
            "He wants to know the price, to say the least.",
            "The state in May held elections.",
            "The singer appeared at a rally in the park.",
        ] {
            let got = run(text);
            assert!(got.iter().all(|s| s.3.as_deref() != Some("states")), "{text}: {got:?}");
            assert!(got.iter().all(|s| s.3.as_deref() != Some("told")), "{text}: {got:?}");
            assert!(got.iter().all(|s| s.3.as_deref() != Some("appeared")), "{text}: {got:?}");
        }
    }

    #[test]
    fn appearance_frame_covers_subject_and_complement() {
        let (_, content, speaker, cue) = one("The bill is expected to pass the Senate next week.");
        assert_eq!(content, "The bill is expected to pass the Senate next week");
        assert_eq!(speaker, None);
        assert_eq!(cue.as_deref(), Some("is expected"));
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "said",
            ", said .",
            "according to",
            "😀 said 😀, according to 東京.",
            "\u{0}said\u{0} that",
            "\"said\" \"that\" : : ,,, said, said, said",
        ] {
            let _ = run(text);
        }
        let long = "a said b, ".repeat(5000);
        assert!(!run(&long).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn spans_lie_on_char_boundaries(text in "\\PC{0,120}") {
            let sentences = segment::sentences(&text);
            let paragraphs = segment::paragraphs(&text);
            let tokens = Tokenizer::english().tokenize(&text).unwrap();
            let quotes = find_quotes(&text, &paragraphs);
            let cues = CueLexicon::english().find(&tokens);
            for s in find_reported(&text, &sentences, &tokens, &quotes, &cues) {
                proptest::prop_assert!(text.get(s.content.start..s.content.end).is_some());
                proptest::prop_assert!(!s.content.is_empty());
                if let Some(m) = s.speaker_mention {
                    proptest::prop_assert!(text.get(m.start..m.end).is_some());
                }
            }
        }
    }
}
