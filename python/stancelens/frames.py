"""pandas tables of statements and sentences.

The frames are built column by column from arrays that the Rust core
returns for a whole batch, not by looping over Python objects.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .cli import FIELDS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pandas import DataFrame

    from ._core import Analyzer

__all__ = ["KINDS", "sentences_frame", "statements_frame"]

#: The statement kinds, in the order of the ``kind`` categorical.
KINDS = ("direct", "indirect", "mixed", "authored")

#: Batches of at least this many texts get a progress bar by default.
_PROGRESS_MIN = 8192


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError("stancelens frames need pandas: pip install 'stancelens[pandas]'") from e
    return pd


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    pd = _pandas()
    return value is pd.NA or value is pd.NaT


def _inputs(data: Any, text: str) -> tuple[Sequence[Any], Any, Any]:
    """Splits `data` into (values, index, frame of other columns or None)."""
    pd = _pandas()
    if isinstance(data, pd.DataFrame):
        if text not in data.columns:
            raise KeyError(f"no column {text!r} in the DataFrame (columns: {list(data.columns)})")
        return data[text].tolist(), data.index, data
    if isinstance(data, pd.Series):
        return data.tolist(), data.index, None
    if isinstance(data, str):
        raise TypeError("statements_frame takes many texts; wrap a single text in a list")
    if isinstance(data, Iterable):
        values = list(data)
        return values, pd.RangeIndex(len(values)), None
    raise TypeError(
        f"expected a DataFrame, a Series or a list of strings, got {type(data).__name__}"
    )


def _authors(author: Any, frame: Any, n: int) -> list[str | None] | None:
    if author is None:
        return None
    if frame is not None and isinstance(author, str) and author in frame.columns:
        out: list[str | None] = []
        for label, a in zip(frame.index, frame[author].tolist(), strict=True):
            if _is_missing(a):
                out.append(None)
            elif isinstance(a, str):
                out.append(a)
            else:
                raise TypeError(f"author of row {label!r} is {type(a).__name__}, not str")
        return out
    if isinstance(author, str):
        return [author] * n
    raise TypeError("author must be a name or, for a DataFrame, the name of a column")


def _clean(values: Sequence[Any], index: Any) -> tuple[list[str], Sequence[int], int]:
    """Keeps the string texts; counts missing ones; rejects other types."""
    if all(type(v) is str for v in values):  # the common case, checked fast
        return list(values), range(len(values)), 0
    texts: list[str] = []
    positions: list[int] = []
    missing = 0
    for pos, v in enumerate(values):
        if isinstance(v, str):
            texts.append(v)
            positions.append(pos)
        elif _is_missing(v):
            missing += 1
        else:
            raise TypeError(
                f"row {index[pos]!r} holds {type(v).__name__}, not str: "
                "stancelens analyses text only (missing values are skipped)"
            )
    return texts, positions, missing


def _progress(total: int, enabled: bool | None, desc: str) -> Any:
    """A tqdm bar when asked for, or by default when attached to a terminal
    or notebook and the batch is long; a no-op otherwise."""
    if enabled is False or (enabled is None and total < _PROGRESS_MIN):
        return None
    try:
        from tqdm.auto import tqdm  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        if enabled:
            raise ImportError(
                "progress bars need tqdm: pip install 'stancelens[progress]'"
            ) from None
        return None
    import sys

    if enabled is None and not (sys.stderr.isatty() or "ipykernel" in sys.modules):
        return None
    return tqdm(total=total, desc=desc, unit="doc")


def _nullable_int(values: Any) -> Any:
    pd = _pandas()
    values = np.asarray(values, dtype=np.int64)
    return pd.arrays.IntegerArray(values, values < 0)


def _string(values: Any, pd: Any) -> Any:
    """A ``string`` column from an object array that the core made of
    ``str`` and ``pd.NA`` only (the frames pass ``pd.NA`` as its marker for
    a missing value): no other value may be in it."""
    dtype = pd.StringDtype()
    if dtype.storage != "python":
        return pd.array(values, dtype="string")
    # The values are already what a StringArray holds, where pd.array would
    # convert each one. The public constructor still checks every value, a
    # third of a frame's time in Python after the analysis, when nothing
    # else runs; `_simple_new` takes them as they are. It is private, so if
    # it is missing, fails or is not for this dtype, the public constructor
    # is used (and a test compares the two).
    array = pd.arrays.StringArray
    make = getattr(array, "_simple_new", None)
    if callable(make) and dtype.na_value is pd.NA:
        try:
            out = make(values, dtype)
        except (AttributeError, TypeError, ValueError):
            out = None
        if type(out) is array:
            return out
    return array(values)


def _analyzer(analyzer: Analyzer | None) -> Analyzer:
    return analyzer if analyzer is not None else _core.Analyzer()


def _columns(
    run: Callable[[Callable[[int], object] | None], dict[str, Any]],
    total: int,
    progress: bool | None,
    desc: str,
    label: Callable[[int], Any],
) -> dict[str, Any]:
    """Calls `run` (one Rust call over all `total` texts, which works
    through them slice by slice, so its memory stays bounded) with the
    progress bar's update, if there is a bar. A text the core cannot read
    is reported by its row label, ``label(position among the texts)``."""
    bar = _progress(total, progress, desc)
    try:
        return run(None if bar is None else bar.update)
    except ValueError as e:
        position = getattr(e, "position", None)
        if not isinstance(position, int):
            raise
        raise ValueError(f"row {label(position)!r}: {e.__cause__ or e}") from e
    finally:
        if bar is not None:
            bar.close()


def _label_categories(labels: Any, stances: list[str], pd: Any) -> Any:
    """The ``stances`` column: each row's labels joined with ``;`` (empty
    for none), as a categorical whose categories are the joined strings in
    sorted order. Rows are grouped by their label bit pattern with numpy, so
    only the distinct combinations (at most 2**k) are joined in Python."""
    k = len(stances)
    if k > 62:  # the bit pattern would not fit an int64: join row by row
        joined = [";".join(s for s, on in zip(stances, row, strict=True) if on) for row in labels]
        return pd.Categorical(joined)
    bits = labels.astype(np.int64) @ (np.int64(1) << np.arange(k, dtype=np.int64))
    if k <= _COUNTED_STANCES:
        # Count each pattern: linear, where np.unique sorts every row.
        patterns = np.flatnonzero(np.bincount(bits, minlength=1 << k))
        index = np.zeros(1 << k, dtype=np.int64)
        index[patterns] = np.arange(len(patterns))
        inverse = index[bits]
    else:
        patterns, inverse = np.unique(bits, return_inverse=True)
    names = [";".join(s for j, s in enumerate(stances) if (int(p) >> j) & 1) for p in patterns]
    order = sorted(range(len(names)), key=names.__getitem__)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    codes = rank[inverse.reshape(-1)] if len(order) else inverse.reshape(-1)
    return pd.Categorical.from_codes(codes, categories=[names[i] for i in order])


#: Up to this many stances, label patterns are counted in a table of 2**k.
_COUNTED_STANCES = 16


def _carried_names(
    frame: Any, id: str | None, text: str, own: Iterable[str], stances: Iterable[str]
) -> list[Any]:
    """The columns carried to every output row: ``row``, the input's index
    label (for a DataFrame, unless it has a column of that name), then for
    a DataFrame its `id` column, or all of its other columns. Raises before
    any text is analysed if a column would be lost: a stance named like one
    of the frame's own columns (`own`), a duplicated input name, or one
    that an output column would overwrite."""
    if frame is None:
        names: list[Any] = []
    elif id is not None:
        if id not in frame.columns:
            raise KeyError(f"no id column {id!r} in the DataFrame")
        names = [id]
    else:
        names = [c for c in frame.columns if c != text]
    if frame is None or "row" not in frame.columns:
        names.insert(0, _INDEX)
    own, stances = set(own), list(stances)
    taken = [s for s in stances if s in own or (_INDEX in names and s == "row")]
    if taken:
        raise ValueError(
            f"the lexicon's stance(s) {taken} have the names of output columns; "
            "rename them in the lexicon"
        )
    duplicated = sorted(str(c) for c, n in Counter(names).items() if n > 1)
    if duplicated:
        raise ValueError(f"the DataFrame has duplicated column names {duplicated}; rename them")
    clash = [c for c in names if c in own or c in stances]
    if clash:
        raise ValueError(
            f"input column(s) {clash} have the names of output columns and would be "
            "overwritten; rename them, or carry only an id column with id="
        )
    return names


#: Stands for the input's index among the carried names; it becomes ``row``.
_INDEX = object()


def _carried(index: Any, frame: Any, pos: Any, names: list[Any]) -> dict[str, Any]:
    """The carried columns (see `_carried_names`) at input positions `pos`,
    with their dtypes. Each is a fresh copy, so the output frame can take
    it without copying again and it stays writable under copy-on-write."""
    out: dict[str, Any] = {}
    for name in names:
        if name is _INDEX:
            labels = index.take(pos)
            if labels.nlevels > 1:  # a MultiIndex: one tuple per row
                labels = labels.to_flat_index()
            out["row"] = labels.array.copy()
        else:
            out[name] = frame[name].take(pos).array.copy()
    return out


def _frame(pd: Any, columns: dict[str, Any]) -> Any:
    """A DataFrame over `columns`, which are all fresh arrays that nothing
    else holds, so pandas need not copy them (that copy was a third of the
    time spent in Python)."""
    return pd.DataFrame(columns, copy=False)


def _add_scores(out: dict[str, Any], cols: dict[str, Any], n: int) -> list[str]:
    """Adds one float32 column per stance of the core's `n` × stances score
    block to `out`; returns the stance names."""
    stances = list(cols["stances"])
    # Column-major, so that each stance column is contiguous.
    scores = np.asfortranarray(
        np.asarray(cols["scores"], dtype=np.float32).reshape(n, len(stances))
    )
    for j, name in enumerate(stances):
        out[name] = scores[:, j]
    return stances


def _kind_dtype(pd: Any) -> Any:
    """The ``kind`` categorical dtype, built once: building it validates
    the categories, which costs more than the column itself."""
    global _KIND_DTYPE
    if _KIND_DTYPE is None:
        _KIND_DTYPE = pd.CategoricalDtype(list(KINDS))
    return _KIND_DTYPE


_KIND_DTYPE: Any = None

#: The columns of a statements frame besides one per stance: the fields of
#: the CLI's rows but the file name.
_STATEMENT_COLUMNS = tuple(f for f in FIELDS if f != "doc")

#: The columns of a sentences frame besides one per stance.
_SENTENCE_COLUMNS = ("sentence", "start", "end")


def statements_frame(
    data: Any,
    text: str = "text",
    id: str | None = None,
    author: str | None = None,
    *,
    analyzer: Analyzer | None = None,
    threads: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per statement of every text in `data`.

    `data` is a DataFrame (texts in column `text`), a Series or a list of
    strings. Column ``row`` holds the input's index label (for a DataFrame
    that has no column of that name), to join back on. A DataFrame's other
    columns are carried over to each of its statements with their dtypes
    (only the `id` column when `id` is given). A carried column named like
    an output column (or a stance) raises ``ValueError`` before any text is
    analysed, rather than being overwritten.
    `author` is a name for every text or, for a DataFrame, the name of a
    column of authors: sentences outside any quotation become ``authored``
    statements of that author.

    Columns: kind (category), content (string), content_start/content_end
    (Int64, ``str`` indices into the text), speaker_mention, speaker_start,
    speaker_end, speaker, cue, cue_start, cue_end (nullable), one float32
    column per stance (its score), and ``stances`` (category: the labels
    joined with ``;``, empty for none).

    Missing texts (None/NaN) give no rows and are counted in
    ``frame.attrs["missing_texts"]``; texts without statements are counted in
    ``frame.attrs["texts_without_statements"]``. A value that is neither a
    string nor missing raises ``TypeError`` naming its row.
    """
    pd = _pandas()
    values, index, frame = _inputs(data, text)
    texts, positions, missing = _clean(values, index)
    authors = _authors(author, frame, len(values))
    if authors is not None:
        authors = [authors[p] for p in positions]
    analyzer = _analyzer(analyzer)
    carried = _carried_names(frame, id, text, _STATEMENT_COLUMNS, analyzer.stances)
    cols = _columns(
        lambda report: _core._statement_columns(analyzer, texts, authors, threads, report, pd.NA),
        len(texts),
        progress,
        "statements",
        lambda i: index[positions[i]],
    )
    rows = np.asarray(cols["row"], dtype=np.int64)
    input_pos = np.asarray(positions, dtype=np.int64)[rows]
    out = _carried(index, frame, input_pos, carried)
    out["kind"] = pd.Categorical.from_codes(np.asarray(cols["kind"]), dtype=_kind_dtype(pd))
    out["content"] = _string(cols["content"], pd)
    for key in ("content_start", "content_end"):
        out[key] = _nullable_int(cols[key])
    out["speaker_mention"] = _string(cols["speaker_mention"], pd)
    out["speaker_start"] = _nullable_int(cols["speaker_start"])
    out["speaker_end"] = _nullable_int(cols["speaker_end"])
    out["speaker"] = _string(cols["speaker"], pd)
    out["cue"] = _string(cols["cue"], pd)
    out["cue_start"] = _nullable_int(cols["cue_start"])
    out["cue_end"] = _nullable_int(cols["cue_end"])
    stances = _add_scores(out, cols, len(rows))
    labels = np.asarray(cols["labels"], dtype=bool).reshape(len(rows), len(stances))
    out["stances"] = _label_categories(labels, stances, pd)
    result: DataFrame = _frame(pd, out)
    result.attrs["stances"] = stances
    result.attrs["texts"] = len(values)
    result.attrs["missing_texts"] = missing
    with_statements = np.count_nonzero(np.bincount(rows, minlength=len(texts)))
    result.attrs["texts_without_statements"] = len(texts) - int(with_statements)
    return result


def sentences_frame(
    data: Any,
    text: str = "text",
    id: str | None = None,
    *,
    analyzer: Analyzer | None = None,
    threads: int | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """One row per sentence of every text in `data`, with its stance scores.

    Inputs, carried columns and missing-text accounting are as in
    :func:`statements_frame`; columns: sentence (string), start, end (Int64
    ``str`` indices) and one float32 column per stance.
    """
    pd = _pandas()
    values, index, frame = _inputs(data, text)
    texts, positions, missing = _clean(values, index)
    analyzer = _analyzer(analyzer)
    carried = _carried_names(frame, id, text, _SENTENCE_COLUMNS, analyzer.stances)
    cols = _columns(
        lambda report: _core._sentence_columns(analyzer, texts, threads, report, pd.NA),
        len(texts),
        progress,
        "sentences",
        lambda i: index[positions[i]],
    )
    rows = np.asarray(cols["row"], dtype=np.int64)
    input_pos = np.asarray(positions, dtype=np.int64)[rows]
    out = _carried(index, frame, input_pos, carried)
    out["sentence"] = _string(cols["text"], pd)
    out["start"] = _nullable_int(cols["start"])
    out["end"] = _nullable_int(cols["end"])
    stances = _add_scores(out, cols, len(rows))
    result: DataFrame = _frame(pd, out)
    result.attrs["stances"] = stances
    result.attrs["texts"] = len(values)
    result.attrs["missing_texts"] = missing
    return result
