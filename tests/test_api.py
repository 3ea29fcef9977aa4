"""The Python API: types, offsets on any Unicode, errors, configuration."""

from __future__ import annotations

import json
import threading
import unicodedata

import numpy as np
import pytest

import stancelens as sl


def jsonl_lines(out: str) -> list:
    """JSONL rows: split on "\\n" only (splitlines() also cuts at U+2028...)."""
    return [line for line in out.split("\n") if line]


# Texts written for these tests (fictional news), each stressing offsets in
# a different way: curly quotes, emoji (astral plane: 1 code point, 2 UTF-16
# units, 4 UTF-8 bytes), combining marks, CJK, a BOM and tabs.
CURLY = (
    "“We will not back down,” the defence minister said on Monday. "
    "The ambassador said talks could resume next week."
)
EMOJI = "Officials 😀 met in Lindgrad. “Peace 🕊️ is possible,” the envoy said 👍🏽. Fine."
COMBINING = "Cafe\u0301 owners protested. The mayor said the re\u0301gime was nai\u0308ve."
CJK = "外交部发言人表示，双方应保持克制。“我们愿意对话。” Talks resumed in Tokyo."
MIXED = "\ufeffThe envoy\tsaid: “Yes.”\n\nAnother paragraph — with a dash. Ok!"
TEXTS = [CURLY, EMOJI, COMBINING, CJK, MIXED]


def check_span(text: str, start: int, end: int, sub: str) -> None:
    assert 0 <= start <= end <= len(text)
    assert text[start:end] == sub


@pytest.mark.parametrize("text", TEXTS)
def test_sentence_spans_index_the_python_string(text):
    spans = sl.sentence_spans(text)
    assert spans, "every non-blank text has a sentence"
    prev_end = 0
    for s in spans:
        check_span(text, s.start, s.end, s.text)
        assert s.start >= prev_end, "in order, non-overlapping"
        assert s.text.strip() == s.text and s.text, "trimmed and non-empty"
        assert len(s) == s.end - s.start
        prev_end = s.end
    assert sl.split_sentences(text) == [s.text for s in spans]


def test_split_sentences_keeps_curly_quotes_inside_sentences():
    sents = sl.split_sentences(CURLY)
    assert sents[0].startswith("“We will not back down,”")
    assert sents[-1] == "The ambassador said talks could resume next week."


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_index_the_python_string(text):
    tokens = sl.tokenize(text)
    assert tokens
    prev_end = 0
    for t in tokens:
        check_span(text, t.start, t.end, t.text)
        assert t.start >= prev_end and t.end > t.start
        assert t.norm and not t.norm.isspace()
        prev_end = t.end


def test_tokens_lowercase_and_split_contractions():
    toks = sl.tokenize("Russia’s envoy: “We don’t want war.”")
    norms = [t.norm for t in toks]
    assert "russia" in norms and "'s" in norms, "typographic apostrophe folded and split"
    assert "n't" in norms, "negation survives as its own token"
    assert [t.text for t in toks if t.norm == "'s"] == ["’s"], "text is as written"


def test_combining_marks_stay_inside_their_token():
    text = "The re\u0301gime fell."
    tok = [t for t in sl.tokenize(text) if t.text.startswith("re")]
    assert len(tok) == 1
    assert tok[0].text == "re\u0301gime"
    assert unicodedata.normalize("NFC", tok[0].text) == "régime"


def test_cjk_offsets_count_code_points():
    text = "北京说：“我们愿意对话。” OK."
    for t in sl.tokenize(text):
        check_span(text, t.start, t.end, t.text)
    assert any(t.text == "OK" and t.start == text.index("OK") for t in sl.tokenize(text))


def test_empty_and_blank_texts_are_fine():
    for text in ["", "   ", "\n\n\t"]:
        assert sl.split_sentences(text) == []
        assert sl.tokenize(text) == []
        doc = sl.analyze(text)
        assert doc.statements == [] and doc.sentences == []
        assert doc.scores.shape == (0, len(doc.stances))


@pytest.mark.parametrize("text", TEXTS)
def test_document_shapes_and_offsets(text):
    doc = sl.analyze(text, author="Foreign Ministry")
    assert doc.text is text, "the very str passed in, not a copy"
    assert doc.stances == ["deterrence", "dialogue", "denial"]
    assert isinstance(doc.scores, np.ndarray)
    assert doc.scores.dtype == np.float32
    assert doc.scores.shape == (len(doc.statements), len(doc.stances))
    assert doc.sentence_scores.dtype == np.float32
    assert doc.sentence_scores.shape == (len(doc.sentences), len(doc.stances))
    for p in doc.paragraphs:
        check_span(text, p.start, p.end, p.text)
    for s in doc.sentences:
        check_span(text, s.start, s.end, s.text)
    for i, st in enumerate(doc.statements):
        assert st.kind in {"direct", "indirect", "mixed", "authored"}
        check_span(text, st.start, st.end, st.content)
        if st.speaker_mention is None:
            assert st.speaker_start is None and st.speaker_end is None
        else:
            check_span(text, st.speaker_start, st.speaker_end, st.speaker_mention)
        if st.cue is None:
            assert st.cue_start is None and st.cue_end is None
        else:
            check_span(text, st.cue_start, st.cue_end, st.cue)
        assert list(st.scores) == doc.stances
        assert [st.scores[s] for s in doc.stances] == pytest.approx(doc.scores[i].tolist())
        assert set(st.stances) <= set(doc.stances)
        for ev in st.evidence:
            check_span(text, ev.start, ev.end, ev.text)
            assert ev.stance in doc.stances


def test_author_owns_every_uncovered_sentence():
    doc = sl.analyze(CURLY, author="Defence Ministry")
    assert doc.statements
    for sent in doc.sentences:
        covering = [st for st in doc.statements if st.start < sent.end and sent.start < st.end]
        assert covering, f"sentence {sent.text!r} belongs to some statement"
    authored = [st for st in doc.statements if st.kind == "authored"]
    assert all(st.speaker == "Defence Ministry" for st in authored)
    assert all(st.speaker_mention is None and st.cue is None for st in authored)


def test_without_author_there_are_no_authored_statements():
    doc = sl.analyze(CURLY)
    assert all(st.kind != "authored" for st in doc.statements)


def test_statement_to_dict_has_the_cli_fields():
    doc = sl.analyze(EMOJI, author="Desk")
    d = doc.statements[0].to_dict()
    assert list(d) == [
        "kind",
        "content",
        "content_start",
        "content_end",
        "speaker_mention",
        "speaker_start",
        "speaker_end",
        "speaker",
        "cue",
        "cue_start",
        "cue_end",
        "stances",
        "scores",
    ]


def test_reprs_are_readable():
    doc = sl.analyze(EMOJI, author="Desk")
    r = repr(doc)
    assert r.startswith("Document(") and "statements=" in r and "'deterrence'" in r
    assert repr(doc.sentences[0]).startswith("Span(0, ")
    assert repr(doc.tokens[0]).startswith("Token('Officials'")
    assert repr(doc.statements[0]).startswith("Statement('authored', speaker='Desk'")
    assert repr(sl.Analyzer()).startswith("Analyzer(stances=['deterrence'")
    assert repr(sl.Lexicon.default()).startswith("Lexicon(stances=")


def test_long_content_is_shortened_in_repr():
    text = "word " * 100 + "end."
    r = repr(sl.analyze(text, author="A").statements[0])
    assert len(r) < 200 and "…" in r


def test_spans_and_tokens_compare_by_value():
    a = sl.tokenize(CURLY)
    b = sl.tokenize(CURLY)
    assert a == b and hash(a[0]) == hash(b[0])
    assert sl.sentence_spans(CURLY) == sl.sentence_spans(CURLY)


@pytest.mark.parametrize(
    "call",
    [
        sl.split_sentences,
        sl.sentence_spans,
        sl.tokenize,
        sl.analyze,
        lambda t: sl.Analyzer().analyze_jsonl(t, "x"),
        lambda t: sl.Analyzer().analyze_many(["fine.", t]),
    ],
)
def test_lone_surrogate_is_a_clear_value_error(call):
    text = "The envoy said \ud83d hello."
    with pytest.raises(ValueError, match=r"lone surrogate at index 15"):
        call(text)


def test_non_str_input_is_a_type_error():
    with pytest.raises(TypeError):
        sl.analyze(b"bytes are not text")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        sl.tokenize(None)  # type: ignore[arg-type]


def test_nul_and_huge_token_do_not_crash():
    text = "a\x00b said. " + "x" * 200_000 + "."
    doc = sl.analyze(text, author="A")
    for t in doc.tokens:
        check_span(text, t.start, t.end, t.text)


def test_analyze_many_matches_analyze():
    an = sl.Analyzer()
    docs = an.analyze_many(TEXTS, author="Desk")
    assert len(docs) == len(TEXTS)
    for text, doc in zip(TEXTS, docs, strict=True):
        one = an.analyze(text, author="Desk")
        assert doc.text is text
        assert doc.statements == one.statements
        assert doc.tokens == one.tokens
        np.testing.assert_array_equal(doc.scores, one.scores)


def test_analyze_jsonl_rows_match_the_document():
    an = sl.Analyzer()
    out = an.analyze_jsonl(EMOJI, "emoji.txt", author="Desk")
    assert out.endswith("\n")
    rows = [json.loads(line) for line in jsonl_lines(out)]
    doc = an.analyze(EMOJI, author="Desk")
    assert len(rows) == len(doc.statements)
    for row, st in zip(rows, doc.statements, strict=True):
        assert row["doc"] == "emoji.txt"
        expected = st.to_dict()
        for key in expected:
            if key == "scores":
                assert row["scores"] == pytest.approx(expected["scores"], abs=1e-4)
            else:
                assert row[key] == expected[key], key
    assert an.analyze_jsonl_many([("a", EMOJI), ("b", "")], author="Desk") == [
        out.replace('"doc":"emoji.txt"', '"doc":"a"'),
        "",
    ]


def test_threads_share_one_analyzer():
    an = sl.Analyzer()
    expected = [an.analyze(t, author="Desk").statements for t in TEXTS]
    results: dict[int, list] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for _ in range(5):
                results[i] = an.analyze(TEXTS[i], author="Desk").statements
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(TEXTS))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [results[i] for i in range(len(TEXTS))] == expected


def test_aliases_from_dict_and_file(tmp_path):
    an = sl.Analyzer(aliases={"the envoy": "Dmitri Haas"})
    assert an.aliases == {"the envoy": "Dmitri Haas"}
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps({"Haas": "Dmitri Haas"}), encoding="utf-8")
    assert sl.Analyzer(aliases=path).aliases == {"Haas": "Dmitri Haas"}
    assert sl.Analyzer(aliases=str(path)).aliases == {"Haas": "Dmitri Haas"}


def test_bad_aliases_are_reported(tmp_path):
    bad = tmp_path / "aliases.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match=r"aliases\.json"):
        sl.Analyzer(aliases=bad)
    with pytest.raises(FileNotFoundError) as e:
        sl.Analyzer(aliases=tmp_path / "missing.json")
    assert e.value.filename.endswith("missing.json")
    with pytest.raises(ValueError):
        sl.Analyzer(aliases={"a": 1})
    with pytest.raises(TypeError):
        sl.Analyzer(aliases=42)


@pytest.fixture
def whitespace_tokenizer(tmp_path):
    """A minimal Hugging Face tokenizer.json that lowercases and splits on
    whitespace only: only normalizer and pre_tokenizer are used, the model
    part is ignored."""
    spec = {
        "version": "1.0",
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "WhitespaceSplit"},
        "model": {"type": "WordLevel", "vocab": {}, "unk_token": "[UNK]"},
    }
    path = tmp_path / "tokenizer.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def test_custom_tokenizer_json(whitespace_tokenizer):
    an = sl.Analyzer(tokenizer=whitespace_tokenizer)
    text = "Don’t PANIC, said the Envoy 😀."
    toks = an.tokenize(text)
    assert [t.norm for t in toks] == ["don’t", "panic,", "said", "the", "envoy", "😀."]
    for t in toks:
        check_span(text, t.start, t.end, t.text)
    assert "tokenizer.json" in repr(an)
    assert an.analyze(text, author="A").tokens == toks


def test_bad_tokenizer_is_reported(tmp_path):
    path = tmp_path / "tokenizer.json"
    path.write_text('{"normalizer": null}', encoding="utf-8")
    with pytest.raises(ValueError, match="pre_tokenizer"):
        sl.Analyzer(tokenizer=path)
    with pytest.raises(FileNotFoundError):
        sl.Analyzer(tokenizer=tmp_path / "none.json")


def test_lexicon_argument_types():
    lex = sl.Lexicon.default()
    assert sl.Analyzer(lexicon=lex).stances == lex.stances
    with pytest.raises(TypeError):
        sl.Analyzer(lexicon=3.5)


def test_lexicon_error_is_a_value_error():
    assert issubclass(sl.LexiconError, ValueError)
    with pytest.raises(FileNotFoundError):
        sl.Lexicon.load("/nonexistent/lexicon.toml")


def test_public_names_are_exported_and_documented():
    for name in sl.__all__:
        obj = getattr(sl, name)
        if name != "__version__":
            assert obj.__doc__ and obj.__doc__.strip(), f"{name} has no docstring"
    assert sl.__version__.count(".") == 2


def test_package_ships_stubs_and_samples():
    from pathlib import Path

    pkg = Path(sl.__file__).parent
    assert (pkg / "py.typed").is_file()
    stub = (pkg / "_core.pyi").read_text(encoding="utf-8")
    from_core = [n for n in sl.__all__ if hasattr(sl._core, n) and n != "__version__"]
    assert "Analyzer" in from_core
    for name in from_core:
        assert name in stub, f"{name} missing from _core.pyi"
    samples = sorted(sl.sample_path().glob("*.txt"))
    assert len(samples) >= 2
    for p in samples:
        text = p.read_text(encoding="utf-8")
        assert "“" in text or '"' in text, "samples carry direct quotes"


def test_surrogates_in_other_string_arguments_are_value_errors():
    with pytest.raises(ValueError):
        sl.analyze("The envoy spoke.", author="\udc80")
    with pytest.raises(ValueError):
        sl.Analyzer().analyze_jsonl("The envoy spoke.", "doc\udc80.txt")
    with pytest.raises(ValueError):
        sl.Analyzer(aliases={"\udc80": "X"})


def test_analyze_many_takes_any_iterable_of_str():
    an = sl.Analyzer()
    docs = an.analyze_many(t for t in [CURLY, CJK])
    assert [d.text for d in docs] == [CURLY, CJK]
    assert an.analyze_many([]) == []
    with pytest.raises(TypeError):
        an.analyze_many([CURLY, 42])


def test_to_pandas_has_one_row_per_statement():
    pd = pytest.importorskip("pandas")
    doc = sl.analyze(CURLY, author="Desk")
    df = doc.to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert len(df) == len(doc.statements)
    assert list(df.columns) == [
        "kind",
        "content",
        "content_start",
        "content_end",
        "speaker_mention",
        "speaker_start",
        "speaker_end",
        "speaker",
        "cue",
        "cue_start",
        "cue_end",
        "stances",
        "score_deterrence",
        "score_dialogue",
        "score_denial",
    ]
    assert df["score_dialogue"].dtype == np.float32
    scores = df[["score_deterrence", "score_dialogue", "score_denial"]].to_numpy()
    np.testing.assert_array_equal(scores, doc.scores)
    for row, st in zip(df.itertuples(index=False), doc.statements, strict=True):
        assert CURLY[row.content_start : row.content_end] == row.content == st.content
        assert (st.cue_start is None) == pd.isna(row.cue_start)


def test_a_byte_order_mark_is_read_as_a_space():
    text = "“We want calm,” the envoy said. Talks follow."
    plain, marked = sl.analyze(text), sl.analyze("\ufeff" + text)
    assert [s.content for s in marked.statements] == [s.content for s in plain.statements]
    assert [s.start for s in marked.statements] == [s.start + 1 for s in plain.statements]
    assert sl.split_sentences("\ufeff" + text) == sl.split_sentences(text)
    assert [t.text for t in sl.tokenize("\ufeff" + text)] == [t.text for t in sl.tokenize(text)]
    # Two texts joined, each with its mark: the second quotation is found too.
    joined = sl.analyze("\ufeff" + text + "\n\ufeff" + text)
    assert [s.content for s in joined.statements] == 2 * [s.content for s in plain.statements]


def test_to_pandas_dtypes_do_not_depend_on_the_data():
    pd = pytest.importorskip("pandas")
    frames = [
        sl.analyze(CURLY, author="Desk").to_pandas(),
        sl.analyze("Nothing was said here.").to_pandas(),  # no statements
        sl.analyze("“Calm,” she said.").to_pandas(),  # no cue-less rows, no author
    ]
    expected = frames[0].dtypes
    assert str(expected["kind"]) == "category"
    assert list(frames[0]["kind"].cat.categories) == ["direct", "indirect", "mixed", "authored"]
    for column in ("content", "speaker_mention", "speaker", "cue"):
        assert expected[column] == pd.StringDtype(), column
    for column in ("content_start", "content_end", "speaker_start", "cue_end"):
        assert str(expected[column]) == "Int64", column
    for frame in frames[1:]:
        assert frame.dtypes.equals(expected)
    joined = pd.concat(frames, ignore_index=True)
    assert joined.dtypes.equals(expected)


def test_jsonl_scores_follow_the_lexicon_order():
    lexicon = sl.Lexicon.from_dict(
        {"stances": ["zeal", "alarm"], "terms": {"zeal": {"talks": 1.0}, "alarm": {"troops": 1.0}}}
    )
    an = sl.Analyzer(lexicon=lexicon)
    row = json.loads(an.analyze_jsonl(CURLY, "x").split("\n")[0])
    assert list(row["scores"]) == ["zeal", "alarm"] == an.stances


def test_document_score_arrays_are_read_only_views():
    doc = sl.analyze(CURLY)
    scores = doc.scores
    assert not scores.flags.writeable
    with pytest.raises(ValueError):
        scores[0, 0] = 9.0
    copy = scores.copy()
    copy[0, 0] = 9.0
    assert doc.scores[0, 0] != 9.0
    assert not doc.sentence_scores.flags.writeable


def test_documents_and_their_parts_pickle():
    import copy
    import pickle

    doc = sl.analyze(EMOJI, author="Desk")
    assert doc.statements and doc.statements[0].evidence is not None
    back = pickle.loads(pickle.dumps(doc))
    assert back.text == doc.text
    assert back.statements == doc.statements
    assert back.sentences == doc.sentences and back.paragraphs == doc.paragraphs
    assert back.tokens == doc.tokens
    assert back.stances == doc.stances
    assert np.array_equal(back.scores, doc.scores)
    assert np.array_equal(back.sentence_scores, doc.sentence_scores)
    assert back.to_pandas().equals(doc.to_pandas())
    assert back._repr_html_() == doc._repr_html_()
    for part in (doc.statements[0], doc.sentences[0], doc.tokens[0], *doc.statements[0].evidence):
        assert pickle.loads(pickle.dumps(part)) == part
        assert copy.deepcopy(part) == part


def test_a_tampered_pickle_is_a_value_error_not_a_crash():
    doc = sl.analyze(CURLY)
    restore, state = doc.__reduce__()
    outside = [(0, 10_000, "x", False)]
    with pytest.raises(ValueError, match="not inside its text"):
        restore(*state[:3], outside, *state[4:])
    scores, sentence_scores = state[6:]
    with pytest.raises(ValueError, match="scores"):
        restore(*state[:6], scores[:0], sentence_scores)


def test_invisible_separators_read_as_spaces_everywhere(whitespace_tokenizer):
    an = sl.Analyzer(tokenizer=whitespace_tokenizer)
    for sep in ("\u200b", "\ufeff"):
        text = f"We want{sep}dialogue and talks now."
        spaced = text.replace(sep, " ")
        assert np.array_equal(an.score([text]), an.score([spaced]))
        assert np.array_equal(an.score([text])[0], an.analyze(text).sentence_scores[0])
    # A speaker named across one is named as across a space.
    plain = sl.analyze("“Talks now,” said the minister.").statements[0].speaker
    joined = sl.analyze("“Talks now,” said the\u200bminister.").statements[0].speaker
    assert joined == plain == "minister"


def test_hand_made_pickled_state_out_of_range_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        sl.Span._restore(5, 2, "x")
    doc = sl.analyze(CURLY)
    restore, state = doc.__reduce__()
    text = state[0]
    with pytest.raises(ValueError, match="past its text"):
        restore(text[:3], *state[1:3], [], *state[4:])


def test_analyze_iter_counts_items_not_exceptions():
    class Flaky:
        def __init__(self):
            self.calls = 0

        def __iter__(self):
            return self

        def __next__(self):
            self.calls += 1
            if self.calls == 2:
                raise RuntimeError("the source hiccuped")
            if self.calls == 4:
                raise StopIteration
            return CURLY if self.calls == 1 else 5

    it = sl.Analyzer().analyze_iter(Flaky(), batch_size=8)
    assert next(it).text == CURLY
    with pytest.raises(RuntimeError, match="hiccuped"):
        next(it)
    with pytest.raises(TypeError, match="item 1 is not str"):
        next(it)
