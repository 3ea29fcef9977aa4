//! Word tokens through the `tokenizers` crate: a normalizer and a
//! pre-tokenizer, no vocabulary, offsets into the original text kept.
//!
//! The default pipeline lowercases (after NFKC) and folds typographic
//! apostrophes to `'`, then splits words, numbers and punctuation with one
//! regex. English contractions come out as `do` + `n't`, `Russia` + `'s`, so
//! that negation survives as its own token.

use compact_str::CompactString;
use serde::Deserialize;
use tokenizers::normalizers::{Lowercase, Replace, Sequence as NormSeq, NFKC};
use tokenizers::pre_tokenizers::split::Split;
use tokenizers::{
    NormalizerWrapper, OffsetReferential, OffsetType, PreTokenizedString, PreTokenizer,
    PreTokenizerWrapper, SplitDelimiterBehavior,
};

use crate::error::{Error, Result};
use crate::span::Span;

mod english;

/// One word token: where it is, and its normalized form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte span in the original text.
    pub span: Span,
    /// The normalizer's output for this token (lowercased by default);
    /// inline up to 24 bytes, so most tokens allocate nothing.
    pub norm: CompactString,
    /// True for negating tokens (`not`, `n't`, `no`, `never`...).
    pub negation: bool,
}

/// Words, with a contraction's `n't` / `'s` / `'re`... split off the stem
/// (the lookahead keeps `do` from swallowing the `n` of `n't`; `cannot` is
/// `can` + `not` so that negation is one token whatever the spelling),
/// numbers with inner separators (`3.5`, `1,000`), hyphenated words
/// (`build-up`), and any other non-space character alone.
const DEFAULT_PATTERN: &str = r"(?i)\w+(?=n't\b)|n't\b|\bcan(?=not\b)|'(?:s|re|ve|ll|d|m)\b|\d+(?:[.,:]\d+)+|\w+(?:[-]\w+)*|[^\w\s]";

/// Tokens that negate what follows them (used by the stance rules).
pub fn is_negation(norm: &str) -> bool {
    // Dispatch on the length first: this runs once per token, and most
    // tokens are then ruled out by one or two fixed-size comparisons.
    let b = norm.as_bytes();
    match b.len() {
        2 => b == b"no",
        3 => b == b"not" || b == b"n't" || b == b"nor",
        4 => b == b"none",
        5 => b == b"never",
        6 => b == b"nobody" || b == b"hardly" || b == b"barely" || b == b"cannot",
        7 => b == b"neither" || b == b"nothing" || b == b"nowhere" || b == b"without",
        _ => false,
    }
}

impl Token {
    fn new(span: std::ops::Range<usize>, norm: &str) -> Self {
        Self::from_norm(span, CompactString::from(norm))
    }

    #[inline]
    fn from_norm(span: std::ops::Range<usize>, norm: CompactString) -> Self {
        Token { span: Span::new(span.start, span.end), negation: is_negation(&norm), norm }
    }
}

/// Where the tokenizer puts the tokens it finds, in text order: a
/// `Vec<Token>` (a string per token, for the pipeline's stages) or a
/// [`TokenBuf`] (all normalized forms in one buffer, for scoring).
pub(crate) trait Sink {
    /// A token whose normalized form is `norm`.
    fn push_norm(&mut self, span: std::ops::Range<usize>, norm: &str);
    /// A token whose normalized form is the ASCII `piece` lowercased.
    fn push_ascii(&mut self, span: std::ops::Range<usize>, piece: &str);
    /// Number of tokens so far.
    fn count(&self) -> usize;
    /// The end of the last token's span.
    fn last_end(&self) -> Option<usize>;
}

impl Sink for Vec<Token> {
    fn push_norm(&mut self, span: std::ops::Range<usize>, norm: &str) {
        self.push(Token::new(span, norm));
    }
    #[inline]
    fn push_ascii(&mut self, span: std::ops::Range<usize>, piece: &str) {
        let mut norm = CompactString::from(piece);
        // Most tokens have no capital: spare them the lowercasing pass
        // through the CompactString (which checks its representation).
        if piece.bytes().any(|b| b.is_ascii_uppercase()) {
            norm.make_ascii_lowercase();
        }
        self.push(Token::from_norm(span, norm));
    }
    fn count(&self) -> usize {
        self.len()
    }
    fn last_end(&self) -> Option<usize> {
        self.last().map(|t| t.span.end)
    }
}

/// Tokens as spans plus one buffer holding every normalized form: what
/// scoring needs of them, without a string or a [`Token`] per token (see
/// [`Tokenizer::tokenize_buf`]). Reuse one across texts to reuse its memory.
#[derive(Clone, Debug, Default)]
pub struct TokenBuf {
    norms: String,
    /// End of each token's normalized form in `norms` (unless `aligned`).
    ends: Vec<usize>,
    spans: Vec<Span>,
    /// `norms` is the whole text lowercased, so token `k`'s normalized form
    /// is `norms[spans[k]]`: an ASCII text under the default English rules,
    /// lowercased in one pass instead of token by token.
    aligned: bool,
}

impl TokenBuf {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The normalized form of token `k`.
    pub fn norm(&self, k: usize) -> Option<&str> {
        if self.aligned {
            let s = self.spans.get(k)?;
            return self.norms.get(s.start..s.end);
        }
        let start = match k.checked_sub(1) {
            Some(j) => *self.ends.get(j)?,
            None => 0,
        };
        self.norms.get(start..*self.ends.get(k)?)
    }

    /// The byte span of token `k` in the text.
    pub fn span(&self, k: usize) -> Option<Span> {
        self.spans.get(k).copied()
    }

    fn clear(&mut self) {
        self.norms.clear();
        self.ends.clear();
        self.spans.clear();
        self.aligned = false;
    }
}

impl Sink for TokenBuf {
    fn push_norm(&mut self, span: std::ops::Range<usize>, norm: &str) {
        self.norms.push_str(norm);
        self.ends.push(self.norms.len());
        self.spans.push(Span::new(span.start, span.end));
    }
    #[inline]
    fn push_ascii(&mut self, span: std::ops::Range<usize>, piece: &str) {
        let start = self.norms.len();
        self.norms.push_str(piece);
        if let Some(added) = self.norms.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        self.ends.push(self.norms.len());
        self.spans.push(Span::new(span.start, span.end));
    }
    fn count(&self) -> usize {
        self.len()
    }
    fn last_end(&self) -> Option<usize> {
        self.spans.last().map(|s| s.end)
    }
}

/// A normalizer + pre-tokenizer pair; cheap to share across threads.
#[derive(Clone)]
pub struct Tokenizer {
    normalizer: Option<NormalizerWrapper>,
    pre_tokenizer: PreTokenizerWrapper,
    /// The pair is the default English one, so the byte scanner of
    /// [`english`] may stand in for it where it covers the text.
    english: bool,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer").finish_non_exhaustive()
    }
}

/// The parts of a `tokenizer.json` that stancelens uses.
#[derive(Deserialize)]
struct TokenizerJson {
    normalizer: Option<NormalizerWrapper>,
    pre_tokenizer: Option<PreTokenizerWrapper>,
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::english()
    }
}

impl Tokenizer {
    /// The default English tokenizer.
    pub fn english() -> Self {
        // Both constructors only fail on an invalid pattern; ours are constants
        // checked by the unit tests, so a failure here is a programming error.
        let apostrophe = Replace::new("’", "'").expect("constant pattern");
        let normalizer = NormalizerWrapper::Sequence(NormSeq::new(vec![
            NormalizerWrapper::NFKC(NFKC),
            NormalizerWrapper::Replace(apostrophe),
            NormalizerWrapper::Lowercase(Lowercase),
        ]));
        let split = Split::new(
            tokenizers::pre_tokenizers::split::SplitPattern::Regex(DEFAULT_PATTERN.into()),
            SplitDelimiterBehavior::Isolated,
            false,
        )
        .expect("constant pattern");
        Tokenizer {
            normalizer: Some(normalizer),
            pre_tokenizer: PreTokenizerWrapper::Split(split),
            english: true,
        }
    }

    /// The default English tokenizer run through the `tokenizers` pipeline
    /// alone, without the byte scanner: the reference the scanner is tested
    /// against (same tokens, slower).
    pub fn english_reference() -> Self {
        Tokenizer { english: false, ..Self::english() }
    }

    /// A tokenizer from the `normalizer` and `pre_tokenizer` of a
    /// Hugging Face `tokenizer.json` (its model and vocabulary are ignored).
    pub fn from_json(json: &str) -> Result<Self> {
        let parsed: TokenizerJson =
            serde_json::from_str(json).map_err(|e| Error::Tokenizer(e.to_string()))?;
        let pre_tokenizer = parsed.pre_tokenizer.ok_or_else(|| {
            Error::Tokenizer("tokenizer.json has no pre_tokenizer to split words with".into())
        })?;
        Ok(Tokenizer { normalizer: parsed.normalizer, pre_tokenizer, english: false })
    }

    /// Reads [`Tokenizer::from_json`] from a file.
    pub fn from_file(path: &std::path::Path) -> Result<Self> {
        let json = std::fs::read_to_string(path)
            .map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        Self::from_json(&json).map_err(|e| Error::Tokenizer(format!("{}: {e}", path.display())))
    }

    /// Tokens of `text`, in order, non-overlapping, whitespace dropped.
    pub fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        let mut out = Vec::new();
        self.tokenize_into(text, &mut out)?;
        Ok(out)
    }

    /// [`Self::tokenize`] into `out`, which is cleared first: a caller
    /// tokenizing many short texts (sentences) reuses one buffer.
    pub fn tokenize_into(&self, text: &str, out: &mut Vec<Token>) -> Result<()> {
        out.clear();
        // About one token per five bytes of English news; a little more
        // room spares short texts (sentences) a reallocation.
        out.reserve(text.len() / 4 + 8);
        self.tokenize_to(text, out)
    }

    /// The tokens of `text` into `buf` (cleared first) as spans and one
    /// buffer of normalized forms: the same tokens as [`Self::tokenize`],
    /// without a string per token.
    pub fn tokenize_buf(&self, text: &str, buf: &mut TokenBuf) -> Result<()> {
        buf.clear();
        if self.english && text.is_ascii() {
            // The normalized forms are the text's slices, lowercased: one
            // pass over the text, then only spans per token.
            buf.norms.push_str(text);
            buf.norms.make_ascii_lowercase();
            buf.aligned = true;
            let spans = &mut buf.spans;
            english::ascii_scan(text.as_bytes(), |start, end| spans.push(Span::new(start, end)));
            return Ok(());
        }
        self.tokenize_to(text, buf)
    }

    fn tokenize_to(&self, text: &str, out: &mut impl Sink) -> Result<()> {
        if !self.english {
            return self.run_pipeline(text, 0, out);
        }
        if text.is_ascii() {
            // Most texts: one scan, no chunking (see `english::ascii_scan`).
            english::ascii_tokens(text, 0..text.len(), out);
            return Ok(());
        }
        let mut chunk = english::Chunk::default();
        // Chunks the scanner does not cover, waiting to go through the
        // pipeline together (one call for a run of them, spaces and all).
        let mut pending: Option<(usize, usize)> = None;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let (len, space) = english::char_at(text, i);
            if space {
                i += len;
                continue;
            }
            let start = i;
            let mut ascii = true;
            while let Some(&b) = bytes.get(i) {
                let (len, space) = english::char_at(text, i);
                if space {
                    break;
                }
                ascii &= b < 0x80;
                i += len;
            }
            let covered = ascii || chunk.load(text, start..i);
            if !covered {
                pending = Some((pending.map_or(start, |(a, _)| a), i));
                continue;
            }
            if let Some((a, b)) = pending.take() {
                self.run_pipeline_on(text, a..b, out)?;
            }
            if ascii {
                english::ascii_tokens(text, start..i, out);
            } else {
                chunk.tokens(text, out);
            }
        }
        if let Some((a, b)) = pending {
            self.run_pipeline_on(text, a..b, out)?;
        }
        Ok(())
    }

    /// [`Self::run_pipeline`] on `text[range]` (a range on char boundaries).
    fn run_pipeline_on(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
        out: &mut impl Sink,
    ) -> Result<()> {
        match text.get(range.clone()) {
            Some(part) => self.run_pipeline(part, range.start, out),
            None => Ok(()),
        }
    }

    /// Tokens of `text` through the `tokenizers` normalizer and
    /// pre-tokenizer, their spans shifted by `base`, appended to `out`.
    fn run_pipeline(&self, text: &str, base: usize, out: &mut impl Sink) -> Result<()> {
        let first = out.count();
        let mut pts = PreTokenizedString::from(text);
        if let Some(n) = &self.normalizer {
            use tokenizers::Normalizer;
            pts.normalize(|s| n.normalize(s)).map_err(|e| Error::Tokenizer(e.to_string()))?;
        }
        self.pre_tokenizer.pre_tokenize(&mut pts).map_err(|e| Error::Tokenizer(e.to_string()))?;
        for (norm, (start, end), _) in pts.get_splits(OffsetReferential::Original, OffsetType::Byte)
        {
            let norm = norm.trim();
            // Guard against normalizers whose alignments land off a char
            // boundary or out of order: such a split is not a usable token.
            if norm.is_empty() || start >= end || text.get(start..end).is_none() {
                continue;
            }
            if out.count() > first && out.last_end().is_some_and(|e| e > base + start) {
                continue;
            }
            out.push_norm(base + start..base + end, norm);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norms(text: &str) -> Vec<String> {
        Tokenizer::english()
            .tokenize(text)
            .unwrap()
            .into_iter()
            .map(|t| t.norm.to_string())
            .collect()
    }

    #[test]
    fn contractions_keep_negation() {
        assert_eq!(norms("We don't seek it"), ["we", "do", "n't", "seek", "it"]);
        assert_eq!(norms("Russia’s troops can’t"), ["russia", "'s", "troops", "ca", "n't"]);
        let toks = Tokenizer::english().tokenize("We won't").unwrap();
        assert!(toks[2].negation);
    }

    #[test]
    fn contractions_hyphens_and_numbers() {
        assert_eq!(norms("They can't and won't."), ["they", "ca", "n't", "and", "wo", "n't", "."]);
        assert_eq!(norms("We cannot accept"), ["we", "can", "not", "accept"]);
        assert_eq!(
            norms("We'll see, they've said"),
            ["we", "'ll", "see", ",", "they", "'ve", "said"]
        );
        assert_eq!(
            norms("a build-up of 1,000 troops, 3.5 km"),
            ["a", "build-up", "of", "1,000", "troops", ",", "3.5", "km"]
        );
        assert_eq!(norms("NATO's well-known stance"), ["nato", "'s", "well-known", "stance"]);
        // "n't" only splits off a real contraction.
        assert_eq!(norms("Hasn't the Canton"), ["has", "n't", "the", "canton"]);
    }

    #[test]
    fn tokenize_into_clears_and_reuses_the_buffer() {
        let tok = Tokenizer::english();
        let mut buf = tok.tokenize("A long first sentence, with many words in it.").unwrap();
        for text in ["We won't.", "", "Officials denied it"] {
            tok.tokenize_into(text, &mut buf).unwrap();
            assert_eq!(buf, tok.tokenize(text).unwrap(), "{text}");
        }
    }

    #[test]
    fn negation_flag_marks_negators() {
        let toks = Tokenizer::english().tokenize("It cannot never be").unwrap();
        let flags: Vec<bool> = toks.iter().map(|t| t.negation).collect();
        assert_eq!(flags, [false, false, true, true, false]);
    }

    #[test]
    fn tokens_are_sorted_non_overlapping_and_on_char_boundaries() {
        let text = "Zé’s “can’t”—無理 😀😀 a\u{0}b \u{301}x ﬁne";
        let toks = Tokenizer::english().tokenize(text).unwrap();
        for w in toks.windows(2) {
            assert!(w[0].span.end <= w[1].span.start);
        }
        for t in &toks {
            assert!(text.get(t.span.start..t.span.end).is_some_and(|s| !s.is_empty()), "{t:?}");
        }
        assert!(toks.iter().any(|t| t.norm == "n't"));
    }

    #[test]
    fn offsets_point_into_original_text() {
        let text = "“Ｆull-width” café, 3.5 times — 😀 ok";
        for t in Tokenizer::english().tokenize(text).unwrap() {
            assert!(!t.span.slice(text).is_empty(), "{t:?}");
        }
    }
}
