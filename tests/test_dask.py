"""The same statements from a two-process Dask cluster as from one process."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import stancelens  # noqa: E402
import stancelens.dask  # noqa: E402

CUSTOM = {
    "stances": ["calm", "alarm"],
    "terms": {"calm": {"reassure": 1.0, "steady": 1.0}, "alarm": {"panic": 1.0, "crisis": 1.5}},
}


def corpus() -> pd.DataFrame:
    rows = []
    for i in range(40):
        rows.append(
            {
                "id": i,
                "text": f"“Stay steady,” the mayor said on day {i}. "
                f"Residents warned of a crisis, and officials sought to reassure them. "
                f"{'Nobody panicked.' if i % 2 else ''}",
            }
        )
    return pd.DataFrame(rows)


def test_local_cluster_matches_single_process():
    analyzer = stancelens.Analyzer(lexicon=stancelens.Lexicon.from_dict(CUSTOM))
    df = corpus()
    expected = stancelens.statements_frame(df, id="id", analyzer=analyzer)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        ddf = dd.from_pandas(df, npartitions=4)
        got = stancelens.dask.statements_frame(ddf, id="id", analyzer=analyzer).compute()
    assert list(expected.columns) == list(got.columns)
    pd.testing.assert_frame_equal(
        expected.reset_index(drop=True), got.reset_index(drop=True), check_categorical=False
    )
    assert {"calm", "alarm"} <= set(got.columns)
