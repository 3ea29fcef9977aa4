//! Statements: direct, mixed and indirect quotations with their speaker
//! mentions and cues.
//!

use serde::{Deserialize, Serialize};

use crate::cues::{Cue, CueClass, CueForm, CueLexicon};
use crate::mention::{self, subject_after, subject_before, token_range, Gazetteer};
use crate::quotes::{self, Quote};
use crate::reported;
use crate::span::Span;
use crate::tokenize::Token;

/// How a statement is reported (see the annotation guidelines).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatementKind {
    /// The words are inside quotation marks.
    Direct,
    /// Reported speech without quotation marks.
    Indirect,
    /// Reported speech that quotes only a phrase.
    Mixed,
    /// A sentence in the document author's own voice (`author=`).
    Authored,
}

impl StatementKind {
    /// The lowercase name used in JSONL and Python.
    pub fn as_str(self) -> &'static str {
        match self {
            StatementKind::Direct => "direct",
            StatementKind::Indirect => "indirect",
            StatementKind::Mixed => "mixed",
            StatementKind::Authored => "authored",
        }
    }
}

/// Who said what: a statement found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub kind: StatementKind,
    /// The reported words (quotation marks included for direct quotes).
    pub content: Span,
    /// The words naming or pointing to the speaker here, if any.
    pub speaker_mention: Option<Span>,
    /// The canonical speaker name, resolved across the document.
    pub speaker: Option<String>,
    /// The reporting verb or phrase, if any.
    pub cue: Option<Span>,
}

/// Finds the statements of a document, in order of their content: direct
/// quotations with their speaker mentions and cues, combined with the
/// indirect and mixed statements of [`reported::find_reported`]. A reported
/// statement that repeats a direct one is dropped; one that contains a
/// quotation not taken as direct is `mixed`.
pub fn find_statements(
    text: &str,
    paragraphs: &[Span],
    sentences: &[Span],
    tokens: &[Token],
    quotes: &[Quote],
) -> Vec<Statement> {
    let cues = CueLexicon::english().find(tokens);
    let reported = reported::find_reported(text, sentences, tokens, quotes, &cues);
    let direct = find_direct(text, paragraphs, sentences, tokens, quotes, &cues, &reported);
    combine(direct, reported, quotes)
}

/// Direct statements first; reported ones that do not repeat them.
fn combine(direct: Vec<Statement>, reported: Vec<Statement>, quotes: &[Quote]) -> Vec<Statement> {
    let mut out = direct;
    let mut sorted: Vec<Span> = out.iter().map(|s| s.content).collect();
    sorted.sort();
    let mut cues_used: Vec<Option<Span>> = out.iter().map(|s| s.cue).filter(Option::is_some).collect();
    cues_used.sort();
    for mut r in reported {
        // Direct statements overlapping this one (sorted, so a window).
        let i = sorted.partition_point(|d| d.end <= r.content.start);
        let repeats = sorted[i..]
            .iter()
            .take_while(|d| d.start < r.content.end)
            .any(|d| overlap(*d, r.content) * 2 > d.len().min(r.content.len()));
        // A reported clause on the cue of a quotation is that quotation's
        // attribution read a second time (`“…,” said X, who …`).
        let same_cue = r.cue.is_some() && cues_used.binary_search(&r.cue).is_ok();
        if repeats || same_cue {
            continue;
        }
        if r.kind == StatementKind::Indirect {
            let q = quotes.partition_point(|q| q.outer.end <= r.content.start);
            if quotes.get(q).is_some_and(|q| r.content.contains(q.inner)) {
                r.kind = StatementKind::Mixed;
            }
        }
        out.push(r);
    }
    out.sort_by_key(|s| (s.content.start, s.content.end));
    out
}

fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Index of the span in `spans` (sorted, disjoint) that contains `pos`, or
/// the last one starting before it.
fn span_index(spans: &[Span], pos: usize) -> Option<usize> {
    spans.partition_point(|s| s.start <= pos).checked_sub(1)
}

/// Cues that can attribute a quotation (verbs and phrases, not nouns).
fn usable(c: &Cue) -> bool {
    !matches!(c.class, CueClass::Noun) && c.form != CueForm::Noun
}

/// The attribution found for one quotation.
#[derive(Clone, Copy, Debug, Default)]
struct Attribution {
    mention: Option<Span>,
    cue: Option<Span>,
}

/// Most tokens between a quotation and the cue that attributes it.
const AFTER_WINDOW: usize = 40;

/// Direct statements: quotations that stand as statements (they open their
/// sentence or follow a cue, a colon or a dash) with their attribution.
fn find_direct(
    text: &str,
    paragraphs: &[Span],
    sentences: &[Span],
    tokens: &[Token],
    quotes: &[Quote],
    cues: &[Cue],
    reported: &[Statement],
) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    // Reported statements with a speaker, by content start, for
    // continuations (`Smith said the deal was off. “We tried.”`).
    let mut spoken: Vec<&Statement> =
        reported.iter().filter(|r| r.speaker_mention.is_some()).collect();
    spoken.sort_by_key(|r| r.content.start);
    // The last direct statement and its paragraph, for continuations.
    let mut last: Option<(usize, Attribution, bool, usize)> = None;
    for (qi, q) in quotes.iter().enumerate() {
        let Some(pi) = span_index(paragraphs, q.outer.start) else { continue };
        let para = paragraphs.get(pi).copied().unwrap_or_default();
        let sent = span_index(sentences, q.outer.start)
            .and_then(|i| sentences.get(i).copied())
            .filter(|s| {
                s.contains(Span::new(q.outer.start, q.outer.start)) || s.end > q.outer.start
            })
            .unwrap_or(para);
        let (qa, qb) = token_range(tokens, q.outer);
        // Before: from the sentence start (or the previous quotation in the
        // same paragraph) to the quotation.
        let prev_end = qi
            .checked_sub(1)
            .and_then(|j| quotes.get(j))
            .filter(|p| para.contains(p.outer))
            .map_or(0, |p| p.outer.end);
        let lo_byte = sent.start.max(para.start).max(prev_end);
        let lo = tokens.partition_point(|t| t.span.start < lo_byte);
        let mut before = Before::read(text, tokens, cues, lo, qa);
        // `“A,” X said on Monday in Ohio, “b …”`: a quotation interrupted
        // by its own attribution goes on with the same speaker.
        if let Some((lp, la, _, lend)) = last {
            let interrupted = lp == pi
                && lend == prev_end
                && lo_byte == prev_end
                && la.cue.is_some_and(|c| c.start >= prev_end && c.end <= q.outer.start);
            if interrupted {
                before = Before::Cue(la);
            }
        }
        if before == Before::Mixed {
            continue;
        }
        // A fragment woven into a clause is mixed, not direct: a quotation
        // that opens in lowercase after other words (`said “the timing”`),
        // or that runs on into lowercase words without punctuation
        // (`claimed “X exaggerates” the level`).
        let first_lower = text
            .get(q.inner.start..q.inner.end)
            .and_then(|s| s.trim_start().chars().find(|c| c.is_alphabetic()))
            .is_some_and(char::is_lowercase);
        let continues = runs_on(text, tokens, q, qb, cues);
        if (first_lower && !matches!(before, Before::Empty | Before::Cue(_))) || (continues && before != Before::Empty) {
            continue;
        }
        if first_lower && matches!(before, Before::Cue(a) if Some(a) != last.map(|l| l.1)) {
            continue;
        }
        let mut attr = match before {
            Before::Cue(a) => a,
            _ => Attribution::default(),
        };
        if attr.mention.is_none() {
            let next_start = quotes
                .get(qi + 1)
                .filter(|n| para.contains(n.outer))
                .map_or(para.end, |n| n.outer.start);
            // Bounded by the paragraph and the next quotation rather than
            // the sentence: a quotation ending its sentence may be
            // attributed by the next one (`“…!” Smith said.`), and the
            // window after it is short anyway.
            let hi_byte = next_start.min(para.end);
            let hi = tokens.partition_point(|t| t.span.start < hi_byte);
            if let Some(a) = after(text, tokens, cues, q, qb, hi) {
                attr = a;
            }
        }
        if attr.mention.is_none() && before == Before::Colon {
            // `He said:` heading the paragraph; look in the segment again
            // for a bare subject (`Smith on Tuesday:`).
        }
        if attr.mention.is_none()
            && before == Before::Empty
            && quotes::opens_paragraph(text, q, para)
        {
            // `He said:` closing the paragraph before.
            if let Some(prev) = pi.checked_sub(1).and_then(|i| paragraphs.get(i)) {
                if text.get(prev.start..prev.end).is_some_and(|s| s.trim_end().ends_with(':')) {
                    let ps = span_index(sentences, prev.end.saturating_sub(1))
                        .and_then(|i| sentences.get(i))
                        .copied()
                        .unwrap_or(*prev);
                    let lo = tokens.partition_point(|t| t.span.start < ps.start.max(prev.start));
                    let hi = tokens.partition_point(|t| t.span.start < prev.end);
                    if let Before::Cue(a) | Before::ColonWith(a) =
                        Before::read(text, tokens, cues, lo, hi)
                    {
                        attr = a;
                    }
                }
            }
        }
        if let Before::ColonWith(a) = before {
            if attr.mention.is_none() {
                attr = a;
            }
        }
        if attr.mention.is_none() {
            // A continuation: the quotation after another one of the same
            // paragraph, or opening the paragraph after a quoted one.
            let mut last_end = 0;
            if let Some((lp, la, lclosed, lend)) = last {
                let same_para = lp == pi;
                let next_para = lp + 1 == pi && quotes::opens_paragraph(text, q, para);
                if same_para || (next_para && (!lclosed || before == Before::Empty)) {
                    attr = la;
                    last_end = lend;
                }
            }
            // A reported statement of the same paragraph, closer than
            // the last quotation, speaks on in quotation marks.
            if before == Before::Empty {
                let j = spoken.partition_point(|r| r.content.end <= q.outer.start);
                let r = j
                    .checked_sub(1)
                    .and_then(|j| spoken.get(j))
                    .filter(|r| r.content.start >= para.start && r.content.end > last_end);
                if let Some(r) = r {
                    attr = Attribution { mention: r.speaker_mention, cue: r.cue };
                }
            }
        }
        let words = tokens.get(qa..qb).map_or(0, |ts| {
            ts.iter().filter(|t| t.norm.chars().next().is_some_and(char::is_alphanumeric)).count()
        });
        if attr.mention.is_none() && (before != Before::Empty || words < 4) {
            continue;
        }
        out.push(Statement {
            kind: StatementKind::Direct,
            content: q.outer,
            speaker_mention: attr.mention,
            speaker: None,
            cue: attr.cue,
        });
        last = Some((pi, attr, q.closed, q.outer.end));
    }
    out
}

/// Does the sentence run on after the quotation with lowercase words, no
/// punctuation closing the quoted words and no cue (`“…” the level of`)?
fn runs_on(text: &str, tokens: &[Token], q: &Quote, qb: usize, cues: &[Cue]) -> bool {
    let inner_end = text
        .get(q.inner.start..q.inner.end)
        .and_then(|s| s.trim_end().trim_end_matches(['’', '\'', '"', '”']).chars().last());
    if inner_end.is_some_and(|c| !c.is_alphanumeric()) {
        return false;
    }
    let Some(next) = tokens.get(qb) else { return false };
    let lower_word = next.span.slice(text).chars().next().is_some_and(char::is_lowercase);
    let g = Gazetteer::english();
    let cue_near = cues.iter().skip(cues.partition_point(|c| c.token < qb)).take_while(|c| c.token <= qb + 1).any(usable);
    lower_word && g.pronoun(&next.norm).is_none() && !cue_near
}

/// What stands between the start of the sentence and a quotation.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Before {
    /// Nothing: the quotation opens its sentence.
    Empty,
    /// A cue (and its speaker) right before the quotation: `X said, “…”`.
    Cue(Attribution),
    /// A colon with a cue before it: `X said on Monday: “…”`.
    ColonWith(Attribution),
    /// A colon, dash or bracket with no cue: the quotation still stands alone.
    Colon,
    /// Words that make the quotation part of a clause (`called it “…”`).
    Mixed,
}

impl PartialEq for Attribution {
    fn eq(&self, other: &Self) -> bool {
        self.mention == other.mention && self.cue == other.cue
    }
}

impl Before {
    fn read(text: &str, tokens: &[Token], cues: &[Cue], lo: usize, qa: usize) -> Before {
        let mut e = qa;
        let mut colon = false;
        let mut comma = false;
        while e > lo {
            match tokens.get(e - 1).map(|t| t.norm.as_str()) {
                Some(":") => colon = true,
                Some("—" | "–" | "-" | "―" | "(") => colon = true,
                Some(",") => comma = true,
                _ => break,
            }
            e -= 1;
        }
        if e <= lo {
            return if colon { Before::Colon } else { Before::Empty };
        }
        // A sentence ended right before the quotation (the splitter may
        // have kept them together): nothing of it leads into the quotation.
        if !colon && !comma && tokens.get(e - 1).is_some_and(|t| matches!(t.norm.as_str(), "." | "!" | "?")) {
            return Before::Empty;
        }
        // The last usable cue in the segment, close to its end.
        let ci = cues.partition_point(|c| c.token < e);
        let cue = cues[..ci].iter().rev().take_while(|c| c.token >= lo).find(|c| usable(c));
        let Some(cue) = cue else {
            if colon {
                // `Smith continued:` with a verb the lexicon lacks.
                if e - lo <= 4 {
                    if let Some(m) = clause_subject(text, tokens, lo, e) {
                        return Before::ColonWith(Attribution { mention: Some(m), cue: None });
                    }
                }
                return Before::Colon;
            }
            return Before::Mixed;
        };
        let gap = e.saturating_sub(cue.end_token());
        let attr = |c: &Cue| {
            let mention = if c.class == CueClass::According {
                mention::phrase_after(text, tokens, c.end_token(), e)
            } else if c.form == CueForm::Gerund {
                // `X spoke on Monday, saying, “…”`: the clause's subject.
                clause_subject(text, tokens, lo, c.token)
            } else {
                subject_before(text, tokens, c.token, lo).or_else(|| {
                    (c.token == lo).then(|| subject_after(text, tokens, c.end_token(), e)).flatten()
                })
            };
            Attribution { mention, cue: Some(c.span) }
        };
        if cue.class == CueClass::According {
            // `according to X, “…”`: the source must reach the comma,
            // else the words after it are the start of a mixed statement.
            let a = attr(cue);
            let reaches = a.mention.is_some_and(|m| token_range(tokens, m).1 >= e);
            return if gap <= MAX_GAP_ACCORDING && reaches {
                Before::Cue(a)
            } else {
                Before::Mixed
            };
        }
        if gap == 0 {
            return Before::Cue(attr(cue));
        }
        if colon || (comma && gap <= MAX_GAP) {
            return Before::ColonWith(attr(cue));
        }
        Before::Mixed
    }
}

/// Most words between a cue and the comma before a quotation
/// (`said on Tuesday, “…”`).
const MAX_GAP: usize = 6;

/// The phrase opening a clause (`Smith`, `The mayor`), up to `hi`.
fn clause_subject(text: &str, tokens: &[Token], lo: usize, hi: usize) -> Option<Span> {
    let m = subject_after(text, tokens, lo, hi)?;
    let (a, b) = token_range(tokens, m);
    // A name or a pronoun, not a verb phrase read as a phrase.
    let g = Gazetteer::english();
    let named = (a..b).any(|i| {
        tokens.get(i).is_some_and(|t| mention::is_capitalized(text, t) && !g.is_non_name(&t.norm))
    });
    let pronoun = b == a + 1 && tokens.get(a).is_some_and(|t| g.pronoun(&t.norm).is_some());
    (named || pronoun).then_some(m)
}
/// Most words of the source after `according to` (`according to X, “…”`).
const MAX_GAP_ACCORDING: usize = 12;

/// An attribution after the quotation: `“…,” X said`, `“…,” said X`,
/// `“…” — X`.
fn after(
    text: &str,
    tokens: &[Token],
    cues: &[Cue],
    q: &Quote,
    qb: usize,
    hi: usize,
) -> Option<Attribution> {
    let g = Gazetteer::english();
    let mut s = qb;
    let mut dash = false;
    let mut lead_punct = false;
    while s < hi {
        match tokens.get(s).map(|t| t.norm.as_str()) {
            Some("—" | "–" | "-" | "―") => dash = true,
            Some("," | "." | "!" | "?" | ")") => lead_punct = true,
            _ => break,
        }
        s += 1;
    }
    let inner_punct = text
        .get(q.inner.start..q.inner.end)
        .and_then(|s| s.trim_end().trim_end_matches(['’', '\'', '"', '”']).chars().last())
        .is_some_and(|c| matches!(c, ',' | '.' | '!' | '?' | '—' | '–' | '-' | '…' | ':' | ';'));
    if s >= hi {
        return None;
    }
    let lim = hi.min(s + AFTER_WINDOW);
    let ci = cues.partition_point(|c| c.token < s);
    let cue = cues[ci..]
        .iter()
        .take_while(|c| c.token < lim)
        .find(|c| usable(c) && c.class != CueClass::According);
    if let Some(cue) = cue {
        if !(inner_punct || lead_punct || dash) {
            return None;
        }
        let mention = if cue.token == s {
            subject_after(text, tokens, cue.end_token(), hi)
        } else {
            subject_before(text, tokens, cue.token, s).filter(|m| {
                // The phrase must start right after the quotation.
                tokens.get(s).is_some_and(|t| t.span.start == m.start)
            })
        };
        if mention.is_some() {
            return Some(Attribution { mention, cue: Some(cue.span) });
        }
    }
    if dash {
        // `“…” — Jane Doe`: a name closing the line.
        let e = tokens.partition_point(|t| {
            t.span.start < tokens.get(hi.saturating_sub(1)).map_or(0, |t| t.span.end)
        });
        let m = subject_after(text, tokens, s, e)?;
        let (a, b) = token_range(tokens, m);
        if b >= hi.saturating_sub(1)
            && tokens
                .get(a)
                .is_some_and(|t| mention::is_capitalized(text, t) && !g.is_non_name(&t.norm))
        {
            return Some(Attribution { mention: Some(m), cue: None });
        }
    }
    None
}

/// With an author, every sentence that no statement overlaps becomes an
/// `authored` statement of that author (a communiqué speaks in its own voice).
pub fn add_authored(
    _text: &str,
    sentences: &[Span],
    statements: &mut Vec<Statement>,
    author: &str,
) {
    let mut covered = statements.iter().map(|s| s.content).collect::<Vec<_>>();
    covered.sort();
    let mut j = 0;
    for &sent in sentences {
        while j < covered.len() && covered[j].end <= sent.start {
            j += 1;
        }
        if covered.get(j).is_some_and(|c| c.overlaps(sent)) {
            continue;
        }
        statements.push(Statement {
            kind: StatementKind::Authored,
            content: sent,
            speaker_mention: None,
            speaker: Some(author.to_string()),
            cue: None,
        });
    }
    statements.sort_by_key(|s| (s.content.start, s.content.end));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::Tokenizer;
    use crate::{quotes, segment};

    /// Direct statements of `text` as (content, speaker mention, cue).
    fn direct(text: &str) -> Vec<(String, String, String)> {
        let paragraphs = segment::paragraphs(text);
        let sentences = segment::sentences(text);
        let tokens = Tokenizer::english().tokenize(text).unwrap_or_default();
        let qs = quotes::find_quotes(text, &paragraphs);
        find_statements(text, &paragraphs, &sentences, &tokens, &qs)
            .into_iter()
            .filter(|s| s.kind == StatementKind::Direct)
            .map(|s| {
                let f = |x: Option<Span>| x.map(|x| x.slice(text).to_string()).unwrap_or_default();
                (s.content.slice(text).to_string(), f(s.speaker_mention), f(s.cue))
            })
            .collect()
    }

    #[test]
    fn speaker_after_the_quote() {
        let got = direct("“We will rebuild the bridge,” Mayor Ana Ruiz said at a news conference.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "Mayor Ana Ruiz");
        assert_eq!(got[0].2, "said");
    }

    #[test]
    fn inverted_said_x() {
        let got = direct("“The budget is balanced,” said the city’s finance director, Tom Hale.");
        assert_eq!(got.len(), 1);
        assert!(got[0].1.starts_with("the city’s finance director"), "{got:?}");
    }

    #[test]
    fn colon_before_the_quote_and_in_the_paragraph_before() {
        let got = direct("The coach said: “We played badly today.”");
        assert_eq!(got[0].1, "The coach");
        let got = direct("She said:\n\n“Nobody expected the vote to pass so quickly.”");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "She");
    }

    #[test]
    fn multi_paragraph_quote_keeps_its_speaker() {
        let text = "The chief said: “We start on Monday with the north road.\n\n“Then we move to the harbour and the old mill.\n\n“After that we rest.”";
        let got = direct(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.iter().all(|g| g.1 == "The chief" && g.2 == "said"));
    }

    #[test]
    fn second_quote_of_a_paragraph_continues() {
        let got = direct("“We lost,” the captain said. “But we will be back next season.”");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].1, "the captain");
    }

    #[test]
    fn dash_and_a_name_closing_the_line() {
        let got = direct("“The river rose faster than anyone had seen in years.” — Maria Lopez");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "Maria Lopez");
        assert_eq!(got[0].2, "");
    }

    #[test]
    fn a_quoted_phrase_inside_a_clause_is_not_direct() {
        let got = direct("The senator called the plan “a slow disaster” on Tuesday.");
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn apostrophes_do_not_open_quotes() {
        let got = direct("The farmers' union said it won't sign. Rock 'n' roll in the '80s.");
        assert!(got.is_empty(), "{got:?}");
    }
}
