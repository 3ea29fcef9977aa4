//! stancelens: who said what, and with which stance.
//!
//! The pipeline runs one way, one module per stage:
//! text → [`segment`] (paragraphs, sentences) → [`tokenize`] (words)
//! → [`quotes`] (quotation spans) → [`attribution`] (statements, speakers, cues)
//! → [`resolve`] (canonical speakers) → [`lexicon`] + [`score`] (stances).
//! [`analyzer`] wires the stages together into a [`Document`].
//!
//! The core is pure Rust; the Python bindings live in `src/python/` behind
//! the `python` cargo feature.

pub mod analyzer;
pub mod attribution;
pub mod batch;
pub mod cues;
pub mod error;
pub mod frame;
pub mod html;
pub mod invisible;
pub mod lexicon;
pub mod mention;
pub mod output;
pub mod quotes;
pub mod reported;
pub mod resolve;
pub mod score;
pub mod segment;
pub mod span;
pub mod tokenize;

#[cfg(feature = "python")]
mod python;

pub use analyzer::{Analyzer, Document};
pub use attribution::{Statement, StatementKind};
pub use error::{Error, Result};
pub use lexicon::Lexicon;
pub use span::{CharIndex, Span};
pub use tokenize::{Token, TokenBuf, Tokenizer};
