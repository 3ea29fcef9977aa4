"""Plots of a statements frame (needs matplotlib: ``pip install 'stancelens[plot]'``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = ["stance_by_speaker", "stance_over_time"]


def _stances(frame: pd.DataFrame, stances: Sequence[str] | None) -> list[str]:
    """The stance columns: as given, else those the frame recorded in its
    attrs (which pandas drops in a merge)."""
    if isinstance(stances, str):  # one stance
        stances = [stances]
    if stances is None:
        stances = frame.attrs.get("stances")
    if not stances:
        raise ValueError(
            "which columns are stances? attrs['stances'] is missing (pandas drops attrs in "
            "a merge): pass stances=[...]"
        )
    missing = [s for s in stances if s not in frame.columns]
    if missing:
        raise KeyError(f"no stance column(s) {missing} in the frame")
    return list(stances)


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover
        raise ImportError("plots need matplotlib: pip install 'stancelens[plot]'") from e
    return plt.subplots(figsize=(8, 4))[1]


def stance_by_speaker(
    frame: pd.DataFrame, top: int = 10, ax: Any = None, stances: Sequence[str] | None = None
) -> Any:
    """Mean stance scores of the `top` speakers with the most statements, as
    grouped horizontal bars. `stances` names the score columns (by default,
    the frame's ``attrs["stances"]``). Returns the matplotlib Axes."""
    stances = _stances(frame, stances)
    known = frame.dropna(subset=["speaker"])
    if known.empty:
        raise ValueError("no statement in the frame has a speaker: nothing to plot")
    speakers = known["speaker"].value_counts().head(top).index
    means = known[known["speaker"].isin(speakers)].groupby("speaker", observed=True)[stances].mean()
    means = means.reindex(speakers[::-1])
    ax = _axes(ax)
    means.plot.barh(ax=ax)
    ax.set_xlabel("mean score")
    ax.set_ylabel("")
    ax.set_title("Stance by speaker")
    return ax


def stance_over_time(
    frame: pd.DataFrame,
    date: str = "date",
    freq: str = "D",
    ax: Any = None,
    stances: Sequence[str] | None = None,
) -> Any:
    """Mean stance scores per period (`freq`, a pandas offset alias) of the
    `date` column carried over from the input. `stances` is as for
    :func:`stance_by_speaker`. Returns the matplotlib Axes."""
    stances = _stances(frame, stances)
    if date not in frame.columns:
        raise KeyError(f"no {date!r} column: carry a date column over from the input frame")
    if frame.empty:
        raise ValueError("the frame has no statements: nothing to plot")
    dated = frame.assign(**{date: pd.to_datetime(frame[date])}).set_index(date)
    series = dated[stances].resample(freq).mean()
    ax = _axes(ax)
    series.plot(ax=ax, marker="o")
    ax.set_ylabel("mean score")
    ax.set_title("Stance over time")
    return ax
