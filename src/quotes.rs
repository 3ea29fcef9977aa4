//! Quotation spans found on characters.
//!
//! One pass over each paragraph with a small stack of open marks:
//! `“ ”`, `" "`, `'' ''` (a doubled apostrophe, used by some outlets for both
//! marks), `‘ ’`, `' '`, `« »`, `‹ ›`, `„ “`, `‚ ‘`, `「 」`, `『 』`. A mark of
//! the other kind inside an open quotation nests; an apostrophe (`don't`,
//! `Russia’s`, `’90s`, `the allies’ view`) is never taken for a mark: a
//! single mark opens only before a word and after a space or an opening
//! bracket, and closes only when a single quotation is open. A quotation that
//! is not closed ends with its paragraph, so it can never swallow the rest of
//! the document; the next paragraph that opens with a mark continues it (see
//! [`Quote::closed`]).

use crate::span::Span;

/// One quotation: `outer` includes the marks, `inner` excludes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The quotation with its marks (up to the paragraph end when unclosed).
    pub outer: Span,
    /// The quoted words without the marks.
    pub inner: Span,
    /// False when the closing mark is missing (bounded by the paragraph).
    pub closed: bool,
}

/// Families of quotation marks: a mark closes only a quotation of its family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// `“…”`, also `„…“` and `„…”`.
    Curly,
    /// `"…"`, also `''…''` and ``` ``…'' ```.
    Straight,
    /// `‘…’`, `'…'`, `‚…‘`.
    Single,
    /// `«…»`.
    Guillemet,
    /// `‹…›`.
    SingleGuillemet,
    /// `「…」`.
    Corner,
    /// `『…』`.
    WhiteCorner,
}

/// What a mark at some position may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mark {
    Open(Family),
    Close(Family),
    /// Closes an open quotation of the family, else opens one.
    Toggle(Family),
    /// Closes a curly quotation opened by `„`, else opens a curly one.
    LowOrOpen,
}

/// An open quotation on the stack.
#[derive(Clone, Copy, Debug)]
struct Open {
    family: Family,
    start: usize,
    inner_start: usize,
    /// Opened by a low mark (`„`, `‚`), closed by `“` / `‘` as well.
    low: bool,
}

/// Deeper nesting than this is noise (stray marks), not quotation.
const MAX_DEPTH: usize = 4;

/// Quotations of `text`, in order: the outermost ones only (a nested
/// quotation is part of the content of the one around it). Quotations never
/// cross a paragraph boundary.
pub fn find_quotes(text: &str, paragraphs: &[Span]) -> Vec<Quote> {
    let mut out = Vec::new();
    let mut stack: Vec<Open> = Vec::with_capacity(MAX_DEPTH);
    for &para in paragraphs {
        scan_paragraph(text, para, &mut stack, &mut out);
    }
    out
}

/// Is `c` a character after which an opening mark may stand?
fn opens_after(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '['
                        | '{'
                        | '—'
                        | '–'
                        | '-'
                        | '/'
                        | '“'
                        | '"'
                        | '‘'
                        | '«'
                        | '‹'
                        | '„'
                        | ':'
                )
        }
    }
}

/// Is `c` a character before which a closing mark may stand?
fn closes_before(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) => !c.is_alphanumeric(),
    }
}

/// Elisions that begin with an apostrophe: `'90s`, `'em`, `'til`, `'cause`.
fn is_leading_elision(rest: &str) -> bool {
    let mut chars = rest.chars();
    let (a, b) = (chars.next(), chars.next());
    if a.is_some_and(|c| c.is_ascii_digit()) && b.is_some_and(|c| c.is_ascii_digit()) {
        // `'90s`, `'16`: a year, unless the digits run on (`'2016 was'`).
        return !chars.next().is_some_and(|c| c.is_ascii_digit());
    }
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).take(8).collect();
    let word = word.to_lowercase();
    matches!(word.as_str(), "em" | "til" | "cause" | "bout" | "tis" | "twas" | "n" | "s" | "round")
}

/// Bytes that can begin a quotation mark: the ASCII marks and the lead
/// bytes of the others (`«` `»` are C2 xx; `‘` … `„` and `‹` `›` are E2 80 xx;
/// the corner brackets are E3 80 xx). Everything else is skipped without
/// decoding it.
const MAY_MARK: [bool; 256] = {
    let mut t = [false; 256];
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[b'`' as usize] = true;
    t[0xC2] = true;
    t[0xE2] = true;
    t[0xE3] = true;
    t
};

fn scan_paragraph(text: &str, para: Span, stack: &mut Vec<Open>, out: &mut Vec<Quote>) {
    stack.clear();
    let Some(body) = text.get(para.start..para.end) else {
        return;
    };
    let bytes = body.as_bytes();
    let mut from = 0;
    // Jump from one byte that may begin a mark to the next: marks are rare,
    // and only the characters around one are ever looked at.
    while let Some(off) =
        bytes.get(from..).and_then(|r| r.iter().position(|&b| MAY_MARK[usize::from(b)]))
    {
        let off = from + off;
        let Some(c) = body.get(off..).and_then(|r| r.chars().next()) else { break };
        let after = off + c.len_utf8();
        let next = next_after(body, after);
        // The character before (`'` or `` ` `` after a doubled mark, which
        // every test below treats alike).
        let prev = body.get(..off).and_then(|r| r.chars().next_back());
        let mut width = c.len_utf8();
        let mark = match c {
            '“' => Some(Mark::LowOrOpen),
            '”' => Some(Mark::Close(Family::Curly)),
            '„' => Some(Mark::Open(Family::Curly)),
            '"' => Some(Mark::Toggle(Family::Straight)),
            '«' => Some(Mark::Open(Family::Guillemet)),
            '»' => Some(Mark::Close(Family::Guillemet)),
            '‹' => Some(Mark::Open(Family::SingleGuillemet)),
            '›' => Some(Mark::Close(Family::SingleGuillemet)),
            '「' => Some(Mark::Open(Family::Corner)),
            '」' => Some(Mark::Close(Family::Corner)),
            '『' => Some(Mark::Open(Family::WhiteCorner)),
            '』' => Some(Mark::Close(Family::WhiteCorner)),
            '`' if next == Some('`') => {
                width = 2;
                Some(Mark::Open(Family::Straight))
            }
            '\'' if next == Some('\'') => {
                width = 2;
                Some(Mark::Toggle(Family::Straight))
            }
            '\'' | '‘' | '’' | '‚' => {
                single_mark(c, prev, next, body.get(after..).unwrap_or(""), stack)
            }
            _ => None,
        };
        if let Some(mark) = mark {
            let pos = para.start + off;
            // The character after the mark: after both of a doubled one.
            let beyond = if width == c.len_utf8() { next } else { next_after(body, off + width) };
            apply(mark, c, pos, pos + width, prev, beyond, stack, out);
        }
        from = off + width;
    }
    // Unclosed: the outermost one runs to the end of its paragraph.
    if let Some(first) = stack.first() {
        out.push(Quote {
            outer: Span::new(first.start, para.end),
            inner: Span::new(first.inner_start, para.end),
            closed: false,
        });
    }
    stack.clear();
}

fn next_after(body: &str, off: usize) -> Option<char> {
    body.get(off..).and_then(|s| s.chars().next())
}

/// Decides what a single mark (`'`, `‘`, `’`, `‚`) does, keeping apostrophes out.
fn single_mark(
    c: char,
    prev: Option<char>,
    next: Option<char>,
    rest: &str,
    stack: &[Open],
) -> Option<Mark> {
    let single_open = stack.iter().any(|o| o.family == Family::Single);
    let word_inside =
        prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
    if word_inside {
        return None; // don't, Russia’s, rock’n’roll
    }
    if c == '‚' {
        return Some(Mark::Open(Family::Single));
    }
    let may_open = c != '’'
        && opens_after(prev)
        && next.is_some_and(|n| n.is_alphanumeric() || matches!(n, '“' | '"' | '…' | '.'))
        && !is_leading_elision(rest);
    let may_close = single_open && closes_before(next) && !prev.is_some_and(char::is_whitespace);
    if may_close {
        return Some(Mark::Close(Family::Single));
    }
    if may_open {
        return Some(Mark::Open(Family::Single));
    }
    // A `‘` closing a low `‚`.
    if c == '‘' && stack.last().is_some_and(|o| o.low) {
        return Some(Mark::Close(Family::Single));
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn apply(
    mark: Mark,
    c: char,
    pos: usize,
    end: usize,
    prev: Option<char>,
    next: Option<char>,
    stack: &mut Vec<Open>,
    out: &mut Vec<Quote>,
) {
    let low = matches!(c, '„' | '‚');
    match mark {
        Mark::Open(family) => push(stack, family, pos, end, low),
        Mark::Close(family) => {
            // `"…”`: a curly closer ends a straight quotation when no curly
            // one is open (outlets mix the two).
            let family = if family == Family::Curly
                && !stack.iter().any(|o| o.family == Family::Curly)
                && stack.last().is_some_and(|o| o.family == Family::Straight)
            {
                Family::Straight
            } else {
                family
            };
            if !close(stack, family, pos, end, out) && family == Family::Curly && stack.is_empty() {
                // A `”` used as an opener (some outlets use it both ways).
                if opens_after(prev) && next.is_some_and(|n| !n.is_whitespace()) {
                    push(stack, family, pos, end, false);
                }
            }
        }
        Mark::Toggle(family) => {
            let is_open = stack.iter().any(|o| o.family == family);
            let looks_closing =
                !prev.is_none_or(char::is_whitespace) && !next.is_some_and(char::is_alphanumeric);
            if !is_open && looks_closing && stack.last().is_some_and(|o| o.family == Family::Curly)
            {
                // `“…"`: a straight closer ends a curly quotation.
                close(stack, Family::Curly, pos, end, out);
            } else if is_open {
                // A straight mark after a space and before a word opens a
                // new quotation only when it cannot close the open one.
                close(stack, family, pos, end, out);
            } else if next.is_some_and(|n| !n.is_whitespace())
                || prev.is_none_or(char::is_whitespace)
            {
                push(stack, family, pos, end, false);
            }
        }
        Mark::LowOrOpen => {
            if stack.last().is_some_and(|o| o.low && o.family == Family::Curly) {
                close(stack, Family::Curly, pos, end, out);
            } else if stack.iter().any(|o| o.family == Family::Curly) {
                // `“` while one is open: a typo for `”` when it follows a
                // word, else the open quotation was never closed.
                if !prev.is_some_and(char::is_whitespace) && closes_before(next) {
                    close(stack, Family::Curly, pos, end, out);
                } else {
                    cut_unclosed(stack, pos, out);
                    push(stack, Family::Curly, pos, end, false);
                }
            } else {
                push(stack, Family::Curly, pos, end, false);
            }
        }
    }
}

fn push(stack: &mut Vec<Open>, family: Family, pos: usize, end: usize, low: bool) {
    if stack.len() < MAX_DEPTH {
        stack.push(Open { family, start: pos, inner_start: end, low });
    }
}

/// Closes the innermost open quotation of `family` (and any left open inside
/// it). Returns false when none is open: a stray closing mark.
fn close(
    stack: &mut Vec<Open>,
    family: Family,
    pos: usize,
    end: usize,
    out: &mut Vec<Quote>,
) -> bool {
    let Some(i) = stack.iter().rposition(|o| o.family == family) else {
        return false;
    };
    let open = stack[i];
    stack.truncate(i);
    if stack.is_empty() {
        out.push(Quote {
            outer: Span::new(open.start, end),
            inner: Span::new(open.inner_start, pos),
            closed: true,
        });
    }
    true
}

/// Ends every open quotation just before `pos`, unclosed (trailing spaces
/// left out).
fn cut_unclosed(stack: &mut Vec<Open>, pos: usize, out: &mut Vec<Quote>) {
    if let Some(first) = stack.first() {
        out.push(Quote {
            outer: Span::new(first.start, pos),
            inner: Span::new(first.inner_start, pos),
            closed: false,
        });
    }
    stack.clear();
}

/// Whether a quotation opens its paragraph (only spaces before its mark):
/// such a paragraph may continue an unclosed quotation of the one before.
pub fn opens_paragraph(text: &str, quote: &Quote, paragraph: Span) -> bool {
    quote.outer.start >= paragraph.start
        && text.get(paragraph.start..quote.outer.start).is_some_and(|s| s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The version of [`scan_paragraph`] that decoded every character (as
    /// of `20d8ee7`): the reference the jumping scan must agree with.
    fn scan_paragraph_reference(
        text: &str,
        para: Span,
        stack: &mut Vec<Open>,
        out: &mut Vec<Quote>,
    ) {
        stack.clear();
        let Some(body) = text.get(para.start..para.end) else {
            return;
        };
        let mut prev: Option<char> = None;
        let mut iter = body.char_indices().peekable();
        while let Some((off, c)) = iter.next() {
            let pos = para.start + off;
            let next = iter.peek().map(|&(_, n)| n);
            let mut width = c.len_utf8();
            let mark = match c {
                '“' => Some(Mark::LowOrOpen),
                '”' => Some(Mark::Close(Family::Curly)),
                '„' => Some(Mark::Open(Family::Curly)),
                '"' => Some(Mark::Toggle(Family::Straight)),
                '«' => Some(Mark::Open(Family::Guillemet)),
                '»' => Some(Mark::Close(Family::Guillemet)),
                '‹' => Some(Mark::Open(Family::SingleGuillemet)),
                '›' => Some(Mark::Close(Family::SingleGuillemet)),
                '「' => Some(Mark::Open(Family::Corner)),
                '」' => Some(Mark::Close(Family::Corner)),
                '『' => Some(Mark::Open(Family::WhiteCorner)),
                '』' => Some(Mark::Close(Family::WhiteCorner)),
                '`' if next == Some('`') => {
                    width = 2;
                    Some(Mark::Open(Family::Straight))
                }
                '\'' if next == Some('\'') => {
                    width = 2;
                    Some(Mark::Toggle(Family::Straight))
                }
                '\'' | '‘' | '’' | '‚' => {
                    single_mark(c, prev, next, body.get(off + c.len_utf8()..).unwrap_or(""), stack)
                }
                _ => None,
            };
            let doubled = width == 2 && c.is_ascii();
            if doubled {
                iter.next();
            }
            let end = pos + width;
            if let Some(mark) = mark {
                apply(mark, c, pos, end, prev, next_after(body, off + width), stack, out);
            }
            prev = Some(if doubled { '\'' } else { c });
        }
        // Unclosed: the outermost one runs to the end of its paragraph.
        if let Some(first) = stack.first() {
            out.push(Quote {
                outer: Span::new(first.start, para.end),
                inner: Span::new(first.inner_start, para.end),
                closed: false,
            });
        }
        stack.clear();
    }

    fn paras(text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if c == '\n' {
                out.push(Span::new(start, i).trim(text));
                start = i + 1;
            }
        }
        out.push(Span::new(start, text.len()).trim(text));
        out.retain(|s| !s.is_empty());
        out
    }

    fn quotes(text: &str) -> Vec<&str> {
        find_quotes(text, &paras(text)).iter().map(|q| q.outer.slice(text)).collect()
    }

    #[test]
    fn all_mark_pairs() {
        assert_eq!(quotes("He said “we will act” today."), ["“we will act”"]);
        assert_eq!(quotes("He said \"we will act\" today."), ["\"we will act\""]);
        assert_eq!(quotes("Er sagte „wir handeln“ heute."), ["„wir handeln“"]);
        assert_eq!(quotes("Il a dit « nous agirons » hier."), ["« nous agirons »"]);
        assert_eq!(quotes("She said ‘soon’ and ‹later› ."), ["‘soon’", "‹later›"]);
        assert_eq!(quotes("彼は「行く」と言った。"), ["「行く」"]);
        assert_eq!(quotes("She said 'no deal' twice."), ["'no deal'"]);
        assert_eq!(quotes("Le ‚petit‘ mot."), ["‚petit‘"]);
    }

    #[test]
    fn a_mark_right_after_a_two_byte_letter_counts() {
        // `é`, `ñ` and `«` are two bytes long; a scan that took two bytes
        // for a doubled mark skipped the closing mark after them.
        let t = "“Meet me at the café”, she said. ‘Sí, señor’ came back.";
        assert_eq!(quotes(t), ["“Meet me at the café”", "‘Sí, señor’"]);
        assert_eq!(quotes("«Olé»"), ["«Olé»"]);
        // A no-break space (two bytes) before a quotation, as news sites
        // often write.
        let t = "He left early.\u{a0}“We need the money,” said Joseph.";
        assert_eq!(quotes(t), ["“We need the money,”"]);
    }

    #[test]
    fn doubled_apostrophe_is_a_mark() {
        let t = "''We are ready,'' the mayor said. ''Tomorrow.''";
        assert_eq!(quotes(t), ["''We are ready,''", "''Tomorrow.''"]);
    }

    #[test]
    fn apostrophes_are_not_marks() {
        let t =
            "“We don’t accept Moscow’s terms in the ’90s style, nor the allies’ view,” he said.";
        assert_eq!(
            quotes(t),
            ["“We don’t accept Moscow’s terms in the ’90s style, nor the allies’ view,”"]
        );
        assert!(quotes("It's the voters' choice, isn't it? Rock 'n' roll in the '80s.").is_empty());
        assert!(quotes("The senators’ letter and the mayor's reply.").is_empty());
    }

    #[test]
    fn nested_quotes_of_the_other_kind() {
        let t = "“They told us ‘never again,’ and we believed it,” she said.";
        assert_eq!(quotes(t), ["“They told us ‘never again,’ and we believed it,”"]);
        let t = "\"The sign read 'closed' all week,\" he said.";
        assert_eq!(quotes(t), ["\"The sign read 'closed' all week,\""]);
    }

    #[test]
    fn unclosed_quote_stops_at_paragraph_end() {
        let t =
            "He said: “We will not wait any longer\nThe council met on Monday. “Fine,” she said.";
        let q = find_quotes(t, &paras(t));
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].outer.slice(t), "“We will not wait any longer");
        assert!(!q[0].closed);
        assert_eq!(q[1].outer.slice(t), "“Fine,”");
        assert!(q[1].closed);
    }

    #[test]
    fn multi_paragraph_quotation() {
        let t = "She said: “The plan is simple.\n\n“We build first.\n\n“Then we talk.”";
        let ps = paras(t);
        let q = find_quotes(t, &ps);
        assert_eq!(q.len(), 3);
        assert!(!q[0].closed && !q[1].closed && q[2].closed);
        assert!(opens_paragraph(t, &q[1], ps[1]));
        assert!(!opens_paragraph(t, &q[0], ps[0]));
    }

    #[test]
    fn curly_opener_while_open_starts_new_quote() {
        let t = "“First part, “Second part.”";
        assert_eq!(quotes(t), ["“First part, ", "“Second part.”"]);
    }

    #[test]
    fn mixed_curly_and_straight_marks_pair_up() {
        let t = r#"“We won," she said. "It was close.” Then"#;
        assert_eq!(quotes(t), [r#"“We won,""#, r#""It was close.”"#]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in ["\"", "''", "'", "“", "”", "„", "\"\"\"", "a''b", "😀“é\u{301}”\0", "‚"]
        {
            let _ = find_quotes(t, &paras(t));
        }
    }

    proptest::proptest! {
        #[test]
        fn quotes_are_ordered_and_inside_paragraphs(s in "[a-z “”\"'‘’«»„\n.,]{0,80}") {
            let ps = paras(&s);
            let q = find_quotes(&s, &ps);
            for w in q.windows(2) {
                proptest::prop_assert!(w[0].outer.end <= w[1].outer.start);
            }
            for x in &q {
                proptest::prop_assert!(ps.iter().any(|p| p.contains(x.outer)));
                proptest::prop_assert!(x.outer.contains(x.inner));
            }
        }

        #[test]
        fn jumping_scan_equals_the_reference(
            s in "([A-Za-z0-9 .,:;(\\[\n\t—–…é€•]|[“”\"'‘’‚„«»‹›「」『』`]){0,120}",
        ) {
            for para in paras(&s).into_iter().chain([Span::new(0, s.len())]) {
                let (mut stack, mut got, mut want) = (Vec::new(), Vec::new(), Vec::new());
                scan_paragraph(&s, para, &mut stack, &mut got);
                scan_paragraph_reference(&s, para, &mut stack, &mut want);
                proptest::prop_assert_eq!(&got, &want, "{:?} in {:?}", para, s);
            }
        }
    }
}
