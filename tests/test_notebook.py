"""notebooks/quickstart.ipynb runs top to bottom against the installed package."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")


def notebook() -> Path:
    root = Path(os.environ.get("STANCELENS_REPO", Path(__file__).resolve().parents[1]))
    path = root / "notebooks" / "quickstart.ipynb"
    if not path.is_file():
        pytest.skip(f"{path} not found (set STANCELENS_REPO to the checkout)")
    return path


def test_quickstart_notebook_executes(tmp_path):
    nb = nbformat.read(notebook(), as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit the notebook without outputs"
    )
    os.environ.setdefault("MPLBACKEND", "Agg")
    nbclient.NotebookClient(nb, timeout=300, kernel_name="python3").execute(cwd=str(tmp_path))
    html = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {})
    ]
    assert any("sl-statement" in o["data"]["text/html"] for o in html), (
        "the highlighted document should render"
    )
