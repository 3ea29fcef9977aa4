"""The ``.stance`` accessor on pandas Series and DataFrames.

Importing :mod:`stancelens` registers it when pandas is installed::

    df.stance.statements(text="body", author="outlet")
    df["body"].stance.sentences()
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .frames import sentences_frame, statements_frame

__all__ = ["StanceFrameAccessor", "StanceSeriesAccessor"]


@pd.api.extensions.register_series_accessor("stance")
class StanceSeriesAccessor:
    """``series.stance``: statements and sentences of a Series of texts."""

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def statements(self, **kwargs: Any) -> pd.DataFrame:
        """:func:`stancelens.statements_frame` of this Series."""
        return statements_frame(self._series, **kwargs)

    def sentences(self, **kwargs: Any) -> pd.DataFrame:
        """:func:`stancelens.sentences_frame` of this Series."""
        return sentences_frame(self._series, **kwargs)


@pd.api.extensions.register_dataframe_accessor("stance")
class StanceFrameAccessor:
    """``frame.stance``: statements and sentences of a DataFrame's text column."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def statements(self, text: str = "text", **kwargs: Any) -> pd.DataFrame:
        """:func:`stancelens.statements_frame` of this DataFrame."""
        return statements_frame(self._frame, text=text, **kwargs)

    def sentences(self, text: str = "text", **kwargs: Any) -> pd.DataFrame:
        """:func:`stancelens.sentences_frame` of this DataFrame."""
        return sentences_frame(self._frame, text=text, **kwargs)
