//! Paragraphs and sentences.
//!
//! Paragraphs are the runs of text between line breaks (`\n`, `\r\n`, `\r`,
//! U+2028, U+2029): a blank line and a single line break both separate
//! paragraphs, which is how news text (and PolNeAR) lays them out.
//!
//! Sentences are found inside each paragraph in one left-to-right pass over
//! the bytes. Only a few bytes can matter (`.`, `!`, `?`, `)` and the lead
//! byte of `…`/bullets), so the scan jumps between them with `memchr`; at
//! each candidate a bounded window before and after decides, so the whole
//! split is linear in the text and allocates only the output.
//!
//! The decision rules, in the spirit of the Golden Rules of pySBD:
//! - a terminator must be followed (after closing quotes/brackets) by
//!   whitespace; `3.14`, `U.S.A.`, `example.com`, `Jr.'s` never split;
//! - a sentence ending inside a quotation closes after the closing mark;
//! - a lowercase word, a comma, a dash... after the terminator continues the
//!   sentence (`“Are we ready?” he asked.`, `Yahoo! in`);
//! - a capitalized attribution after a closing quote (`“Why?” Smith asked.`)
//!   continues it too;
//! - abbreviations are data ([`ABBREVIATIONS`]) with a class: titles never
//!   end a sentence before a name, `No.`/`Jan.` not before a number, and the
//!   rest (`Inc.`, `U.S.`, `a.m.`) end one only before a known sentence
//!   starter ([`SENTENCE_STARTERS`]);
//! - single capital letters are initials unless a sentence starter follows;
//! - ellipses: `...`/`…` end a sentence only before a sentence starter,
//!   four dots before any capital; spaced `. . .` follow the Chicago rules;
//! - enumerations: a paragraph or sentence opening with a marker (`1.`,
//!   `a)`, `• 9.`) starts a list whose next marker starts a new sentence.

use crate::span::Span;
use memchr::{memchr2, memchr3};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// How an abbreviation behaves before the next word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Abbrev {
    /// Comes before a name (`Mr.`, `Gen.`, `Sen.`): never ends a sentence.
    Title,
    /// Inside a sentence by nature (`e.g.`, `i.e.`, `vs.`): never ends one.
    Inline,
    /// Comes before a number (`No. 5`, `p. 12`, `Jan. 5`): no boundary before
    /// a digit, otherwise like [`Abbrev::Final`].
    Numeric,
    /// May end a sentence (`Inc.`, `etc.`, `Jr.`, `a.m.`, `U.S.`): a boundary
    /// only before a sentence starter or an opening quote.
    Final,
}

/// Whether an abbreviation counts only when written with a capital
/// (`Mass.` is Massachusetts, `mass.` ends a sentence about physics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Case {
    Any,
    Capital,
}

use Abbrev::{Final, Inline, Numeric, Title};
use Case::{Any, Capital};

/// General English abbreviations, lowercase, without the final period
/// (inner periods kept: `a.m`, `u.s`). Dotted acronyms not listed here are
/// recognised by shape (`N.Y.`, `Ph.D.`) and behave like [`Abbrev::Final`].
const ABBREVIATIONS: &[(&str, Abbrev, Case)] = &[
    // Titles and ranks before a name.
    ("mr", Title, Capital),
    ("mrs", Title, Capital),
    ("ms", Title, Capital),
    ("messrs", Title, Capital),
    ("mme", Title, Capital),
    ("mlle", Title, Capital),
    ("dr", Title, Capital),
    ("drs", Title, Capital),
    ("prof", Title, Capital),
    ("profs", Title, Capital),
    ("gen", Title, Capital),
    ("lt", Title, Capital),
    ("col", Title, Capital),
    ("maj", Title, Capital),
    ("capt", Title, Capital),
    ("cmdr", Title, Capital),
    ("cdr", Title, Capital),
    ("adm", Title, Capital),
    ("brig", Title, Capital),
    ("sgt", Title, Capital),
    ("cpl", Title, Capital),
    ("pvt", Title, Capital),
    ("pfc", Title, Capital),
    ("sen", Title, Capital),
    ("sens", Title, Capital),
    ("rep", Title, Capital),
    ("reps", Title, Capital),
    ("gov", Title, Capital),
    ("govs", Title, Capital),
    ("pres", Title, Capital),
    ("amb", Title, Capital),
    ("rev", Title, Capital),
    ("hon", Title, Capital),
    ("fr", Title, Capital),
    ("msgr", Title, Capital),
    ("supt", Title, Capital),
    ("insp", Title, Capital),
    ("det", Title, Capital),
    ("atty", Title, Capital),
    ("sec", Title, Capital),
    ("secy", Title, Capital),
    ("asst", Title, Capital),
    ("assoc", Title, Capital),
    ("ald", Title, Capital),
    ("rt", Title, Capital),
    ("mt", Title, Capital),
    // Inside a sentence by nature.
    ("e.g", Inline, Any),
    ("i.e", Inline, Any),
    ("cf", Inline, Any),
    ("viz", Inline, Any),
    ("vs", Inline, Any),
    ("incl", Inline, Any),
    ("esp", Inline, Any),
    ("resp", Inline, Any),
    // Before a number.
    ("no", Numeric, Capital),
    ("nos", Numeric, Capital),
    ("nr", Numeric, Any),
    ("n°", Numeric, Any),
    ("nº", Numeric, Any),
    ("p", Numeric, Any),
    ("pp", Numeric, Any),
    ("vol", Numeric, Any),
    ("vols", Numeric, Any),
    ("art", Numeric, Any),
    ("fig", Numeric, Any),
    ("figs", Numeric, Any),
    ("ch", Numeric, Any),
    ("chap", Numeric, Any),
    ("para", Numeric, Any),
    ("tel", Numeric, Any),
    ("ext", Numeric, Any),
    ("approx", Numeric, Any),
    ("ca", Numeric, Any),
    ("hwy", Numeric, Any),
    ("rte", Numeric, Any),
    ("ste", Numeric, Any),
    ("apt", Numeric, Any),
    ("bldg", Numeric, Any),
    ("dist", Numeric, Any),
    ("jan", Numeric, Capital),
    ("feb", Numeric, Capital),
    ("mar", Numeric, Capital),
    ("apr", Numeric, Capital),
    ("jun", Numeric, Capital),
    ("jul", Numeric, Capital),
    ("aug", Numeric, Capital),
    ("sep", Numeric, Capital),
    ("sept", Numeric, Capital),
    ("oct", Numeric, Capital),
    ("nov", Numeric, Capital),
    ("dec", Numeric, Capital),
    // May end a sentence: companies, suffixes, places, units, times.
    ("etc", Final, Any),
    ("inc", Final, Any),
    ("corp", Final, Any),
    ("ltd", Final, Any),
    ("co", Final, Any),
    ("cos", Final, Any),
    ("bros", Final, Any),
    ("mfg", Final, Any),
    ("intl", Final, Any),
    ("natl", Final, Any),
    ("govt", Final, Any),
    ("dept", Final, Any),
    ("univ", Final, Any),
    ("assn", Final, Any),
    ("jr", Final, Any),
    ("sr", Final, Any),
    ("esq", Final, Any),
    ("al", Final, Any),
    ("ed", Final, Capital),
    ("eds", Final, Any),
    ("st", Final, Any),
    ("ave", Final, Any),
    ("blvd", Final, Any),
    ("rd", Final, Any),
    ("sq", Final, Any),
    ("ft", Final, Any),
    ("mi", Final, Any),
    ("lb", Final, Any),
    ("lbs", Final, Any),
    ("oz", Final, Any),
    ("hr", Final, Any),
    ("hrs", Final, Any),
    ("yr", Final, Any),
    ("yrs", Final, Any),
    ("mos", Final, Any),
    ("a.m", Final, Any),
    ("p.m", Final, Any),
    ("u.s", Final, Any),
    ("u.k", Final, Any),
    ("u.n", Final, Any),
    ("e.u", Final, Any),
    ("ph.d", Final, Any),
    ("mon", Final, Capital),
    ("tue", Final, Capital),
    ("tues", Final, Capital),
    ("wed", Final, Capital),
    ("thu", Final, Capital),
    ("thur", Final, Capital),
    ("thurs", Final, Capital),
    ("fri", Final, Capital),
    ("sat", Final, Capital),
    ("sun", Final, Capital),
    // US states in AP style (`Austin, Tex.`, `(D-Mass.)`).
    ("ala", Final, Capital),
    ("ariz", Final, Capital),
    ("ark", Final, Capital),
    ("calif", Final, Capital),
    ("colo", Final, Capital),
    ("conn", Final, Capital),
    ("del", Final, Capital),
    ("fla", Final, Capital),
    ("ga", Final, Capital),
    ("ill", Final, Capital),
    ("ind", Final, Capital),
    ("kan", Final, Capital),
    ("kans", Final, Capital),
    ("ky", Final, Capital),
    ("la", Final, Capital),
    ("md", Final, Capital),
    ("mass", Final, Capital),
    ("mich", Final, Capital),
    ("minn", Final, Capital),
    ("miss", Final, Capital),
    ("mo", Final, Capital),
    ("mont", Final, Capital),
    ("neb", Final, Capital),
    ("nev", Final, Capital),
    ("okla", Final, Capital),
    ("ore", Final, Capital),
    ("pa", Final, Capital),
    ("penn", Final, Capital),
    ("tenn", Final, Capital),
    ("tex", Final, Capital),
    ("va", Final, Capital),
    ("vt", Final, Capital),
    ("wash", Final, Capital),
    ("wis", Final, Capital),
    ("wyo", Final, Capital),
];

/// Words that commonly open an English sentence: after an abbreviation that
/// may or may not end a sentence (`in the U.S. The next day`), one of these
/// tips the balance towards a boundary. Pronouns, determiners, conjunctions,
/// common adverbs and prepositions, question words and auxiliaries; plus
/// `Mr`/`Mrs`/`Ms`, which open many news sentences.
#[rustfmt::skip]
const SENTENCE_STARTERS: &[&str] = &[
    "A", "About", "According", "After", "Afterwards", "Again", "Against", "All", "Also",
    "Although", "Among", "An", "And", "Another", "Any", "Are", "As", "At", "Because", "Before",
    "Both", "But", "By", "Can", "Could", "Despite", "Did", "Do", "Does", "During", "Each",
    "Earlier", "Either", "Even", "Every", "Everybody", "Everyone", "Everything", "Finally", "For",
    "From", "Furthermore", "Had", "Has", "Have", "He", "Her", "Here", "His", "How", "However", "I",
    "If", "In", "Indeed", "Instead", "Is", "It", "Its", "Just", "Last", "Later", "Let", "Many",
    "Meanwhile", "Moreover", "Most", "Mr", "Mrs", "Ms", "Much", "My", "Neither", "Nevertheless",
    "Next", "No", "Nobody", "None", "Nor", "Not", "Now", "Of", "On", "Once", "One", "Only", "Or",
    "Other", "Others", "Our", "Please", "She", "Should", "Since", "So", "Some", "Somebody",
    "Someone", "Something", "Still", "Such", "That", "The", "Their", "Then", "There", "These",
    "They", "This", "Those", "Though", "Thus", "To", "Today", "Under", "Unless", "Until", "Was",
    "We", "Were", "What", "When", "Where", "Whether", "Which", "While", "Who", "Whom", "Whose",
    "Why", "Will", "With", "Without", "Would", "Yes", "Yet", "You", "Your",
];

/// Prepositions that open a fronted adverbial phrase (`At 5 a.m. Mr. Smith
/// left.`): a phrase of a few words after one of them is not a sentence.
#[rustfmt::skip]
const FRONTING_PREPOSITIONS: &[&str] = &[
    "About", "After", "Around", "At", "Before", "By", "During", "From", "In", "Near", "On",
    "Since", "Through", "Throughout", "Until", "Till", "Within",
];

/// Reporting verbs: a capitalized name followed by one of these after a
/// closing quote is the quotation's attribution (`“Why?” Smith asked.`).
#[rustfmt::skip]
const REPORTING_VERBS: &[&str] = &[
    "acknowledged", "added", "adds", "admitted", "agreed", "announced", "answered", "argued",
    "asked", "asks", "boasted", "cautioned", "claimed", "complained", "conceded", "concluded",
    "confirmed", "continued", "countered", "cried", "declared", "demanded", "denied", "exclaimed",
    "explained", "insisted", "joked", "laughed", "noted", "observed", "posted", "predicted",
    "promised", "quipped", "recalled", "remarked", "replied", "replies", "responded", "retorted",
    "said", "says", "shouted", "snapped", "stated", "stressed", "suggested", "tells", "told",
    "tweeted", "urged", "vowed", "warned", "whispered", "wondered", "wrote", "writes", "yelled",
];

/// Longest abbreviation key in bytes (`messrs`, `n°` is 3 bytes).
const MAX_ABBREV_LEN: usize = 8;
/// Look-back window for the word before a period: longer runs of
/// non-space bytes are URLs or garbage, never abbreviations.
const MAX_TOKEN_LEN: usize = 64;

fn abbreviations() -> &'static HashMap<&'static [u8], (Abbrev, Case)> {
    static MAP: OnceLock<HashMap<&'static [u8], (Abbrev, Case)>> = OnceLock::new();
    MAP.get_or_init(|| ABBREVIATIONS.iter().map(|&(k, a, c)| (k.as_bytes(), (a, c))).collect())
}

fn starters() -> &'static HashSet<&'static [u8]> {
    static SET: OnceLock<HashSet<&'static [u8]>> = OnceLock::new();
    SET.get_or_init(|| SENTENCE_STARTERS.iter().map(|w| w.as_bytes()).collect())
}

fn fronting() -> &'static HashSet<&'static [u8]> {
    static SET: OnceLock<HashSet<&'static [u8]>> = OnceLock::new();
    SET.get_or_init(|| FRONTING_PREPOSITIONS.iter().map(|w| w.as_bytes()).collect())
}

fn reporting() -> &'static HashSet<&'static [u8]> {
    static SET: OnceLock<HashSet<&'static [u8]>> = OnceLock::new();
    SET.get_or_init(|| REPORTING_VERBS.iter().map(|w| w.as_bytes()).collect())
}

/// Paragraph spans: runs of text between line breaks (a blank line or a
/// single `\n`, `\r\n`, `\r`, U+2028, U+2029), trimmed, in order, never empty.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for_each_paragraph(text, |p| out.push(p));
    out
}

/// Sentence spans of `text`: trimmed, in order, non-overlapping, never
/// empty, each inside one paragraph of [`paragraphs`].
pub fn sentences(text: &str) -> Vec<Span> {
    // News sentences average well over 100 bytes: one allocation up front.
    let mut out = Vec::with_capacity(text.len() / 128 + 1);
    for_each_paragraph(text, |p| Splitter::new(text, p, &mut out).run());
    out
}

/// Calls `f` with each trimmed, non-empty paragraph span, in order.
fn for_each_paragraph(text: &str, mut f: impl FnMut(Span)) {
    let b = text.as_bytes();
    let mut emit = |s: usize, e: usize| {
        let t = Span::new(s, e).trim(text);
        if !t.is_empty() {
            f(t);
        }
    };
    let mut start = 0;
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|rest| memchr3(b'\n', b'\r', 0xE2, rest)) {
        let p = i + off;
        let len = match b.get(p..p + 3) {
            // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR.
            Some([0xE2, 0x80, 0xA8 | 0xA9]) => 3,
            _ if b[p] == 0xE2 => {
                i = p + 1;
                continue;
            }
            _ => 1,
        };
        emit(start, p);
        start = p + len;
        i = start;
    }
    emit(start, b.len());
}

/// What follows a candidate boundary, judged on its first character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Next {
    Upper,
    Lower,
    Digit,
    /// An opening quotation mark or bracket.
    Opener,
    /// Punctuation that continues a sentence: `,` `;` `:` dashes, closers.
    Continuation,
    /// Anything else: uncased letters (CJK...), symbols, emoji.
    Other,
}

/// How the word before a period reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Word {
    /// An ordinary word, a URL, an e-mail address: the period ends a sentence.
    Plain,
    /// Digits (`2015`, `$100.00`, `1026.253.553`).
    Number,
    /// A single capital letter: an initial (`J. R. R. Tolkien`) or `I`.
    Initial,
    /// A known abbreviation, or a dotted acronym (`U.S.A.`).
    Abbrev(Abbrev),
}

/// The numbering of a list item marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Num(u8),
    Letter(u8),
}

/// The punctuation after a list marker's label: `1.`, `1.)`, `1)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Dot,
    DotParen,
    Paren,
}

/// A list item marker (`2.`, `b)`), the expected next one of an open list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Marker {
    label: Label,
    style: Style,
}

impl Marker {
    /// The marker that would open the following item.
    fn next(self) -> Option<Marker> {
        let label = match self.label {
            Label::Num(n) if n < 99 => Label::Num(n + 1),
            Label::Letter(c) if c < b'z' => Label::Letter(c + 1),
            _ => return None,
        };
        Some(Marker { label, style: self.style })
    }
}

/// Splits one paragraph; positions are byte offsets into the whole text.
struct Splitter<'t, 'o> {
    text: &'t str,
    b: &'t [u8],
    /// Paragraph bounds.
    lo: usize,
    hi: usize,
    /// Start of the current sentence (untrimmed) and its first non-space byte.
    start: usize,
    first: usize,
    /// The marker that would open the next item of the list in progress.
    list: Option<Marker>,
    out: &'o mut Vec<Span>,
}

impl<'t, 'o> Splitter<'t, 'o> {
    fn new(text: &'t str, para: Span, out: &'o mut Vec<Span>) -> Self {
        let hi = para.end.min(text.len());
        let lo = para.start.min(hi);
        Splitter { text, b: text.as_bytes(), lo, hi, start: lo, first: lo, list: None, out }
    }

    /// One pass over the paragraph, jumping between candidate bytes with
    /// two memchr cursors that only move forward.
    fn run(mut self) {
        let mut i = self.begin(self.lo);
        let mut terms = self.find_terminator(i);
        let mut others = self.find_other(i);
        loop {
            let c = terms.min(others);
            if c >= self.hi {
                break;
            }
            let next = match self.b.get(c) {
                Some(b'.') => self.on_period(c),
                Some(b'!' | b'?') => self.on_bang(c),
                Some(b')') => self.on_paren(c),
                Some(0xE2) => self.on_e2(c),
                _ => c + 1,
            };
            i = next.max(c + 1);
            if terms < i {
                terms = self.find_terminator(i);
            }
            if others < i {
                others = self.find_other(i);
            }
        }
        self.push(self.hi);
    }

    fn find_terminator(&self, from: usize) -> usize {
        self.b
            .get(from..self.hi)
            .and_then(|s| memchr3(b'.', b'!', b'?', s))
            .map_or(self.hi, |p| from + p)
    }

    fn find_other(&self, from: usize) -> usize {
        self.b.get(from..self.hi).and_then(|s| memchr2(b')', 0xE2, s)).map_or(self.hi, |p| from + p)
    }

    /// Emits the current sentence up to `end` (if it has any text).
    fn push(&mut self, end: usize) {
        let t = Span::new(self.start, end.min(self.hi)).trim(self.text);
        if !t.is_empty() {
            self.out.push(t);
        }
    }

    /// Ends the current sentence at `at` and starts the next one there;
    /// returns where scanning resumes (after a list marker opening it).
    fn split(&mut self, at: usize) -> usize {
        if at <= self.start {
            return at;
        }
        self.push(at);
        self.begin(at)
    }

    /// Starts a sentence at `at`; a list marker opening it (`2.`, `• b)`)
    /// opens or continues a list and is skipped so its period is not a
    /// boundary.
    fn begin(&mut self, at: usize) -> usize {
        self.start = at;
        self.first = self.skip_space(at);
        match self.parse_marker(self.first) {
            Some((m, end)) => {
                self.list = m.next();
                end
            }
            None => at,
        }
    }

    // ----- character helpers (all bounded, none panics) -----

    fn char_at(&self, i: usize) -> Option<char> {
        if i >= self.hi {
            return None;
        }
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    fn char_before(&self, i: usize) -> Option<char> {
        if i <= self.lo {
            return None;
        }
        self.text.get(..i).and_then(|s| s.chars().next_back())
    }

    fn space_len(&self, i: usize) -> usize {
        match self.b.get(i) {
            Some(b' ' | b'\t' | b'\x0B' | b'\x0C') if i < self.hi => 1,
            Some(&x) if x >= 0x80 && i < self.hi => match self.char_at(i) {
                Some(c) if c.is_whitespace() => c.len_utf8(),
                _ => 0,
            },
            _ => 0,
        }
    }

    fn skip_space(&self, mut i: usize) -> usize {
        loop {
            let n = self.space_len(i);
            if n == 0 {
                return i;
            }
            i += n;
        }
    }

    fn space_before(&self, i: usize) -> bool {
        self.char_before(i).is_some_and(char::is_whitespace)
    }

    /// Skips closing quotes and brackets after a terminator; also tells
    /// whether one of them was a quotation mark.
    fn skip_closers(&self, mut i: usize) -> (usize, bool) {
        let mut quoted = false;
        for _ in 0..8 {
            match self.char_at(i) {
                Some(c @ ('"' | '\'' | '”' | '’' | '»' | '›')) => {
                    quoted = true;
                    i += c.len_utf8();
                }
                Some(c @ (')' | ']' | '}')) => i += c.len_utf8(),
                _ => break,
            }
        }
        (i, quoted)
    }

    fn next_kind(&self, i: usize) -> Next {
        match self.char_kind(i) {
            // `the U.S. “does not…`, `“Bitch!” (for her)`: an opening mark
            // before a lowercase word continues the sentence.
            Next::Opener => {
                let mut p = i;
                for _ in 0..3 {
                    match self.char_at(p) {
                        Some(c) if self.char_kind(p) == Next::Opener => p += c.len_utf8(),
                        _ => break,
                    }
                }
                if self.char_kind(p) == Next::Lower {
                    Next::Continuation
                } else {
                    Next::Opener
                }
            }
            kind => kind,
        }
    }

    fn char_kind(&self, i: usize) -> Next {
        match self.char_at(i) {
            None => Next::Continuation,
            Some(c) if c.is_ascii_digit() => Next::Digit,
            Some(c) if c.is_lowercase() => Next::Lower,
            Some(c) if c.is_uppercase() => Next::Upper,
            Some('"' | '\'' | '“' | '‘' | '’' | '«' | '„' | '`' | '(' | '[') => {
                Next::Opener
            }
            Some(
                ',' | ';' | ':' | '-' | '–' | '—' | ')' | ']' | '}' | '.' | '”' | '»' | '!' | '?'
                | '&' | '%' | '/',
            ) => Next::Continuation,
            Some(_) => Next::Other,
        }
    }

    /// The ASCII word starting at `i` (letters only, bounded).
    fn word_at(&self, i: usize) -> &'t [u8] {
        let mut j = i;
        while j < self.hi && j - i < 24 && self.b.get(j).is_some_and(u8::is_ascii_alphabetic) {
            j += 1;
        }
        self.b.get(i..j).unwrap_or(&[])
    }

    fn starter_at(&self, i: usize) -> bool {
        starters().contains(self.word_at(i))
    }

    // ----- candidates -----

    fn on_period(&mut self, i: usize) -> usize {
        let b = self.b;
        let at = |k: usize| b.get(k).copied().filter(|_| k < self.hi);
        if at(i + 1) == Some(b'.') {
            let mut k = i + 1;
            while at(k) == Some(b'.') {
                k += 1;
            }
            return self.after_ellipsis(k, k - i);
        }
        if at(i + 1) == Some(b' ') && at(i + 2) == Some(b'.') {
            return self.spaced_ellipsis(i);
        }
        let style = if at(i + 1) == Some(b')') { Style::DotParen } else { Style::Dot };
        if let Some(ts) = self.expected_marker_before(i, style) {
            return self.split(ts);
        }
        let (c, quoted) = self.skip_closers(i + 1);
        if c >= self.hi || self.space_len(c) == 0 {
            return c;
        }
        let n = self.skip_space(c);
        let next = self.next_kind(n);
        if matches!(next, Next::Lower | Next::Continuation) {
            return c;
        }
        if quoted && next == Next::Upper && self.attribution_at(n, true) {
            return c;
        }
        let (ts, word) = self.word_before(i);
        let boundary = match word {
            Word::Plain | Word::Number => true,
            Word::Initial => next == Next::Upper && self.starter_at(n),
            Word::Abbrev(Title | Inline) => false,
            Word::Abbrev(Numeric) if next == Next::Digit => false,
            Word::Abbrev(Numeric | Final) => match next {
                // `Bob Casey Jr. (D-Pa.)`, `BEDFORD, N.H. (AP)` stay whole, as
                // does a nickname (`Gov. C.L. “Butch” Otter`).
                Next::Opener => self.opens_quote(n) && !self.nickname_at(n),
                Next::Upper => self.starter_at(n) && !self.fronted_phrase(ts),
                _ => false,
            },
        };
        if boundary {
            self.split(c).max(c)
        } else {
            c
        }
    }

    fn on_bang(&mut self, i: usize) -> usize {
        let mut k = i;
        while k < self.hi && matches!(self.b.get(k), Some(b'!' | b'?')) {
            k += 1;
        }
        let (c, quoted) = self.skip_closers(k);
        if c >= self.hi || self.space_len(c) == 0 {
            return c;
        }
        let n = self.skip_space(c);
        let boundary = match self.next_kind(n) {
            Next::Lower | Next::Continuation => false,
            Next::Upper => !(quoted && self.attribution_at(n, false)),
            Next::Digit | Next::Opener | Next::Other => true,
        };
        if boundary {
            self.split(c).max(c)
        } else {
            c
        }
    }

    fn on_paren(&mut self, i: usize) -> usize {
        // `1.)` is handled at its period.
        if i > self.lo && self.b.get(i - 1) != Some(&b'.') {
            if let Some(ts) = self.expected_marker_before(i, Style::Paren) {
                return self.split(ts);
            }
        }
        i + 1
    }

    fn on_e2(&mut self, i: usize) -> usize {
        match self.char_at(i) {
            Some('…') => {
                let mut k = i + '…'.len_utf8();
                let mut dots = 3;
                loop {
                    match self.char_at(k) {
                        Some('.') => k += 1,
                        Some('…') => k += '…'.len_utf8(),
                        _ => break,
                    }
                    dots += 1;
                }
                self.after_ellipsis(k, dots)
            }
            Some(c) if is_bullet(c) => {
                let end = i + c.len_utf8();
                if i > self.first && self.space_before(i) {
                    self.split(i).max(end)
                } else {
                    end
                }
            }
            Some(c) => i + c.len_utf8(),
            None => i + 1,
        }
    }

    /// After an unspaced ellipsis (`...`, `…`, `....`) ending at `k`: a
    /// boundary before a capital only when the dots are four (ellipsis plus
    /// period) or a sentence starter follows.
    fn after_ellipsis(&mut self, k: usize, dots: usize) -> usize {
        let (c, quoted) = self.skip_closers(k);
        if c >= self.hi || self.space_len(c) == 0 {
            return c;
        }
        let n = self.skip_space(c);
        let boundary = self.next_kind(n) == Next::Upper
            && (dots >= 4 || self.starter_at(n))
            && !(quoted && self.attribution_at(n, false));
        if boundary {
            self.split(c).max(c)
        } else {
            c
        }
    }

    /// Spaced ellipsis starting at the period `i` (`. . .`). Three dots
    /// never end a sentence; four end one before a capital: after the first
    /// dot when it is attached to a word (period, then an ellipsis opening
    /// the next sentence), else after the last.
    fn spaced_ellipsis(&mut self, i: usize) -> usize {
        let mut j = i;
        let mut dots = 1;
        while j + 2 < self.hi
            && self.b.get(j + 1) == Some(&b' ')
            && self.b.get(j + 2) == Some(&b'.')
        {
            j += 2;
            dots += 1;
        }
        let attached = i > self.lo && !self.space_before(i);
        let (c, _) = self.skip_closers(j + 1);
        if dots < 4 || c >= self.hi || self.space_len(c) == 0 {
            return c;
        }
        if self.next_kind(self.skip_space(c)) != Next::Upper {
            return c;
        }
        if attached {
            self.split(i + 1);
            c
        } else {
            self.split(c).max(c)
        }
    }

    // ----- context -----

    /// The word before the period at `i` (bounded look-back) and how it
    /// reads. Returns its start too (for the fronted-phrase check).
    fn word_before(&self, i: usize) -> (usize, Word) {
        let b = self.b;
        let mut j = i;
        while j > self.lo && i - j <= MAX_TOKEN_LEN {
            let Some(&x) = b.get(j - 1) else { break };
            let part_of_word = x.is_ascii_alphanumeric()
                || matches!(
                    x,
                    b'.' | b'@' | b'_' | b'/' | b':' | b'-' | b'&' | b'\'' | b'$' | b'%'
                )
                || x >= 0x80;
            if !part_of_word {
                break;
            }
            if x >= 0x80 {
                // Stop at a space or an opening mark written in UTF-8.
                if let Some(c) = self.char_before(j) {
                    if c.is_whitespace() || matches!(c, '“' | '‘' | '«' | '—' | '–' | '…')
                    {
                        break;
                    }
                    j -= c.len_utf8();
                    continue;
                }
                break;
            }
            j -= 1;
        }
        if i - j > MAX_TOKEN_LEN {
            return (j, Word::Plain);
        }
        let mut token = b.get(j..i).unwrap_or(&[]);
        let mut ts = j;
        while let [b'\'', rest @ ..] = token {
            token = rest;
            ts += 1;
        }
        (ts, classify(token))
    }

    /// Whether the sentence so far is a short fronted adverbial phrase
    /// (`At 5 a.m.`, `In the U.S.`) ending at the word starting at `ts`.
    fn fronted_phrase(&self, ts: usize) -> bool {
        if ts < self.first || ts - self.first > 48 {
            return false;
        }
        let head = self.b.get(self.first..ts).unwrap_or(&[]);
        let mut words = head.split(|x| x.is_ascii_whitespace()).filter(|w| !w.is_empty());
        let Some(first) = words.next() else { return false };
        fronting().contains(first) && words.count() <= 2
    }

    /// Whether a quotation's attribution starts at `n`: up to four
    /// capitalized words (a name, a title, a pronoun) then a reporting verb.
    /// `strict` (after a period) also wants the attribution to end there
    /// (`“We are ready.” Smith said.`), since `Smith said the plan...` opens
    /// a sentence of its own.
    fn attribution_at(&self, n: usize, strict: bool) -> bool {
        let mut p = n;
        let mut names = 0;
        for _ in 0..5 {
            let w = self.name_word_at(p);
            if w.is_empty() {
                return false;
            }
            let end = p + w.len();
            if w.first().is_some_and(u8::is_ascii_uppercase) {
                // `“Is it over?” Nobody answered.`: a word that opens
                // sentences does not open an attribution (titles aside).
                if names == 0 && starters().contains(w) && !matches!(w, b"Mr" | b"Mrs" | b"Ms") {
                    return false;
                }
                names += 1;
                let after = if self.b.get(end) == Some(&b'.') { end + 1 } else { end };
                if self.space_len(after) == 0 {
                    return false;
                }
                p = self.skip_space(after);
                continue;
            }
            if names == 0 || !reporting().contains(w) {
                return false;
            }
            return !strict
                || end >= self.hi
                || matches!(self.b.get(end), Some(b'.' | b',' | b';' | b':'));
        }
        false
    }

    /// A word of a name: ASCII letters, apostrophes (`'`, `’`), hyphens
    /// (bounded).
    fn name_word_at(&self, i: usize) -> &'t [u8] {
        let mut j = i;
        while j < self.hi && j - i < 32 {
            match self.b.get(j) {
                Some(x) if x.is_ascii_alphabetic() || matches!(x, b'\'' | b'-') => j += 1,
                Some(0xE2) if self.b.get(j + 1..j + 3) == Some(&[0x80, 0x99]) => j += 3,
                _ => break,
            }
        }
        self.b.get(i..j).unwrap_or(&[])
    }

    /// Whether the character at `i` is an opening quotation mark.
    fn opens_quote(&self, i: usize) -> bool {
        matches!(self.char_at(i), Some('"' | '\'' | '“' | '‘' | '’' | '«' | '„' | '`'))
    }

    /// A quoted nickname inside a name at `i`: an opening mark, one to three
    /// words, the closing mark, then a capitalized word (`“Butch” Otter`).
    fn nickname_at(&self, i: usize) -> bool {
        let Some(open) = self.char_at(i) else { return false };
        let mut p = i + open.len_utf8();
        let limit = (p + 40).min(self.hi);
        while p < limit {
            match self.char_at(p) {
                Some('"' | '”' | '’' | '\'') => {
                    let after = p + self.char_at(p).map_or(1, char::len_utf8);
                    return p > i + open.len_utf8()
                        && self.space_len(after) > 0
                        && self.char_kind(self.skip_space(after)) == Next::Upper;
                }
                Some(c) if c.is_alphabetic() || c == ' ' || c == '-' || c == '.' => {
                    p += c.len_utf8()
                }
                _ => return false,
            }
        }
        false
    }

    /// A list marker at `i` (after an optional bullet): `12.`, `3.)`, `4)`,
    /// `b.`, `c)`, followed by whitespace. Returns it and its end.
    fn parse_marker(&self, i: usize) -> Option<(Marker, usize)> {
        let mut p = i;
        if let Some(c) = self.char_at(p).filter(|&c| is_bullet(c)) {
            p = self.skip_space(p + c.len_utf8());
        }
        let b = self.b;
        let at = |k: usize| b.get(k).copied().filter(|_| k < self.hi);
        let label = match (at(p), at(p + 1), at(p + 2)) {
            (Some(d @ b'0'..=b'9'), Some(e @ b'0'..=b'9'), _) => {
                p += 2;
                Label::Num((d - b'0') * 10 + (e - b'0'))
            }
            (Some(d @ b'0'..=b'9'), _, _) => {
                p += 1;
                Label::Num(d - b'0')
            }
            (Some(l @ b'a'..=b'z'), Some(b'.' | b')'), _) => {
                p += 1;
                Label::Letter(l)
            }
            _ => return None,
        };
        let style = match (at(p), at(p + 1)) {
            (Some(b'.'), Some(b')')) => Style::DotParen,
            (Some(b'.'), _) => Style::Dot,
            (Some(b')'), _) => Style::Paren,
            _ => return None,
        };
        p += if style == Style::DotParen { 2 } else { 1 };
        if self.space_len(p) == 0 {
            return None;
        }
        Some((Marker { label, style }, p))
    }

    /// If the list in progress expects a marker of `style` whose punctuation
    /// starts at `i` and its label stands right before, after whitespace,
    /// inside the current sentence: the label's start.
    fn expected_marker_before(&self, i: usize, style: Style) -> Option<usize> {
        let m = self.list.filter(|m| m.style == style)?;
        let ts = match m.label {
            Label::Num(n) => {
                let mut j = i;
                while j > self.lo && i - j < 3 && self.b.get(j - 1).is_some_and(u8::is_ascii_digit)
                {
                    j -= 1;
                }
                let digits = self.b.get(j..i)?;
                let value = digits.iter().fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
                (!digits.is_empty() && digits.len() <= 2 && value == u32::from(n)).then_some(j)?
            }
            Label::Letter(l) => (i > self.lo && self.b.get(i - 1) == Some(&l)).then(|| i - 1)?,
        };
        let after = i + if style == Style::DotParen { 2 } else { 1 };
        (ts > self.first && self.space_before(ts) && self.space_len(after) > 0).then_some(ts)
    }
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '‣' | '⁃' | '◦' | '●' | '▪' | '■')
}

/// How the word before a period reads (see [`Word`]).
fn classify(token: &[u8]) -> Word {
    if token.is_empty() {
        return Word::Plain;
    }
    let has = |needle: &[u8]| token.windows(needle.len()).any(|w| w == needle);
    if token.contains(&b'@') || has(b"://") || token.starts_with(b"www.") {
        return Word::Plain;
    }
    if token.iter().any(u8::is_ascii_digit)
        && token.iter().all(|x| x.is_ascii_digit() || matches!(x, b'.' | b',' | b':' | b'$' | b'%'))
    {
        return Word::Number;
    }
    if let Some(a) = lookup_abbrev(token) {
        return Word::Abbrev(a);
    }
    if let Some(pos) = token.iter().rposition(|&x| x == b'-') {
        // `(D-Mass.)`
        if let Some(a) = token.get(pos + 1..).and_then(lookup_abbrev) {
            return Word::Abbrev(a);
        }
    }
    match token {
        [x] if x.is_ascii_uppercase() => Word::Initial,
        [x] if x.is_ascii_lowercase() => Word::Abbrev(Final),
        _ if is_dotted_acronym(token) => Word::Abbrev(Final),
        _ => Word::Plain,
    }
}

fn lookup_abbrev(token: &[u8]) -> Option<Abbrev> {
    if token.is_empty() || token.len() > MAX_ABBREV_LEN {
        return None;
    }
    let mut buf = [0u8; MAX_ABBREV_LEN];
    let key = buf.get_mut(..token.len())?;
    key.copy_from_slice(token);
    key.make_ascii_lowercase();
    let &(abbrev, case) = abbreviations().get(&*key)?;
    let capital = token.first().is_some_and(u8::is_ascii_uppercase);
    (case == Any || capital).then_some(abbrev)
}

/// `U.S`, `N.Y`, `Ph.D`, `U.S.A`: letter groups of at most three joined by
/// periods (the final period is the candidate itself).
fn is_dotted_acronym(token: &[u8]) -> bool {
    let mut groups = 0;
    for g in token.split(|&x| x == b'.') {
        if g.is_empty() || g.len() > 3 || !g.iter().all(u8::is_ascii_alphabetic) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.slice(text)).collect()
    }

    fn paras(text: &str) -> Vec<&str> {
        paragraphs(text).iter().map(|s| s.slice(text)).collect()
    }

    fn one(text: &str) {
        assert_eq!(split(text), vec![text], "should stay one sentence");
    }

    #[test]
    fn paragraphs_split_on_every_kind_of_line_break() {
        let text = "First line.\nSecond line.\n\nThird.\r\nFourth.\rFifth.\u{2029}Sixth.";
        assert_eq!(
            paras(text),
            ["First line.", "Second line.", "Third.", "Fourth.", "Fifth.", "Sixth."]
        );
        assert_eq!(paras("  \n\n \t \r\n"), Vec::<&str>::new());
        assert_eq!(paras("  padded  \n"), ["padded"]);
    }

    #[test]
    fn sentences_never_cross_a_line_break() {
        assert_eq!(
            split("Talks went on until Jan.\n5 delegates left early"),
            ["Talks went on until Jan.", "5 delegates left early"]
        );
        assert_eq!(
            split("He left at 5 p.m.\r\n\r\nShe stayed."),
            ["He left at 5 p.m.", "She stayed."]
        );
    }

    #[test]
    fn plain_terminators_split() {
        assert_eq!(
            split("The vote was close. Officials counted again."),
            ["The vote was close.", "Officials counted again."]
        );
        assert_eq!(
            split("Will they agree? Nobody knows! Talks resume today."),
            ["Will they agree?", "Nobody knows!", "Talks resume today."]
        );
        assert_eq!(split("Really?! Yes."), ["Really?!", "Yes."]);
        assert_eq!(
            split("Prices fell in 2015. 2016 was worse."),
            ["Prices fell in 2015.", "2016 was worse."]
        );
    }

    #[test]
    fn titles_never_end_a_sentence() {
        one("Gen. Ana Ruiz met Sen. Tom Hale, Rep. Li and Dr. Wu on Monday.");
        one("Lt. Col. Reyes briefed Gov. Park and Pres. Okafor.");
        one("Mrs. Ortiz, Ms. Diaz, Mr. Berg and Prof. Lind signed the letter.");
        one("The Rev. Amos Cole led the service with Capt. Nunez.");
    }

    #[test]
    fn abbreviations_inside_sentences() {
        one("The U.N. Security Council met in the U.K. capital on Tuesday.");
        one("The summit opens Jan. 12 and closes Feb. 3 in Oslo.");
        one("The No. 2 official lives on St. Mark's Place.");
        one("Acme Corp. Chief Executive Jane Roe resigned.");
        one("The dispute, Ortiz vs. Hale, covered fruit, e.g. Apples, i.e. Red ones.");
        one("The briefing starts at 10 a.m. Monday in Geneva.");
        one("He lives on Elm st. near the park.");
        one("Bob Hale Jr. (D-Ore.) objected.");
    }

    #[test]
    fn abbreviation_at_the_end_of_a_sentence() {
        assert_eq!(
            split("The aid came from the U.S. The talks resume today."),
            ["The aid came from the U.S.", "The talks resume today."]
        );
        assert_eq!(
            split("She flew to the U.K. It rained all week."),
            ["She flew to the U.K.", "It rained all week."]
        );
        assert_eq!(
            split("Shares of Acme Inc. rose. The company declined to comment."),
            ["Shares of Acme Inc. rose.", "The company declined to comment."]
        );
        assert_eq!(
            split("They bought bread, cheese, etc. Then they left."),
            ["They bought bread, cheese, etc.", "Then they left."]
        );
        assert_eq!(
            split("Polls close at 8 p.m. The count starts at once."),
            ["Polls close at 8 p.m.", "The count starts at once."]
        );
        assert_eq!(
            split("He was born in Austin, Tex. His mother still lives there."),
            ["He was born in Austin, Tex.", "His mother still lives there."]
        );
    }

    #[test]
    fn fronted_time_phrase_is_not_a_sentence() {
        one("At 6 a.m. Mr. Diaz left the hotel.");
        assert_eq!(
            split("He left at 6 a.m. Mr. Diaz stayed."),
            ["He left at 6 a.m.", "Mr. Diaz stayed."]
        );
    }

    #[test]
    fn initials_stay_in_names() {
        one("The novel was by J. R. R. Tolkien.");
        one("The memo was signed by Mary K. Olsen on Friday.");
        one("Gov. J.D. “Duke” Hale spoke first.");
        assert_eq!(
            split("It was just you and I. Then it rained."),
            ["It was just you and I.", "Then it rained."]
        );
        assert_eq!(
            split("We need a plan B. The first one failed."),
            ["We need a plan B.", "The first one failed."]
        );
    }

    #[test]
    fn numbers_urls_and_emails_do_not_split() {
        one("Inflation rose 2.5 percent by 10.30 in version 3.1.4 of the report.");
        one("It cost $1,200.50 at www.shop.example.com today.");
        assert_eq!(
            split("Write to desk@news.example.org. Updates are at https://news.example.org/live.html. Thanks."),
            ["Write to desk@news.example.org.", "Updates are at https://news.example.org/live.html.", "Thanks."]
        );
    }

    #[test]
    fn ellipses() {
        one("We waited... and waited for news.");
        one("He said … nothing at all.");
        one("It was . . . Odd, to say the least.");
        assert_eq!(split("I thought… The phone rang."), ["I thought…", "The phone rang."]);
        assert_eq!(split("Nobody came.... Rain fell."), ["Nobody came....", "Rain fell."]);
        assert_eq!(
            split("The law was clear. . . . Courts agreed."),
            ["The law was clear.", ". . . Courts agreed."]
        );
        assert_eq!(
            split("It ended there . . . . Courts agreed."),
            ["It ended there . . . .", "Courts agreed."]
        );
    }

    #[test]
    fn enumerations() {
        assert_eq!(split("1. Raise taxes 2. Cut spending"), ["1. Raise taxes", "2. Cut spending"]);
        assert_eq!(
            split("a) Hire staff b) Train them c) Pay them"),
            ["a) Hire staff", "b) Train them", "c) Pay them"]
        );
        assert_eq!(split("• Open borders • Close ports"), ["• Open borders", "• Close ports"]);
        assert_eq!(
            split("1.) Vote early. 2.) Vote often."),
            ["1.) Vote early.", "2.) Vote often."]
        );
        // A list opened mid-sentence is an inline enumeration.
        one("The plan has three goals: 1) cut costs, 2) raise wages and 3) hire.");
    }

    #[test]
    fn parentheses() {
        one("The senator (she spoke first.) left early.");
        assert_eq!(
            split("He left. (He returned later.) Nobody noticed."),
            ["He left.", "(He returned later.)", "Nobody noticed."]
        );
    }

    #[test]
    fn sentence_ending_inside_a_quotation_closes_after_the_mark() {
        assert_eq!(
            split("“We are done now.” She left the room."),
            ["“We are done now.”", "She left the room."]
        );
        assert_eq!(
            split("\"We won.\" Then the crowd cheered."),
            ["\"We won.\"", "Then the crowd cheered."]
        );
        assert_eq!(
            split("He called it ''a disaster.'' Aides disagreed."),
            ["He called it ''a disaster.''", "Aides disagreed."]
        );
        assert_eq!(
            split("She said: ‘No more.’ The door shut."),
            ["She said: ‘No more.’", "The door shut."]
        );
    }

    #[test]
    fn attribution_continues_the_quotation() {
        one("“We are ready,” he said.");
        one("“Are we ready?” he asked.");
        one("'Not again!' she cried.");
        one("“Are we ready?” Maria Lopez asked the crowd.");
        one("“What now?” O’Neill wondered aloud.");
        one("“We will win.” Lopez said.");
        one("“Why?” — the minister asked.");
        assert_eq!(
            split("\"Is it over?\" Nobody answered."),
            ["\"Is it over?\"", "Nobody answered."]
        );
        assert_eq!(
            split("“We will win.” Lopez said the count was wrong."),
            ["“We will win.”", "Lopez said the count was wrong."]
        );
    }

    #[test]
    fn colon_and_lowercase_quotation_do_not_split() {
        one("The minister said: “We will not retreat.”");
        one("The statement said the U.S. “will not pay” for it.");
        one("They shouted “Liar!” (at the mayor) and left.");
    }

    #[test]
    fn degenerate_inputs_do_not_panic() {
        for text in [
            "",
            " ",
            "\n\n",
            ".",
            "...",
            "?!?!",
            "“”",
            "Mr.",
            "1.",
            "• ",
            "😀. 😀",
            "\0.\0",
            "a.b.c.",
            ". . . .",
            "e\u{301}. É.",
        ] {
            for s in sentences(text) {
                assert!(
                    !s.is_empty() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end)
                );
            }
        }
    }

    #[test]
    fn abbreviation_table_is_well_formed() {
        for (key, _, _) in ABBREVIATIONS {
            assert!(key.len() <= MAX_ABBREV_LEN, "{key} too long for the lookup buffer");
            assert_eq!(key.to_ascii_lowercase(), *key, "{key} must be lowercase");
            assert!(!key.ends_with('.'), "{key} without its final period");
        }
        assert_eq!(abbreviations().len(), ABBREVIATIONS.len(), "duplicate abbreviation");
    }
}
