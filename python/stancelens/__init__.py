"""stancelens: who said what, and with which stance, in news text.

The work is done by a compiled Rust core (``stancelens._core``); this package
re-exports it with a few conveniences.

Quick start::

    import stancelens

    doc = stancelens.analyze('"We will not back down," the minister said.')
    for st in doc.statements:
        print(st.kind, st.speaker, st.content, st.scores)

Every offset (``start``, ``end``, ``speaker_start``...) is an index into the
Python ``str`` you passed in: ``text[s.start:s.end] == s.text`` always holds,
whatever the characters (emoji, combining marks, CJK...).
"""

from __future__ import annotations

from pathlib import Path

from stancelens._core import (
    Analyzer,
    Document,
    Evidence,
    Lexicon,
    LexiconError,
    Span,
    Statement,
    Token,
    __version__,
    analyze,
    sentence_spans,
    split_sentences,
    tokenize,
)

__all__ = [
    "Analyzer",
    "Document",
    "Evidence",
    "Lexicon",
    "LexiconError",
    "Span",
    "Statement",
    "Token",
    "__version__",
    "analyze",
    "sample_path",
    "sentence_spans",
    "sentences_frame",
    "split_sentences",
    "statements_frame",
    "tokenize",
]

from stancelens.frames import sentences_frame, statements_frame

try:  # the .stance accessor needs pandas, an optional dependency
    import pandas as _pandas  # noqa: F401
except ImportError:  # pragma: no cover
    pass
else:
    from stancelens import accessor as _accessor  # noqa: F401


def sample_path() -> Path:
    """The folder of bundled sample news items (``*.txt``), for trying the CLI.

    The texts are short fictional reports written for stancelens, with
    direct quotes and reported speech.
    """
    return Path(__file__).resolve().parent / "data" / "sample"
