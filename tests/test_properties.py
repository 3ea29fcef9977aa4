"""Properties over arbitrary Unicode: never crash, offsets always index the
Python string, spans in order and non-overlapping, lone surrogates refused
with a ValueError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stancelens as sl


def jsonl_lines(out: str) -> list:
    """JSONL rows: split on "\\n" only (splitlines() also cuts at U+2028...)."""
    return [line for line in out.split("\n") if line]


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Valid Unicode: any code point but the surrogates.
valid_char = st.characters(exclude_categories=["Cs"])
# Half of the texts also hold lone surrogates, the other half are valid.
any_char = st.one_of(valid_char, st.characters(categories=["Cs"]))
any_text = st.one_of(st.text(valid_char, max_size=300), st.text(any_char, max_size=300))

# News-like material: fragments that reach the quote, cue, sentence and
# tokenizer paths, glued with hostile characters between them.
FRAGMENTS = [
    "“",
    "”",
    '"',
    "'",
    "‘",
    "’",
    "«",
    "»",
    "「",
    "」",
    " said",
    " told reporters",
    " the minister",
    " She",
    " warned that",
    ". ",
    "? ",
    "! ",
    "\n",
    "\n\n",
    "—",
    " ",
    "\t",
    "\u0301",
    "\u200b",
    "\x00",
    "😀",
    "👍🏽",
    "🇫🇷",
    "北京",
    "。",
    "Mr.",
    "U.S.",
    "don't",
    "can’t",
    "3.5",
    "\ufeff",
    "\r\n",
]
news_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(valid_char, max_size=8)), max_size=60
).map("".join)


def has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def check_ordered_spans(text: str, spans) -> None:
    prev = 0
    for s in spans:
        assert prev <= s.start <= s.end <= len(text)
        assert text[s.start : s.end] == s.text
        prev = s.end


def check_document(text: str, doc) -> None:
    check_ordered_spans(text, doc.paragraphs)
    check_ordered_spans(text, doc.sentences)
    check_ordered_spans(text, doc.tokens)
    assert all(s.text for s in doc.sentences), "sentences are never empty"
    assert all(t.start < t.end for t in doc.tokens), "tokens are never empty"
    assert doc.scores.shape == (len(doc.statements), len(doc.stances))
    assert doc.sentence_scores.shape == (len(doc.sentences), len(doc.stances))
    prev_start = 0
    for stmt in doc.statements:
        assert stmt.start >= prev_start, "statements come in order of their content"
        prev_start = stmt.start
        assert text[stmt.start : stmt.end] == stmt.content
        if stmt.speaker_mention is not None:
            assert text[stmt.speaker_start : stmt.speaker_end] == stmt.speaker_mention
        if stmt.cue is not None:
            assert text[stmt.cue_start : stmt.cue_end] == stmt.cue


@SETTINGS
@given(any_text)
def test_sentences_and_tokens_on_any_text(text):
    if has_surrogate(text):
        for f in (sl.split_sentences, sl.sentence_spans, sl.tokenize):
            try:
                f(text)
            except ValueError as e:
                assert "surrogate" in str(e)
            else:
                raise AssertionError("a lone surrogate must raise ValueError")
        return
    spans = sl.sentence_spans(text)
    check_ordered_spans(text, spans)
    assert sl.split_sentences(text) == [s.text for s in spans]
    check_ordered_spans(text, sl.tokenize(text))


@SETTINGS
@given(any_text)
def test_analyze_on_any_text(text):
    if has_surrogate(text):
        try:
            sl.analyze(text)
        except ValueError as e:
            assert "surrogate" in str(e)
        else:
            raise AssertionError("a lone surrogate must raise ValueError")
        return
    check_document(text, sl.analyze(text))


@SETTINGS
@given(news_text, st.one_of(st.none(), st.sampled_from(["Desk", "Ministry of Défense 🇫🇷"])))
def test_analyze_on_news_like_text(text, author):
    doc = sl.analyze(text, author=author)
    check_document(text, doc)
    if author is not None:
        for s in doc.sentences:
            assert any(st.start < s.end and s.start < st.end for st in doc.statements)


@SETTINGS
@given(news_text)
def test_jsonl_rows_index_the_text(text):
    import json

    out = sl.Analyzer().analyze_jsonl(text, "doc.txt", author="Desk")
    for line in jsonl_lines(out):
        row = json.loads(line)
        assert text[row["content_start"] : row["content_end"]] == row["content"]
