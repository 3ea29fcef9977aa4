"""pandas frames, the .stance accessor, batches and pickling."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

import stancelens  # noqa: E402

TEXTS = [
    (
        "“We will not be intimidated,” the defence minister said on Monday. "
        "She added that the alliance was ready for talks."
    ),
    "The weather was mild. Nobody said anything about it.",
    (
        "According to the foreign ministry, the reports are baseless. "
        "Officials denied that troops were massing near the border."
    ),
]


def test_list_input_gives_typed_columns_with_valid_offsets():
    frame = stancelens.statements_frame(TEXTS)
    assert len(frame) > 0
    assert str(frame["kind"].dtype) == "category"
    assert list(frame["kind"].cat.categories) == ["direct", "indirect", "mixed", "authored"]
    for col in ("content_start", "content_end", "speaker_start", "speaker_end", "cue_start"):
        assert str(frame[col].dtype) == "Int64"
    for col in ("content", "speaker", "cue", "speaker_mention"):
        assert str(frame[col].dtype) == "string"
    for stance in frame.attrs["stances"]:
        assert frame[stance].dtype == np.float32
    for row in frame.itertuples():
        text = TEXTS[row.row]
        assert text[row.content_start : row.content_end] == row.content
        if row.speaker_mention is not pd.NA:
            assert text[row.speaker_start : row.speaker_end] == row.speaker_mention


def test_dataframe_columns_are_carried_and_missing_texts_counted():
    df = pd.DataFrame(
        {
            "body": [TEXTS[0], None, float("nan"), TEXTS[2]],
            "outlet": ["A", "B", "C", "D"],
            "date": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"]),
        },
        index=[10, 11, 12, 13],
    )
    frame = stancelens.statements_frame(df, text="body")
    assert frame.attrs["missing_texts"] == 2
    assert set(frame["outlet"]) <= {"A", "D"}
    assert "body" not in frame.columns
    assert frame["date"].dtype == df["date"].dtype
    by_id = stancelens.statements_frame(df, text="body", id="outlet")
    assert "date" not in by_id.columns and "outlet" in by_id.columns


def test_rows_without_statements_are_counted_not_lost():
    frame = stancelens.statements_frame(["The sky is blue.", TEXTS[0]])
    assert frame.attrs["texts"] == 2
    assert frame.attrs["texts_without_statements"] == 2 - frame["row"].nunique()


def test_non_string_value_names_its_row():
    series = pd.Series(["fine text.", 42], index=["a", "b"])
    with pytest.raises(TypeError, match="'b'"):
        stancelens.statements_frame(series)


def test_author_column_makes_authored_statements():
    df = pd.DataFrame(
        {
            "text": ["We stand ready to defend every ally. Talks remain open."],
            "who": ["The council"],
        }
    )
    frame = stancelens.statements_frame(df, author="who")
    authored = frame[frame["kind"] == "authored"]
    assert len(authored) > 0
    assert set(authored["speaker"]) == {"The council"}


def test_accessors_match_functions():
    series = pd.Series(TEXTS)
    pd.testing.assert_frame_equal(series.stance.statements(), stancelens.statements_frame(series))
    df = pd.DataFrame({"text": TEXTS})
    pd.testing.assert_frame_equal(df.stance.sentences(), stancelens.sentences_frame(df))


def test_sentences_frame_offsets():
    frame = stancelens.sentences_frame(TEXTS)
    for row in frame.itertuples():
        assert TEXTS[row.row][row.start : row.end] == row.sentence


def test_empty_input_gives_empty_typed_frame():
    frame = stancelens.statements_frame([])
    assert len(frame) == 0
    assert str(frame["kind"].dtype) == "category"


def test_batch_equals_one_at_a_time_on_any_thread_count():
    analyzer = stancelens.Analyzer()
    one = [analyzer.analyze(t) for t in TEXTS]
    for threads in (1, 2):
        batch = analyzer.analyze_batch(TEXTS, threads=threads)
        assert [d.statements for d in batch] == [d.statements for d in one]
        for a, b in zip(batch, one, strict=True):
            np.testing.assert_array_equal(a.scores, b.scores)


def _long_batch() -> list[str]:
    """Texts of varied length adding up to more than one slice (256 KB) of
    the Rust side's pipeline, so that slices are cut and joined."""
    return [t * (1 + i % 7) for i, t in enumerate(TEXTS * 500)]


def test_long_batch_frame_is_the_same_on_any_thread_count():
    analyzer = stancelens.Analyzer()
    texts = _long_batch()
    assert sum(len(t.encode()) for t in texts) > 2 * 256 * 1024
    frames = {t: stancelens.statements_frame(texts, analyzer=analyzer, threads=t) for t in (1, 2)}
    frames[None] = stancelens.statements_frame(texts, analyzer=analyzer)
    expected = sum(len(analyzer.analyze(t).statements) for t in texts)
    for threads, frame in frames.items():
        assert len(frame) == expected, threads
        assert frame["row"].is_monotonic_increasing, threads
        pd.testing.assert_frame_equal(frame, frames[1])
    sentences = [stancelens.sentences_frame(texts, analyzer=analyzer, threads=t) for t in (1, 2)]
    pd.testing.assert_frame_equal(sentences[0], sentences[1])


@pytest.mark.parametrize("threads", [1, 2])
def test_progress_reports_every_text_once(threads):
    from stancelens import _core

    analyzer = stancelens.Analyzer()
    texts = _long_batch()
    for columns in (
        lambda report: _core._statement_columns(analyzer, texts, None, threads, report),
        lambda report: _core._sentence_columns(analyzer, texts, threads, report),
    ):
        seen: list[int] = []
        columns(seen.append)
        assert len(seen) > 1, "one report per slice"
        assert sum(seen) == len(texts)


@pytest.mark.parametrize("threads", [1, 2])
def test_a_failing_progress_callback_stops_the_batch(threads):
    from stancelens import _core

    analyzer = stancelens.Analyzer()

    def report(n: int) -> None:
        raise KeyError("stop here")

    with pytest.raises(KeyError, match="stop here"):
        _core._statement_columns(analyzer, _long_batch(), None, threads, report)
    # The pool was left in a usable state.
    assert len(stancelens.statements_frame(TEXTS, analyzer=analyzer, threads=threads)) > 0


def test_analyze_iter_streams_in_order():
    analyzer = stancelens.Analyzer()
    docs = list(analyzer.analyze_iter(iter(TEXTS * 3), batch_size=2))
    assert [d.text for d in docs] == TEXTS * 3


def test_analyzer_and_lexicon_pickle():
    analyzer = stancelens.Analyzer(aliases={"the Kremlin": "Russia"})
    clone = pickle.loads(pickle.dumps(analyzer))
    a = analyzer.analyze(TEXTS[2])
    b = clone.analyze(TEXTS[2])
    assert a.statements == b.statements
    np.testing.assert_array_equal(a.scores, b.scores)
    lex = stancelens.Lexicon.default()
    assert pickle.loads(pickle.dumps(lex)).stances == lex.stances


def test_html_view_escapes_and_keeps_text():
    doc = stancelens.analyze("<script>x</script> “Talks now,” she said.")
    html = doc._repr_html_()
    assert "<script>" not in html
    assert "sl-statement" in html or not doc.statements


def test_plot_stance_by_speaker():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from stancelens import plot

    frame = stancelens.statements_frame(TEXTS * 2)
    ax = plot.stance_by_speaker(frame)
    assert ax.get_title() == "Stance by speaker"
    assert not math.isnan(frame[frame.attrs["stances"][0]].sum())


def test_progress_bars_when_asked(capsys, tmp_path):
    pytest.importorskip("tqdm")
    from stancelens import cli

    frame = stancelens.statements_frame(TEXTS, progress=True)
    assert len(frame) > 0
    assert "statements" in capsys.readouterr().err
    path = tmp_path / "one.txt"
    path.write_text(TEXTS[0], encoding="utf-8")
    assert cli.main(["analyze", str(path), "--progress"]) == 0
    captured = capsys.readouterr()
    assert "documents" in captured.err
    assert captured.out.count("\n") >= 1


def test_plot_stance_over_time_uses_the_carried_date():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from stancelens import plot

    df = pd.DataFrame(
        {"text": TEXTS, "date": ["2024-05-01", "2024-05-02", "2024-05-02"]},
    )
    frame = stancelens.statements_frame(df)
    ax = plot.stance_over_time(frame, date="date", freq="D")
    assert ax.get_title() == "Stance over time"
    assert len(ax.get_lines()) == len(frame.attrs["stances"])
    with pytest.raises(KeyError, match="when"):
        plot.stance_over_time(frame, date="when")


@pytest.mark.parametrize("k", [0, 1, 3, 17])
def test_label_categories_join_each_rows_labels(k):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from stancelens.frames import _label_categories

    stances = [f"s{j:02d}" for j in range(k)]

    @settings(max_examples=60, deadline=None)
    @given(st.lists(st.lists(st.booleans(), min_size=k, max_size=k), max_size=40))
    def check(rows):
        labels = np.array(rows, dtype=bool).reshape(len(rows), k)
        got = _label_categories(labels, stances, pd)
        joined = [";".join(s for s, on in zip(stances, row, strict=True) if on) for row in rows]
        assert list(got) == joined
        assert list(got.categories) == sorted(set(joined))

    check()


@pytest.mark.parametrize("storage", ["python", "pyarrow"])
def test_string_columns_hold_text_and_na_in_either_storage(storage):
    if storage == "pyarrow":
        pytest.importorskip("pyarrow")
    with pd.option_context("mode.string_storage", storage):
        frame = stancelens.statements_frame(TEXTS, author="The council")
        sentences = stancelens.sentences_frame(TEXTS)
    for column in ("content", "speaker_mention", "speaker", "cue"):
        assert frame[column].dtype == pd.StringDtype(storage), column
    assert sentences["sentence"].dtype == pd.StringDtype(storage)
    assert not sentences["sentence"].isna().any()
    assert frame["content"].notna().all()
    authored = frame[frame["kind"] == "authored"]
    assert len(authored) > 0
    # Authored statements have no mention and no cue: missing, not "None".
    assert authored["speaker_mention"].isna().all()
    assert authored["cue"].isna().all()
    assert (authored["speaker"] == "The council").all()
    for row in frame.itertuples():
        assert TEXTS[row.row][row.content_start : row.content_end] == row.content
    for row in sentences.itertuples():
        assert TEXTS[row.row][row.start : row.end] == row.sentence


def test_string_columns_are_what_the_public_constructor_makes():
    # `_string` skips pandas' per-value check through a private method; this
    # is what would catch a pandas release that changed its meaning.
    from stancelens.frames import _string

    values = np.array(["Déjà vu", pd.NA, "", "“We agree,” she said.", pd.NA], dtype=object)
    with pd.option_context("mode.string_storage", "python"):
        fast = _string(values, pd)
        got = pd.Series(fast)
        want = pd.Series(pd.arrays.StringArray(values.copy()))
    if hasattr(pd.arrays.StringArray, "_simple_new"):
        assert np.shares_memory(fast._ndarray, values), "the fast path was taken"
    assert got.dtype == want.dtype == pd.StringDtype("python")
    pd.testing.assert_series_equal(got, want)
    assert got.isna().tolist() == [False, True, False, False, True]
    assert got.str.len().tolist() == want.str.len().tolist()
    assert (got + "!").tolist() == (want + "!").tolist()


def test_carried_columns_can_be_written_to():
    data = pd.DataFrame({"id": [10, 20, 30], "text": TEXTS})
    frame = stancelens.statements_frame(data, id="id")
    assert len(frame) > 0
    first = frame.index[0]
    frame.loc[first, "id"] = 99
    frame.loc[first, frame.attrs["stances"][0]] = 0.5
    assert frame.loc[first, "id"] == 99
    assert data["id"].tolist() == [10, 20, 30], "the input is not changed"


@pytest.mark.parametrize("threads", [1, 2])
def test_ctrl_c_stops_a_long_batch_between_slices(threads):
    import _thread

    from stancelens import _core

    analyzer = stancelens.Analyzer()
    seen: list[int] = []

    def report(n: int) -> None:
        seen.append(n)
        if len(seen) == 1:
            _thread.interrupt_main()  # as if Ctrl-C were pressed now

    texts = _long_batch()
    with pytest.raises(KeyboardInterrupt):
        _core._statement_columns(analyzer, texts, None, threads, report)
    assert sum(seen) < len(texts), "stopped before the end"
    assert len(stancelens.statements_frame(TEXTS, analyzer=analyzer, threads=threads)) > 0


def test_carried_columns_keep_their_dtypes():
    df = pd.DataFrame(
        {
            "text": TEXTS,
            "outlet": pd.Categorical(["Daily", "Weekly", "Daily"]),
            "pages": pd.array([3, None, 7], dtype="Int64"),
            "published": pd.to_datetime(["2024-03-01", "2024-03-02", "2024-03-03"]).tz_localize(
                "Europe/Berlin"
            ),
            "desk": pd.array(["world", None, "politics"], dtype="string"),
        },
        index=["a", "b", "c"],
    )
    df["key"] = [0, 1, 2]
    for frame in (stancelens.statements_frame(df), stancelens.sentences_frame(df)):
        assert len(frame) > 0
        for column in ("outlet", "pages", "published", "desk"):
            assert frame[column].dtype == df[column].dtype, column
        # Each row carries the values of the text it came from, NA included.
        for _, row in frame.iterrows():
            source = df.iloc[row["key"]]
            assert row.get("content", row.get("sentence")) in source["text"]
            for column in ("outlet", "published"):
                assert row[column] == source[column]
            for column in ("pages", "desk"):
                assert (row[column] is pd.NA and source[column] is pd.NA) or (
                    row[column] == source[column]
                )


def test_series_index_labels_keep_their_dtype():
    when = pd.DatetimeIndex(["2024-01-05", "2024-01-06", "2024-01-07"], tz="UTC")
    frame = stancelens.statements_frame(pd.Series(TEXTS, index=when))
    assert frame["row"].dtype == when.dtype
    assert set(frame["row"]) <= set(when)


@pytest.mark.parametrize("column", ["speaker", "content", "stances", "deterrence"])
def test_a_carried_column_is_never_silently_overwritten(column):
    analyzer = stancelens.Analyzer()
    if column not in {"speaker", "content", "stances"} and column not in analyzer.stances:
        pytest.skip(f"the default lexicon has no stance {column!r}")
    df = pd.DataFrame({"text": TEXTS, column: ["x", "y", "z"]})
    with pytest.raises(ValueError, match=column):
        stancelens.statements_frame(df, analyzer=analyzer)
    # Carrying only an id column avoids the clash.
    df["id"] = [1, 2, 3]
    assert "id" in stancelens.statements_frame(df, id="id", analyzer=analyzer).columns


def test_sentence_frame_clash_and_duplicated_names_raise():
    with pytest.raises(ValueError, match="start"):
        stancelens.sentences_frame(pd.DataFrame({"text": TEXTS, "start": [0, 1, 2]}))
    twice = pd.DataFrame([[TEXTS[0], 1, 2]], columns=["text", "n", "n"])
    with pytest.raises(ValueError, match="duplicated"):
        stancelens.statements_frame(twice)


def _analyzer_with_stances(*stances):
    terms = {s: {w: 1.0} for s, w in zip(stances, ["talks", "troops", "deny"], strict=False)}
    lexicon = stancelens.Lexicon.from_dict({"stances": list(stances), "terms": terms})
    return stancelens.Analyzer(lexicon=lexicon)


@pytest.mark.parametrize(
    ("stance", "make"),
    [
        ("kind", stancelens.statements_frame),
        ("stances", stancelens.statements_frame),
        ("start", stancelens.sentences_frame),
        ("row", stancelens.statements_frame),
    ],
)
def test_a_stance_named_like_an_output_column_is_refused(stance, make):
    analyzer = _analyzer_with_stances(stance, "dialogue")
    with pytest.raises(ValueError, match=f"stance.*{stance}"):
        make(TEXTS, analyzer=analyzer)


def test_a_series_with_a_multiindex_carries_tuples():
    index = pd.MultiIndex.from_tuples([("ap", 1), ("ap", 2), ("rtr", 1)], names=["wire", "n"])
    frame = stancelens.statements_frame(pd.Series(TEXTS, index=index))
    assert len(frame) > 0
    assert set(frame["row"]) <= set(index)
    for row in frame.itertuples():
        assert row.content in TEXTS[list(index).index(row.row)]
    sentences = stancelens.sentences_frame(pd.Series(TEXTS, index=index))
    assert set(sentences["row"]) == set(index)


def test_analyze_iter_yields_the_good_texts_before_a_bad_one():
    analyzer = stancelens.Analyzer()
    items = [TEXTS[0], TEXTS[1], 5, TEXTS[2], "bad \ud800 text", TEXTS[0]]
    it = analyzer.analyze_iter(iter(items), batch_size=8)
    assert [next(it).text for _ in range(2)] == TEXTS[:2]
    with pytest.raises(TypeError, match="item 2"):
        next(it)
    assert next(it).text == TEXTS[2]
    with pytest.raises(ValueError, match=r"item 4.*surrogate"):
        next(it)
    assert [d.text for d in it] == [TEXTS[0]]


def test_a_bad_text_or_author_is_named_by_its_row_label():
    # object dtype: pyarrow-backed strings cannot hold a lone surrogate at all
    texts = pd.Series([TEXTS[0], TEXTS[1], "bad \ud800 text"], index=["a", "b", "c"], dtype=object)
    for make in (stancelens.statements_frame, stancelens.sentences_frame):
        with pytest.raises(ValueError, match=r"row 'c'.*surrogate at index 4"):
            make(texts)
    with pytest.raises(ValueError, match=r"text 2: .*surrogate"):
        stancelens.Analyzer().analyze_batch(list(texts))
    df = pd.DataFrame({"text": TEXTS, "by": ["x", 7, None]}, index=["a", "b", "c"])
    with pytest.raises(TypeError, match=r"author of row 'b' is int"):
        stancelens.statements_frame(df, author="by")


@pytest.mark.parametrize("threads", [0, -1])
def test_a_thread_count_below_one_is_a_value_error(threads):
    analyzer = stancelens.Analyzer()
    calls = [
        lambda: analyzer.analyze_batch(TEXTS, threads=threads),
        lambda: analyzer.score(TEXTS, threads=threads),
        lambda: analyzer.analyze_iter(TEXTS, threads=threads),
        lambda: stancelens.statements_frame(TEXTS, threads=threads),
        lambda: stancelens.sentences_frame(TEXTS, threads=threads),
    ]
    for call in calls:
        with pytest.raises(ValueError, match="threads must be at least 1, or None"):
            call()
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        analyzer.analyze_iter(TEXTS, batch_size=threads)


def test_a_dataframes_index_labels_are_carried_as_row():
    index = pd.Index(["art-1", "art-2", "art-3"], name="article")
    df = pd.DataFrame({"text": TEXTS, "outlet": ["A", "B", "C"]}, index=index)
    for frame in (stancelens.statements_frame(df), stancelens.sentences_frame(df, id="outlet")):
        assert len(frame) > 0
        for row in frame.itertuples():
            assert row.outlet == df.loc[row.row, "outlet"]
    # A column of its own called row is carried instead of the index.
    own = df.assign(row=[7, 8, 9])
    frame = stancelens.statements_frame(own)
    assert set(frame["row"]) <= {7, 8, 9}


def test_plots_after_a_merge_and_on_frames_without_speakers():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from stancelens import plot

    df = pd.DataFrame({"text": TEXTS, "date": ["2024-05-01", "2024-05-02", "2024-05-03"]})
    frame = stancelens.statements_frame(df)
    stances = frame.attrs["stances"]
    merged = frame.merge(pd.DataFrame({"row": [0, 1, 2], "desk": ["x", "y", "z"]}), on="row")
    merged.attrs.clear()  # what a merge may leave
    with pytest.raises(ValueError, match="stances="):
        plot.stance_by_speaker(merged)
    assert plot.stance_by_speaker(merged, stances=stances).get_title() == "Stance by speaker"
    assert plot.stance_over_time(merged, stances=stances).get_title() == "Stance over time"
    one = plot.stance_by_speaker(merged, stances=stances[0])  # a single name, not its letters
    assert [t.get_text() for t in one.get_legend().get_texts()] == [stances[0]]
    with pytest.raises(KeyError, match="nonsense"):
        plot.stance_by_speaker(merged, stances=["nonsense"])
    silent = frame.assign(speaker=pd.NA)
    with pytest.raises(ValueError, match="no statement in the frame has a speaker"):
        plot.stance_by_speaker(silent)
    with pytest.raises(ValueError, match="no statements"):
        plot.stance_over_time(frame.iloc[:0])
