//! Paragraphs and sentences.
//!
//! PLACEHOLDER: a naive splitter so the pipeline runs end to end; the real
//! rule-based splitter replaces it.

use crate::span::Span;

/// Paragraph spans: runs of text separated by blank lines (or single line
/// breaks), trimmed, in order, never empty.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            push_trimmed(text, Span::new(start, i), &mut out);
            start = i + 1;
        }
    }
    push_trimmed(text, Span::new(start, text.len()), &mut out);
    out
}

/// Sentence spans of `text`, trimmed, in order, non-overlapping, never empty.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    for para in paragraphs(text) {
        let mut start = para.start;
        let bytes = text.as_bytes();
        for i in para.start..para.end {
            if matches!(bytes[i], b'.' | b'!' | b'?')
                && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace())
            {
                push_trimmed(text, Span::new(start, i + 1), &mut out);
                start = i + 1;
            }
        }
        push_trimmed(text, Span::new(start, para.end), &mut out);
    }
    out
}

fn push_trimmed(text: &str, span: Span, out: &mut Vec<Span>) {
    let t = span.trim(text);
    if !t.is_empty() {
        out.push(t);
    }
}
