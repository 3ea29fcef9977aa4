"""Corpora beyond one machine: stancelens over the partitions of a Dask DataFrame.

Each partition is analysed with :func:`stancelens.statements_frame` by a
worker; the :class:`~stancelens.Analyzer` (its lexicon, tokenizer and
aliases) travels to the workers by pickling.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .frames import statements_frame as _statements_frame

__all__ = ["statements_frame"]


def statements_frame(
    ddf: Any,
    text: str = "text",
    id: str | None = None,
    author: str | None = None,
    *,
    analyzer: Any = None,
    threads: int | None = 1,
) -> Any:
    """A Dask DataFrame with one row per statement, like
    :func:`stancelens.statements_frame` of each partition.

    `threads` is per partition: Dask already runs partitions in parallel, so
    one thread each avoids oversubscribing the workers' cores.
    """

    def one(part: pd.DataFrame) -> pd.DataFrame:
        out = _statements_frame(
            part,
            text=text,
            id=id,
            author=author,
            analyzer=analyzer,
            threads=threads,
            progress=False,
        )
        out.attrs.clear()  # attrs do not concatenate across partitions
        return out

    meta = one(ddf._meta)
    return ddf.map_partitions(one, meta=meta)
