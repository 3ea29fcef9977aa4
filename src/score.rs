//! Stance scores from lexicon matches and rules, with the evidence behind
//! every score.
//!
//! Each statement is scanned once, left to right, over its tokens (found by
//! binary search on the token array): at each position the lexicon's matcher
//! gives the longest phrase starting there, and a small state machine applies
//! the VADER-style rules documented in `docs/lexicon.md`:
//! negation scope, intensifiers and hedges, contrast, denial cues, and the
//! statement's own cue as evidence. The weights of a stance add up to `x`,
//! and the score is `x / sqrt(x² + ALPHA)`, in `[0, 1)`.

use std::ops::Range;

use ndarray::Array2;

use crate::lexicon::matcher::{Class, FirstSteps, Payload};
use crate::lexicon::{Lexicon, NegationTarget};
use crate::span::Span;
use crate::tokenize::{Token, TokenBuf, Tokenizer};

/// Normalisation constant: a total weight of 1.0 scores 0.447, 2.0 scores
/// 0.707, 4.0 scores 0.894 (VADER uses 15 for its wider weight scale).
pub const ALPHA: f32 = 4.0;
/// A negator negates matches that start within this many tokens after it.
pub const NEGATION_WINDOW: usize = 4;
/// A denial cue inside the content turns matches that start within this
/// many tokens after it into denial.
pub const DENIAL_WINDOW: usize = 10;
/// Weight factor of matches before a contrast marker in the same sentence.
pub const CONTRAST_BEFORE: f32 = 0.5;
/// Weight factor of matches after a contrast marker in the same sentence.
pub const CONTRAST_AFTER: f32 = 1.5;

/// Modifier names recorded in [`Evidence::modifiers`].
pub mod modifier {
    /// Inside a negation scope; counted for the stance `[negation]` maps to.
    pub const NEGATED: &str = "negated";
    /// Inside a negation scope whose target is `none`: weight 0.
    pub const CANCELLED: &str = "cancelled";
    /// Scaled up by an intensifier.
    pub const INTENSIFIED: &str = "intensified";
    /// Scaled down by a hedge.
    pub const HEDGED: &str = "hedged";
    /// The object of a denial cue: counted for `denial`.
    pub const DENIED_OBJECT: &str = "denied-object";
    /// Before a contrast marker in its sentence (or in a clause opened by a
    /// sentence-initial one): weight × [`super::CONTRAST_BEFORE`].
    pub const BEFORE_CONTRAST: &str = "before-contrast";
    /// After a contrast marker: weight × [`super::CONTRAST_AFTER`].
    pub const AFTER_CONTRAST: &str = "after-contrast";
    /// Matched in the statement's cue, not its content.
    pub const CUE: &str = "cue";
}

/// One lexicon match and what the rules did to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Evidence {
    /// Byte span of the matched words.
    pub span: Span,
    /// Stance column index the match counts for (after negation/denial).
    pub stance: usize,
    /// The lexicon entry that matched (as written in the lexicon).
    pub entry: String,
    /// The weight after modifiers (0 for a cancelled match).
    pub weight: f32,
    /// Names of the modifiers applied (see [`modifier`]), in order.
    pub modifiers: Vec<String>,
}

/// One match as the scan records it: [`Evidence`] without its strings.
/// The entry is an index into the lexicon's terms or cue terms and the
/// modifiers are the constant names, so that a scan copies no string and
/// touches nothing that threads share: scores need only the weights, and
/// evidence is made of the hits only where it is kept.
#[derive(Clone, Debug)]
struct Hit {
    span: Span,
    stance: usize,
    /// The lexicon table the entry is in, and its index there.
    table: Class,
    entry: u32,
    weight: f32,
    modifiers: Vec<&'static str>,
}

impl Hit {
    fn evidence(&self, lexicon: &Lexicon) -> Evidence {
        let terms = match self.table {
            Class::Content => lexicon.terms(),
            Class::Cue => lexicon.cue_terms(),
        };
        Evidence {
            span: self.span,
            stance: self.stance,
            entry: terms.get(self.entry as usize).map(|e| e.term.clone()).unwrap_or_default(),
            weight: self.weight,
            modifiers: self.modifiers.iter().map(|m| m.to_string()).collect(),
        }
    }
}

/// The score of a total weight: `x / sqrt(x² + ALPHA)`, in `[0, 1)`.
pub fn normalize(x: f32) -> f32 {
    if x > 0.0 && x.is_finite() {
        x / (x * x + ALPHA).sqrt()
    } else if x == f32::INFINITY {
        1.0 - f32::EPSILON
    } else {
        0.0
    }
}

/// The words a scan reads, in text order: each one's normalized form and
/// byte span: a document's [`Token`]s, or a [`TokenBuf`] (a text scored
/// without building a string per token).
pub trait Words {
    /// Number of words.
    fn count(&self) -> usize;
    /// The normalized form of word `k`.
    fn norm(&self, k: usize) -> Option<&str>;
    /// The byte span of word `k` in the text.
    fn span(&self, k: usize) -> Option<Span>;
}

impl Words for [Token] {
    fn count(&self) -> usize {
        self.len()
    }
    fn norm(&self, k: usize) -> Option<&str> {
        self.get(k).map(|t| t.norm.as_str())
    }
    fn span(&self, k: usize) -> Option<Span> {
        self.get(k).map(|t| t.span)
    }
}

impl Words for TokenBuf {
    fn count(&self) -> usize {
        self.len()
    }
    fn norm(&self, k: usize) -> Option<&str> {
        TokenBuf::norm(self, k)
    }
    fn span(&self, k: usize) -> Option<Span> {
        TokenBuf::span(self, k)
    }
}

/// The first index in `0..n` where `pred` turns false (it must be true then
/// false along the range): a binary search over any [`Words`].
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The tokens lying entirely inside `span`, as an index range (binary
/// search: tokens are sorted and do not overlap).
pub fn token_range(tokens: &[Token], span: Span) -> Range<usize> {
    word_range(tokens, span)
}

/// [`token_range`] over any [`Words`].
pub fn word_range<W: Words + ?Sized>(tokens: &W, span: Span) -> Range<usize> {
    let n = tokens.count();
    let lo = partition(n, |k| tokens.span(k).is_some_and(|t| t.start < span.start));
    let hi = partition(n, |k| tokens.span(k).is_some_and(|t| t.end <= span.end));
    lo..hi.max(lo)
}

fn is_sentence_end(norm: &str) -> bool {
    matches!(norm, "." | "!" | "?")
}

fn is_clause_break(norm: &str) -> bool {
    matches!(norm, "," | ";" | ":" | "—" | "–" | "-" | "(" | ")" | "…")
}

/// The rule state while scanning one token range.
struct Scan<'l> {
    lexicon: &'l Lexicon,
    first: &'l FirstSteps,
    class: Class,
    denial: Option<usize>,
    /// Matches starting before this token index are negated.
    neg_until: usize,
    /// Matches starting before this token index are denied objects.
    denial_until: usize,
    /// The next match's factor and the modifiers it comes from.
    pending: f32,
    pending_names: Vec<&'static str>,
    /// Evidence index where the current sentence starts.
    sentence_ev: usize,
    /// Whether a word of the current sentence has been seen.
    in_sentence: bool,
    /// Evidence index where a clause opened by a sentence-initial contrast
    /// marker starts: its weight is settled at the first clause break
    /// ("Although X, Y": X is weaker) or at the sentence end ("But X.": X is
    /// the stronger side).
    initial_contrast: Option<usize>,
    /// A contrast marker was seen in this sentence.
    after_contrast: bool,
    /// A denial scope was open at the end of the range (for a cue).
    open_denial: bool,
}

impl<'l> Scan<'l> {
    fn new(lexicon: &'l Lexicon, first: &'l FirstSteps, class: Class) -> Self {
        Scan {
            lexicon,
            first,
            class,
            denial: lexicon.stance_index("denial"),
            neg_until: 0,
            denial_until: 0,
            pending: 1.0,
            pending_names: Vec::new(),
            sentence_ev: 0,
            in_sentence: false,
            initial_contrast: None,
            after_contrast: false,
            open_denial: false,
        }
    }

    fn clear_pending(&mut self) {
        self.pending = 1.0;
        self.pending_names.clear();
    }

    fn end_clause(&mut self, ev: &mut [Hit]) {
        self.neg_until = 0;
        self.denial_until = 0;
        self.clear_pending();
        if let Some(i) = self.initial_contrast.take() {
            // "Although X, Y": the main clause after the comma carries weight.
            scale(ev.get_mut(i..).unwrap_or_default(), CONTRAST_BEFORE, modifier::BEFORE_CONTRAST);
            self.after_contrast = true;
        }
    }

    fn end_sentence(&mut self, ev: &mut [Hit]) {
        if let Some(i) = self.initial_contrast.take() {
            // "But X." with no clause break: X is the side that counts.
            scale(ev.get_mut(i..).unwrap_or_default(), CONTRAST_AFTER, modifier::AFTER_CONTRAST);
        }
        self.end_clause(ev);
        self.after_contrast = false;
        self.in_sentence = false;
        self.sentence_ev = ev.len();
    }

    fn run<W: Words + ?Sized>(&mut self, tokens: &W, range: Range<usize>, ev: &mut Vec<Hit>) {
        let matcher = self.lexicon.matcher();
        let norms = |k: usize| tokens.norm(k);
        let mut k = range.start;
        while k < range.end {
            let (Some(norm), Some(tok_span)) = (tokens.norm(k), tokens.span(k)) else { break };
            if is_sentence_end(norm) {
                self.end_sentence(ev);
                k += 1;
                continue;
            }
            if is_clause_break(norm) {
                self.end_clause(ev);
                k += 1;
                continue;
            }
            let Some(m) = matcher.longest(norms, self.first, k, range.end, self.class) else {
                self.in_sentence = true;
                k += 1;
                continue;
            };
            let end = m.end.max(k + 1);
            let span =
                Span::new(tok_span.start, tokens.span(end - 1).map_or(tok_span.end, |t| t.end));
            // A phrase with its own negator ("not compromise on", "no plans
            // to") carries its negation: an outer negator ("we cannot and
            // will not compromise") does not flip it back.
            let negated = k < self.neg_until && !self.has_negator(tokens, k..end);
            let mut took_term = false;
            for &p in m.payloads {
                let (table, i) = match (p, self.class) {
                    (Payload::Term(i), Class::Content) => (self.lexicon.terms(), i),
                    (Payload::Cue(i), Class::Cue) => (self.lexicon.cue_terms(), i),
                    _ => continue,
                };
                if let Some(entry) = table.get(i as usize) {
                    ev.push(self.hit(span, entry, i, negated, k));
                    took_term = true;
                }
            }
            if took_term {
                self.clear_pending();
            }
            for &p in m.payloads {
                match p {
                    Payload::Negator => self.neg_until = end + NEGATION_WINDOW,
                    Payload::Intensifier(f) => {
                        self.pending *= f;
                        self.pending_names.push(modifier::INTENSIFIED);
                    }
                    Payload::Hedge(f) => {
                        self.pending *= f;
                        self.pending_names.push(modifier::HEDGED);
                    }
                    Payload::Contrast => self.contrast(ev),
                    Payload::DenialCue if negated => {
                        // "did not deny deploying": the object is affirmed,
                        // so the negation ends here.
                        self.neg_until = 0;
                    }
                    Payload::DenialCue => {
                        self.denial_until = end + DENIAL_WINDOW;
                        self.open_denial = true;
                    }
                    Payload::Term(_) | Payload::Cue(_) => {}
                }
            }
            self.in_sentence = true;
            k = end;
        }
        self.open_denial &= self.denial_until > 0;
        self.end_sentence(ev);
    }

    /// Whether a token of `range` is a negator on its own.
    fn has_negator<W: Words + ?Sized>(&self, tokens: &W, range: Range<usize>) -> bool {
        let norms = |k: usize| tokens.norm(k);
        range.clone().any(|k| {
            self.lexicon
                .matcher()
                .longest(norms, self.first, k, k + 1, self.class)
                .is_some_and(|m| m.payloads.contains(&Payload::Negator))
        })
    }

    fn contrast(&mut self, ev: &mut [Hit]) {
        if !self.in_sentence {
            self.initial_contrast = Some(ev.len());
            return;
        }
        let before = ev.get_mut(self.sentence_ev..).unwrap_or_default();
        scale(before, CONTRAST_BEFORE, modifier::BEFORE_CONTRAST);
        // Those are settled: a later marker must not rescan them (linear time).
        self.sentence_ev = ev.len();
        self.neg_until = 0;
        self.denial_until = 0;
        self.clear_pending();
        self.after_contrast = true;
    }

    /// The hit of `entry` (at `index` in its table) matched at `span`,
    /// beginning at token `k`, with the rules' modifiers.
    fn hit(
        &self,
        span: Span,
        entry: &crate::lexicon::Entry,
        index: u32,
        negated: bool,
        k: usize,
    ) -> Hit {
        let mut weight = entry.weight as f32 * self.pending;
        let mut stance = entry.stance;
        let mut mods: Vec<&'static str> = Vec::new();
        if self.class == Class::Cue {
            mods.push(modifier::CUE);
        }
        mods.extend_from_slice(&self.pending_names);
        if negated {
            match self.lexicon.negation(stance) {
                NegationTarget::Stance(j) => {
                    stance = j;
                    mods.push(modifier::NEGATED);
                }
                NegationTarget::Cancel => {
                    weight = 0.0;
                    mods.push(modifier::CANCELLED);
                }
            }
        } else if k < self.denial_until {
            if let Some(d) = self.denial.filter(|&d| d != stance) {
                stance = d;
                mods.push(modifier::DENIED_OBJECT);
            }
        }
        if self.after_contrast {
            weight *= CONTRAST_AFTER;
            mods.push(modifier::AFTER_CONTRAST);
        }
        Hit { span, stance, table: self.class, entry: index, weight, modifiers: mods }
    }
}

/// Scales evidence not yet affected by a contrast.
fn scale(ev: &mut [Hit], factor: f32, name: &'static str) {
    for e in ev {
        let done = e
            .modifiers
            .iter()
            .any(|&m| m == modifier::BEFORE_CONTRAST || m == modifier::AFTER_CONTRAST);
        if !done {
            e.weight *= factor;
            e.modifiers.push(name);
        }
    }
}

/// Scores each span (statement content or sentence) over the lexicon's
/// stances. `cues[i]` is the cue of span `i` (missing entries count as
/// `None`): its `[cues.*]` terms are evidence, and a denial cue there makes
/// the content's first clause a denied object. Returns one row per span and
/// the evidence of each span, in text order (cue evidence first).
///
/// To score several sets of spans over the same tokens, prepare them once
/// with [`Prepared`].
pub fn score_spans(
    lexicon: &Lexicon,
    tokens: &[Token],
    spans: &[Span],
    cues: &[Option<Span>],
) -> (Array2<f32>, Vec<Vec<Evidence>>) {
    Prepared::new(lexicon, tokens).score_spans(spans, cues)
}

/// A document's tokens prepared for scoring: the lexicon's first matching
/// step at every token, computed once and shared by every span scored over
/// them (statement contents and sentences cover the same words).
pub struct Prepared<'a, W: Words + ?Sized = [Token]> {
    lexicon: &'a Lexicon,
    tokens: &'a W,
    first: FirstSteps,
}

impl<'a> Prepared<'a> {
    /// Prepares `tokens` for scoring with `lexicon`.
    pub fn new(lexicon: &'a Lexicon, tokens: &'a [Token]) -> Self {
        Self::of_words(lexicon, tokens)
    }

    /// Tokens that will be scanned once (one sentence, say): the first
    /// steps are computed during the scan instead of in advance, which saves
    /// their table.
    pub fn single_pass(lexicon: &'a Lexicon, tokens: &'a [Token]) -> Self {
        Self::single_pass_words(lexicon, tokens)
    }
}

impl<'a, W: Words + ?Sized> Prepared<'a, W> {
    /// [`Prepared::new`] over any [`Words`] (a [`TokenBuf`], say).
    pub fn of_words(lexicon: &'a Lexicon, tokens: &'a W) -> Self {
        let norms = (0..tokens.count()).map(|k| tokens.norm(k).unwrap_or_default());
        let first = lexicon.matcher().first_steps(norms);
        Prepared { lexicon, tokens, first }
    }

    /// [`Prepared::single_pass`] over any [`Words`].
    pub fn single_pass_words(lexicon: &'a Lexicon, tokens: &'a W) -> Self {
        Prepared { lexicon, tokens, first: FirstSteps::default() }
    }

    /// [`score_spans`] over the prepared tokens.
    pub fn score_spans(
        &self,
        spans: &[Span],
        cues: &[Option<Span>],
    ) -> (Array2<f32>, Vec<Vec<Evidence>>) {
        let n = self.lexicon.stances().len();
        let mut scores = Array2::zeros((spans.len(), n));
        let mut all = Vec::with_capacity(spans.len());
        let mut hits = Vec::new();
        for (i, (&span, mut row)) in spans.iter().zip(scores.rows_mut()).enumerate() {
            let cue = cues.get(i).copied().flatten();
            self.hits(span, cue, &mut hits);
            for (cell, x) in row.iter_mut().zip(sums(&hits, n)) {
                *cell = normalize(x);
            }
            all.push(hits.iter().map(|h| h.evidence(self.lexicon)).collect());
        }
        (scores, all)
    }

    /// The scores of `spans` (no cues), one row each: [`Self::score_spans`]
    /// without the evidence, which it makes no string for.
    pub fn scores(&self, spans: &[Span]) -> Array2<f32> {
        let mut scores = Array2::zeros((spans.len(), self.lexicon.stances().len()));
        let mut hits = Vec::new();
        for (&span, mut row) in spans.iter().zip(scores.rows_mut()) {
            self.scores_with(span, row.iter_mut(), &mut hits);
        }
        scores
    }

    /// The scores of one span with no cue, written to `out` (one cell per
    /// stance): [`score_spans`] without building matrices.
    pub fn score_into(&self, span: Span, out: &mut [f32]) {
        self.scores_with(span, out, &mut Vec::new());
    }

    /// [`Self::score_into`] with a buffer for the span's hits, kept by the
    /// caller from span to span.
    fn scores_with<'o>(
        &self,
        span: Span,
        out: impl IntoIterator<Item = &'o mut f32>,
        hits: &mut Vec<Hit>,
    ) {
        self.hits(span, None, hits);
        for (cell, x) in out.into_iter().zip(sums(hits, self.lexicon.stances().len())) {
            *cell = normalize(x);
        }
    }

    /// The hits of `span` and its cue, in text order (cue first), into
    /// `hits` (cleared first).
    fn hits(&self, span: Span, cue: Option<Span>, hits: &mut Vec<Hit>) {
        let (lexicon, tokens) = (self.lexicon, self.tokens);
        hits.clear();
        let mut denial_from_cue = false;
        if let Some(cue) = cue {
            let mut scan = Scan::new(lexicon, &self.first, Class::Cue);
            scan.run(tokens, word_range(tokens, cue), hits);
            denial_from_cue = scan.open_denial;
        }
        let mut scan = Scan::new(lexicon, &self.first, Class::Content);
        scan.sentence_ev = hits.len();
        let range = word_range(tokens, span);
        if denial_from_cue {
            // "X denied preparing an offensive": the content's first clause
            // is the denied act, however long.
            scan.denial_until = range.end;
        }
        scan.run(tokens, range, hits);
    }
}

/// Scores short texts (sentences) one after another, each on its own and
/// with no cue, reusing its buffers from text to text: the tokens
/// ([`TokenBuf`]: spans and one buffer of normalized forms, no string per
/// token) and the lexicon matches.
#[derive(Debug, Default)]
pub struct TextScorer {
    tokens: TokenBuf,
    hits: Vec<Hit>,
}

impl TextScorer {
    /// The scores of `text` (one cell per stance of `lexicon`) into `out`.
    pub fn score_into(
        &mut self,
        tokenizer: &Tokenizer,
        lexicon: &Lexicon,
        text: &str,
        out: &mut [f32],
    ) -> crate::Result<()> {
        // Invisible word separators read as spaces, as in `Analyzer::analyze`.
        tokenizer.tokenize_buf(&crate::invisible::as_spaces(text), &mut self.tokens)?;
        Prepared::single_pass_words(lexicon, &self.tokens).scores_with(
            Span::new(0, text.len()),
            out,
            &mut self.hits,
        );
        Ok(())
    }
}

/// The total weight per stance column of `ev`. No table is allocated:
/// this runs once per scored span, and a span has few matches.
fn sums(ev: &[Hit], n: usize) -> impl Iterator<Item = f32> + '_ {
    (0..n).map(move |j| ev.iter().filter(|e| e.stance == j).map(|e| e.weight).sum())
}

/// Stance labels of each statement: the column indices whose score reaches
/// the lexicon's threshold for that stance (and is above 0).
pub fn labels(doc: &crate::analyzer::Document, lexicon: &Lexicon) -> Vec<Vec<usize>> {
    labels_of(&doc.scores, lexicon)
}

/// [`labels`] for any score matrix with the lexicon's columns.
pub fn labels_of(scores: &Array2<f32>, lexicon: &Lexicon) -> Vec<Vec<usize>> {
    scores
        .rows()
        .into_iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .filter(|&(j, &v)| v > 0.0 && v >= lexicon.threshold(j))
                .map(|(j, _)| j)
                .collect()
        })
        .collect()
}
