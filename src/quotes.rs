//! Quotation spans found on characters.
//!
//! PLACEHOLDER: finds nothing yet.

use crate::span::Span;

/// One quotation: `outer` includes the marks, `inner` excludes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    pub outer: Span,
    pub inner: Span,
    /// False when the closing mark is missing (bounded by the paragraph).
    pub closed: bool,
}

/// Quotations of `text`, in order.
pub fn find_quotes(_text: &str, _paragraphs: &[Span]) -> Vec<Quote> {
    Vec::new()
}
